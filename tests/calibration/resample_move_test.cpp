// Resample-move SMC (calibration/inference/resample_move.hpp): its two building blocks on hand-checkable
// cases, and the sampler as a whole on the three-parameter toy: tempered to 1, the truth recovered, the
// same bits whatever the thread or rank count, and a killed run resumed to the same posterior.
#include "calibration/inference/resample_move.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <bit>
#include <cmath>
#include <filesystem>
#include <set>
#include <vector>

#include "calibration/bridge/checkpoint_file.hpp"
#include "calibration/inference/abc.hpp"
#include "calibration/inference/smc_weights.hpp"
#include "killed_run.hpp"
#include "sim/analysis/cluster.hpp"
#include "sim/engine/thread_pool.hpp"
#include "tests/analysis/thread_ranks.hpp"
#include "toy_models.hpp"

using namespace ozsim::calibration;
namespace fs = std::filesystem;

namespace {

const std::vector<double> kTruth{6.0, 2.0, 0.3};

AbcSettings move_settings() {
  AbcSettings s;
  s.method = Method::resample_move;
  s.particles = static_cast<std::size_t>(std::max(60.0, 200.0 * testing::test_scale()));
  s.max_generations = 40;
  s.seed = 42;
  s.threads = 2;
  s.parallel_for = ozsim::engine::parallel_for;
  s.max_simulations = 0;
  s.wall_clock_seconds = 0.0;
  return s;
}

bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

void check_same(const CalibrationResult& a, const CalibrationResult& b) {
  REQUIRE(a.posterior.size() == b.posterior.size());
  for (std::size_t i = 0; i < a.posterior.size(); ++i) {
    for (std::size_t k = 0; k < a.posterior.particles[i].size(); ++k)
      CHECK(same_bits(a.posterior.particles[i][k], b.posterior.particles[i][k]));
    CHECK(same_bits(a.posterior.log_likelihoods[i], b.posterior.log_likelihoods[i]));
  }
  CHECK(a.total_simulations == b.total_simulations);
  REQUIRE(a.history.size() == b.history.size());
  for (std::size_t g = 0; g < a.history.size(); ++g) {
    CHECK(same_bits(a.history[g].temperature, b.history[g].temperature));
    CHECK(same_bits(a.history[g].acceptance_rate, b.history[g].acceptance_rate));
  }
}

}  // namespace

TEST_CASE("resample-move: systematic resampling copies each particle floor or ceil of n w times") {
  const std::vector<double> weights{0.5, 0.25, 0.25, 0.0};
  CHECK(systematic_resample(weights, 0.5) == std::vector<std::size_t>{0, 0, 1, 2});
  // Unnormalised weights and any u: particle j appears floor(n w_j) or ceil(n w_j) times, never with w = 0.
  const std::vector<double> uneven{3.0, 0.0, 1.0, 5.0, 1.0, 0.0, 2.0};
  for (double u : {0.001, 0.3, 0.77, 0.999}) {
    const auto picked = systematic_resample(uneven, u);
    REQUIRE(picked.size() == uneven.size());
    for (std::size_t j = 0; j < uneven.size(); ++j) {
      const double expected = 7.0 * uneven[j] / 12.0;
      const auto copies = static_cast<double>(std::count(picked.begin(), picked.end(), j));
      CHECK(copies >= std::floor(expected));
      CHECK(copies <= std::ceil(expected));
    }
    CHECK(std::is_sorted(picked.begin(), picked.end()));
  }
  CHECK_THROWS(systematic_resample({0.0, 0.0}, 0.5));
}

TEST_CASE("resample-move: distinct particles are counted bit for bit") {
  Population p;
  p.particles = {{1.0, 2.0}, {1.0, 2.0}, {1.0, 2.000000000000001}, {0.5, 2.0}, {1.0, 2.0}};
  CHECK(distinct_particles(p) == 3);
  p.particles.clear();
  CHECK(distinct_particles(p) == 0);
}

TEST_CASE("resample-move: the next temperature keeps the ESS share asked for") {
  std::vector<double> log_likelihoods;
  for (int i = 0; i < 100; ++i) log_likelihoods.push_back(-0.5 * (i % 17) * (i % 17) - 0.01 * i);
  const auto share_at = [&](double delta) {
    double peak = -INFINITY;
    for (double l : log_likelihoods) peak = std::max(peak, delta * l);
    std::vector<double> w;
    for (double l : log_likelihoods) w.push_back(std::exp(delta * l - peak));
    return effective_sample_size(w) / 100.0;
  };
  const double beta = next_inverse_temperature(log_likelihoods, 0.0, 0.5);
  REQUIRE(beta > 0.0);
  REQUIRE(beta < 1.0);
  CHECK(share_at(beta) == doctest::Approx(0.5).epsilon(1e-6));
  // From a later point the step is measured from there, and a lower share allows a longer step.
  const double next = next_inverse_temperature(log_likelihoods, beta, 0.5);
  CHECK(share_at(next - beta) == doctest::Approx(0.5).epsilon(1e-6));
  CHECK(next_inverse_temperature(log_likelihoods, 0.0, 0.3) > beta);
  // Flat likelihoods (or a share of 0) go straight to temperature 1; beyond 1 it stays at 1.
  CHECK(next_inverse_temperature(std::vector<double>(10, -3.0), 0.0, 0.5) == 1.0);
  CHECK(next_inverse_temperature(log_likelihoods, 0.0, 0.0) == 1.0);
  CHECK(next_inverse_temperature(log_likelihoods, 1.0, 0.5) == 1.0);
}

