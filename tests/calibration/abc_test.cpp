#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "calibration/src/abc.hpp"
#include "calibration/src/checkpoint.hpp"
#include "calibration/src/kernel.hpp"
#include "calibration/src/report.hpp"
#include "toy_models.hpp"

using namespace ozsim::calibration;
namespace fs = std::filesystem;

namespace {

const std::vector<double> kTruth{6.0, 2.0, 0.3};

AbcSettings small_settings() {
  AbcSettings s;
  s.particles = static_cast<std::size_t>(std::max(40.0, 200.0 * testing::test_scale()));
  s.max_generations = 6;
  s.seed = 42;
  s.threads = 2;
  return s;
}

fs::path temp_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("ozsim_calib_" + name + "_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string posterior_csv(const CalibrationResult& r) {
  const fs::path dir = temp_dir("csv");
  write_posterior_csv((dir / "posterior.csv").string(), r.parameter_names, r.posterior);
  std::string text = read_text(dir / "posterior.csv");
  fs::remove_all(dir);
  return text;
}

}  // namespace

TEST_CASE("calibration: distance is the weighted RMS of scaled differences") {
  std::vector<Target> t(2);
  t[0].observed = 10.0;
  t[0].sigma = 2.0;
  t[0].weight = 3.0;
  t[1].observed = 0.0;
  t[1].sigma = 1.0;
  t[1].weight = 1.0;
  CHECK(distance(t, {12.0, 2.0}) == doctest::Approx(std::sqrt((3.0 * 1.0 + 1.0 * 4.0) / 4.0)));
  CHECK(distance(t, {10.0, 0.0}) == 0.0);
  CHECK(std::isinf(distance(t, {NAN, 0.0})));
  CHECK(sigma_from_range(10.0, 13.92) == doctest::Approx(1.0));
}

TEST_CASE("calibration: a missing KPI names the target and suggests the closest output") {
  std::vector<Target> t(1);
  t[0].name = "x";
  t[0].kpi = "count.thuiszitter.2012";
  CHECK_THROWS_WITH(extract_kpis(t, {{"count.thuiszitter.2021", 1.0}, {"other", 2.0}}),
                    "target 'x': the model has no output 'count.thuiszitter.2012' (did you mean "
                    "'count.thuiszitter.2021'?)");
}

TEST_CASE("calibration: weighted quantile and effective sample size") {
  CHECK(weighted_quantile({3.0, 1.0, 2.0}, {1.0, 1.0, 1.0}, 0.5) == 2.0);
  CHECK(weighted_quantile({3.0, 1.0, 2.0}, {0.0, 0.1, 0.9}, 0.5) == 2.0);
  CHECK(effective_sample_size({0.25, 0.25, 0.25, 0.25}) == doctest::Approx(4.0));
  CHECK(effective_sample_size({1.0, 0.0}) == doctest::Approx(1.0));
}

TEST_CASE("calibration: the kernel survives a degenerate particle covariance") {
  const ParameterSpace space = testing::toy_space();
  Population pop;
  pop.particles = {{5.0, 1.0, 0.5}, {5.0, 1.0, 0.5}, {5.0, 2.0, 0.5}};  // two coordinates constant
  pop.weights = {0.3, 0.3, 0.4};
  pop.distances = {1, 1, 1};
  const PerturbationKernel kernel(pop, space);
  CHECK(kernel.regularised());
  Rng rng(1);
  const auto theta = kernel.propose(rng);
  CHECK(std::isfinite(kernel.log_mixture_density(theta)));
  CHECK(theta[0] != 5.0);  // the ridge lets a collapsed coordinate move again
  // A healthy covariance is left alone: 2 x weighted covariance.
  Population wide;
  wide.particles = {{1.0, 1.0, 0.1}, {3.0, 2.0, 0.5}, {2.0, 4.0, 0.2}, {5.0, 3.0, 0.9}};
  wide.weights = {0.25, 0.25, 0.25, 0.25};
  wide.distances = {1, 1, 1, 1};
  const PerturbationKernel healthy(wide, space);
  CHECK_FALSE(healthy.regularised());
  CHECK(healthy.covariance()(0, 0) == doctest::Approx(2.0 * weighted_covariance(wide)(0, 0)));
}

