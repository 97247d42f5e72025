#pragma once
// An output folder is written as one unit. A command writes its files into a
// fresh staging directory beside the folder and, when every file is written,
// adds manifest.json and swaps the staging directory in with one atomic rename
// (renameat2 RENAME_EXCHANGE). A reader therefore sees the previous complete set
// or the new complete set, never a mix, and no run's files sit next to another's.
//
// While a command writes, a lock file beside the folder (DIR.lock, flock) refuses
// a second ozsim writing the same folder. SIGINT, SIGTERM and SIGHUP remove the
// staging directory and the lock before the process ends; a staging directory
// left by `kill -9` is removed by the next writer of that folder.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/params/csv.hpp"

namespace ozsim::output {

// What manifest.json records about the command that wrote a folder.
struct RunDescription {
  std::string command;                 // "run", "compare", "sweep", "calibrate", "sensitivity"
  std::vector<std::string> overrides;  // --set KEY=VALUE as given
  std::optional<std::uint64_t> seed;
  std::optional<std::uint64_t> replications;
  unsigned threads = 0;                                          // threads actually used
  params::CsvDialect csv_dialect = params::CsvDialect::Rfc4180;  // of every CSV file in the folder
};

// The ozsim version and this process's command line, recorded in every
// manifest. main() sets them once, before any command runs.
void set_program_identity(std::string version, std::vector<std::string> command_line);

class OutputFolder {
 public:
  // Checks `dir` before anything is simulated: not empty, not '/', not the
  // current directory or one holding it, absent or a directory that holds only
  // the files its manifest.json lists (so a folder of other files is never
  // replaced). Creates missing parents, takes the lock, and creates the staging
  // directory (which proves the parent writable). Throws params::InputError,
  // naming `flag`, for a folder that cannot be used or is locked by another ozsim.
  OutputFolder(const std::string& dir, RunDescription description, std::string flag = "--out");
  // Without commit(): removes the staging directory; `dir` keeps its previous set.
  ~OutputFolder();
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  // Records an input file (scenario, base, targets, priors, checkpoint) with its content hash.
  void add_input(const std::string& role, const std::string& path);
  RunDescription& description() { return description_; }

  // Writes one file of the set (a plain name, no directories), atomically.
  void write(const std::string& name, std::string_view content);
  // For writers that take a path or a directory: where `name` goes now. Every
  // regular file in staging_dir() at commit() is part of the set.
  std::string staging_path(const std::string& name) const;
  // Where `name` is once committed, for messages.
  std::string final_path(const std::string& name) const;
  // True if the previous complete set in `dir` has `name` (for --resume).
  bool previous_has(const std::string& name) const;
  // Adds a sentence to what SIGINT/SIGTERM/SIGHUP print after "nothing written": what else an
  // interrupted command leaves and how to go on (calibrate: its checkpoint and --resume).
  void add_interrupt_note(const std::string& note);

  // Writes manifest.json listing every file in the staging directory, swaps the
  // set in and releases the lock. Returns the final paths, manifest.json last.
  std::vector<std::string> commit();

  const std::string& dir() const { return dir_; }
  const std::string& staging_dir() const { return staging_; }

 private:
  struct Input {
    std::string role;
    std::string path;
    std::string hash;
  };
  void release() noexcept;
  std::string manifest_json(const std::vector<std::string>& files) const;

  std::string user_dir_;  // as given, for messages
  std::string flag_;
  std::string dir_;      // absolute, normalised
  std::string staging_;  // absolute
  std::string lock_path_;
  int lock_fd_ = -1;
  int signal_slot_ = -1;
  std::string interrupt_message_;  // without its newline
  bool committed_ = false;
  std::vector<std::string> created_parents_;  // directories made above DIR, deepest first
  RunDescription description_;
  std::vector<Input> inputs_;
  std::vector<std::string> previous_files_;
};

// Records a scenario's files as inputs: the first as "scenario", its bases as "base".
void add_scenario_inputs(OutputFolder& folder, const std::vector<std::string>& files);

// The files manifest.json in `dir` lists (manifest.json included), or nothing if it has none.
std::vector<std::string> manifest_files(const std::string& dir);

}  // namespace ozsim::output
