// compare: self-comparison, common random numbers, the terminal table and the output files.
#include "sim/analysis/compare.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "sim/output/compare_output.hpp"
#include "sim/output/table.hpp"

using namespace ozsim::analysis;
using namespace ozsim::output;
using ozsim::model::RunResult;

namespace {

std::uint64_t splitmix(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Roughly standard normal: the sum of 12 uniforms minus 6.
double standard_noise(std::uint64_t& state) {
  double sum = 0.0;
  for (int i = 0; i < 12; ++i) sum += static_cast<double>(splitmix(state) >> 11) * 0x1.0p-53;
  return sum - 6.0;
}

std::uint64_t seed_for(std::uint64_t master, std::uint32_t replication) {
  std::uint64_t state = master * 0x100000001B3ULL + replication;
  return splitmix(state);
}

// A toy model: most variation comes from the seed (shared between scenarios on
// the same seed), a little from the scenario itself; scenario s averts 5 s home-months.
RunResult toy_model(std::size_t scenario, std::uint64_t seed) {
  std::uint64_t shared = seed;
  std::uint64_t own = seed ^ (0xD1B54A32D192ED03ULL * (scenario + 1));
  const double level = 10.0 * standard_noise(shared);
  const double jitter = standard_noise(own);
  RunResult result;
  const double s = static_cast<double>(scenario);
  result.kpis["home.months.per_year"] = 120.0 + level + jitter - 5.0 * s;
  result.kpis["home.spells_over_3m.per_year"] = 12.0 + 0.1 * level;
  result.kpis["waiting.dagbesteding"] = 30.0 + level;
  result.kpis["wait_days.individuele_begeleiding.mean"] = 80.0 + jitter;
  result.kpis["count.dagbesteding"] = 190.0 + level - s;
  result.kpis["count.dagbesteding.2024"] = 188.0 + level;
  result.kpis["flow.oov.dagbesteding.per_year"] = 6.0 - s;
  result.kpis["cost.gemeente.per_year"] = 2.5e6 + 1e4 * level;
  result.kpis["cost.total.per_year"] = 4.0e6 + 1e4 * level + 631000.0 * s;
  result.kpis["escalations.per_year"] = 1.0 + s;
  for (int year = 2024; year <= 2026; ++year) {
    result.costs.push_back({year, "gemeente", "dagbesteding", 2.5e6 + 1e4 * level});
    result.costs.push_back({year, "swv", "oov", 1.5e6});
    if (scenario > 0) result.costs.push_back({year, "swv", "opbouwarrangement", 631000.0 * s});
  }
  return result;
}

std::vector<RunResult> run_toy(std::size_t scenario, std::uint64_t master, std::uint32_t replications) {
  std::vector<RunResult> results;
  for (std::uint32_t r = 0; r < replications; ++r)
    results.push_back(toy_model(scenario, seed_for(master, r)));
  return results;
}

ReplicationFn toy_fn(std::uint64_t master) {
  return [master](std::size_t scenario, std::uint32_t r) { return toy_model(scenario, seed_for(master, r)); };
}

}  // namespace

TEST_CASE("a scenario compared with itself gives exactly zero differences") {
  const auto base = run_toy(0, 1, 10);
  const Comparison c = compare_scenarios({"baseline", "baseline-again"}, {base, base}, 1);
  REQUIRE(c.alternatives.size() == 1);
  const auto& alt = c.alternatives.front();
  CHECK(alt.paired.missing.empty());
  REQUIRE(!alt.paired.kpis.empty());
  for (const auto& kpi : alt.paired.kpis) {
    CAPTURE(kpi.kpi);
    CHECK(kpi.diff.n == 10);
    CHECK(kpi.diff.mean == 0.0);
    CHECK(kpi.diff.lo95 == 0.0);
    CHECK(kpi.diff.hi95 == 0.0);
    CHECK(kpi.diff.sd == 0.0);
    CHECK(kpi.base.mean == kpi.alt.mean);
  }
  for (const auto& row : alt.budget.rows) {
    CHECK(row.undiscounted.diff.mean == 0.0);
    CHECK(row.undiscounted.diff.lo95 == row.undiscounted.diff.hi95);
    CHECK(row.discounted.diff.mean == 0.0);
  }
  for (const auto& row : alt.cost_effectiveness.rows)
    CHECK(row.note ==
          "no yearly figures for the effect: its yearly mean taken for every year. no detectable "
          "effect: the 95% interval of the effect includes 0");
  const std::string csv = comparison_csv(c);
  CHECK(csv.find("baseline-again,home.months.per_year,months per year,") != std::string::npos);
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line)) CHECK(line.find(",0,0,0,10,") != std::string::npos);
}

