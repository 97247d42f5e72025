// Bad input, table-driven: every row is one command line that must stop with
// exit code 2 before anything is simulated, and the exact first line of its
// message. Every bad_*.toml in tests/scenario/data is rejected by `ozsim
// validate` with exactly the message in the .expected file beside it.
// Placeholders: @S@ tiny.toml, @D@ tests/app/data, @T@ a scratch directory,
// @M@ and @P@ the bundled calibration targets and priors.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct BadInput {
  const char* arguments;
  const char* first_line;
};

const std::vector<BadInput> BAD_FLAGS = {
    {"run @S@ --seed -1", "--seed: expected a whole number from 0 to 18446744073709551615, found -1"},
    {"run @S@ --seed 1e23", "--seed: expected a whole number from 0 to 18446744073709551615, found 1e23"},
    {"run @S@ --seed 18446744073709551616",
     "--seed: expected a whole number from 0 to 18446744073709551615, found 18446744073709551616"},
    {"run @S@ --seed 0x10", "--seed: expected a whole number from 0 to 18446744073709551615, found 0x10"},
    {"run @S@ --seed 1.5", "--seed: expected a whole number from 0 to 18446744073709551615, found 1.5"},
    {"run @S@ --seed ''", "--seed: expected a whole number from 0 to 18446744073709551615, found "},
    {"run @S@ --threads -1", "--threads: expected a whole number from 0 to 18446744073709551615, found -1"},
    {"run @S@ --threads 2.5", "--threads: expected a whole number from 0 to 18446744073709551615, found 2.5"},
    {"run @S@ --years nan", "--years: expected a finite number, found nan"},
    {"run @S@ --years -inf",
     "--years: Value -inf not in range 0.000000 to "
     "1797693134862315708145274237317043567980705675258449965989174768031572607800285387605895586327668781715"
     "4045895351438246423432132688946418276846754670353751698604991057655128207624549009038932894407586850845"
     "5133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368"
     ".000000"},
    {"run @S@ --years NaN", "--years: expected a finite number, found NaN"},
    {"run @S@ --years 3.1",
     "ozsim: error: --set: key 'simulation.years': expected a horizon that holds at least one complete "
     "school year after the warm-up of 3 years, so at least 4 (raise --years or simulation.years, or lower "
     "simulation.warmup_years with --set simulation.warmup_years=N), found 3.1"},
    {"run @S@ --years 0",
     "--years: Value 0 not in range 0.000000 to "
     "1797693134862315708145274237317043567980705675258449965989174768031572607800285387605895586327668781715"
     "4045895351438246423432132688946418276846754670353751698604991057655128207624549009038932894407586850845"
     "5133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368"
     ".000000"},
    {"run @S@ -r 0", "--replications: Value 0 not in range 1 to 100000"},
    {"run @S@ -r 100001", "--replications: Value 100001 not in range 1 to 100000"},
    {"run @S@ -r -5", "--replications: Value -5 not in range 1 to 100000"},
    {"run @S@ -r 1e3", "--replications: Value 1e3 not in range 1 to 100000"},
    {"run @S@ --out ''",
     "ozsim: error: --out: the output directory is empty; give a directory such as --out out/run"},
    {"run @S@ --out /",
     "ozsim: error: --out: '/' is the root directory; ozsim replaces its output folder as a whole, give a "
     "directory of its own"},
    {"run @S@ --out @T@/file", "ozsim: error: --out: '@T@/file' exists and is not a directory"},
    {"run @S@ --out @T@/foreign",
     "ozsim: error: --out: '@T@/foreign' holds files that no ozsim manifest.json lists (notes.txt); ozsim "
     "replaces its output folder as a whole, so remove them or choose another directory"},
    {"run @S@ --set provisions.oov.capacity=-1",
     "ozsim: error: --set: key 'provisions.oov.capacity': expected an integer >= 0, found -1"},
    {"run @S@ --set simulation.years=nan",
     "ozsim: error: --set: key 'simulation.years': expected a finite number, found nan"},
    {"run @S@ --set simulation.seed=3", "ozsim: error: --set: unknown key 'simulation.seed'"},
    {"run @T@/missing.toml", "scenario: File does not exist: @T@/missing.toml"},
    {"validate @S@ --set simulation.years=3.5",
     "ozsim: error: --set: key 'simulation.years': expected a horizon that holds at least one complete "
     "school year after the warm-up of 3 years, so at least 4 (raise --years or simulation.years, or lower "
     "simulation.warmup_years with --set simulation.warmup_years=N), found 3.5"},
    {"compare @S@ @S@ --seed -1", "--seed: expected a whole number from 0 to 18446744073709551615, found -1"},
    {"compare @S@ @S@ --value-per-home-month nan",
     "--value-per-home-month: expected a finite number, found nan"},
    {"compare @S@ @S@ --value-per-home-month inf",
     "--value-per-home-month: Value inf not in range 0.000000 to "
     "1797693134862315708145274237317043567980705675258449965989174768031572607800285387605895586327668781715"
     "4045895351438246423432132688946418276846754670353751698604991057655128207624549009038932894407586850845"
     "5133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368"
     ".000000"},
    {"compare @S@ @S@ --value-per-home-month -1",
     "--value-per-home-month: Value -1 not in range 0.000000 to "
     "1797693134862315708145274237317043567980705675258449965989174768031572607800285387605895586327668781715"
     "4045895351438246423432132688946418276846754670353751698604991057655128207624549009038932894407586850845"
     "5133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368"
     ".000000"},
    {"compare @S@ @S@ --discount-rate nan", "--discount-rate: expected a finite number, found nan"},
    {"compare @S@ @S@ --discount-rate 2", "--discount-rate: Value 2 not in range 0.000000 to 1.000000"},
    {"compare @S@ @S@ -r 1", "--replications: Value 1 not in range 2 to 100000"},
    {"compare @S@ @S@ --threads -3",
     "--threads: expected a whole number from 0 to 18446744073709551615, found -3"},
    {"compare @S@ @S@ --out ''",
     "ozsim: error: --out: the output directory is empty; give a directory such as --out out/run"},
    {"compare @S@ @S@ --out /",
     "ozsim: error: --out: '/' is the root directory; ozsim replaces its output folder as a whole, give a "
     "directory of its own"},
    {"compare @S@", "scenarios: At least 2 required but received 1"},
    {"sweep @S@ --set provisions.oov.capacity=1,2 --seed 1e23",
     "--seed: expected a whole number from 0 to 18446744073709551615, found 1e23"},
    {"sweep @S@ --set provisions.oov.capacity=1,2 -r -1",
     "--replications: Value -1 not in range 1 to 100000"},
    {"sweep @S@ --set provisions.oov.capacity=1,2 --out /",
     "ozsim: error: --out: '/' is the root directory; ozsim replaces its output folder as a whole, give a "
     "directory of its own"},
    {"sweep @S@ --set provisions.oov.capacity=1,2 --threads nan",
     "--threads: expected a whole number from 0 to 18446744073709551615, found nan"},
    {"sweep @S@ --set provisions.oov.capacity", "--set 'provisions.oov.capacity': expected KEY=V1,V2,..."},
    {"calibrate @S@ --targets @M@ --priors @P@ --wall-clock nan",
     "--wall-clock: expected a finite number, found nan"},
    {"calibrate @S@ --targets @M@ --priors @P@ --predictive-draws -1",
     "--predictive-draws: expected a whole number from 0 to 18446744073709551615, found -1"},
    {"calibrate @S@ --targets @M@ --priors @P@ --particles 0",
     "--particles: Value 0 not in range 1 to 10000000"},
    {"calibrate @S@ --targets @M@ --priors @P@ --wall-clock inf",
     "--wall-clock: Value inf not in range 0.000000 to "
     "1797693134862315708145274237317043567980705675258449965989174768031572607800285387605895586327668781715"
     "4045895351438246423432132688946418276846754670353751698604991057655128207624549009038932894407586850845"
     "5133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368"
     ".000000"},
    {"calibrate @S@ --targets @M@ --priors @P@ --target-acceptance nan",
     "--target-acceptance: expected a finite number, found nan"},
    {"calibrate @S@ --targets @M@ --priors @P@ --min-ess nan",
     "--min-ess: expected a finite number, found nan"},
    {"calibrate @S@ --targets @M@ --priors @P@ --max-simulations -1",
     "--max-simulations: expected a whole number from 0 to 18446744073709551615, found -1"},
    {"calibrate @S@ --targets @M@ --priors @P@ --seed -1",
     "--seed: expected a whole number from 0 to 18446744073709551615, found -1"},
    {"calibrate @S@ --targets @M@ --priors @P@ --generations 0",
     "--generations: Value 0 not in range 1 to 100000"},
    {"calibrate @S@ --targets @M@ --priors @P@ --method smc",
     "--method: smc not in {abc-smc,rejection,synthetic-likelihood}"},
    {"calibrate @S@ --targets @D@/bad_targets_no_name.toml --priors @P@",
     "ozsim: error: @D@/bad_targets_no_name.toml:2:1: key 'target.0.name': expected a string (the target's "
     "name), found nothing (this [[target]] has no 'name')"},
    {"calibrate @S@ --targets @D@/bad_targets_deep.toml --priors @P@",
     "ozsim: error: @D@/bad_targets_deep.toml:3:37: TOML nested more than 32 arrays or inline tables deep; "
     "parameter files need only a few levels"},
    {"calibrate @S@ --targets @M@ --priors @D@/bad_priors_no_params.toml",
     "ozsim: error: @D@/bad_priors_no_params.toml:2:1: key 'parameter.0.params': expected a list of numbers "
     "(the prior's parameters), found nothing (this [[parameter]] has no 'params')"},
    {"calibrate @S@ --targets @M@ --priors @D@/bad_priors_deep_key.toml",
     "ozsim: error: @D@/bad_priors_deep_key.toml:2:2: a dotted key or table header of more than 64 parts; "
     "parameter files need only a few"},
    {"sensitivity @S@ --params @P@ --seed -1",
     "--seed: expected a whole number from 0 to 18446744073709551615, found -1"},
    {"sensitivity @S@ --params @P@ --trajectories -2", "--trajectories: Value -2 not in range 2 to 100000"},
    {"sensitivity @S@ --params @P@ --levels nan", "--levels: Value nan not in range 2 to 1000"},
    {"sensitivity @S@ --params @P@ --out ''",
     "ozsim: error: --out: the output directory is empty; give a directory such as --out out/run"},
    {"sensitivity @S@ --params @P@ -r -1",
     "--replications: expected a whole number from 0 to 18446744073709551615, found -1"},
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string substitute(std::string text, const std::vector<std::pair<std::string, std::string>>& values) {
  for (const auto& [from, to] : values)
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  return text;
}

struct Scratch {
  fs::path path = fs::temp_directory_path() / ("ozsim_test_bad_inputs_" + std::to_string(::getpid()));
  Scratch() {
    fs::remove_all(path);
    fs::create_directories(path / "foreign");
    std::ofstream(path / "foreign" / "notes.txt") << "not ozsim's";
    std::ofstream(path / "file") << "a file";
  }
  ~Scratch() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

}  // namespace

TEST_CASE("bad input: every flag row exits 2 with its exact message and writes nothing") {
  Scratch scratch;
  const std::string source = OZSIM_SOURCE_DIR;
  const std::vector<std::pair<std::string, std::string>> values = {
      {"@S@", source + "/scenarios/tiny.toml"},
      {"@D@", source + "/tests/app/data"},
      {"@T@", scratch.path.string()},
      {"@M@", source + "/calibration/midden-holland/targets.toml"},
      {"@P@", source + "/calibration/midden-holland/priors.toml"}};
  CHECK(BAD_FLAGS.size() >= 60);
  for (const BadInput& row : BAD_FLAGS) {
    CAPTURE(row.arguments);
    const fs::path log = scratch.path / "log.txt";
    // Run inside the scratch directory, so that a default --out would land there.
    const std::string command = "cd '" + scratch.path.string() + "' && '" + OZSIM_BINARY + "' " +
                                substitute(row.arguments, values) + " > /dev/null 2> '" + log.string() + "'";
    const int status = std::system(command.c_str());
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 2);
    const std::string message = read_file(log);
    CHECK(message.substr(0, message.find('\n')) == substitute(row.first_line, values));
    std::vector<std::string> left;
    for (const auto& entry : fs::directory_iterator(scratch.path))
      left.push_back(entry.path().filename().string());
    std::sort(left.begin(), left.end());
    CHECK(left == std::vector<std::string>{"file", "foreign", "log.txt"});
    CHECK(read_file(scratch.path / "foreign" / "notes.txt") == "not ozsim's");
  }
}

TEST_CASE(
    "bad input: every tests/scenario/data/bad_*.toml is rejected by validate with its .expected message") {
  const fs::path data = fs::path(OZSIM_SOURCE_DIR) / "tests" / "scenario" / "data";
  std::size_t cases = 0;
  for (const auto& entry : fs::directory_iterator(data)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("bad_", 0) != 0 || entry.path().extension() != ".toml") continue;
    CAPTURE(name);
    const fs::path expected = fs::path(entry.path()).replace_extension(".expected");
    REQUIRE(fs::exists(expected));
    const fs::path log =
        fs::temp_directory_path() / ("ozsim_test_bad_scenario_" + std::to_string(::getpid()));
    const std::string command = "cd '" + data.string() + "' && '" + OZSIM_BINARY + "' validate '" + name +
                                "' > /dev/null 2> '" + log.string() + "'";
    const int status = std::system(command.c_str());
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 2);
    CHECK(read_file(log) == read_file(expected));
    fs::remove(log);
    ++cases;
  }
  CHECK(cases >= 17);
}
