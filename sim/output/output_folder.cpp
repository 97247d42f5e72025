#include "sim/output/output_folder.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "sim/output/atomic_file.hpp"
#include "sim/output/signal_cleanup.hpp"
#include "sim/params/content_hash.hpp"
#include "sim/params/input_error.hpp"

namespace ozsim::output {
namespace {

namespace fs = std::filesystem;

constexpr const char* MANIFEST = "manifest.json";

struct ProgramIdentity {
  std::string version = "unknown";
  std::vector<std::string> command_line;
};
ProgramIdentity& identity() {
  static ProgramIdentity value;
  return value;
}

[[noreturn]] void fail_out(const std::string& flag, const std::string& dir, const std::string& problem) {
  throw params::InputError(params::SourceLocation{flag, 0, 0}, "'" + dir + "' " + problem);
}

// ---- Files ------------------------------------------------------------------

void write_whole_file(const std::string& path, std::string_view content, const std::string& shown) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) throw std::runtime_error("cannot write '" + shown + "': " + std::strerror(errno));
  const bool written = std::fwrite(content.data(), 1, content.size(), file) == content.size();
  const bool flushed = std::fflush(file) == 0 && ::fsync(::fileno(file)) == 0;
  const int saved = errno;
  const bool closed = std::fclose(file) == 0;
  if (!written || !flushed || !closed)
    throw std::runtime_error("cannot write '" + shown +
                             "': " + std::strerror(written && flushed ? errno : saved));
}

void sync_directory(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

std::string plain_name_or_throw(const std::string& name) {
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos || name == MANIFEST)
    throw std::logic_error("output file name '" + name + "' is not a plain file name of the set");
  return name;
}

std::string pid_text() {
  return std::to_string(static_cast<long long>(::getpid()));
}

}  // namespace

void set_program_identity(std::string version, std::vector<std::string> command_line) {
  identity().version = std::move(version);
  identity().command_line = std::move(command_line);
}

std::vector<std::string> manifest_files(const std::string& dir) {
  std::ifstream in(fs::path(dir) / MANIFEST, std::ios::binary);
  if (!in) return {};
  const nlohmann::json doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  std::vector<std::string> files;
  if (!doc.is_object() || !doc.contains("files") || !doc["files"].is_array()) return files;
  for (const auto& f : doc["files"])
    if (f.is_string()) files.push_back(f.get<std::string>());
  return files;
}