TEST_CASE("calibration: checkpoint doubles round-trip exactly") {
  for (double x : {0.1, 1.0 / 3.0, -2.5e-300, 6.02214076e23, std::numeric_limits<double>::infinity()}) {
    CHECK(parse_hex_double(hex_double(x)) == x);
  }
  CHECK_THROWS(parse_hex_double("1.5x"));
}

TEST_CASE("calibration: ABC-SMC recovers three parameters of a toy model") {
  const ParameterSpace space = testing::toy_space();
  const auto targets = testing::toy_targets(kTruth);
  AbcSettings s = small_settings();
  s.max_generations = 8;
  const CalibrationResult r = calibrate(space, targets, testing::toy_model, s);
  REQUIRE(r.posterior.size() == s.particles);
  CHECK(r.reason == StopReason::max_generations);
  CHECK(r.history.size() == 8);
  // The tolerance schedule decreases strictly after generation 0 (which accepts everything).
  CHECK(std::isinf(r.history[0].tolerance));
  for (std::size_t g = 2; g < r.history.size(); ++g) CHECK(r.history[g].tolerance < r.history[g - 1].tolerance);
  // Weights normalise, ESS is within (0, N].
  double sum = 0.0;
  for (double w : r.posterior.weights) sum += w;
  CHECK(sum == doctest::Approx(1.0).epsilon(1e-12));
  for (const auto& h : r.history) {
    CHECK(h.ess > 0.0);
    CHECK(h.ess <= static_cast<double>(s.particles) + 1e-9);
  }
  const auto summary = summarise_posterior(r.parameter_names, r.posterior);
  REQUIRE(summary.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    INFO(summary[i].name << ": truth " << kTruth[i] << ", 90% CI [" << summary[i].q05 << ", " << summary[i].q95 << "]");
    CHECK(summary[i].q05 <= kTruth[i]);
    CHECK(kTruth[i] <= summary[i].q95);
    CHECK(summary[i].q95 - summary[i].q05 < 0.25 * (space.parameters()[i].prior.from_unit(1.0) -
                                                      space.parameters()[i].prior.from_unit(0.0)));
  }
}

TEST_CASE("calibration: the posterior does not depend on the thread count") {
  const ParameterSpace space = testing::toy_space();
  const auto targets = testing::toy_targets(kTruth);
  AbcSettings s = small_settings();
  s.max_generations = 4;
  s.threads = 1;
  const auto one = calibrate(space, targets, testing::toy_model, s);
  s.threads = 2;
  const auto two = calibrate(space, targets, testing::toy_model, s);
  s.threads = 5;
  const auto five = calibrate(space, targets, testing::toy_model, s);
  CHECK(posterior_csv(one) == posterior_csv(two));
  CHECK(posterior_csv(one) == posterior_csv(five));
  CHECK(one.total_simulations == two.total_simulations);
}

TEST_CASE("calibration: a run killed after generation 2 and resumed matches an uninterrupted run byte for byte") {
  const ParameterSpace space = testing::toy_space();
  const auto targets = testing::toy_targets(kTruth);
  const fs::path dir = temp_dir("resume");
  AbcSettings s = small_settings();
  s.max_generations = 5;
  s.checkpoint_path = (dir / "checkpoint.json").string();

  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    AbcSettings killed = s;
    killed.after_checkpoint = [](std::size_t generation) {
      if (generation == 2) kill(getpid(), SIGKILL);
    };
    calibrate(space, targets, testing::toy_model, killed);
    _exit(3);  // never reached
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);
  REQUIRE(read_checkpoint(s.checkpoint_path).generation == 2);

  AbcSettings resumed = s;
  resumed.resume = true;
  const auto after = calibrate(space, targets, testing::toy_model, resumed);
  CHECK(after.resumed);
  CHECK(after.resumed_from == 2);

  AbcSettings straight = s;
  straight.checkpoint_path = (dir / "straight.json").string();
  const auto whole = calibrate(space, targets, testing::toy_model, straight);
  CHECK(after.posterior_generation == 4);
  CHECK(posterior_csv(after) == posterior_csv(whole));
  CHECK(after.total_simulations == whole.total_simulations);

  // A checkpoint from a different problem is refused rather than silently mixed in.
  AbcSettings other = resumed;
  other.seed = 43;
  CHECK_THROWS_WITH(calibrate(space, targets, testing::toy_model, other),
                    doctest::Contains("the checkpoint was written by a calibration with different"));
  fs::remove_all(dir);
}

