// A calibration spread over ranks (mpirun; here threads standing in for them, tests/analysis/
// thread_ranks.hpp) is the one-process calibration: the same particles, weights, counts and fit.
#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include "calibration/inference/abc.hpp"
#include "calibration/inference/generation.hpp"
#include "calibration/inference/posterior.hpp"
#include "sim/analysis/cluster.hpp"
#include "sim/engine/thread_pool.hpp"
#include "tests/analysis/thread_ranks.hpp"
#include "toy_models.hpp"

using namespace ozsim::calibration;

namespace {

bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

void check_same(const Population& a, const Population& b) {
  REQUIRE(a.particles.size() == b.particles.size());
  for (std::size_t i = 0; i < a.particles.size(); ++i) {
    REQUIRE(a.particles[i].size() == b.particles[i].size());
    for (std::size_t k = 0; k < a.particles[i].size(); ++k)
      CHECK(same_bits(a.particles[i][k], b.particles[i][k]));
    CHECK(same_bits(a.weights[i], b.weights[i]));
    CHECK(same_bits(a.log_likelihoods[i], b.log_likelihoods[i]));
  }
}

AbcSettings settings() {
  AbcSettings s;
  s.particles = 30;
  s.max_generations = 3;
  s.seed = 7;
  s.threads = 2;
  s.parallel_for = ozsim::engine::parallel_for;
  return s;
}

}  // namespace

TEST_CASE("calibration: a slot survives its numbers bit for bit") {
  Slot slot;
  slot.theta = {0.1, -3.5e-300, 7.0};
  slot.distance = std::numeric_limits<double>::infinity();
  slot.log_likelihood = -1.25;
  slot.first_log_likelihood = -std::numeric_limits<double>::infinity();
  slot.log_weight = 0.3;
  slot.filled = true;
  slot.proposals = 123456789012ULL;
  slot.evaluations = 99;
  slot.simulations = 198;
  slot.abort = Abort::max_attempts;
  const Slot back = slot_from_numbers(slot_to_numbers(slot));
  CHECK(back.theta == slot.theta);
  CHECK(same_bits(back.distance, slot.distance));
  CHECK(same_bits(back.first_log_likelihood, slot.first_log_likelihood));
  CHECK(back.log_likelihood == slot.log_likelihood);
  CHECK(back.log_weight == slot.log_weight);
  CHECK(back.filled);
  CHECK(back.proposals == slot.proposals);
  CHECK(back.evaluations == 99);
  CHECK(back.simulations == 198);
  CHECK(back.abort == Abort::max_attempts);
  CHECK_THROWS_AS(slot_from_numbers({1.0, 2.0}), std::logic_error);
}

TEST_CASE("calibration: ABC-SMC and its predictive check over 1 to 3 ranks equal one process") {
  const ParameterSpace space = testing::toy_space();
  const auto targets = testing::toy_targets({6.0, 2.0, 0.3});
  const CalibrationResult alone = calibrate(space, targets, testing::toy_model, settings());
  PredictiveSettings ps;
  ps.draws = 12;
  ps.seed = 7;
  ps.threads = 2;
  ps.parallel_for = ozsim::engine::parallel_for;
  const auto fit_alone = predictive_fit(targets, testing::toy_model, space, alone.posterior, ps);
  REQUIRE(alone.history.size() >= 2);
  for (std::size_t size : {1U, 2U, 3U}) {
    CAPTURE(size);
    ozsim::testing::ThreadRanks ranks(size);
    std::vector<CalibrationResult> results(size);
    std::vector<std::vector<FitRow>> fits(size);
    ranks.run([&](ozsim::analysis::Cluster& me) {
      const SpreadFor spread = [&me](std::size_t count, unsigned threads,
                                     const std::function<void(std::size_t)>& task, const SlotTransfer& t) {
        ozsim::analysis::spread_for(me, count, threads, task, t.save, t.load, t.noun);
      };
      AbcSettings s = settings();
      s.spread_for = spread;
      results[me.rank()] = calibrate(space, targets, testing::toy_model, s);
      PredictiveSettings p = ps;
      p.spread_for = spread;
      fits[me.rank()] = predictive_fit(targets, testing::toy_model, space, results[me.rank()].posterior, p);
    });
    for (std::size_t r = 0; r < size; ++r) {
      CAPTURE(r);
      check_same(results[r].posterior, alone.posterior);
      CHECK(results[r].total_simulations == alone.total_simulations);
      CHECK(results[r].reason == alone.reason);
      REQUIRE(results[r].history.size() == alone.history.size());
      for (std::size_t g = 0; g < alone.history.size(); ++g) {
        CHECK(results[r].history[g].simulations == alone.history[g].simulations);
        CHECK(results[r].history[g].proposals == alone.history[g].proposals);
        CHECK(same_bits(results[r].history[g].temperature, alone.history[g].temperature));
        CHECK(same_bits(results[r].history[g].acceptance_rate, alone.history[g].acceptance_rate));
      }
      REQUIRE(fits[r].size() == fit_alone.size());
      for (std::size_t i = 0; i < fit_alone.size(); ++i) {
        CHECK(same_bits(fits[r][i].posterior.mean, fit_alone[i].posterior.mean));
        CHECK(same_bits(fits[r][i].prior.sd, fit_alone[i].prior.sd));
      }
    }
  }
}

TEST_CASE("calibration: a particle failing on one rank stops every rank, naming the rank and the particle") {
  const ParameterSpace space = testing::toy_space();
  const auto targets = testing::toy_targets({6.0, 2.0, 0.3});
  ozsim::testing::ThreadRanks ranks(2);
  std::vector<std::string> messages(2);
  ranks.run([&](ozsim::analysis::Cluster& me) {
    AbcSettings s = settings();
    s.spread_for = [&me](std::size_t count, unsigned threads, const std::function<void(std::size_t)>& task,
                         const SlotTransfer& t) {
      ozsim::analysis::spread_for(me, count, threads, task, t.save, t.load, t.noun);
    };
    // The model fails on rank 1 only (as a node missing a file would): the seed says nothing of the rank.
    const ModelFunction model = [&me](const std::vector<double>& p, std::uint64_t seed) {
      if (me.rank() == 1) throw std::runtime_error("cannot read the projection");
      return testing::toy_model(p, seed);
    };
    try {
      (void)calibrate(space, targets, model, s);
    } catch (const ozsim::analysis::RankFailure& e) {
      messages[me.rank()] = e.what();
    }
  });
  // 30 particles over 2 ranks: rank 1 runs particles 15-29 of generation 0.
  CHECK(messages[0] == "rank 1: particle 15: cannot read the projection");
  CHECK(messages[1] == messages[0]);
}
