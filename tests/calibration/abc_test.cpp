#include "calibration/inference/abc.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "calibration/bridge/checkpoint_file.hpp"
#include "calibration/bridge/report.hpp"
#include "calibration/inference/acceptor.hpp"
#include "calibration/inference/checkpoint.hpp"
#include "calibration/inference/kernel.hpp"
#include "calibration/inference/messages.hpp"
#include "calibration/inference/posterior.hpp"
#include "calibration/inference/transform.hpp"
#include "killed_run.hpp"
#include "sim/engine/thread_pool.hpp"
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
  s.parallel_for = ozsim::engine::parallel_for;
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
  const std::vector<double> scale{1.0, 1.0, 1.0};
  // Two coordinates constant.
  const PerturbationKernel kernel({{5.0, 1.0, 0.5}, {5.0, 1.0, 0.5}, {5.0, 2.0, 0.5}}, {0.3, 0.3, 0.4},
                                  scale);
  CHECK(kernel.regularised());
  Rng rng(1);
  const auto theta = kernel.propose(rng);
  CHECK(std::isfinite(kernel.log_mixture_density(theta)));
  CHECK(theta[0] != 5.0);  // the ridge lets a collapsed coordinate move again
  // A single particle (--particles 1) still gives a usable kernel.
  const PerturbationKernel single({{0.5, 0.5, 0.5}}, {1.0}, scale);
  CHECK(single.regularised());
  CHECK(std::isfinite(single.log_mixture_density(single.propose(rng))));
  // A healthy covariance is left alone: 2 x weighted covariance.
  const std::vector<std::vector<double>> wide{
      {1.0, 1.0, 0.1}, {3.0, 2.0, 0.5}, {2.0, 4.0, 0.2}, {5.0, 3.0, 0.9}};
  const std::vector<double> equal{0.25, 0.25, 0.25, 0.25};
  const PerturbationKernel healthy(wide, equal, scale);
  CHECK_FALSE(healthy.regularised());
  CHECK(healthy.covariance()(0, 0) == doctest::Approx(2.0 * weighted_covariance(wide, equal)(0, 0)));
}

TEST_CASE("calibration: the unbounded scale maps every prior's support onto the real line and back") {
  ParameterSpace space;
  space.add("box", Prior::uniform(2.0, 5.0));
  space.add("positive", Prior::log_uniform(0.1, 10.0));
  space.add("free", Prior::normal(1.0, 3.0));
  space.add("share", Prior::beta(2.0, 2.0));
  const ParameterTransform transform(space);
  const std::vector<double> x{2.5, 3.0, -7.0, 0.9};
  const auto back = transform.from_unbounded(transform.to_unbounded(x));
  for (std::size_t i = 0; i < x.size(); ++i) CHECK(back[i] == doctest::Approx(x[i]).epsilon(1e-12));
  // Far out on the unbounded scale still lands inside the support.
  const auto edge = transform.from_unbounded({-30.0, 30.0, 1e6, 30.0});
  CHECK(edge[0] > 2.0);
  CHECK(edge[1] >= 0.1);  // log_uniform's support is [0.1, 10] with 0.1 as the transform's lower bound
  CHECK(edge[3] < 1.0);
  // The Jacobian matches a finite difference of the transform.
  const double h = 1e-6;
  double numeric = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    auto up = x;
    auto down = x;
    up[i] += h;
    down[i] -= h;
    numeric += std::log((transform.to_unbounded(up)[i] - transform.to_unbounded(down)[i]) / (2.0 * h));
  }
  CHECK(transform.log_jacobian(x) == doctest::Approx(numeric).epsilon(1e-6));
}

