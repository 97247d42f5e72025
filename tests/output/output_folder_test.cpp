// An output folder is one unit: a failed, interrupted or concurrent write leaves
// exactly the previous complete set, and manifest.json names exactly the files.
#include "sim/output/output_folder.hpp"

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "sim/model/run.hpp"
#include "sim/output/atomic_file.hpp"
#include "sim/output/run_output.hpp"
#include "sim/params/content_hash.hpp"
#include "sim/params/input_error.hpp"
#include "sim/scenario/scenario.hpp"

namespace {

namespace fs = std::filesystem;
using Snapshot = std::map<std::string, std::string>;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

// Every entry of a directory with its bytes (directories as "<dir>").
Snapshot snapshot(const fs::path& dir) {
  Snapshot out;
  if (!fs::exists(dir)) return out;
  for (const auto& entry : fs::directory_iterator(dir))
    out[entry.path().filename().string()] = entry.is_directory() ? "<dir>" : read_file(entry.path());
  return out;
}

std::set<std::string> names_in(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& entry : fs::directory_iterator(dir)) out.insert(entry.path().filename().string());
  return out;
}

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("ozsim_test_output_folder_" + std::to_string(::getpid()));
  TempDir() {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

struct HookReset {
  ~HookReset() { ozsim::output::set_before_atomic_write_hook({}); }
};

// Two replications of tiny.toml over five years (three warm-up), with a trace: four output files.
struct TinyRun {
  ozsim::scenario::LoadedScenario scenario = ozsim::scenario::load_scenario(
      std::string(OZSIM_SOURCE_DIR) + "/scenarios/tiny.toml", {"simulation.years=5"});
  std::vector<ozsim::model::RunResult> results;
  ozsim::output::RunMeta meta = [] {
    ozsim::output::RunMeta m;
    m.scenario_name = "tiny";
    m.scenario_file = "tiny.toml";
    m.seed = 5;
    m.trace = true;
    return m;
  }();
  TinyRun() {
    ozsim::model::RunOptions options;
    options.trace = true;
    for (std::uint32_t r = 0; r < 2; ++r)
      results.push_back(ozsim::model::run_replication(scenario.config, 5, r, options));
  }
  // One command: open the folder, write every file, commit.
  void write_into(const fs::path& dir, std::uint64_t seed) const {
    ozsim::output::OutputFolder folder(dir.string(), {"run", {}, seed, 2, 1});
    ozsim::output::add_scenario_inputs(folder, scenario.tree.files());
    ozsim::output::RunMeta m = meta;
    m.seed = seed;
    ozsim::output::write_run_outputs(folder.staging_dir(), scenario.config, m, results);
    folder.commit();
  }
};

const TinyRun& tiny_run() {
  static const TinyRun run;
  return run;
}

const std::vector<std::string> RUN_FILES = {"summary.json", "timeseries.csv",      "flows.csv",
                                            "costs.csv",    "provision_costs.csv", "trace.csv"};

}  // namespace

TEST_CASE(
    "output folder: manifest.json names exactly the files in the folder, with inputs and their hashes") {
  TempDir temp;
  const fs::path dir = temp.path / "out";
  tiny_run().write_into(dir, 5);
  const nlohmann::json manifest = nlohmann::json::parse(read_file(dir / "manifest.json"));
  std::set<std::string> listed;
  for (const auto& f : manifest["files"]) listed.insert(f.get<std::string>());
  CHECK(listed == names_in(dir));
  CHECK(listed == std::set<std::string>{"costs.csv", "flows.csv", "manifest.json", "provision_costs.csv",
                                        "summary.json", "timeseries.csv", "trace.csv"});
  CHECK(manifest["command"] == "run");
  CHECK(manifest["seed"] == 5);
  CHECK(manifest["replications"] == 2);
  REQUIRE(manifest["inputs"].size() == 2);  // tiny.toml and its base
  CHECK(manifest["inputs"][0]["role"] == "scenario");
  CHECK(manifest["inputs"][0]["fnv1a64"] ==
        ozsim::params::file_content_hash(std::string(OZSIM_SOURCE_DIR) + "/scenarios/tiny.toml"));
  CHECK(manifest["inputs"][1]["role"] == "base");
  // Nothing but the folder is left beside it: no staging directory, no lock.
  CHECK(names_in(temp.path) == std::set<std::string>{"out"});
}

