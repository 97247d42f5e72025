// provision_costs.csv: its places used is the occupancy KPI's mean, not the product of the mean places and
// the mean utilisation, which differ where the places differ between replications.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "sim/analysis/run_reduction.hpp"
#include "sim/model/kpi_catalogue.hpp"
#include "sim/model/pupil_model.hpp"
#include "sim/output/costs_csv.hpp"
#include "sim/report/output_folder.hpp"
#include "sim/scenario/scenario.hpp"

using namespace ozsim;

namespace {

std::string kpi(model::KpiId id, const std::string& provision) {
  return model::kpi_catalogue().name(id, {.provision = provision});
}

analysis::Summary mean_of(double mean) {
  analysis::Summary s;
  s.n = 2;
  s.mean = mean;
  return s;
}

}  // namespace

TEST_CASE(
    "provision_costs.csv: places used is the occupancy KPI's mean, and the cost per used place follows") {
  // Two replications: 10 places used at 80%, then 30 places at 40%. Used: 8 and 12, mean 10; the product
  // of the means, 20 x 60%, would say 12.
  const output::KpiMeans kpis = {{kpi(model::KpiId::PlacesPerYear, "sbo"), mean_of(20.0)},
                                 {kpi(model::KpiId::Utilisation, "sbo"), mean_of(0.6)},
                                 {kpi(model::KpiId::Occupancy, "sbo"), mean_of(10.0)},
                                 {kpi(model::KpiId::ServedPerYear, "sbo"), mean_of(25.0)},
                                 {kpi(model::KpiId::CostOfItemPerYear, "sbo"), mean_of(500000.0)}};
  const report::CsvTable csv = report::parse_csv(output::provision_costs_csv({{"s", &kpis}}));
  REQUIRE(csv.rows.size() == 1);
  CHECK(csv.number(0, csv.column("places")) == 20.0);
  CHECK(csv.number(0, csv.column("places_used")) == 10.0);
  CHECK(csv.number(0, csv.column("utilisation_percent")) == 60.0);
  CHECK(csv.number(0, csv.column("euros_per_used_place_year")) == 50000.0);
  CHECK(csv.number(0, csv.column("euros_per_pupil_served")) == 20000.0);
}

TEST_CASE("provision_costs.csv: places used equals occupancy.<provision> of a run whose places vary") {
  const model::ScenarioConfig config =
      scenario::load_scenario(std::string(OZSIM_SOURCE_DIR) + "/scenarios/two-regions.toml").config;
  analysis::RunReduction reduction(config.name);
  for (std::uint32_t r = 0; r < 5; ++r) reduction.add(model::run_replication(config, 1, r, {}));
  const analysis::ScenarioSummary summary = reduction.kpi_summary();
  const report::CsvTable csv = report::parse_csv(output::provision_costs_csv({{config.name, &summary.kpis}}));
  REQUIRE(!csv.rows.empty());
  std::size_t varying = 0;  // provisions whose places differ between replications, where the fix shows
  for (std::size_t r = 0; r < csv.rows.size(); ++r) {
    const std::string& provision = csv.rows[r][static_cast<std::size_t>(csv.column("provision"))];
    INFO(provision);
    CHECK(csv.number(r, csv.column("places_used")) ==
          summary.kpis.at(kpi(model::KpiId::Occupancy, provision)).mean);
    if (summary.kpis.at(kpi(model::KpiId::PlacesPerYear, provision)).sd > 0.0) ++varying;
  }
  CHECK(varying > 0);
}