TEST_CASE("common random numbers cut the variance of a difference at least 5-fold") {
  const std::uint32_t replications = 200;
  const auto base = run_toy(0, 42, replications);
  const auto paired_alt = run_toy(1, 42, replications);         // same seeds: common random numbers
  const auto independent_alt = run_toy(1, 4242, replications);  // other seeds
  for (const std::string kpi : {"home.months.per_year", "count.dagbesteding", "cost.total.per_year"}) {
    CAPTURE(kpi);
    const double crn = paired_difference_variance(base, paired_alt, kpi);
    const double independent = paired_difference_variance(base, independent_alt, kpi);
    CHECK(crn >= 0.0);
    CHECK(independent >= 5.0 * crn);
  }
  CHECK(std::isnan(paired_difference_variance(base, paired_alt, "no.such.kpi")));
}

TEST_CASE("compare finds the toy model's effects and budget") {
  const Comparison c = run_comparison({"baseline", "opbouw", "opbouw-x2"}, {30, 2, true}, toy_fn(7), 7);
  REQUIRE(c.alternatives.size() == 2);
  CHECK(c.replications == 30);
  const auto& second = c.alternatives[1];
  CHECK(second.scenario == "opbouw-x2");
  const auto home = std::find_if(second.paired.kpis.begin(), second.paired.kpis.end(),
                                 [](const PairedKpi& k) { return k.kpi == "home.months.per_year"; });
  REQUIRE(home != second.paired.kpis.end());
  CHECK(home->diff.mean == doctest::Approx(-10.0).epsilon(0.05));
  CHECK(home->diff.lo95 < -10.0 + 1.0);
  const auto& ce = second.cost_effectiveness;
  CHECK(ce.cost_basis ==
        "euros per school year; cost lines of school years 2024/25 to 2026/27 and effects discounted at "
        "2.25% a "
        "year to 2024/25, as the budget");
  CHECK(ce.rows[0].method == RatioMethod::RatioOfMeans);
  CHECK(ce.rows[0].ratio.lo95 < ce.rows[0].ratio.mean);
  CHECK(ce.rows[0].ratio.mean < ce.rows[0].ratio.hi95);
  CHECK(ce.rows[1].averted.mean == 2.0);
  CHECK(ce.rows[1].ratio.mean == doctest::Approx(631000.0).epsilon(1e-12));
  const auto& budget = second.budget;
  CHECK(budget.payers == std::vector<std::string>{"gemeente", "swv"});
  CHECK(budget.rows.back().payer == ALL_PAYERS);
  CHECK(budget.rows.back().undiscounted.diff.mean == doctest::Approx(3 * 2 * 631000.0).epsilon(1e-12));
}

