// sweep: --set parsing, the grid order, running points and sweep.csv.
#include "sim/analysis/sweep.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/output/sweep_output.hpp"
#include "sim/params/input_error.hpp"
#include "sim/scenario/scenario.hpp"

using namespace ozsim::analysis;
using namespace ozsim::output;

TEST_CASE("parse_sweep_set splits values outside brackets and quotes") {
  const SweepAxis axis = parse_sweep_set(" interventions.opbouw.places = 10, 15 ,20");
  CHECK(axis.key == "interventions.opbouw.places");
  CHECK(axis.values == std::vector<std::string>{"10", "15", "20"});
  CHECK(parse_sweep_set("a=[1, 2],[3,4]").values == std::vector<std::string>{"[1, 2]", "[3,4]"});
  CHECK(parse_sweep_set("rule=\"fifo\",\"a,b\",'x,y'").values ==
        std::vector<std::string>{"\"fifo\"", "\"a,b\"", "'x,y'"});
  CHECK(parse_sweep_set("d={ dist = \"fixed\", value = 3 }").values.size() == 1);
  CHECK(parse_sweep_set("single=7").values == std::vector<std::string>{"7"});
}

TEST_CASE("parse_sweep_set rejects malformed options with the option in the message") {
  CHECK_THROWS_WITH_AS(parse_sweep_set("places"), "--set 'places': expected KEY=V1,V2,...",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_sweep_set("=1,2"), "--set '=1,2': the key is empty", std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_sweep_set("a="), "--set 'a=': value 1 is empty", std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_sweep_set("a=1,,2"), "--set 'a=1,,2': value 2 is empty", std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_sweep_set("a=1,2,"), "--set 'a=1,2,': value 3 is empty", std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_sweep_set("a=1,2,1"), "--set 'a=1,2,1': value '1' is given twice",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_sweep_set("a=[1,2"), "--set 'a=[1,2': unbalanced brackets",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_sweep_set("a=1]"), "--set 'a=1]': unbalanced ']'", std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_sweep_set("a=\"x,y"), "--set 'a=\"x,y': unterminated string",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_sweep_sets({"a=1", "b=2", "a=3"}),
                       "--set: key 'a' is given twice; list all its values in one --set",
                       std::invalid_argument);
}

TEST_CASE("sweep_grid is the cartesian product with the first --set varying slowest") {
  const auto axes = parse_sweep_sets({"a=1,2", "b=x,y,z"});
  const auto grid = sweep_grid(axes);
  REQUIRE(grid.size() == 6);
  const std::vector<std::string> expected = {"a=1, b=x", "a=1, b=y", "a=1, b=z",
                                             "a=2, b=x", "a=2, b=y", "a=2, b=z"};
  for (std::size_t i = 0; i < grid.size(); ++i) {
    CHECK(grid[i].index == i);
    CHECK(describe_point(grid[i]) == expected[i]);
  }
  CHECK(grid[4].overrides == Overrides{{"a", "2"}, {"b", "y"}});
  const auto none = sweep_grid({});
  REQUIRE(none.size() == 1);
  CHECK(none[0].overrides.empty());
  CHECK(describe_point(none[0]) == "no overrides");
  std::vector<SweepAxis> huge(6, SweepAxis{"k", std::vector<std::string>(10, "1")});
  for (std::size_t i = 0; i < huge.size(); ++i) huge[i].key += std::to_string(i);
  CHECK_THROWS_AS(sweep_grid(huge), std::invalid_argument);
}

namespace {

// A point's KPI is the sum of its numeric overrides plus the replication number.
PointRunner prepare_sum(const SweepPoint& point) {
  double sum = 0.0;
  for (const auto& [key, value] : point.overrides) {
    if (value == "oops") throw std::invalid_argument("key '" + key + "': expected a number, found oops");
    sum += std::stod(value);
  }
  return [sum](std::uint32_t replication) {
    ozsim::model::RunResult result;
    result.kpis["total"] = sum + replication;
    result.kpis["constant"] = 1.0;
    return result;
  };
}

}  // namespace

