#include "calibration/bridge/spec_files.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace ozsim::calibration;

namespace {

std::string targets_error(const std::string& text) {
  try {
    parse_targets_string(text, "targets.toml");
  } catch (const std::exception& e) {
    return e.what();
  }
  return "no error";
}

std::string priors_error(const std::string& text) {
  try {
    parse_priors_string(text, "priors.toml");
  } catch (const std::exception& e) {
    return e.what();
  }
  return "no error";
}

const char* kGoodTarget = R"([[target]]
name = "a"
kpi = "count.a"
observed = 30
std_error = 5.5
)";

}  // namespace

TEST_CASE("calibration: a targets file reads into targets") {
  const auto t = parse_targets_string(std::string(kGoodTarget) + R"(
[[target]]
name = "b"
kpi = "count.b.2020"
observed = 185
range = [170, 200]
period = "2020"
weight = 2
group = "dagbesteding"
)",
                                      "targets.toml");
  REQUIRE(t.size() == 2);
  CHECK(t[0].name == "a");
  CHECK(t[0].sigma == 5.5);
  CHECK(t[0].weight == 1.0);
  CHECK(t[1].kpi == "count.b.2020");
  CHECK(t[1].sigma == doctest::Approx(30.0 / 3.92));
  CHECK(t[1].range->first == 170.0);
  CHECK(t[1].period == "2020");
  CHECK(t[1].weight == 2.0);
  CHECK(t[1].group == "dagbesteding");
}

TEST_CASE("calibration: malformed targets files give precise messages") {
  const std::string head = "[[target]]\nname = \"a\"\nkpi = \"count.a\"\n";
  for (
      const auto& [text, expected] : std::vector<std::pair<std::string, std::string>>{
          {"", R"m(targets.toml: key 'target': expected at least one [[target]] table, found none)m"},
          {"[target]\nname = \"a\"\n",
           R"m(targets.toml:2:1: key 'target': expected an array of tables ([[target]]), found a table)m"},
          {head + "std_error = 3\n",
           R"m(targets.toml:2:1: key 'target.0.observed': expected a number (the observed value), found nothing (this [[target]] has no 'observed'))m"},
          {head + "obsreved = 3\nstd_error = 3\n",
           R"m(targets.toml:2:1: key 'target.0.observed': expected a number (the observed value), found nothing (this [[target]] has no 'observed'; is 'obsreved' a misspelling?))m"},
          {head + "observed = 3\nstd_error = 0\n",
           R"m(targets.toml:5:13: key 'target.0.std_error': expected a number > 0, found 0)m"},
          {head + "observed = 3\nstd_error = 1\nweight = -1\n",
           R"m(targets.toml:6:10: key 'target.0.weight': expected a number >= 0, found -1)m"},
          {head + "observed = \"30\"\nstd_error = 1\n",
           R"m(targets.toml:4:12: key 'target.0.observed': expected a number, found a string "30")m"},
          {head + "observed = 3\n",
           R"m(targets.toml:2:8: key 'target.0.name': expected exactly one of 'std_error' and 'range' per target, found neither)m"},
          {head + "observed = 3\nstd_error = 1\nrange = [1, 5]\n",
           R"m(targets.toml:6:9: key 'target.0.range': expected exactly one of 'std_error' and 'range' per target, found both)m"},
          {head + "observed = 3\nrange = [5, 1]\n",
           R"m(targets.toml:5:9: key 'target.0.range': expected [low, high] with low < high, found [5, 1])m"},
          {head + "observed = 30\nrange = [5, 10]\n",
           R"m(targets.toml:5:9: key 'target.0.range': expected a range containing the observed value 30, found [5, 10])m"},
          {std::string(kGoodTarget) + "\n" + kGoodTarget,
           R"m(targets.toml:8:8: key 'target.1.name': expected a name not used by another target, found "a", already used at targets.toml:2:8)m"},
          {std::string(kGoodTarget) + "colour = \"red\"\n",
           R"m(targets.toml:6:1: unknown key 'target.0.colour')m"},
          {std::string(kGoodTarget) + "[extra]\nx = 1\n", R"m(targets.toml:7:1: unknown key 'extra.x')m"},
          // Found by fuzz/fuzz_targets_file: an empty KPI name was accepted.
          {"[[target]]\nname = \"a\"\nkpi = \"\"\nobserved = 3\nstd_error = 1\n",
           R"m(targets.toml:3:7: key 'target.0.kpi': expected a non-empty KPI name, found "")m"},
      }) {
    CAPTURE(text);
    CHECK(targets_error(text) == expected);
  }
}