TEST_CASE("the terminal table is grouped, complete and fits 100 columns") {
  EconomicsOptions economics;
  economics.value_per_home_month = 5000.0;
  Comparison c = run_comparison({"baseline", "opbouwarrangement"}, {8, 1, true}, toy_fn(3), 3, economics);
  const std::string text = format_comparison(c, 100, true);  // --all-kpis
  if (std::getenv("OZSIM_SHOW_COMPARE") != nullptr) std::fputs(text.c_str(), stdout);
  std::istringstream lines(text);
  std::string line;
  std::size_t count = 0;
  while (std::getline(lines, line)) {
    CAPTURE(line);
    CHECK(ozsim::output::table::display_width(line) <= 100);
    ++count;
  }
  CHECK(count > 20);
  // Wrapped notes joined again (and table rows with them: only for finding a note's text).
  std::string flat = text;
  for (std::size_t at = flat.find("\n  "); at != std::string::npos; at = flat.find("\n  ", at))
    flat.replace(at, 3, " ");
  for (const char* expected :
       {"=== opbouwarrangement (ALT) versus baseline (BASE) ===", "Home\n", "Waiting\n",
        "Counts, stays and flows\n", "Costs per payer\n", "Other\n",
        "  Months at home per year (months per year)",
        "Budget impact per school year, 2024/25 to 2026/27; discounted at 2.25% a year to 2024/25",
        "  all payers", "All payers by school year\n  2024/25 ",
        "Cost-effectiveness (euros per school year; cost lines of school years 2024/25 to 2026/27",
        "  dagbesteding placement", "Net monetary benefit at €5,000 per home-month averted"}) {
    CAPTURE(std::string(expected));
    CHECK(text.find(expected) != std::string::npos);
  }
  CHECK(text.find("count.dagbesteding.2024") == std::string::npos);
  // A school year is never shown as the plain calendar year it starts in (costs.csv names calendar years so).
  for (const char* bare : {"\n  2024 ", "2024-2026", " 2024\n", " 2024,", " 2024;", " 2024)"}) {
    CAPTURE(std::string(bare));
    CHECK(text.find(bare) == std::string::npos);
    CHECK(flat.find(bare) == std::string::npos);
  }
  CHECK(text.find("waiting.dagbesteding") == std::string::npos);  // equal in every replication
  CHECK(text.find("  Home spells > 3 months per year (spells per year)") !=
        std::string::npos);                                       // home KPIs stay
  CHECK(text.find("home.months.per_year") == std::string::npos);  // labels, not keys
  CHECK(flat.find("Only in compare.csv: 1 per-year KPIs, 2 KPIs equal in every replication.") !=
        std::string::npos);
  // The home group comes before the costs group.
  CHECK(text.find("Home\n") < text.find("Costs per payer\n"));
  // A KPI name too long for its column gets a line of its own instead of being cut.
  c.alternatives[0].paired.kpis.push_back(
      {"home.a_very_long_kpi_name_that_does_not_fit_the_column", {}, {}, {}});
  // The widest numbers still fit: every number takes at most 11 characters.
  Summary wide;
  wide.n = 8;
  wide.mean = -99999999.0;
  wide.lo95 = -99999999.0;
  wide.hi95 = -1.23456789e-5;
  c.alternatives[0].paired.kpis.push_back({"cost.samenwerkingsverband.per_year", wide, wide, wide});
  for (auto& row : c.alternatives[0].budget.rows) row.undiscounted.diff = wide;
  const std::string long_text = format_comparison(c, 100, true);
  CHECK(long_text.find("  home.a_very_long_kpi_name_that_does_not_fit_the_column\n") != std::string::npos);
  std::istringstream long_lines(long_text);
  while (std::getline(long_lines, line)) {
    CAPTURE(line);
    CHECK(ozsim::output::table::display_width(line) <= 100);
  }
}

TEST_CASE("compare.csv has the agreed columns and reports missing KPIs as empty, not zero") {
  auto base = run_toy(0, 5, 3);
  auto alt = run_toy(1, 5, 3);
  for (auto& result : alt) result.kpis.erase("wait_days.individuele_begeleiding.mean");
  const Comparison c = compare_scenarios({"base", "alt"}, {base, alt}, 5);
  const std::string csv = comparison_csv(c);
  CHECK(csv.starts_with(
      "scenario,kpi,unit,base_mean,alt_mean,diff_mean,diff_lo95,diff_hi95,n,headline,p_value,significant\n"));
  const auto row_start = csv.find("alt,wait_days.individuele_begeleiding.mean,");
  REQUIRE(row_start != std::string::npos);
  const std::string row = csv.substr(row_start, csv.find('\n', row_start) - row_start);
  CHECK(row.ends_with(",,,,,0,yes,,no"));  // a headline KPI, but nothing to test
  CHECK(csv.find("alt,flow.oov.dagbesteding.per_year,pupils per year,6,5,-1,-1,-1,3,no,,no\n") !=
        std::string::npos);
  const std::string text = format_comparison(c);
  CHECK(text.find("wait_days.individuele_begeleiding.mean: missing in 'alt' in 3 of 3 replications") !=
        std::string::npos);
}