TEST_CASE("output folder: a command that fails before its commit leaves no directories it made") {
  // Found by `ozsim calibrate ... --wall-clock 0.001` in an empty directory: it stopped with an error and
  // left an empty out/ (the parent of its default --out out/calibration) behind.
  const fs::path root = fs::temp_directory_path() / ("ozsim_test_made_dirs_" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root);
  {
    ozsim::output::OutputFolder folder((root / "out" / "deeper" / "calibration").string(),
                                       {"calibrate", {}, 1, 1, 1});
    CHECK(fs::is_directory(root / "out" / "deeper"));
  }
  CHECK_FALSE(fs::exists(root / "out"));
  CHECK(fs::is_directory(root));
  // A directory holding something else (a calibration's checkpoint beside its folder) stays.
  {
    ozsim::output::OutputFolder folder((root / "out" / "calibration").string(), {"calibrate", {}, 1, 1, 1});
    std::ofstream(root / "out" / "calibration.checkpoint.json") << "{}";
  }
  CHECK(fs::exists(root / "out" / "calibration.checkpoint.json"));
  fs::remove_all(root);
}

TEST_CASE("output folder: FNV-1a 64 matches the published test vectors") {
  CHECK(ozsim::params::fnv1a64("") == 0xcbf29ce484222325ULL);
  CHECK(ozsim::params::fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
  CHECK(ozsim::params::hash_hex(ozsim::params::fnv1a64("foobar")) == "85944171f73967e8");
}

TEST_CASE("output folder: a run without a file the previous run wrote leaves no stale copy of it") {
  TempDir temp;
  const fs::path dir = temp.path / "out";
  tiny_run().write_into(dir, 5);
  REQUIRE(fs::exists(dir / "trace.csv"));
  {
    ozsim::output::OutputFolder folder(dir.string(), {"run", {}, 6, 2, 1});
    folder.write("summary.json", "{}\n");
    folder.commit();
  }
  CHECK(names_in(dir) == std::set<std::string>{"manifest.json", "summary.json"});
}

TEST_CASE("output folder: failing the write of each file in turn leaves exactly the previous complete set") {
  TempDir temp;
  const fs::path dir = temp.path / "out";
  tiny_run().write_into(dir, 5);
  const Snapshot previous = snapshot(dir);
  REQUIRE(previous.size() == RUN_FILES.size() + 1);  // and manifest.json
  HookReset reset;
  for (const std::string& failing : RUN_FILES) {
    CAPTURE(failing);
    // A directory where the file should go: its rename fails half-way through the set.
    ozsim::output::set_before_atomic_write_hook([&](const std::string& path) {
      if (fs::path(path).filename() == failing) fs::create_directories(path);
    });
    CHECK_THROWS_AS(tiny_run().write_into(dir, 6), std::runtime_error);
    CHECK(snapshot(dir) == previous);
    CHECK(names_in(temp.path) == std::set<std::string>{"out"});
  }
  // A folder that did not exist before a failed write does not exist after it.
  ozsim::output::set_before_atomic_write_hook([&](const std::string& path) {
    if (fs::path(path).filename() == "flows.csv") fs::create_directories(path);
  });
  CHECK_THROWS_AS(tiny_run().write_into(temp.path / "fresh", 6), std::runtime_error);
  CHECK_FALSE(fs::exists(temp.path / "fresh"));
}

TEST_CASE(
    "output folder: SIGTERM or SIGINT in the middle of the set removes the staging files, the previous set "
    "stays") {
  TempDir temp;
  const fs::path dir = temp.path / "out";
  tiny_run().write_into(dir, 5);
  const Snapshot previous = snapshot(dir);
  for (const int signal_number : {SIGTERM, SIGINT}) {
    for (const std::string& at : RUN_FILES) {
      CAPTURE(at);
      CAPTURE(signal_number);
      const pid_t child = ::fork();
      REQUIRE(child >= 0);
      if (child == 0) {
        ozsim::output::set_before_atomic_write_hook([&](const std::string& path) {
          if (fs::path(path).filename() == at) ::raise(signal_number);
        });
        tiny_run().write_into(dir, 6);
        ::_exit(0);  // not reached: the signal ends the child
      }
      int status = 0;
      REQUIRE(::waitpid(child, &status, 0) == child);
      CHECK(WIFSIGNALED(status));
      CHECK(WTERMSIG(status) == signal_number);
      CHECK(snapshot(dir) == previous);
      CHECK(names_in(temp.path) == std::set<std::string>{"out"});
    }
  }
}

TEST_CASE(
    "output folder: a second writer is refused while the first holds the lock, the first still succeeds") {
  TempDir temp;
  const fs::path dir = temp.path / "out";
  tiny_run().write_into(dir, 5);
  const Snapshot previous = snapshot(dir);
  {
    ozsim::output::OutputFolder first(dir.string(), {"run", {}, 7, 2, 1});
    first.write("summary.json", "first\n");
    try {
      ozsim::output::OutputFolder second(dir.string(), {"run", {}, 8, 2, 1});
      FAIL("the second writer was not refused");
    } catch (const ozsim::params::InputError& e) {
      CHECK(std::string(e.what()) ==
            "--out: '" + dir.string() + "' is being written by another ozsim (process " +
                std::to_string(::getpid()) + "); wait until it finishes or choose another directory");
    }
    CHECK(snapshot(dir) == previous);
    first.commit();
  }
  CHECK(read_file(dir / "summary.json") == "first\n");
  CHECK(names_in(temp.path) == std::set<std::string>{"out"});
}

TEST_CASE("output folder: ozsim run into a folder another process is writing exits 2 before simulating") {
  TempDir temp;
  const fs::path dir = temp.path / "out";
  int ready[2];
  int release[2];
  REQUIRE(::pipe(ready) == 0);
  REQUIRE(::pipe(release) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    int code = 0;
    try {
      ozsim::output::OutputFolder folder(dir.string(), {"run", {}, 1, 1, 1});
      folder.write("summary.json", "held\n");
      char byte = 1;
      if (::write(ready[1], &byte, 1) != 1) code = 3;
      if (::read(release[0], &byte, 1) != 1) code = 4;
      folder.commit();
    } catch (...) {
      code = 5;
    }
    ::_exit(code);
  }
  char byte = 0;
  REQUIRE(::read(ready[0], &byte, 1) == 1);
  const fs::path log = temp.path / "second.log";
  const std::string command = std::string("'") + OZSIM_BINARY + "' run '" + OZSIM_SOURCE_DIR +
                              "/scenarios/tiny.toml' -r 1 --out '" + dir.string() + "' > '" + log.string() +
                              "' 2>&1";
  const int status = std::system(command.c_str());
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 2);
  CHECK(read_file(log) == "ozsim: error: --out: '" + dir.string() +
                              "' is being written by another ozsim (process " + std::to_string(child) +
                              "); wait until it finishes or choose another directory\n");
  REQUIRE(::write(release[1], &byte, 1) == 1);
  int child_status = 0;
  REQUIRE(::waitpid(child, &child_status, 0) == child);
  CHECK(WIFEXITED(child_status));
  CHECK(WEXITSTATUS(child_status) == 0);
  CHECK(read_file(dir / "summary.json") == "held\n");
  for (int fd : {ready[0], ready[1], release[0], release[1]}) ::close(fd);
}