TEST_CASE("run_sweep runs every point and writes sweep.csv, identical for any thread count") {
  const auto axes = parse_sweep_sets({"a=1,2", "b=10,20"});
  const SweepResult one = run_sweep(axes, prepare_sum, {3, 1, true}, 5);
  const SweepResult two = run_sweep(axes, prepare_sum, {3, 2, true}, 5);
  REQUIRE(one.points.size() == 4);
  CHECK(one.points[3].summary.kpis.at("total").mean == 23.0);
  CHECK(one.points[1].summary.kpis.at("total").n == 3);
  const std::string csv = sweep_csv(one);
  CHECK(csv == sweep_csv(two));
  CHECK(csv.starts_with("point,a,b,kpi,unit,mean,lo95,hi95,n\n0,1,10,constant,,1,1,1,3\n0,1,10,total,,12,"));
  CHECK(csv.find("\n3,2,20,total,,23,") != std::string::npos);

  const std::string text = format_sweep(one, {"total", "absent"});
  CHECK(text.starts_with("point 0: a=1, b=10\n    total        12.0  [9.52, 14.5]\npoint 1: a=1, b=20\n"));
  CHECK(text.find("absent") == std::string::npos);

  const auto dir =
      std::filesystem::temp_directory_path() / ("ozsim_test_sweep_" + std::to_string(::getpid()));
  const std::string path = write_sweep_csv(one, dir.string());
  CHECK(path == (dir / "sweep.csv").string());
  CHECK(std::filesystem::file_size(path) == csv.size());
  std::filesystem::remove_all(dir);
}

TEST_CASE("sweep's terminal table names each KPI by its catalogue label and unit, as compare's does") {
  // Found by `ozsim sweep scenarios/tiny.toml --set simulation.years=8,9`: each line began with the code
  // (home.months.per_year), with no unit, where compare's table says "Months at home per year (months per
  // year)".
  const PointRunner months = [](std::uint32_t replication) {
    ozsim::model::RunResult result;
    result.kpis["home.months.per_year"] = 30.0 + replication;
    result.kpis["wait_days.a_provision_with_a_long_name_that_does_not_fit.mean"] = 5.0;
    result.kpis["total"] = 1.0;
    return result;
  };
  const SweepResult sweep = run_sweep(
      parse_sweep_sets({"a=1"}), [&](const SweepPoint&) { return months; }, {3, 1, true}, 5);
  const std::string text = format_sweep(
      sweep,
      {"home.months.per_year", "wait_days.a_provision_with_a_long_name_that_does_not_fit.mean", "total"}, 80);
  CHECK(text ==
        "point 0: a=1\n"
        "    Months at home per year (months per year)        31.0  [28.6, 33.6]\n"
        "    Wait for a provision with a long name that does not fit (days)\n"
        "                                                      5.0  [5.0, 5.0]\n"
        "    total                                             1.0  [1.0, 1.0]\n"
        "Mean and 95% interval over 3 replications per point; every KPI is in sweep.csv.\n");
}

TEST_CASE("sweep.csv in the nl dialect: a swept number has the decimal comma, as every other number") {
  // Found by `ozsim sweep ... --set population.mbo_entree_share=0.05,0.1 --csv-dialect nl`: the key's
  // column held 0.05 beside 0,76 in the same row, which a Dutch spreadsheet reads as text or a date.
  const auto axes = parse_sweep_sets({"a=0.5,2", "b=true"});
  const SweepResult result = run_sweep(
      axes,
      [](const SweepPoint& point) -> PointRunner {
        const double a = std::stod(point.overrides.at(0).second);
        return [a](std::uint32_t replication) {
          ozsim::model::RunResult r;
          r.kpis["total"] = a + replication;
          return r;
        };
      },
      {2, 1, true}, 5);
  const std::string nl = sweep_csv(result, ozsim::params::CsvDialect::Nl);
  CHECK(nl.find("\n0;0,5;true;total;;1;") != std::string::npos);
  CHECK(nl.find("\n1;2;true;total;;2,5;") != std::string::npos);
  // The rfc4180 file keeps the decimal point, and a value that is no number (true) is written as given.
  CHECK(sweep_csv(result).find("\n0,0.5,true,total,,1,") != std::string::npos);
}

