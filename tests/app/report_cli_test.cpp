// `ozsim report DIR` end to end: the report lands beside the folder, and the folder's manifest still lists
// exactly the files in it.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace {

namespace fs = std::filesystem;

int run_shell(const std::string& command, const fs::path& log) {
  const int status = std::system((command + " > '" + log.string() + "' 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("ozsim_test_report_cli_" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

}  // namespace

TEST_CASE("ozsim report DIR: DIR.html beside the folder, whose manifest lists only files in it") {
  TempDir dir;
  // The report inlines ECharts; any file stands in for it here, so the test needs no npm install.
  const fs::path echarts = dir.path / "echarts.min.js";
  std::ofstream(echarts) << "/* echarts stand-in */\n";
  const std::string ozsim = std::string("'") + OZSIM_BINARY + "'";
  const std::string tiny = std::string(OZSIM_SOURCE_DIR) + "/scenarios/tiny.toml";
  const fs::path run = dir.path / "run";
  const std::string run_command =
      ozsim + " run '" + tiny + "' --replications 1 --threads 1 --out '" + run.string() + "'";
  REQUIRE(run_shell(run_command, dir.path / "run.log") == 0);
  REQUIRE(run_shell("OZSIM_ECHARTS='" + echarts.string() + "' " + ozsim + " report '" + run.string() + "'",
                    dir.path / "report.log") == 0);

  CHECK(fs::is_regular_file(dir.path / "run.html"));
  CHECK_FALSE(fs::exists(run / "report.html"));
  std::ifstream manifest_file(run / "manifest.json");
  const nlohmann::json manifest = nlohmann::json::parse(manifest_file);
  REQUIRE(manifest.contains("files"));
  for (const nlohmann::json& file : manifest["files"]) {
    INFO("listed in manifest.json: " << file.get<std::string>());
    CHECK(fs::is_regular_file(run / file.get<std::string>()));
  }
  // The folder is still ozsim's own: the next run into it replaces it.
  CHECK(run_shell(run_command, dir.path / "run-again.log") == 0);
}
