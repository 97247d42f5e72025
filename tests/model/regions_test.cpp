// A scenario of several regions (model::RegionConfig): each region's pupils use their own region's places; a
// place in a neighbouring region only as [cross_region] allows, only where that region has one free with
// nobody waiting, and at a travel cost to the pupil's region. Every run here checks the invariants after
// each event, per region too.
#include "sim/model/regions.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "model_test_support.hpp"
#include "sim/model/costs.hpp"
#include "sim/params/input_error.hpp"

using namespace ozsim;

namespace {

// Two regions of 20 pupils each, every pupil needing the one place within a second of the start, for
// `stay_days`. Region a has 5 places, region b `b_places`; a's pupils may look to b after 10 days (and every
// 10 days after that).
model::ScenarioConfig two_regions(std::int64_t b_places, bool cross, double stay_days = 100.0) {
  model::ScenarioConfig written = test::single_provision_config(20, 5, stay_days);
  model::RegionPlan plan;
  model::RegionSpec a;
  a.name = "a";
  a.neighbours = {"b"};
  model::RegionSpec b;
  b.name = "b";
  b.capacity["place"] = b_places;
  plan.regions = {a, b};
  plan.cross_region.enabled = cross;
  plan.cross_region.after_days = 10.0;
  plan.cross_region.travel_cost_per_pupil_day = 10.0;
  return model::divide_into_regions(written, plan);
}

double travel_cost(const model::RunResult& r, const std::string& region) {
  double euros = 0.0;
  for (const model::CostLine& line : r.costs)
    if (line.item == model::CROSS_REGION_TRAVEL_ITEM && line.region == region) {
      CHECK(line.payer == "gemeente");
      euros += line.euros;
    }
  return euros;
}

// Regions a and b of the written scenario, b at `b_scale`.
model::RegionPlan regions_a_and_b(double b_scale = 1.0) {
  model::RegionPlan plan;
  plan.regions.resize(2);
  plan.regions[0].name = "a";
  plan.regions[1].name = "b";
  plan.regions[1].scale = b_scale;
  return plan;
}

}  // namespace

TEST_CASE("regions: each region gets its own copy of a provision, scaled, with its own figure where given") {
  const model::ScenarioConfig c = two_regions(40, false);
  REQUIRE(c.provisions.size() == 2);
  CHECK(c.provisions[0].name == "place@a");
  CHECK(c.provisions[0].capacity == 5);
  CHECK(c.provisions[1].name == "place@b");
  CHECK(c.provisions[1].capacity == 40);
  CHECK(c.kind_of(1) == 0);
  CHECK(c.serves_region(0, 0));
  CHECK_FALSE(c.serves_region(0, 1));
  REQUIRE(c.regions.size() == 2);
  CHECK(c.regions[0].initial.front().count == 20);
  CHECK(c.population.initial.front().count == 40);  // the sum, for what reads the scenario's totals
}

TEST_CASE("regions: with its own region full, a pupil takes a free place next door only when allowed") {
  SUBCASE("allowed: a's 15 waiting pupils cross to b after 10 days, and a pays their travel") {
    const model::RunResult r = test::run_checked(two_regions(40, true), 3);
    CHECK(test::kpi(r, "region.a.placed_elsewhere.per_year") == 15.0);
    CHECK(test::kpi(r, "region.b.placed_elsewhere.per_year") == 0.0);
    // 15 pupils x 100 days x 10 euros, to a's gemeente; b's pupils travel nowhere.
    CHECK(travel_cost(r, "a") == doctest::Approx(15.0 * 100.0 * 10.0));
    CHECK(travel_cost(r, "b") == 0.0);
    CHECK(test::kpi(r, "region.a.out_of_region") == doctest::Approx(15.0 * 100.0 / model::DAYS_PER_YEAR));
    CHECK(test::kpi(r, "cost_of.cross_region_travel.per_year") == doctest::Approx(15000.0));
    // They waited at home the 10 days, not the 100 until a's own places free.
    CHECK(test::kpi(r, "home.spells") == 15.0);
    CHECK(test::kpi(r, "home.mean_days") == doctest::Approx(10.0).epsilon(1e-6));
  }
  SUBCASE("not allowed: nobody crosses, a's pupils wait for a's own places, and no travel is booked") {
    const model::RunResult r = test::run_checked(two_regions(40, false), 3);
    CHECK(test::kpi(r, "region.a.placed_elsewhere.per_year") == 0.0);
    CHECK(test::kpi(r, "region.a.out_of_region") == 0.0);
    CHECK(travel_cost(r, "a") == 0.0);
    CHECK(test::kpi(r, "home.mean_days") > 99.0);
  }
  // Stays longer than the year: nobody's place frees before the horizon.
  SUBCASE("allowed, but b is full with its own pupils: a full neighbouring region is a real constraint") {
    const model::RunResult r = test::run_checked(two_regions(20, true, 1000.0), 3);
    CHECK(test::kpi(r, "region.a.placed_elsewhere.per_year") == 0.0);
    CHECK(travel_cost(r, "a") == 0.0);
  }
  SUBCASE("allowed, with room for some: b takes only as many as it has free places") {
    const model::ScenarioConfig c = two_regions(26, true, 1000.0);
    const model::RunResult r = test::run_checked(c, 3);
    CHECK(test::kpi(r, "region.a.placed_elsewhere.per_year") == 6.0);
    // From day 10 to the end of the one simulated year.
    const double horizon = model::SchoolCalendar(c.simulation).horizon_day();
    CHECK(travel_cost(r, "a") == doctest::Approx(6.0 * (horizon - 10.0) * 10.0).epsilon(1e-6));
  }
}

