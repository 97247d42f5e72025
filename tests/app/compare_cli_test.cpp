// `ozsim compare` and `ozsim sweep` end to end: files byte-identical for 1 and 2
// threads, a scenario against itself gives zero differences, bad --set is a usage error.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

// Exit status of the ozsim binary with `arguments`, output sent to `log`.
int run_ozsim(const std::string& arguments, const fs::path& log) {
  const std::string command =
      std::string("'") + OZSIM_BINARY + "' " + arguments + " > '" + log.string() + "' 2>&1";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("ozsim_test_compare_cli_" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

}  // namespace

TEST_CASE("ozsim compare: --threads 2 writes the same bytes as --threads 1, self-comparison is all zero") {
  TempDir dir;
  const std::string tiny = std::string(OZSIM_SOURCE_DIR) + "/scenarios/tiny.toml";
  const std::string common = "compare '" + tiny + "' '" + tiny + "' --replications 2 --seed 3";
  REQUIRE(run_ozsim(common + " --threads 1 --out '" + (dir.path / "one").string() + "'",
                    dir.path / "one.log") == 0);
  REQUIRE(run_ozsim(common + " --threads 2 --out '" + (dir.path / "two").string() + "'",
                    dir.path / "two.log") == 0);
  const std::string csv = read_file(dir.path / "one" / "compare.csv");
  CHECK(csv == read_file(dir.path / "two" / "compare.csv"));
  CHECK(read_file(dir.path / "one" / "compare.json") == read_file(dir.path / "two" / "compare.json"));
  CHECK(read_file(dir.path / "one.log").find("(ALT) versus") != std::string::npos);

  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);
  CHECK(line ==
        "scenario,kpi,unit,base_mean,alt_mean,diff_mean,diff_lo95,diff_hi95,n,headline,p_value,significant");
  std::size_t rows = 0;
  while (std::getline(lines, line)) {
    CAPTURE(line);
    CHECK(line.find(",0,0,0,2,") != std::string::npos);
    ++rows;
  }
  CHECK(rows > 10);
}

TEST_CASE("ozsim sweep: a malformed --set is a usage error before anything runs") {
  TempDir dir;
  const std::string tiny = std::string(OZSIM_SOURCE_DIR) + "/scenarios/tiny.toml";
  CHECK(run_ozsim("sweep '" + tiny + "' --set provisions.oov.capacity=1,,2", dir.path / "bad.log") == 2);
  CHECK(read_file(dir.path / "bad.log").find("--set 'provisions.oov.capacity=1,,2': value 2 is empty") !=
        std::string::npos);
  CHECK(run_ozsim("sweep '" + tiny + "' --set a=1 --set a=2", dir.path / "twice.log") == 2);
}

TEST_CASE("ozsim sensitivity: manifest.json records the threads the design's points were spread over") {
  // Found by the audit: the thread count came from --trajectories, so `--method sobol --samples 2 --threads
  // 64` recorded 40 threads (the default trajectories), and Morris with 2 trajectories recorded 2, where
  // each spreads its points (one per parameter and two more per row: 2 x 3 here) over 6 threads.
  TempDir dir;
  const std::string tiny = std::string(OZSIM_SOURCE_DIR) + "/scenarios/tiny.toml";
  const std::string common = "sensitivity '" + tiny + "' --params '" + OZSIM_SOURCE_DIR +
                             "/tests/app/data/tiny_priors.toml' --threads 64 --seed 3";
  REQUIRE(run_ozsim(common + " --method sobol --samples 2 --out '" + (dir.path / "sobol").string() + "'",
                    dir.path / "sobol.log") == 0);
  CHECK(read_file(dir.path / "sobol" / "manifest.json").find("\"threads\": 6,") != std::string::npos);
  REQUIRE(run_ozsim(common + " --trajectories 2 --out '" + (dir.path / "morris").string() + "'",
                    dir.path / "morris.log") == 0);
  CHECK(read_file(dir.path / "morris" / "manifest.json").find("\"threads\": 6,") != std::string::npos);
}
