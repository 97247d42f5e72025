// compare's cost-effectiveness on the tiny scenario with a catchment outside the region: the ratios and the
// net monetary benefit count the region's payers only, and the catchment's budget change is reported apart
// (in the terminal, cost_effectiveness.csv and compare.json), adding up with them to the all-payers budget.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/analysis/compare.hpp"
#include "sim/model/run.hpp"
#include "sim/output/compare_output.hpp"
#include "sim/scenario/scenario.hpp"

using namespace ozsim;

TEST_CASE("compare: a catchment's cost is kept out of the cost per unit averted and reported apart") {
  // tiny.toml's OOV (3 places) also takes 12 referrals a year from "elders"; the alternative doubles the
  // places, which lets more of both the region's pupils and the catchment's referrals in, so both budgets
  // change.
  const std::string tiny = std::string(OZSIM_SOURCE_DIR) + "/scenarios/tiny.toml";
  const std::vector<std::string> catchment = {
      "provisions.oov.catchment.name=\"elders\"",
      "provisions.oov.catchment.referrals=[{ year = 2016, count = 12 }]"};
  std::vector<std::string> more_places = catchment;
  more_places.push_back("provisions.oov.capacity=6");
  const scenario::LoadedScenario base = scenario::load_scenario(tiny, catchment);
  const scenario::LoadedScenario alt = scenario::load_scenario(tiny, more_places);
  analysis::ReplicationSettings settings;
  settings.replications = 12;
  settings.threads = 2;
  const std::vector<const model::ScenarioConfig*> configs = {&base.config, &alt.config};
  analysis::EconomicsOptions economics;
  economics.value_per_home_month = 5000.0;
  const analysis::Comparison comparison = analysis::run_comparison(
      {"base", "more_places"}, settings,
      [&](std::size_t s, std::uint32_t r) { return model::run_replication(*configs[s], 5, r); }, 5,
      economics);
  REQUIRE(comparison.alternatives.size() == 1);
  const analysis::AltComparison& a = comparison.alternatives[0];
  const analysis::CostEffectiveness& ce = a.cost_effectiveness;
  REQUIRE(ce.catchment_payers == std::vector<std::string>{"elders"});
  REQUIRE(ce.catchment_incremental_cost.n == 12);
  CHECK(ce.catchment_incremental_cost.mean != 0.0);

  // Region + catchment = all payers, per discounted year as the budget's present value.
  double factor_sum = 0.0;
  for (int year : a.budget.years)
    factor_sum += analysis::discount_factor(a.budget.discount_rate, year, a.budget.first_year);
  const auto all_years = [&](const std::string& payer) {
    for (const auto& row : a.budget.rows)
      if (row.payer == payer && !row.year) return row.discounted.diff.mean / factor_sum;
    FAIL("no all-years row for " << payer);
    return 0.0;
  };
  const double region = ce.rows[0].incremental_cost.mean;
  CHECK(region + ce.catchment_incremental_cost.mean == doctest::Approx(all_years(analysis::ALL_PAYERS)));
  CHECK(ce.catchment_incremental_cost.mean == doctest::Approx(all_years("elders")));
  CHECK(region != doctest::Approx(all_years(analysis::ALL_PAYERS)));
  // The net monetary benefit prices the region's home-months against the region's cost.
  CHECK(ce.net_monetary_benefit.mean ==
        doctest::Approx(5000.0 * ce.rows[0].averted.mean - region).epsilon(1e-9));

  // Reported apart: one line in the terminal, one row in cost_effectiveness.csv, a field in compare.json.
  const std::string text = output::format_comparison(comparison);
  CHECK(text.find("catchment budget: elders, not in the ratios: ") != std::string::npos);
  const std::string csv = output::cost_effectiveness_csv(comparison);
  CHECK(csv.find("\nmore_places,catchment budget: elders,,,,,,") != std::string::npos);
  const auto json = nlohmann::json::parse(output::comparison_json(comparison));
  const auto& field = json["alternatives"][0]["cost_effectiveness"]["catchment_payers"];
  CHECK(field["payers"] == nlohmann::json::array({"elders"}));
  CHECK(field["incremental_cost_per_year"]["mean"].get<double>() ==
        doctest::Approx(ce.catchment_incremental_cost.mean));
}
