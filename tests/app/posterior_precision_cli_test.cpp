// `compare --posterior` and `--precision` (run and compare) end to end, through the ozsim binary on the tiny
// scenario: the files they promise exist, hold what their headers say, and agree with each other.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

int run_ozsim(const std::string& arguments, const fs::path& log) {
  const std::string command =
      std::string("'") + OZSIM_BINARY + "' " + arguments + " > '" + log.string() + "' 2>&1";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("ozsim_test_posterior_cli_" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

// A CSV file as rows of named fields (no quoting: ozsim's numeric tables need none).
std::vector<std::map<std::string, std::string>> read_csv(const fs::path& path) {
  std::istringstream lines(read_file(path));
  std::string line;
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;
  const auto split = [](const std::string& text) {
    std::vector<std::string> fields;
    std::string field;
    std::istringstream in(text);
    while (std::getline(in, field, ',')) fields.push_back(field);
    if (!text.empty() && text.back() == ',') fields.emplace_back();
    return fields;
  };
  if (std::getline(lines, line)) header = split(line);
  while (std::getline(lines, line)) {
    const auto fields = split(line);
    REQUIRE(fields.size() == header.size());
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size(); ++i) row[header[i]] = fields[i];
    rows.push_back(row);
  }
  return rows;
}

double number(const std::map<std::string, std::string>& row, const std::string& column) {
  return std::stod(row.at(column));
}

const std::string TINY = std::string(OZSIM_SOURCE_DIR) + "/scenarios/tiny.toml";
const std::string LEVER = std::string(OZSIM_SOURCE_DIR) + "/scenarios/opbouwarrangement.toml";

}  // namespace

TEST_CASE("ozsim compare --posterior: K draws x R replications give posterior_effects.csv and ceac.csv") {
  TempDir dir;
  // A posterior over one free key: VO onset hazards that double the tiny scenario's rate between draws.
  {
    std::ofstream posterior(dir.path / "posterior.csv");
    posterior << "particle,weight,distance,onset.hazard_per_year.vo\n";
    const double hazards[] = {0.008, 0.011, 0.014, 0.017, 0.02, 0.024};
    for (int k = 0; k < 6; ++k) posterior << k << ",1," << 0.5 << "," << hazards[k] << "\n";
  }
  const std::string out = (dir.path / "nested").string();
  REQUIRE(run_ozsim("compare '" + TINY + "' --apply '" + LEVER + "' --posterior '" +
                        (dir.path / "posterior.csv").string() +
                        "' --draws 4 --replications 2 --seed 5 --threads 2 --quiet --out '" + out + "'",
                    dir.path / "nested.log") == 0);
  const std::string log = read_file(dir.path / "nested.log");
  CAPTURE(log);
  CHECK(log.find("credible") != std::string::npos);
  const auto manifest = nlohmann::json::parse(read_file(fs::path(out) / "manifest.json"));
  std::vector<std::string> files = manifest["files"].get<std::vector<std::string>>();
  CHECK(std::find(files.begin(), files.end(), "posterior_effects.csv") != files.end());
  CHECK(std::find(files.begin(), files.end(), "ceac.csv") != files.end());
  CHECK(manifest["replications"] == 8);  // 4 draws x 2 replications

  const auto effects = read_csv(fs::path(out) / "posterior_effects.csv");
  REQUIRE(!effects.empty());
  bool cost_seen = false;
  for (const auto& row : effects) {
    CAPTURE(row.at("kpi"));
    CHECK(row.at("draws") == "4");
    const double mean = number(row, "mean");
    CHECK(number(row, "credible_lo95") <= mean);
    CHECK(mean <= number(row, "credible_hi95"));
    CHECK(number(row, "mc_error") >= 0.0);
    CHECK(number(row, "p_below_zero") >= 0.0);
    CHECK(number(row, "p_below_zero") <= 1.0);
    if (row.at("kpi") == "cost.total.per_year") {
      // The arrangement's places cost money in every draw: the whole credible interval is above 0.
      cost_seen = true;
      CHECK(number(row, "credible_lo95") > 0.0);
      CHECK(number(row, "p_below_zero") == 0.0);
    }
  }
  CHECK(cost_seen);
  // The same means as compare.json's nested block.
  const auto compare = nlohmann::json::parse(read_file(fs::path(out) / "compare.json"));
  CHECK(compare.contains("posterior_nested"));

  const auto ceac = read_csv(fs::path(out) / "ceac.csv");
  REQUIRE(ceac.size() > 2);
  double previous_value = -1.0;
  for (const auto& row : ceac) {
    const double p = number(row, "probability_cost_effective");
    CHECK(p >= 0.0);
    CHECK(p <= 1.0);
    CHECK(number(row, "eur_per_home_month") > previous_value);  // the curve runs over rising values
    previous_value = number(row, "eur_per_home_month");
  }
  // At a value of 0 per home-month averted, a policy that only costs money is never worth it.
  CHECK(number(ceac.front(), "eur_per_home_month") == 0.0);
  CHECK(number(ceac.front(), "probability_cost_effective") == 0.0);

  // A posterior file with a key the scenario does not have is refused with its name.
  {
    std::ofstream bad(dir.path / "bad.csv");
    bad << "particle,weight,distance,onset.no_such_key\n0,1,0,0.5\n1,1,0,0.6\n";
  }
  CHECK(run_ozsim("compare '" + TINY + "' --apply '" + LEVER + "' --posterior '" +
                      (dir.path / "bad.csv").string() + "' --draws 2 --quiet --out '" +
                      (dir.path / "bad").string() + "'",
                  dir.path / "bad.log") == 2);
  CHECK(read_file(dir.path / "bad.log").find("onset.no_such_key") != std::string::npos);
}