TEST_CASE("calibration: stopping rules report their reason and keep the last complete generation") {
  const ParameterSpace space = testing::toy_space();
  const auto targets = testing::toy_targets(kTruth);
  AbcSettings s = small_settings();
  s.particles = 40;
  s.max_generations = 50;

  SUBCASE("maximum simulations") {
    s.max_simulations = 600;
    const auto r = calibrate(space, targets, testing::toy_model, s);
    CHECK(r.reason == StopReason::max_simulations);
    CHECK(r.posterior.size() == 40);
    CHECK(r.history.back().generation == r.posterior_generation);
    CHECK(r.reason_text.find("maximum of 600 simulations") != std::string::npos);
    // Stopping mid-generation is itself deterministic.
    s.threads = 1;
    const auto again = calibrate(space, targets, testing::toy_model, s);
    CHECK(posterior_csv(again) == posterior_csv(r));
  }
  SUBCASE("target tolerance") {
    s.target_tolerance = 3.0;
    const auto r = calibrate(space, targets, testing::toy_model, s);
    CHECK(r.reason == StopReason::target_tolerance);
    CHECK(r.posterior_tolerance == doctest::Approx(3.0));
    for (double d : r.posterior.distances) CHECK(d <= 3.0);
  }
  SUBCASE("minimum acceptance rate") {
    s.min_acceptance = 0.2;
    const auto r = calibrate(space, targets, testing::toy_model, s);
    CHECK(r.reason == StopReason::min_acceptance);
    CHECK(r.posterior.size() == 40);
    for (const auto& h : r.history) CHECK(h.acceptance_rate >= 0.2);
  }
  SUBCASE("wall clock") {
    s.wall_clock_seconds = 1e-9;
    CHECK_THROWS_WITH(calibrate(space, targets, testing::toy_model, s),
                      doctest::Contains("before generation 0 was complete"));
  }
}

TEST_CASE("calibration: constraints reject proposals in every generation") {
  ParameterSpace space;
  space.add("a", Prior::uniform(0.0, 1.0));
  space.add("b", Prior::uniform(0.0, 1.0));
  space.add_constraint("a + b <= 1");
  space.add_constraint("a < b");
  // The unconstrained optimum (0.7, 0.6) violates both: the posterior piles up on the boundary.
  const ModelFunction model = [](const std::vector<double>& p, std::uint64_t) {
    return std::map<std::string, double>{{"a", p[0]}, {"b", p[1]}};
  };
  std::vector<Target> targets(2);
  targets[0].name = "a";
  targets[0].kpi = "a";
  targets[0].observed = 0.7;
  targets[0].sigma = 0.1;
  targets[1].name = "b";
  targets[1].kpi = "b";
  targets[1].observed = 0.6;
  targets[1].sigma = 0.1;
  AbcSettings s = small_settings();
  s.max_generations = 4;
  const auto r = calibrate(space, targets, model, s);
  for (const auto& p : r.posterior.particles) {
    CHECK(p[0] + p[1] <= 1.0);
    CHECK(p[0] < p[1]);
  }
  for (const auto& h : r.history) CHECK(h.proposals > h.evaluations);
}

TEST_CASE("calibration: ABC rejection keeps the closest prior draws") {
  const ParameterSpace space = testing::toy_space();
  const auto targets = testing::toy_targets(kTruth);
  AbcSettings s = small_settings();
  s.method = Method::rejection;
  s.particles = 50;
  s.rejection_simulations = 2000;
  const auto r = calibrate(space, targets, testing::toy_model, s);
  CHECK(r.reason == StopReason::rejection_done);
  REQUIRE(r.posterior.size() == 50);
  for (std::size_t i = 1; i < 50; ++i) CHECK(r.posterior.distances[i - 1] <= r.posterior.distances[i]);
  CHECK(r.total_simulations == 2000);
  const auto summary = summarise_posterior(r.parameter_names, r.posterior);
  CHECK(std::abs(summary[0].mean - kTruth[0]) < 1.5);  // coarse: rejection is the weak baseline
}