TEST_CASE("regions: a region that uses another's provision shares one pool, and its pupils travel nowhere") {
  model::ScenarioConfig written = test::single_provision_config(20, 5, 100.0);
  model::RegionPlan plan = regions_a_and_b(0.5);
  plan.regions[1].uses["place"] = "a";
  const model::ScenarioConfig c = model::divide_into_regions(written, plan);
  REQUIRE(c.provisions.size() == 1);
  CHECK(c.provisions[0].name == "place@a");
  CHECK(c.provisions[0].capacity == 8);  // 5 x (1 + 0.5), rounded
  CHECK(c.serves_region(0, 1));
  const model::RunResult r = test::run_checked(c, 5);
  CHECK(test::kpi(r, "region.b.out_of_region") == 0.0);
  CHECK(test::kpi(r, "served.place@a.per_year") == 30.0);  // 20 + 10 pupils
}

TEST_CASE("regions: the regions' counts and costs add up to the scenario's") {
  const model::RunResult r = test::run_checked(two_regions(26, true, 1000.0), 11);
  for (const std::string setting : {"attending", "oov", "thuiszitter"})
    CHECK(test::kpi(r, "region.a.count." + setting) + test::kpi(r, "region.b.count." + setting) ==
          test::kpi(r, "count." + setting));
  CHECK(test::kpi(r, "region.a.no_education.months.per_year") +
            test::kpi(r, "region.b.no_education.months.per_year") ==
        doctest::Approx(test::kpi(r, "no_education.months.per_year")));
  double regional = 0.0;
  double total = 0.0;
  for (const model::CostLine& line : r.costs) {
    total += line.euros;
    if (!line.region.empty()) regional += line.euros;
  }
  CHECK(regional == doctest::Approx(total));  // no shared provision, no programme
  CHECK(test::kpi(r, "region.a.cost.total.per_year") + test::kpi(r, "region.b.cost.total.per_year") ==
        doctest::Approx(test::kpi(r, "cost.total.per_year")));
  // Moves and monthly counts by region add up to the scenario's.
  for (const std::string flow :
       {"flow.attending.oov.per_year", "flow.oov.exit_moved.per_year", "flow.attending.thuiszitter.per_year"})
    CHECK(test::kpi_or_zero(r, "region.a." + flow) + test::kpi_or_zero(r, "region.b." + flow) ==
          doctest::Approx(test::kpi_or_zero(r, flow)));
  const auto column = [&r](const std::string& name) {
    const auto at = std::find(r.series_names.begin(), r.series_names.end(), name);
    REQUIRE(at != r.series_names.end());
    return static_cast<std::size_t>(at - r.series_names.begin());
  };
  for (const std::vector<double>& month : r.series_values)
    CHECK(month[column("oov@a")] + month[column("oov@b")] == month[column("oov")]);
}

