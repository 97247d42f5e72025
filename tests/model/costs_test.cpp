// How provisions are paid: fixed parts whatever the use, variable parts by pupil-days (with the
// care-intensity trend), transport to the gemeente, the SWV by the pupils' level, and costs.csv adding up
// to the cost KPIs.
#include "sim/model/costs.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>

#include "sim/analysis/run_reduction.hpp"
#include "sim/model/pupil_model.hpp"
#include "sim/output/costs_csv.hpp"
#include "sim/params/csv.hpp"
#include "tests/model/model_test_support.hpp"

using namespace ozsim;

namespace {

model::RunResult run(const model::ScenarioConfig& config, std::uint32_t replication = 0) {
  model::RunOptions options;
  options.check_invariants = true;
  return model::run_replication(config, 7, replication, options);
}

// Euros per (item, kind, payer) summed over the run's years.
std::map<std::string, double> by_line(const model::RunResult& r) {
  std::map<std::string, double> euros;
  for (const model::CostLine& line : r.costs)
    euros[line.item + "/" + model::cost_kind_name(line.kind) + "/" + line.payer] += line.euros;
  return euros;
}

}  // namespace

TEST_CASE("costs: a fixed part is paid for places whether used or not") {
  // Nobody ever needs the place: the onset hazard is zero.
  model::ScenarioConfig config = test::single_provision_config(6, 4, 100.0);
  config.onset.hazard_per_year = {0.0, 0.0};
  config.provisions[0].cost = {};
  config.provisions[0].cost.per_place_year = 1000.0;
  config.provisions[0].cost.per_pupil_day = 50.0;
  config.provisions[0].cost.transport_per_pupil_day = 5.0;
  config.provisions[0].cost.payers = {{"school", 1.0}};
  const std::map<std::string, double> euros = by_line(run(config));
  CHECK(euros.at("place/fixed/school") == doctest::Approx(4 * 1000.0));
  CHECK(euros.count("place/variable/school") == 0);
  CHECK(euros.count("place/transport/gemeente") == 0);
  CHECK(euros.size() == 1);
}

TEST_CASE("costs: groups are paid whole, a started group in full") {
  model::ScenarioConfig config = test::single_provision_config(6, 9, 100.0);
  config.provisions[0].cost = {};
  config.provisions[0].cost.per_group_year = 80000.0;
  config.provisions[0].cost.group_size = 8.0;
  config.provisions[0].cost.payers = {{"school", 1.0}};
  // 9 places are two groups of 8, the second barely started.
  CHECK(by_line(run(config)).at("place/fixed/school") == doctest::Approx(2 * 80000.0));
}

TEST_CASE("costs: variable parts and transport scale with pupil-days, transport goes to the gemeente") {
  // Six pupils, two places, 100 days each: 600 pupil-days (see pupil_model_test).
  model::ScenarioConfig config = test::single_provision_config(6, 2, 100.0);
  config.provisions[0].cost = {};
  config.provisions[0].cost.per_pupil_day = 10.0;
  config.provisions[0].cost.transport_per_pupil_day = 3.0;
  config.provisions[0].cost.payers = {{"school", 1.0}};
  const std::map<std::string, double> once = by_line(run(config));
  CHECK(once.at("place/variable/school") == doctest::Approx(6000.0).epsilon(1e-4));
  CHECK(once.at("place/transport/gemeente") == doctest::Approx(1800.0).epsilon(1e-4));
  CHECK(once.count("place/transport/school") == 0);

  config.provisions[0].cost.per_pupil_day = 20.0;
  const std::map<std::string, double> twice = by_line(run(config));
  CHECK(twice.at("place/variable/school") == doctest::Approx(2.0 * once.at("place/variable/school")));
  CHECK(twice.at("place/transport/gemeente") == once.at("place/transport/gemeente"));
}

TEST_CASE("costs: the care-intensity trend multiplies the variable part from its year") {
  model::ScenarioConfig config = test::single_provision_config(6, 2, 100.0);
  config.provisions[0].cost = {};
  config.provisions[0].cost.per_pupil_day = 10.0;
  config.provisions[0].cost.payers = {{"gemeente", 1.0}};
  const double plain = by_line(run(config)).at("place/variable/gemeente");
  config.provisions[0].cost.intensity_years = {2019, 2020, 2021};
  config.provisions[0].cost.intensity_multiplier = {1.0, 1.61, 2.0};
  // The run's one school year is 2020/21.
  CHECK(by_line(run(config)).at("place/variable/gemeente") == doctest::Approx(1.61 * plain));
  config.provisions[0].cost.intensity_years = {2021};
  config.provisions[0].cost.intensity_multiplier = {3.0};
  CHECK(by_line(run(config)).at("place/variable/gemeente") == doctest::Approx(3.0 * plain));  // before: first
}