TEST_CASE("run_sweep names the point when preparing or running fails") {
  const auto axes = parse_sweep_sets({"a=1,oops,3"});
  CHECK_THROWS_WITH_AS(run_sweep(axes, prepare_sum, {2, 1, true}, 1),
                       "sweep point 1 (a=oops): key 'a': expected a number, found oops", std::runtime_error);
  auto failing = [](const SweepPoint& point) -> PointRunner {
    return [index = point.index](std::uint32_t replication) -> ozsim::model::RunResult {
      if (index == 2 && replication == 1) throw std::runtime_error("queue overflow");
      return {};
    };
  };
  CHECK_THROWS_WITH_AS(run_sweep(parse_sweep_sets({"a=1,2,3"}), failing, {2, 2, true}, 1),
                       "scenario 'sweep point 2 (a=3)', replication 1: queue overflow", ReplicationError);
}

TEST_CASE("run_sweep lets input errors from preparing a point through unchanged") {
  auto bad_value = [](const SweepPoint&) -> PointRunner {
    throw ozsim::params::InputError(ozsim::params::SourceLocation{"--set", 0, 0}, "provisions.oov.capacity",
                                    "an integer >= 0", "-3");
  };
  CHECK_THROWS_AS(run_sweep(parse_sweep_sets({"provisions.oov.capacity=-3"}), bad_value, {1, 1, true}, 1),
                  ozsim::params::InputError);
}

TEST_CASE(
    "sweep --baseline: paired differences on common random numbers, exactly 0 at the baseline's value") {
  // tiny.toml has provisions.oov.capacity = 3: the point 3 is the baseline itself, run on the same seeds.
  const std::string tiny = std::string(OZSIM_SOURCE_DIR) + "/scenarios/tiny.toml";
  const ozsim::scenario::LoadedScenario base = ozsim::scenario::load_scenario(tiny);
  const auto prepare = [&](const SweepPoint& point) -> PointRunner {
    ozsim::params::ParamTree tree = base.tree;
    for (const auto& [key, value] : point.overrides) tree.set_override(key, value);
    auto config = std::make_shared<const ozsim::model::ScenarioConfig>(ozsim::scenario::build_config(tree));
    return [config](std::uint32_t r) { return ozsim::model::run_replication(*config, 9, r); };
  };
  auto baseline_config = std::make_shared<const ozsim::model::ScenarioConfig>(base.config);
  const PointRunner baseline = [baseline_config](std::uint32_t r) {
    return ozsim::model::run_replication(*baseline_config, 9, r);
  };
  const SweepResult result =
      run_sweep(parse_sweep_sets({"provisions.oov.capacity=0,3"}), prepare, {4, 2, true}, 9, baseline);
  REQUIRE(result.has_baseline);
  REQUIRE(result.points.size() == 2);
  const SweepPointResult& same = result.points[1];
  REQUIRE(!same.differences.empty());
  for (const auto& [kpi, diff] : same.differences) {
    INFO(kpi);
    if (diff.n == 0) continue;  // a sparse flow absent from every replication of both
    CHECK(diff.mean == 0.0);
    CHECK(diff.lo95 == 0.0);
    CHECK(diff.hi95 == 0.0);
  }
  // Without OOV places the cost and the waits differ: the differences are real, not zeros by construction.
  bool any_nonzero = false;
  for (const auto& [kpi, diff] : result.points[0].differences) any_nonzero = any_nonzero || diff.mean != 0.0;
  CHECK(any_nonzero);
  // A difference's interval is the paired Student-t one, mean +- t se, whatever the KPI's own range: a
  // count's difference can be negative, so its interval is not drawn on the log scale of the count.
  bool any_interval = false;
  for (const auto& [kpi, diff] : result.points[0].differences) {
    if (diff.n < 2 || diff.lo95 == diff.hi95) continue;
    INFO(kpi);
    any_interval = true;
    CHECK(diff.mean - diff.lo95 == doctest::Approx(diff.hi95 - diff.mean).epsilon(1e-9));
  }
  CHECK(any_interval);
  const std::string csv = sweep_csv(result);
  CHECK(csv.starts_with(
      "point,provisions.oov.capacity,kpi,unit,mean,lo95,hi95,n,diff_mean,diff_lo95,diff_hi95\n"));
  CHECK(csv.find("\n1,3,cost.total.per_year,") != std::string::npos);
}