TEST_CASE("calibration: the acceptors read sigma as observation error") {
  std::vector<Target> t(2);
  t[0].observed = 10.0;
  t[0].sigma = 2.0;
  t[1].observed = 0.0;
  t[1].sigma = 1.0;
  t[1].weight = 4.0;  // error sd 0.5
  CHECK(log_error_kernel(t, {12.0, 1.0}) == doctest::Approx(-0.5 * (1.0 + 4.0)));
  CHECK(log_error_kernel(t, {10.0, 0.0}) == 0.0);
  CHECK(std::isinf(log_error_kernel(t, {NAN, 0.0})));
  // Averaging kernels over runs, and tempering.
  const double k1 = std::exp(-0.5 * 1.0);
  const double k2 = std::exp(-0.5 * 9.0);
  const std::vector<std::vector<double>> runs{{12.0, 0.0}, {16.0, 0.0}};
  CHECK(log_noise_aware_acceptance(t, runs, 1.0) == doctest::Approx(std::log(0.5 * (k1 + k2))));
  CHECK(log_noise_aware_acceptance(t, runs, 4.0) ==
        doctest::Approx(std::log(0.5 * (std::pow(k1, 0.25) + std::pow(k2, 0.25)))));
  // Synthetic likelihood: a ratio <= 1, equal to 1 only when the runs agree with the observation.
  CHECK(log_synthetic_likelihood_ratio(t, {{10.0, 0.0}, {10.0, 0.0}}) == doctest::Approx(0.0));
  const double spread = log_synthetic_likelihood_ratio(t, {{9.0, 0.0}, {11.0, 0.0}});
  CHECK(spread < 0.0);
  // One target, runs 9 and 11: mean 10, (1 - 1/R) S = 1, so N(10; 10, 1 + 4) / N(0; 0, 4).
  std::vector<Target> one(t.begin(), t.begin() + 1);
  CHECK(log_synthetic_likelihood_ratio(one, {{9.0}, {11.0}}) == doctest::Approx(-0.5 * std::log(5.0 / 4.0)));
  CHECK_THROWS(log_synthetic_likelihood_ratio(one, {{9.0}}));
}

TEST_CASE("calibration: the temperature schedule aims at the target acceptance and never goes below 1") {
  CHECK(temperature_for_acceptance({0.0, -0.1}, 0.3) == 1.0);
  const double t = temperature_for_acceptance({-100.0, -100.0}, 0.3);
  CHECK(std::exp(-100.0 / t) == doctest::Approx(0.3).epsilon(1e-6));
  // Half the proposals can never be accepted: the other half must be accepted at rate 0.6.
  const double half = temperature_for_acceptance({-50.0, -INFINITY}, 0.3);
  CHECK(std::exp(-50.0 / half) == doctest::Approx(0.6).epsilon(1e-6));
  CHECK(std::isinf(temperature_for_acceptance({-INFINITY, -INFINITY}, 0.3)));
}

TEST_CASE("calibration: the checkpoint's fingerprint sees a prior change in the last bit") {
  ParameterSpace space;
  space.add("x", Prior::uniform(0.0, 1.0));
  ParameterSpace nudged;
  nudged.add("x", Prior::uniform(0.0, std::nextafter(1.0, 2.0)));
  const AbcSettings settings;
  CHECK(problem_fingerprint(space, {}, settings).priors != problem_fingerprint(nudged, {}, settings).priors);
  CHECK(problem_fingerprint(space, {}, settings).priors == problem_fingerprint(space, {}, settings).priors);
}

TEST_CASE("calibration: checkpoint doubles round-trip exactly") {
  for (double x : {0.1, 1.0 / 3.0, -2.5e-300, 6.02214076e23, std::numeric_limits<double>::infinity()}) {
    CHECK(parse_hex_double(hex_double(x)) == x);
  }
  CHECK_THROWS(parse_hex_double("1.5x"));
}