TEST_CASE("compare.json holds the KPIs, budget impact and cost-effectiveness, NaN becomes null") {
  const Comparison c = run_comparison({"base", "alt"}, {1, 1, true}, toy_fn(9), 9);
  const auto json = nlohmann::json::parse(comparison_json(c));
  CHECK(json["base"] == "base");
  CHECK(json["replications"] == 1);
  CHECK(json["master_seed"] == 9);
  CHECK(json["posterior"].is_null());
  CHECK(json["economics"]["discount_rate"] == 0.0225);
  CHECK(json["economics"]["value_per_home_month"].is_null());
  const auto& alt = json["alternatives"][0];
  CHECK(alt["scenario"] == "alt");
  CHECK(alt["kpis"][0].contains("diff_lo95"));
  CHECK(alt["kpis"][0]["diff_lo95"].is_null());  // one replication: no interval
  CHECK(alt["budget_impact"]["rows"][0]["year"] == 2024);
  CHECK(alt["budget_impact"]["rows"][3]["year"] == "all");
  CHECK(alt["cost_effectiveness"]["rows"].size() == 3);
  CHECK(alt["cost_effectiveness"]["rows"][2]["note"] ==
        "no yearly figures for the effect: its yearly mean taken for every year. not defined: fewer than 2 "
        "replications");
}

TEST_CASE("compare outputs are byte-identical for 1 and 2 threads and written atomically") {
  const std::vector<std::string> names = {"base", "alt1", "alt2"};
  const Comparison one = run_comparison(names, {12, 1, true}, toy_fn(11), 11);
  const Comparison two = run_comparison(names, {12, 2, true}, toy_fn(11), 11);
  CHECK(comparison_csv(one) == comparison_csv(two));
  CHECK(comparison_json(one) == comparison_json(two));
  CHECK(format_comparison(one) == format_comparison(two));

  const auto dir =
      std::filesystem::temp_directory_path() / ("ozsim_test_compare_" + std::to_string(::getpid()));
  const auto paths = write_comparison(one, (dir / "out").string());
  REQUIRE(paths.size() == 6);
  std::ifstream csv(paths[0]);
  std::stringstream content;
  content << csv.rdbuf();
  CHECK(content.str() == comparison_csv(one));
  for (const char* name :
       {"budget.csv", "cost_effectiveness.csv", "costs.csv", "provision_costs.csv", "compare.json"})
    CHECK(std::filesystem::exists(dir / "out" / name));
  std::filesystem::remove_all(dir);
}

TEST_CASE("kpi groups follow the model's KPI prefixes") {
  CHECK(kpi_group("home.mean_days") == "home");
  CHECK(kpi_group("waiting.oov") == "waiting");
  CHECK(kpi_group("wait_days.oov.mean") == "waiting");
  CHECK(kpi_group("count.sbo") == "counts");
  CHECK(kpi_group("flow.oov.dagbesteding.per_year") == "counts");
  CHECK(kpi_group("occupancy.oov") == "counts");
  CHECK(kpi_group("admitted.oov.per_year") == "counts");
  CHECK(kpi_group("queue.oov") == "waiting");
  CHECK(kpi_group("cost.gemeente.per_year") == "costs");
  CHECK(kpi_group("events") == "other");
}

TEST_CASE("table helpers: English numbers for the terminal, padding, wrapping") {
  CHECK(table::human(std::nan("")) == "n/a");
  CHECK(table::human(12.3456) == "12.3");
  CHECK(table::human(631000.0) == "631,000");
  CHECK(table::human(-1234567.4) == "-1,234,567");
  CHECK(table::human(2.5e12) == "2,500,000,000,000");
  CHECK(table::pad_left("7", 3) == "  7");
  CHECK(table::pad_right("7", 3) == "7  ");
  const auto lines = table::wrap("one two three four", 9, "  ");
  CHECK(lines == std::vector<std::string>{"one two", "  three", "  four"});
  CHECK(table::wrap("", 10) == std::vector<std::string>{""});
}