TEST_CASE("ozsim run and compare --precision: replications added until the goal, or the maximum said") {
  TempDir dir;
  const auto summary_of = [&](const std::string& name) {
    return nlohmann::json::parse(read_file(dir.path / name / "summary.json"));
  };
  // A loose goal tiny.toml reaches well before the maximum.
  REQUIRE(run_ozsim("run '" + TINY +
                        "' --precision 0.3 --replications 3 --max-replications 60 --quiet --out '" +
                        (dir.path / "loose").string() + "'",
                    dir.path / "loose.log") == 0);
  const auto loose = summary_of("loose");
  REQUIRE(loose.contains("precision"));
  const auto& reached = loose["precision"];
  CHECK(reached["reached"] == true);
  const int replications = reached["replications"];
  CHECK(replications >= 3);
  CHECK(replications < 60);
  CHECK(loose["replications"] == replications);
  for (const auto& kpi : reached["kpis"]) {
    CAPTURE(kpi["kpi"].get<std::string>());
    CHECK(kpi["relative_half_width"].get<double>() <= 0.3);
    // The reported half-width is the one summary.json's interval has.
    const auto& summary = loose["kpis"][kpi["kpi"].get<std::string>()];
    CHECK(summary["n"] == replications);
  }
  CHECK(read_file(dir.path / "loose.log").find("reached after " + std::to_string(replications)) !=
        std::string::npos);

  // A goal out of reach stops at --max-replications and says so.
  REQUIRE(run_ozsim("run '" + TINY +
                        "' --precision 0.0001 --replications 3 --max-replications 5 --quiet --out '" +
                        (dir.path / "strict").string() + "'",
                    dir.path / "strict.log") == 0);
  const auto strict = summary_of("strict");
  CHECK(strict["precision"]["reached"] == false);
  CHECK(strict["precision"]["replications"] == 5);
  CHECK(read_file(dir.path / "strict.log").find("NOT reached after 5 replications") != std::string::npos);

  // compare: every scenario's watched KPIs, on the same replications.
  REQUIRE(run_ozsim("compare '" + TINY + "' --apply '" + LEVER +
                        "' --precision 0.3 --replications 3 --max-replications 60 --quiet --out '" +
                        (dir.path / "compare").string() + "'",
                    dir.path / "compare.log") == 0);
  const auto compare = nlohmann::json::parse(read_file(dir.path / "compare" / "compare.json"));
  REQUIRE(compare.contains("precision"));
  CHECK(compare["precision"]["reached"] == true);
  CHECK(compare["replications"] == compare["precision"]["replications"]);
  for (const auto& kpi : compare["precision"]["kpis"]) CHECK(kpi["relative_half_width"].get<double>() <= 0.3);
}