TEST_CASE("calibration: ABC-SMC tempers down to 1 and recovers three parameters of a toy model") {
  const ParameterSpace space = testing::toy_space();
  const auto targets = testing::toy_targets(kTruth);
  AbcSettings s = small_settings();
  s.max_generations = 12;
  const CalibrationResult r = calibrate(space, targets, testing::toy_model, s);
  REQUIRE(r.posterior.size() == s.particles);
  CHECK(r.reason == StopReason::converged);
  CHECK(r.posterior_temperature == 1.0);
  // Generation 0 keeps every prior draw; the temperatures then fall to 1 and stay there.
  CHECK(std::isinf(r.history[0].temperature));
  CHECK(r.history[0].acceptance_rate == 1.0);
  for (std::size_t g = 2; g < r.history.size(); ++g) {
    CHECK(r.history[g].temperature <= r.history[g - 1].temperature);
    CHECK(r.history[g].temperature <= std::max(1.0, s.max_temperature_ratio * r.history[g - 1].temperature));
  }
  CHECK(r.history.back().ess >= s.min_ess_fraction * static_cast<double>(s.particles));
  double sum = 0.0;
  for (double w : r.posterior.weights) sum += w;
  CHECK(sum == doctest::Approx(1.0).epsilon(1e-12));
  for (const auto& h : r.history) {
    CHECK(h.ess > 0.0);
    CHECK(h.ess <= static_cast<double>(s.particles) + 1e-9);
  }
  // Proposals are made on the unbounded scale, so none leaves the prior box.
  for (const auto& h : r.history) CHECK(h.proposals == h.evaluations);
  const auto summary = summarise_posterior(r.parameter_names, r.posterior);
  REQUIRE(summary.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    std::vector<double> values;
    for (const auto& p : r.posterior.particles) values.push_back(p[i]);
    const double low = weighted_quantile(values, r.posterior.weights, 0.001);
    const double high = weighted_quantile(values, r.posterior.weights, 0.999);
    INFO(summary[i].name << ": truth " << kTruth[i] << ", 99.8% interval [" << low << ", " << high << "]");
    CHECK(low <= kTruth[i]);
    CHECK(kTruth[i] <= high);
    CHECK(summary[i].q95 - summary[i].q05 <
          0.25 * (space.parameters()[i].prior.from_unit(1.0) - space.parameters()[i].prior.from_unit(0.0)));
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

TEST_CASE(
    "calibration: a run killed after generation 2 and resumed matches an uninterrupted run byte for byte") {
  const ParameterSpace space = testing::toy_space();
  const auto targets = testing::toy_targets(kTruth);
  const fs::path dir = temp_dir("resume");
  AbcSettings s = small_settings();
  s.max_generations = 5;
  const std::string checkpoint_path = (dir / "checkpoint.json").string();
  s.save_checkpoint = [&](const Checkpoint& c) { write_checkpoint(checkpoint_path, c); };

  testing::run_killed_after_generation(2, space, targets, testing::toy_model, s, checkpoint_path);
  REQUIRE(read_checkpoint(checkpoint_path).generation == 2);

  AbcSettings resumed = s;
  resumed.resume_from = read_checkpoint(checkpoint_path);
  const auto after = calibrate(space, targets, testing::toy_model, resumed);
  CHECK(after.resumed);
  CHECK(after.resumed_from == 2);

  AbcSettings straight = s;
  straight.save_checkpoint = [&](const Checkpoint& c) {
    write_checkpoint((dir / "straight.json").string(), c);
  };
  const auto whole = calibrate(space, targets, testing::toy_model, straight);
  INFO(whole.reason_text);
  CHECK(after.posterior_generation == whole.posterior_generation);
  CHECK(after.posterior_generation > 2);
  CHECK(posterior_csv(after) == posterior_csv(whole));
  CHECK(after.total_simulations == whole.total_simulations);
  // The default best-seen normaliser is part of what resumes: every later generation divided by the
  // running maximum read back from the checkpoint's history, the same bits as the uninterrupted run's.
  REQUIRE(after.history.size() == whole.history.size());
  for (std::size_t g = 1; g < whole.history.size(); ++g) {
    double best = -INFINITY;
    for (std::size_t h = 0; h < g; ++h) best = std::max(best, whole.history[h].best_log_likelihood);
    CHECK(whole.history[g].log_normaliser == best);
    CHECK(whole.history[g].log_normaliser < 0.0);
    CHECK(after.history[g].log_normaliser == whole.history[g].log_normaliser);
    CHECK(after.history[g].best_log_likelihood == whole.history[g].best_log_likelihood);
    CHECK(after.history[g].truncated == whole.history[g].truncated);
  }

  // A checkpoint from a different problem is refused, naming what differs, rather than mixed in.
  AbcSettings other = resumed;
  other.seed = 43;
  CHECK_THROWS_WITH(calibrate(space, targets, testing::toy_model, other),
                    doctest::Contains("refusing to resume: the settings"));
  other = resumed;
  other.model_digest = content_digest("a different scenario");
  CHECK_THROWS_WITH(calibrate(space, targets, testing::toy_model, other),
                    doctest::Contains("refusing to resume: the scenario or its --set overrides differ"));
  auto moved = targets;
  moved[0].observed += 1.0;
  CHECK_THROWS_WITH(calibrate(space, moved, testing::toy_model, resumed),
                    doctest::Contains("refusing to resume: the targets differ"));
  ParameterSpace changed;
  changed.add("level", Prior::uniform(0.0, 20.0));
  changed.add("rate", Prior::log_uniform(0.1, 10.0));
  changed.add("share", Prior::beta(2.0, 2.0));
  CHECK_THROWS_WITH(calibrate(changed, targets, testing::toy_model, resumed),
                    doctest::Contains("refusing to resume: the priors differ"));
  fs::remove_all(dir);
}

TEST_CASE("calibration: stopping rules report their reason and keep the last complete generation") {
  const ParameterSpace space = testing::toy_space();
  const auto targets = testing::toy_targets(kTruth);
  AbcSettings s = small_settings();
  s.particles = 40;
  s.max_generations = 50;

  SUBCASE("maximum simulations") {
    s.max_simulations = 400;
    const auto r = calibrate(space, targets, testing::toy_model, s);
    CHECK(r.reason == StopReason::max_simulations);
    CHECK(r.posterior.size() == 40);
    CHECK(r.history.back().generation == r.posterior_generation);
    // What happened, not just the limit: the unfinished generation's runs and the complete ones' total.
    INFO(r.reason_text);
    REQUIRE(r.unfinished_simulations > 0);
    REQUIRE(r.partial.size() > 0);
    CHECK(r.partial.size() < 40);
    CHECK(r.total_simulations + r.unfinished_simulations <= 400);
    CHECK(r.reason_text.find("the limit of 400 simulations was reached in generation " +
                             std::to_string(r.posterior_generation + 1) +
                             ", which stopped unfinished: its first " + std::to_string(r.partial.size()) +
                             " particles took " + std::to_string(r.unfinished_simulations) +
                             " simulations (" + std::to_string(r.total_simulations) +
                             " in the complete generations before it)") != std::string::npos);
    CHECK(r.reason_text.find("tempered") != std::string::npos);  // it never reached temperature 1
    // Stopping mid-generation is itself deterministic, the unfinished generation's report included, whatever
    // the thread count (found by the spreadsheet test: 12 partial particles in one run, 11 in the next).
    for (unsigned threads : {1U, 3U, 8U}) {
      s.threads = threads;
      const auto again = calibrate(space, targets, testing::toy_model, s);
      CHECK(posterior_csv(again) == posterior_csv(r));
      CHECK(again.unfinished_simulations == r.unfinished_simulations);
      CHECK(again.reason_text == r.reason_text);
      CHECK(again.partial.particles == r.partial.particles);
    }
  }
  SUBCASE("the last allowed generation runs at temperature 1") {
    s.max_generations = 2;
    auto loose = targets;  // wide enough that the jump from the prior to temperature 1 is affordable
    for (auto& t : loose) t.sigma *= 10.0;
    const auto r = calibrate(space, loose, testing::toy_model, s);
    REQUIRE(r.history.size() == 2);
    CHECK(r.history[1].temperature == 1.0);
    CHECK(r.posterior_temperature == 1.0);
    CHECK((r.reason == StopReason::max_generations || r.reason == StopReason::converged));
  }
  SUBCASE("a particle that cannot be accepted stops the run with a clear reason instead of hanging") {
    auto impossible = targets;
    impossible[0].observed = 1e6;  // far outside what any prior value can produce
    // Over the peak. Over the best seen, L is read relative to the best proposal so far, so even a target
    // no prior value reaches gives a posterior (its misfit shows in fit.csv's z-scores).
    s.normalisation = Normalisation::peak;
    s.particles = 1;
    s.max_attempts = 200;
    const auto r = calibrate(space, impossible, testing::toy_model, s);
    CHECK(r.reason == StopReason::max_attempts);
    CHECK(r.reason_text.find("not accepted after 200 attempts") != std::string::npos);
    CHECK(r.posterior.size() == 1);
  }
  SUBCASE("one particle") {
    s.particles = 1;
    const auto r = calibrate(space, targets, testing::toy_model, s);
    CHECK(r.posterior.size() == 1);
    CHECK(r.total_simulations <= s.max_simulations);
  }
  SUBCASE("wall clock") {
    s.wall_clock_seconds = 1e-9;
    CHECK_THROWS_WITH(calibrate(space, targets, testing::toy_model, s),
                      doctest::Contains("--wall-clock: expected enough seconds for generation 0"));
  }
  SUBCASE("the synthetic likelihood needs two runs per particle") {
    s.method = Method::synthetic_likelihood;
    CHECK_THROWS_WITH(calibrate(space, targets, testing::toy_model, s),
                      doctest::Contains("--replications 2"));
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

TEST_CASE("calibration: ABC rejection accepts prior draws at temperature 1") {
  ParameterSpace space;
  space.add("level", Prior::uniform(0.0, 10.0));
  const ModelFunction model = [](const std::vector<double>& p, std::uint64_t seed) {
    Rng rng(seed);
    return std::map<std::string, double>{{"level", p[0] + 0.3 * rng.normal()}};
  };
  std::vector<Target> targets(1);
  targets[0].name = "level";
  targets[0].kpi = "level";
  targets[0].observed = 6.0;
  targets[0].sigma = 0.4;
  AbcSettings s = small_settings();
  s.method = Method::rejection;
  s.particles = 100;
  const auto r = calibrate(space, targets, model, s);
  CHECK(r.reason == StopReason::rejection_done);
  REQUIRE(r.posterior.size() == 100);
  CHECK(r.posterior_temperature == 1.0);
  CHECK(r.history.size() == 1);
  CHECK(r.total_simulations == r.history[0].evaluations);
  // Posterior N(6, 0.3^2 + 0.4^2 = 0.5^2) well inside the prior: mean within 4 standard errors.
  const auto summary = summarise_posterior(r.parameter_names, r.posterior);
  CHECK(std::abs(summary[0].mean - 6.0) < 4.0 * 0.5 / std::sqrt(100.0));
  CHECK(summary[0].sd == doctest::Approx(0.5).epsilon(0.25));
}

TEST_CASE("calibration: a damaged checkpoint gives a clear message naming the field") {
  const ParameterSpace space = testing::toy_space();
  const auto targets = testing::toy_targets(kTruth);
  const fs::path dir = temp_dir("damaged");
  AbcSettings s = small_settings();
  s.particles = 20;
  s.max_generations = 3;
  const std::string checkpoint_path = (dir / "checkpoint.json").string();
  s.save_checkpoint = [&](const Checkpoint& c) { write_checkpoint(checkpoint_path, c); };
  auto loose = targets;
  for (auto& t : loose) t.sigma *= 10.0;
  calibrate(space, loose, testing::toy_model, s);
  REQUIRE(read_checkpoint(checkpoint_path).generation == 2);
  const std::string good = read_text(dir / "checkpoint.json");
  REQUIRE_NOTHROW(checkpoint_from_json(good, "c.json"));
  const auto damaged = [&](const std::string& from, const std::string& to) {
    std::string text = good;
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return text;
  };
  const auto history_start = good.find("\"history\": [");
  const auto history_end = good.find("\n ],", history_start);
  REQUIRE(history_end != std::string::npos);
  const std::string no_history =
      good.substr(0, history_start) + "\"history\": []" + good.substr(history_end + 3);
  CHECK_THROWS_WITH(
      checkpoint_from_json(no_history, "c.json"),
      "c.json: cannot read checkpoint: history: expected one entry per generation 0..2, found []");
  CHECK_THROWS_WITH(
      checkpoint_from_json(damaged("\"particles\": 20", "\"particles\": \"20\""), "c.json"),
      "c.json: cannot read checkpoint: particles: expected a non-negative integer, found \"20\"");
  CHECK_THROWS_WITH(checkpoint_from_json(damaged("\"particles\": 20", "\"particles\": 21"), "c.json"),
                    "c.json: cannot read checkpoint: population.particles: expected 21 particles, found 20");
  CHECK_THROWS_WITH(
      checkpoint_from_json(damaged("\"total_simulations\"", "\"total_simulation\""), "c.json"),
      "c.json: cannot read checkpoint: total_simulations: expected a value, found nothing (missing)");
  CHECK_THROWS_WITH(checkpoint_from_json("{\"format\": \"ozsim-abc-checkpoint\", \"version\": 1}", "c.json"),
                    doctest::Contains("version: expected 4"));
  CHECK_THROWS_WITH(checkpoint_from_json("[]", "c.json"),
                    doctest::Contains("not an ozsim calibration checkpoint"));
  CHECK_THROWS_WITH(checkpoint_from_json("{", "c.json"), doctest::Contains("c.json: cannot read checkpoint"));
  fs::remove_all(dir);
}

TEST_CASE("calibration: proposals above the best-seen normaliser are counted and reported") {
  const ParameterSpace space = testing::toy_space();
  const auto targets = testing::toy_targets(kTruth);
  AbcSettings s = small_settings();
  s.max_generations = 4;
  const CalibrationResult r = calibrate(space, targets, testing::toy_model, s);
  std::uint64_t truncated = 0;
  for (const auto& g : r.history) {
    truncated += g.truncated;
    CHECK(g.truncated <= g.evaluations);
    CHECK(g.best_log_likelihood <= 0.0);
  }
  CHECK(r.history[0].truncated == 0);  // generation 0 keeps every prior draw: nothing to truncate
  REQUIRE(truncated > 0);              // the best seen so far is exceeded now and then as the fit improves
  const fs::path dir = temp_dir("truncated");
  write_generations_csv((dir / "generations.csv").string(), r.history, ozsim::params::CsvDialect::Rfc4180);
  const std::string csv = read_text(dir / "generations.csv");
  CHECK(csv.find(",log_normaliser,best_log_likelihood,truncated,distinct\n") != std::string::npos);
  for (const auto& g : r.history) {
    const std::string line_end = "," + std::to_string(g.truncated) + "," + std::to_string(g.distinct) + "\n";
    CHECK(csv.find(line_end) != std::string::npos);
  }
  write_run_report((dir / "calibration.json").string(), r, s);
  const std::string json = read_text(dir / "calibration.json");
  CHECK(json.find("\"normalisation\": \"best-seen\"") != std::string::npos);
  CHECK(json.find("\"truncated\": " + std::to_string(r.history.back().truncated)) != std::string::npos);
  fs::remove_all(dir);
  // The stop message names the posterior generation's truncations when there are any.
  CalibrationResult shown = r;
  shown.history.back().truncated = 3;
  CHECK(describe_stop(shown, s).find("3 proposals of generation " + std::to_string(r.posterior_generation) +
                                     " had a likelihood above the best seen before it") != std::string::npos);
  shown.history.back().truncated = 0;
  CHECK(describe_stop(shown, s).find("above the best seen") == std::string::npos);
  CHECK(describe_stop(shown, s, ozsim::params::Language::Nl).find("hogere likelihood") == std::string::npos);
  shown.history.back().truncated = 3;
  CHECK(describe_stop(shown, s, ozsim::params::Language::Nl).find("3 voorstellen van generatie") !=
        std::string::npos);
}

TEST_CASE("calibration: the normaliser does not change the posterior where both reach temperature 1") {
  // Loose targets, so that the peak reaches temperature 1 cheaply too: the two posteriors are samples of
  // the same distribution, so their means agree within Monte Carlo error (4 standard errors).
  const ParameterSpace space = testing::toy_space();
  auto targets = testing::toy_targets(kTruth);
  for (auto& t : targets) t.sigma *= 3.0;
  AbcSettings s = small_settings();
  s.max_generations = 10;
  const auto best = calibrate(space, targets, testing::toy_model, s);
  s.normalisation = Normalisation::peak;
  const auto peak = calibrate(space, targets, testing::toy_model, s);
  REQUIRE(best.posterior_temperature == 1.0);
  REQUIRE(peak.posterior_temperature == 1.0);
  CHECK(best.total_simulations < peak.total_simulations);
  const auto a = summarise_posterior(best.parameter_names, best.posterior);
  const auto b = summarise_posterior(peak.parameter_names, peak.posterior);
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO(a[i].name << ": best-seen " << a[i].mean << " +- " << a[i].sd << ", peak " << b[i].mean << " +- "
                   << b[i].sd);
    const double se = std::sqrt((a[i].sd * a[i].sd + b[i].sd * b[i].sd) / static_cast<double>(s.particles));
    CHECK(std::abs(a[i].mean - b[i].mean) < 4.0 * se);
  }
}