TEST_CASE("calibration: malformed priors files give precise messages") {
  const std::string p = "[[parameter]]\nkey = \"x.y\"\n";
  for (
      const auto& [text, expected] : std::vector<std::pair<std::string, std::string>>{
          {p + "prior = \"lognormal\"\nparams = [1, 2]\n",
           R"m(priors.toml:3:9: key 'parameter.0.prior': expected one of "uniform", "log-uniform", "normal", "truncated-normal", "beta", found a string "lognormal")m"},
          {p + "prior = \"uniform\"\nparams = [2, 1]\n",
           R"m(priors.toml:4:10: key 'parameter.0.params': expected [low, high] for a uniform prior, found [2, 1]: low (2) must be less than high (1))m"},
          {p + "prior = \"normal\"\nparams = [2, 0]\n",
           R"m(priors.toml:4:10: key 'parameter.0.params': expected [mean, sd] for a normal prior, found [2, 0]: sd (0) must be positive)m"},
          {p + "prior = \"normal\"\nparams = [2]\n",
           R"m(priors.toml:4:10: key 'parameter.0.params': expected [mean, sd] for a normal prior, found [2])m"},
          {p + "prior = \"log-uniform\"\nparams = [0, 1]\n",
           R"m(priors.toml:4:10: key 'parameter.0.params': expected [low, high] with 0 < low for a log-uniform prior, found [0, 1]: low (0) must be positive for a log-uniform prior)m"},
          {p + "prior = \"beta\"\nparams = [2, 2, 1, 1]\n",
           R"m(priors.toml:4:10: key 'parameter.0.params': expected [alpha, beta] or [alpha, beta, low, high] for a beta prior, found [2, 2, 1, 1]: low (1) must be less than high (1))m"},
          {p + "prior = \"uniform\"\n",
           R"m(priors.toml:2:1: key 'parameter.0.params': expected a list of numbers (the prior's parameters), found nothing (this [[parameter]] has no 'params'))m"},
          {p + "prior = \"uniform\"\nparams = [0, 1]\n\n" + p + "prior = \"uniform\"\nparams = [0, 1]\n",
           R"m(priors.toml:7:7: key 'parameter.1.key': expected a key not freed by another [[parameter]], found "x.y", already freed at priors.toml:2:7)m"},
          {p + "prior = \"uniform\"\nparams = [0, 1]\n[[constraint]]\nexpression = \"x.y < x.z\"\n",
           R"m(priors.toml:6:14: key 'constraint.0.expression': expected a linear inequality over the declared parameters, found "x.y < x.z": unknown parameter 'x.z' (did you mean 'x.y'?); declared parameters: x.y)m"},
          {p + "prior = \"uniform\"\nparams = [0, 1]\n[[constraint]]\nexpression = \"x.y\"\n",
           R"m(priors.toml:6:14: key 'constraint.0.expression': expected a linear inequality over the declared parameters, found "x.y": expected one of <, <=, >, >=)m"},
          {p + "prior = \"uniform\"\nparams = [0, 1]\nlow = 3\n",
           R"m(priors.toml:5:1: unknown key 'parameter.0.low' (did you mean 'parameter.0.key'?))m"},
          {"", R"m(priors.toml: key 'parameter': expected at least one [[parameter]] table, found none)m"},
      }) {
    CAPTURE(text);
    CHECK(priors_error(text) == expected);
  }
}

TEST_CASE("calibration: the Midden-Holland targets and priors files parse") {
  const auto targets =
      load_targets_file(std::string(OZSIM_SOURCE_DIR) + "/calibration/midden-holland/targets.toml");
  CHECK(targets.size() == 19);
  std::size_t peildatum = 0;
  for (const auto& t : targets) {
    CAPTURE(t.name);
    CHECK(t.sigma > 0.0);
    // A count is never fitted to the last pupil: its standard error has a floor of 3.
    if (t.kpi.rfind("count.", 0) == 0) CHECK(t.sigma >= 3.0);
    if (t.group == "peildatum-2021") ++peildatum;
  }
  CHECK(peildatum == 4);
  const auto priors =
      load_priors_file(std::string(OZSIM_SOURCE_DIR) + "/calibration/midden-holland/priors.toml");
  CHECK(priors.space.size() == 16);
  CHECK(priors.space.constraints().size() == 2);
}