TEST_CASE("regions: a plan that does not fit is refused with the region and name that do not fit") {
  model::ScenarioConfig written = test::single_provision_config(20, 5, 100.0);
  model::RegionPlan plan = regions_a_and_b();
  plan.regions[0].neighbours = {"c"};
  CHECK_THROWS_WITH_AS(model::divide_into_regions(written, plan),
                       "region a neighbours: 'c' is no region of the scenario", std::invalid_argument);
  plan.regions[0].neighbours.clear();
  plan.shared = {"place"};
  plan.regions[1].capacity["place"] = 3;
  CHECK_THROWS_WITH_AS(model::divide_into_regions(written, plan),
                       doctest::Contains("region b gives places of place, but one pool serves every region"),
                       std::invalid_argument);
  plan.shared.clear();
  plan.regions[1].capacity.clear();
  plan.regions[1].uses["place"] = "a";
  plan.regions[0].uses["place"] = "b";
  CHECK_THROWS_AS(model::divide_into_regions(written, plan), std::invalid_argument);
}

TEST_CASE("regions: the bundled two-region scenario file loads, runs and reports every region") {
  const scenario::LoadedScenario loaded = scenario::load_scenario(test::scenario_path("two-regions.toml"));
  const model::ScenarioConfig& c = loaded.config;
  REQUIRE(c.regions.size() == 2);
  CHECK(c.provision_index("oov@midden_holland") >= 0);
  CHECK(c.provision_index("oov@rijnstreek") < 0);  // Rijnstreek uses Midden-Holland's OOV
  const model::RunResult r = test::run_checked(c, 1);
  for (const std::string region : {"midden_holland", "rijnstreek"}) {
    CHECK(test::kpi(r, "region." + region + ".count.attending") > 0.0);
    CHECK(test::kpi(r, "region." + region + ".cost.total.per_year") > 0.0);
  }
  CHECK(test::kpi(r, "region.midden_holland.count.attending") +
            test::kpi(r, "region.rijnstreek.count.attending") ==
        test::kpi(r, "count.attending"));
}

TEST_CASE("regions: a scenario file's region mistakes get one message with file, line and key") {
  const std::string base = "base = \"tiny.toml\"\n";
  const auto expect_error = [](const std::string& text, const std::string& part) {
    std::string message = "(no error)";
    try {
      scenario::build_config(
          params::ParamTree::parse_string(text, std::string(OZSIM_SOURCE_DIR) + "/scenarios/bad.toml"));
    } catch (const params::InputError& e) {
      message = e.what();
    }
    CHECK_MESSAGE(message.find(part) != std::string::npos, message);
  };
  const std::string second = "[[regions]]\nname = \"b\"\nscale = 1.0\n";
  expect_error(base + "[[regions]]\nname = \"a\"\nscale = 1.0\nneighbours = [\"x\"]\n" + second,
               "bad.toml:5:14: key 'regions.0.neighbours': expected names of other regions, found 'x'");
  expect_error(base + "[[regions]]\nname = \"A b\"\nscale = 1.0\n" + second,
               "key 'regions.0.name': expected one lowercase word");
  expect_error(base + "[[regions]]\nname = \"a\"\nscale = 1.0\ncapacity = { opvang = 3 }\n" + second,
               "key 'regions.0.capacity.opvang': expected a provision of the scenario");
  expect_error(base + "[[regions]]\nname = \"a\"\nscale = 0\n" + second, "key 'regions.0.scale'");
  expect_error(base + "[[regions]]\nname = \"a\"\nscale = 1.0\nuses = { oov = \"a\" }\n" + second,
               "key 'regions.0.uses.oov': expected the name of another region, found 'a'");
  expect_error(
      base +
          "[[regions]]\nname = \"a\"\nscale = 1.0\ninitial = [{ age_from = 5.0, age_to = 25.0, count = 3 "
          "}]\n" +
          second,
      "key 'regions.0.initial.0.age_to': expected an age above age_from and at most population.max_age");
  expect_error(base + "[cross_region]\nenabled = true\n",
               "key 'cross_region.enabled': expected [[regions]] rows for it to apply to");
}

TEST_CASE("regions: a region with its own pupils by age has those, and the scenario's totals add them up") {
  model::ScenarioConfig written = test::single_provision_config(20, 5, 100.0);
  model::RegionPlan plan = regions_a_and_b();
  plan.regions[1].initial = {{12.0, 13.0, 7}, {10.0, 10.0 + 1e-9, 3}};
  const model::ScenarioConfig c = model::divide_into_regions(written, plan);
  REQUIRE(c.regions[1].initial.size() == 2);
  CHECK(c.regions[1].initial[0].count == 7);
  // a's 20 and b's 3 in the written band, b's 7 in a band of its own.
  REQUIRE(c.population.initial.size() == 2);
  CHECK(c.population.initial[0].count == 23);
  CHECK(c.population.initial[1].count == 7);
  const model::RunResult r = test::run_checked(c, 2);
  CHECK(r.pupils == 30);
}