OutputFolder::OutputFolder(const std::string& dir, RunDescription description, std::string flag)
    : user_dir_(dir), flag_(std::move(flag)), description_(std::move(description)) {
  if (dir.empty())
    throw params::InputError(params::SourceLocation{flag_, 0, 0},
                             "the output directory is empty; give a directory such as --out out/run");
  std::error_code ec;
  const fs::path absolute = fs::absolute(fs::path(dir), ec);
  if (ec) fail_out(flag_, dir, "cannot be resolved: " + ec.message());
  fs::path normal = fs::weakly_canonical(absolute, ec);
  if (ec) normal = absolute.lexically_normal();
  if (!normal.has_filename() && normal.has_parent_path() && normal != normal.root_path())
    normal = normal.parent_path();
  if (normal == normal.root_path())
    fail_out(
        flag_, dir,
        "is the root directory; ozsim replaces its output folder as a whole, give a directory of its own");
  const fs::path cwd = fs::current_path(ec);
  if (!ec) {
    const auto [mismatch, rest] = std::mismatch(normal.begin(), normal.end(), cwd.begin(), cwd.end());
    if (mismatch == normal.end())
      fail_out(flag_, dir,
               "is the current directory or holds it; ozsim replaces its output folder as a whole, give a "
               "directory of its own such as out/run");
  }
  dir_ = normal.string();
  const fs::path parent = normal.parent_path();
  const std::string name = normal.filename().string();

  const fs::file_status status = fs::symlink_status(normal, ec);
  if (fs::exists(status) && !fs::is_directory(fs::status(normal, ec)))
    fail_out(flag_, dir, "exists and is not a directory");

  // The directories made for it go again when nothing is committed (a failed or interrupted command).
  for (fs::path up = parent; !up.empty() && up != up.root_path() && !fs::exists(up, ec);
       up = up.parent_path())
    created_parents_.push_back(up.string());
  fs::create_directories(parent, ec);
  if (ec) fail_out(flag_, dir, "cannot be created: '" + parent.string() + "': " + ec.message());

  // The lock: flock on DIR.lock. A lock file that a finishing writer unlinked
  // after we opened it is not the lock any more, so compare inodes and retry.
  lock_path_ = parent / (name + ".lock");
  for (int attempt = 0;; ++attempt) {
    lock_fd_ = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd_ < 0) {
      const int e = errno;
      fail_out(flag_, dir,
               "is not writable: cannot create the lock file '" + lock_path_ + "': " + std::strerror(e));
    }
    if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
      char holder[32] = {};
      const ssize_t n = ::pread(lock_fd_, holder, sizeof holder - 1, 0);
      std::string pid = n > 0 ? std::string(holder, static_cast<std::size_t>(n)) : std::string();
      while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
      ::close(lock_fd_);
      lock_fd_ = -1;
      fail_out(flag_, dir,
               "is being written by another ozsim" +
                   (pid.empty() ? std::string() : " (process " + pid + ")") +
                   "; wait until it finishes or choose another directory");
    }
    struct stat held {
    }, named{};
    if (::fstat(lock_fd_, &held) == 0 && ::stat(lock_path_.c_str(), &named) == 0 &&
        held.st_ino == named.st_ino && held.st_dev == named.st_dev)
      break;
    ::close(lock_fd_);
    lock_fd_ = -1;
    if (attempt > 100)
      fail_out(flag_, dir, "cannot be locked: the lock file '" + lock_path_ + "' keeps changing");
  }
  const std::string pid_line = pid_text() + "\n";
  if (::ftruncate(lock_fd_, 0) == 0) {
    const ssize_t ignored = ::pwrite(lock_fd_, pid_line.data(), pid_line.size(), 0);
    (void)ignored;
  }

  try {
    // Holding the lock, no other ozsim writes this folder: leftovers of a killed writer can go.
    const std::string staging_prefix = "." + name + ".ozsim-staging.";
    for (const auto& entry : fs::directory_iterator(parent, ec)) {
      const std::string entry_name = entry.path().filename().string();
      if (entry_name.rfind(staging_prefix, 0) == 0) fs::remove_all(entry.path(), ec);
    }

    if (fs::is_directory(normal, ec)) {
      std::vector<std::string> listed = manifest_files(dir_);
      std::vector<std::string> strangers;
      for (const auto& entry : fs::directory_iterator(normal)) {
        const std::string entry_name = entry.path().filename().string();
        if (std::find(listed.begin(), listed.end(), entry_name) == listed.end() || !entry.is_regular_file())
          strangers.push_back(entry_name);
        else
          previous_files_.push_back(entry_name);
      }
      if (!strangers.empty()) {
        std::sort(strangers.begin(), strangers.end());
        std::string shown;
        for (std::size_t i = 0; i < strangers.size() && i < 5; ++i) shown += (i ? ", " : "") + strangers[i];
        if (strangers.size() > 5) shown += ", ... (" + std::to_string(strangers.size()) + " in all)";
        fail_out(
            flag_, dir,
            "holds files that no ozsim manifest.json lists (" + shown +
                "); ozsim replaces its output folder as a whole, so remove them or choose another directory");
      }
    }

    staging_ = (parent / (staging_prefix + pid_text())).string();
    if (::mkdir(staging_.c_str(), 0755) != 0) {
      const int e = errno;
      fail_out(flag_, dir, "is not writable: cannot create '" + staging_ + "': " + std::strerror(e));
    }
    // On a terminal a progress line may be on screen: clear it before the message.
    interrupt_message_ = std::string(::isatty(STDERR_FILENO) == 1 ? "\r\033[K" : "") +
                         "ozsim: interrupted; nothing written, '" + user_dir_ +
                         "' still holds the previous complete output (if any)";
    signal_slot_ = detail::arm_cleanup(staging_, lock_path_, interrupt_message_ + "\n");
  } catch (...) {
    release();
    throw;
  }
}

OutputFolder::~OutputFolder() {
  if (!committed_ && !staging_.empty()) {
    std::error_code ignored;
    fs::remove_all(staging_, ignored);
  }
  release();
  // Deepest first, and only while empty: a calibration's checkpoint beside the folder stays, and so does
  // its directory.
  if (!committed_)
    for (const std::string& made : created_parents_) {
      std::error_code ignored;
      if (!fs::remove(made, ignored)) break;
    }
}

void OutputFolder::release() noexcept {
  detail::disarm_cleanup(signal_slot_);
  signal_slot_ = -1;
  if (lock_fd_ >= 0) {
    ::unlink(lock_path_.c_str());
    ::close(lock_fd_);
    lock_fd_ = -1;
  }
}