TEST_CASE(
    "output folder: the staging directory of a writer killed with SIGKILL is removed by the next writer") {
  TempDir temp;
  const fs::path dir = temp.path / "out";
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ozsim::output::OutputFolder folder(dir.string(), {"run", {}, 1, 1, 1});
    folder.write("summary.json", "half\n");
    ::kill(::getpid(), SIGKILL);
    ::_exit(0);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFSIGNALED(status));
  CHECK(names_in(temp.path).size() == 2);  // the staging directory and the lock file
  CHECK_FALSE(fs::exists(dir));
  tiny_run().write_into(dir, 5);
  CHECK(names_in(temp.path) == std::set<std::string>{"out"});
  CHECK(names_in(dir).size() == RUN_FILES.size() + 1);
}

TEST_CASE("output folder: --out that cannot be an output folder is refused before anything is written") {
  TempDir temp;
  const auto refused = [](const std::string& dir) -> std::string {
    try {
      ozsim::output::OutputFolder folder(dir, {"run", {}, 1, 1, 1});
    } catch (const ozsim::params::InputError& e) {
      return e.what();
    }
    return "accepted";
  };
  CHECK(refused("") == "--out: the output directory is empty; give a directory such as --out out/run");
  CHECK(refused("/") ==
        "--out: '/' is the root directory; ozsim replaces its output folder as a whole, give a directory of "
        "its own");
  CHECK(refused(fs::current_path().string()) == "--out: '" + fs::current_path().string() +
                                                    "' is the current directory or holds it; ozsim replaces "
                                                    "its output folder as a whole, give a directory "
                                                    "of its own such as out/run");
  std::ofstream(temp.path / "plain") << "x";
  CHECK(refused((temp.path / "plain").string()) ==
        "--out: '" + (temp.path / "plain").string() + "' exists and is not a directory");
  fs::create_directories(temp.path / "mine");
  std::ofstream(temp.path / "mine" / "notes.txt") << "mine";
  CHECK(refused((temp.path / "mine").string()) == "--out: '" + (temp.path / "mine").string() +
                                                      "' holds files that no ozsim manifest.json lists "
                                                      "(notes.txt); ozsim replaces its output folder as a "
                                                      "whole, so remove them or choose another directory");
  CHECK(read_file(temp.path / "mine" / "notes.txt") == "mine");
  if (::geteuid() != 0) {  // root writes anywhere
    fs::create_directories(temp.path / "locked");
    fs::permissions(temp.path / "locked", fs::perms::owner_read | fs::perms::owner_exec);
    CHECK(refused((temp.path / "locked" / "out").string()).find("is not writable") != std::string::npos);
    fs::permissions(temp.path / "locked", fs::perms::owner_all);
  }
  // An empty directory is fine.
  fs::create_directories(temp.path / "empty");
  CHECK(refused((temp.path / "empty").string()) == "accepted");
}