TEST_CASE("resample-move: tempers down to 1 and recovers three parameters of a toy model") {
  const ParameterSpace space = testing::toy_space();
  const auto targets = testing::toy_targets(kTruth);
  const AbcSettings s = move_settings();
  const CalibrationResult r = calibrate(space, targets, testing::toy_model, s);
  INFO(r.reason_text);
  REQUIRE(r.posterior.size() == s.particles);
  CHECK(r.reason == StopReason::converged);
  CHECK(r.posterior_temperature == 1.0);
  CHECK(std::isinf(r.history[0].temperature));
  for (std::size_t g = 1; g < r.history.size(); ++g) {
    CAPTURE(g);
    CHECK(r.history[g].temperature < r.history[g - 1].temperature);
    CHECK(r.history[g].temperature >= 1.0);
    // Each step keeps the ESS share of the reweighting (the last, capped at 1, may keep more).
    CHECK(r.history[g].ess >= s.min_ess_fraction * static_cast<double>(s.particles) * (1.0 - 1e-9));
    CHECK(r.history[g].simulations <= s.particles * s.moves);
    CHECK(r.history[g].acceptance_rate > 0.0);
  }
  for (double w : r.posterior.weights) CHECK(w == doctest::Approx(1.0 / static_cast<double>(s.particles)));
  // Moves keep the population diverse (the toy's model noise equals its sigma, so a pseudo-marginal chain
  // is sticky; a third of the particles distinct is what 3 moves give here).
  std::set<std::vector<double>> distinct(r.posterior.particles.begin(), r.posterior.particles.end());
  CHECK(distinct.size() > s.particles / 3);
  for (std::size_t i = 0; i < 3; ++i) {
    std::vector<double> values;
    for (const auto& p : r.posterior.particles) values.push_back(p[i]);
    const double low = weighted_quantile(values, r.posterior.weights, 0.001);
    const double high = weighted_quantile(values, r.posterior.weights, 0.999);
    INFO(space.names()[i] << ": truth " << kTruth[i] << ", 99.8% interval [" << low << ", " << high << "]");
    CHECK(low <= kTruth[i]);
    CHECK(kTruth[i] <= high);
    CHECK(high - low <
          0.25 * (space.parameters()[i].prior.from_unit(1.0) - space.parameters()[i].prior.from_unit(0.0)));
  }
}

TEST_CASE("resample-move: the posterior does not depend on the thread or rank count") {
  const ParameterSpace space = testing::toy_space();
  const auto targets = testing::toy_targets(kTruth);
  AbcSettings s = move_settings();
  s.particles = 40;
  s.max_generations = 4;
  s.threads = 1;
  const auto one = calibrate(space, targets, testing::toy_model, s);
  REQUIRE(one.history.size() == 4);
  s.threads = 5;
  check_same(one, calibrate(space, targets, testing::toy_model, s));
  for (std::size_t size : {2U, 3U}) {
    CAPTURE(size);
    ozsim::testing::ThreadRanks ranks(size);
    std::vector<CalibrationResult> results(size);
    ranks.run([&](ozsim::analysis::Cluster& me) {
      AbcSettings spread = s;
      spread.threads = 2;
      spread.spread_for = [&me](std::size_t count, unsigned threads,
                                const std::function<void(std::size_t)>& task, const SlotTransfer& t) {
        ozsim::analysis::spread_for(me, count, threads, task, t.save, t.load, t.noun);
      };
      results[me.rank()] = calibrate(space, targets, testing::toy_model, spread);
    });
    for (const auto& r : results) check_same(one, r);
  }
}

TEST_CASE("resample-move: a run killed after generation 2 and resumed matches an uninterrupted run") {
  const ParameterSpace space = testing::toy_space();
  const auto targets = testing::toy_targets(kTruth);
  const fs::path dir = fs::temp_directory_path() / ("ozsim_rm_resume_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  AbcSettings s = move_settings();
  s.particles = 40;
  s.max_generations = 5;
  const std::string checkpoint_path = (dir / "checkpoint.json").string();
  testing::run_killed_after_generation(2, space, targets, testing::toy_model, s, checkpoint_path);
  AbcSettings resumed = s;
  resumed.resume_from = read_checkpoint(checkpoint_path);
  const auto after = calibrate(space, targets, testing::toy_model, resumed);
  CHECK(after.resumed_from == 2);
  check_same(after, calibrate(space, targets, testing::toy_model, s));
  // A different number of moves is a different sampler: refused.
  resumed.moves = s.moves + 1;
  CHECK_THROWS_WITH(calibrate(space, targets, testing::toy_model, resumed),
                    doctest::Contains("refusing to resume: the settings"));
  fs::remove_all(dir);
}

TEST_CASE("resample-move: a simulation budget stops before a generation it cannot finish") {
  const ParameterSpace space = testing::toy_space();
  const auto targets = testing::toy_targets(kTruth);
  AbcSettings s = move_settings();
  s.particles = 20;
  // Generation 0 takes 20 runs, each move generation 60: 130 allows generations 0 and 1 only.
  s.max_simulations = 130;
  const auto r = calibrate(space, targets, testing::toy_model, s);
  CHECK(r.reason == StopReason::max_simulations);
  CHECK(r.history.size() == 2);
  CHECK(r.total_simulations == 80);
  CHECK_FALSE(r.unfinished_generation);
  CHECK(r.posterior_temperature > 1.0);
  CHECK(r.reason_text.find("130") != std::string::npos);
}