void OutputFolder::add_input(const std::string& role, const std::string& path) {
  inputs_.push_back({role, path, params::file_content_hash(path)});
}

std::string OutputFolder::final_path(const std::string& name) const {
  return (fs::path(user_dir_) / name).string();
}

void add_scenario_inputs(OutputFolder& folder, const std::vector<std::string>& files) {
  for (std::size_t i = 0; i < files.size(); ++i) folder.add_input(i == 0 ? "scenario" : "base", files[i]);
}

void OutputFolder::add_interrupt_note(const std::string& note) {
  interrupt_message_ += "; " + note;
  if (signal_slot_ >= 0) detail::set_cleanup_message(signal_slot_, interrupt_message_ + "\n");
}

bool OutputFolder::previous_has(const std::string& name) const {
  return std::find(previous_files_.begin(), previous_files_.end(), name) != previous_files_.end();
}

std::string OutputFolder::staging_path(const std::string& name) const {
  if (committed_) throw std::logic_error("output folder already committed");
  return (fs::path(staging_) / plain_name_or_throw(name)).string();
}

void OutputFolder::write(const std::string& name, std::string_view content) {
  try {
    write_file_atomically(staging_path(name), content);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("cannot write '" + final_path(name) + "' (" + e.what() + "); '" + user_dir_ +
                             "' still holds its previous complete output, if any");
  }
}

std::string OutputFolder::manifest_json(const std::vector<std::string>& files) const {
  nlohmann::ordered_json doc;
  doc["ozsim_version"] = identity().version;
  doc["command"] = description_.command;
  doc["command_line"] = identity().command_line;
  nlohmann::ordered_json inputs = nlohmann::ordered_json::array();
  for (const Input& input : inputs_)
    inputs.push_back({{"role", input.role}, {"path", input.path}, {"fnv1a64", input.hash}});
  doc["inputs"] = inputs;
  doc["overrides"] = description_.overrides;
  doc["seed"] =
      description_.seed ? nlohmann::ordered_json(*description_.seed) : nlohmann::ordered_json(nullptr);
  doc["replications"] = description_.replications ? nlohmann::ordered_json(*description_.replications)
                                                  : nlohmann::ordered_json(nullptr);
  doc["threads"] = description_.threads;
  doc["csv_dialect"] = params::csv_dialect_name(description_.csv_dialect);
  doc["files"] = files;
  return doc.dump(2) + "\n";
}

std::vector<std::string> OutputFolder::commit() {
  if (committed_) throw std::logic_error("output folder already committed");
  // The set is whatever the command put in its staging directory, so the
  // manifest lists exactly the folder's files by construction.
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(staging_)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || name == MANIFEST)
      throw std::logic_error("unexpected '" + name + "' in the staging directory of '" + user_dir_ + "'");
    files.push_back(name);
  }
  std::sort(files.begin(), files.end());
  files.emplace_back(MANIFEST);
  write_whole_file((fs::path(staging_) / MANIFEST).string(), manifest_json(files), final_path(MANIFEST));
  sync_directory(staging_);

  std::error_code ec;
  if (fs::exists(fs::symlink_status(dir_, ec))) {
    // One atomic step: the staging directory and the folder trade places.
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, dir_.c_str(), RENAME_EXCHANGE) != 0) {
      if (errno != EINVAL && errno != ENOSYS)
        throw std::runtime_error("cannot replace '" + user_dir_ + "': " + std::strerror(errno));
      // A filesystem without RENAME_EXCHANGE: two renames; for a moment DIR is absent, never mixed.
      const std::string old = staging_ + ".previous";
      if (::rename(dir_.c_str(), old.c_str()) != 0)
        throw std::runtime_error("cannot replace '" + user_dir_ + "': " + std::strerror(errno));
      if (::rename(staging_.c_str(), dir_.c_str()) != 0) {
        const int e = errno;
        ::rename(old.c_str(), dir_.c_str());
        throw std::runtime_error("cannot replace '" + user_dir_ + "': " + std::strerror(e));
      }
      ::rename(old.c_str(), staging_.c_str());
    }
    committed_ = true;
    fs::remove_all(staging_, ec);  // now the previous set
  } else {
    if (::rename(staging_.c_str(), dir_.c_str()) != 0)
      throw std::runtime_error("cannot create '" + user_dir_ + "': " + std::strerror(errno));
    committed_ = true;
  }
  sync_directory(fs::path(dir_).parent_path().string());
  release();

  std::vector<std::string> written;
  for (const std::string& name : files) written.push_back(final_path(name));
  return written;
}

}  // namespace ozsim::output