TEST_CASE("costs: swv is booked to SWV PO or SWV VO by the occupants' level, also across a birthday") {
  model::ScenarioConfig config = test::single_provision_config(6, 6, 300.0);
  config.provisions[0].cost = {};
  config.provisions[0].cost.per_pupil_day = 1.0;
  config.provisions[0].cost.payers = {{"swv", 1.0}};
  // Pupils aged 11.5 on day 0 turn 12 (po_vo_age) on day 182.5 while in the place (days 0-300).
  config.population.initial = {{11.5, 11.5 + 1e-9, 6}};
  const model::RunResult r = run(config);
  const std::map<std::string, double> euros = by_line(r);
  const double days_before = config.population.po_vo_age == 12.0 ? 182.5 : -1.0;
  REQUIRE(days_before > 0.0);
  CHECK(euros.at("place/variable/swv_po") == doctest::Approx(6 * days_before).epsilon(1e-3));
  CHECK(euros.at("place/variable/swv_vo") == doctest::Approx(6 * (300.0 - days_before)).epsilon(1e-3));
  CHECK(euros.count("place/variable/swv") == 0);
  CHECK(test::kpi(r, "cost.swv_po.2020") + test::kpi(r, "cost.swv_vo.2020") ==
        doctest::Approx(6 * 300.0).epsilon(1e-3));
}

TEST_CASE("costs: utilisation, places and pupils served per provision") {
  // Six pupils, two places, 100 days each, one school year: 600 of 730 place-days used.
  const model::RunResult r = run(test::single_provision_config(6, 2, 100.0));
  CHECK(test::kpi(r, "places.place") == doctest::Approx(2.0));
  CHECK(test::kpi(r, "utilisation.place") == doctest::Approx(600.0 / 730.0).epsilon(1e-4));
  CHECK(test::kpi(r, "served.place.per_year") == 6.0);
  CHECK(test::kpi(r, "cost_of.place.per_year") == doctest::Approx(6000.0 + 730.0).epsilon(1e-4));
}

TEST_CASE("costs.csv: its school-year rows add up to the cost KPIs, in both dialects") {
  const model::ScenarioConfig config =
      scenario::load_scenario(test::scenario_path("midden-holland.toml")).config;
  analysis::RunReduction reduction("midden-holland");
  for (std::uint32_t r = 0; r < 2; ++r) reduction.add(run(config, r));
  const analysis::ScenarioSummary summary = reduction.kpi_summary();
  for (const params::CsvDialect dialect : {params::CsvDialect::Rfc4180, params::CsvDialect::Nl}) {
    const std::string csv = output::costs_csv({{"midden-holland", &reduction.cost_lines()}}, dialect);
    std::map<std::string, double> per_payer;
    std::map<std::string, double> per_payer_calendar;
    std::size_t rows = 0;
    std::size_t start = csv.find('\n') + 1;
    while (start < csv.size()) {
      const std::size_t end = csv.find('\n', start);
      std::vector<std::string> fields;
      std::string field;
      for (char c : csv.substr(start, end - start)) {
        if (c == params::csv_separator(dialect)) {
          fields.push_back(field);
          field.clear();
        } else {
          field += c;
        }
      }
      fields.push_back(field);
      REQUIRE(fields.size() == 10);
      double euros = 0.0;
      REQUIRE(params::csv_parse_number(fields[6], dialect, euros));
      (fields[1] == "school year" ? per_payer : per_payer_calendar)[fields[3]] += euros;
      ++rows;
      start = end + 1;
    }
    CHECK(rows > 20);
    double years = 0.0;  // whole reported school years: those with a cost.total.<year> KPI
    for (const auto& [name, value] : summary.kpis)
      if (name.starts_with("cost.total.") && name != "cost.total.per_year") ++years;
    REQUIRE(years >= 2.0);
    double total = 0.0;
    for (const auto& [payer, euros] : per_payer) {
      INFO(payer);
      CHECK(euros / years ==
            doctest::Approx(summary.kpis.at("cost." + payer + ".per_year").mean).epsilon(1e-9));
      total += euros;
    }
    CHECK(total / years == doctest::Approx(summary.kpis.at("cost.total.per_year").mean).epsilon(1e-9));
    // The calendar years hold the school years' euros but the first school year's August-December and the
    // last one's January-July.
    for (const auto& [payer, euros] : per_payer_calendar) CHECK(euros < per_payer.at(payer));
    CHECK(per_payer.count("swv") == 0);
    CHECK(per_payer.count("swv_po") == 1);
    CHECK(per_payer.count("swv_vo") == 1);
  }
}
