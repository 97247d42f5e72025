#include "calibration/inference/generation.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "calibration/inference/acceptor.hpp"

namespace ozsim::calibration {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
// Proposals that violate a constraint cost no simulation; this many in a row for one slot means the
// constraints leave (almost) no admissible region, which is a setup error.
constexpr std::uint64_t kMaxInadmissibleInARow = 1'000'000;

std::uint64_t shared_noise_seed(std::uint64_t master, std::size_t generation, std::size_t replication) {
  return derive_seed(master, StreamPurpose::replication_seed, generation, replication);
}

}  // namespace

StopReason stop_reason_of(Abort abort) {
  switch (abort) {
    case Abort::max_simulations:
      return StopReason::max_simulations;
    case Abort::wall_clock:
      return StopReason::wall_clock;
    default:
      return StopReason::max_attempts;
  }
}

std::vector<double> slot_to_numbers(const Slot& slot) {
  std::vector<double> out = {slot.distance,
                             slot.log_likelihood,
                             slot.first_log_likelihood,
                             slot.log_weight,
                             slot.filled ? 1.0 : 0.0,
                             static_cast<double>(slot.proposals),
                             static_cast<double>(slot.evaluations),
                             static_cast<double>(slot.simulations),
                             static_cast<double>(static_cast<int>(slot.abort)),
                             slot.best_log_likelihood,
                             static_cast<double>(slot.truncated)};
  out.insert(out.end(), slot.theta.begin(), slot.theta.end());
  return out;
}

Slot slot_from_numbers(const std::vector<double>& numbers) {
  constexpr std::size_t kFixed = 11;
  if (numbers.size() < kFixed) throw std::logic_error("a slot's numbers are truncated");
  Slot slot;
  slot.distance = numbers[0];
  slot.log_likelihood = numbers[1];
  slot.first_log_likelihood = numbers[2];
  slot.log_weight = numbers[3];
  slot.filled = numbers[4] != 0.0;
  slot.proposals = static_cast<std::uint64_t>(numbers[5]);
  slot.evaluations = static_cast<std::uint64_t>(numbers[6]);
  slot.simulations = static_cast<std::uint64_t>(numbers[7]);
  slot.abort = static_cast<Abort>(static_cast<int>(numbers[8]));
  slot.best_log_likelihood = numbers[9];
  slot.truncated = static_cast<std::uint64_t>(numbers[10]);
  slot.theta.assign(numbers.begin() + kFixed, numbers.end());
  return slot;
}

void collect(std::vector<Slot>& slots, Population& population) {
  double peak = -inf;
  for (const auto& s : slots) {
    if (s.filled) peak = std::max(peak, s.log_weight);
  }
  population = Population{};
  double sum = 0.0;
  for (auto& s : slots) {
    population.proposal_log_likelihoods.push_back(s.first_log_likelihood);
    if (!s.filled) continue;
    const double w = std::isfinite(peak) ? std::exp(s.log_weight - peak) : 1.0;
    population.particles.push_back(std::move(s.theta));
    population.weights.push_back(w);
    population.distances.push_back(s.distance);
    population.log_likelihoods.push_back(s.log_likelihood);
    sum += w;
  }
  for (double& w : population.weights) w /= sum;
}

Abort run_generation(const GenerationContext& context, std::size_t g, double temperature,
                     double log_normaliser, const Proposer& proposer, std::uint64_t& total_simulations,
                     std::vector<Slot>& slots, GenerationStats& stats) {
  const ParameterSpace& space = context.space;
  const ParameterTransform& transform = context.transform;
  const std::vector<Target>& targets = context.targets;
  const AbcSettings& settings = context.settings;
  const auto generation_start = Clock::now();
  const std::size_t n = settings.particles;
  const std::size_t replications = settings.replications;
  slots.assign(n, Slot{});
  // A generation that cannot finish (budget, or a slot past max_attempts) keeps its complete slots 0..k-1
  // as the unfinished generation's report. Which slots those are must not depend on thread timing or on
  // how slots are spread over processes, so a slot stops only when its stop is certain whatever the
  // others do: when the simulations of the slots below it that this process sees (counters that only
  // grow) plus its own next run exceed the budget, or a slot below it ran out of attempts. No slot of the
  // complete prefix ever meets either condition, so the seeds fix the prefix.
  const std::uint64_t budget = settings.max_simulations == 0 ? std::numeric_limits<std::uint64_t>::max()
                               : settings.max_simulations > total_simulations
                                   ? settings.max_simulations - total_simulations
                                   : 0;
  std::vector<std::atomic<std::uint64_t>> live_simulations(n);  // this process's view, for stopping early
  std::atomic<std::size_t> first_exhausted{n};
  std::atomic<bool> out_of_time{false};
  std::atomic<std::uint64_t> progress_total{total_simulations};  // for the progress line only
  std::atomic<std::size_t> filled{0};
  const auto must_stop = [&](std::size_t slot, std::uint64_t next_runs) {
    if (out_of_time.load(std::memory_order_relaxed) || first_exhausted.load() < slot) return true;
    std::uint64_t seen = next_runs;
    for (std::size_t i = 0; i <= slot; ++i) seen += live_simulations[i].load(std::memory_order_relaxed);
    return seen > budget;
  };

  const SlotTransfer transfer{"particle", [&](std::size_t slot) { return slot_to_numbers(slots[slot]); },
                              [&](std::size_t slot, const std::vector<double>& numbers) {
                                slots[slot] = slot_from_numbers(numbers);
                              }};
  run_spread(
      settings.spread_for, settings.parallel_for, n, settings.threads,
      [&](std::size_t slot) {
        Slot& here = slots[slot];
        std::uint64_t inadmissible_in_a_row = 0;
        for (std::uint64_t attempt = 0;; ++attempt) {
          if (must_stop(slot, 0)) return;
          Rng rng = Rng::for_indices(settings.seed, proposer.purpose, g, slot, attempt);
          std::vector<double> theta = proposer.kernel != nullptr
                                          ? transform.from_unbounded(proposer.kernel->propose(rng))
                                          : space.sample_marginals(rng);
          ++here.proposals;
          if (!space.admissible(theta)) {
            if (++inadmissible_in_a_row > kMaxInadmissibleInARow) {
              throw std::runtime_error(
                  "generation " + std::to_string(g) + ": " + std::to_string(kMaxInadmissibleInARow) +
                  " proposals in a row violated a constraint; are the constraints satisfiable "
                  "within the priors' ranges?");
            }
            continue;
          }
          inadmissible_in_a_row = 0;
          if (settings.max_attempts > 0 && here.evaluations >= settings.max_attempts) {
            here.abort = Abort::max_attempts;
            std::size_t lowest = first_exhausted.load();
            while (slot < lowest && !first_exhausted.compare_exchange_weak(lowest, slot)) {
            }
            return;
          }
          if (must_stop(slot, replications)) {
            here.abort = Abort::max_simulations;
            return;
          }
          ++here.evaluations;
          const auto [runs, mean] = run_proposal(context, theta, [&](std::size_t r) {
            return settings.shared_noise ? shared_noise_seed(settings.seed, g, r)
                                         : proposal_seed(settings.seed, g, slot, attempt, r);
          });
          here.simulations += replications;
          live_simulations[slot].fetch_add(replications);
          progress_total.fetch_add(replications, std::memory_order_relaxed);
          if (settings.wall_clock_seconds > 0.0 &&
              seconds_since(context.start) > settings.wall_clock_seconds) {
            here.abort = Abort::wall_clock;
            out_of_time.store(true);
            return;
          }
          const bool synthetic = settings.method == Method::synthetic_likelihood;
          const double log_likelihood = synthetic ? log_synthetic_likelihood_ratio(targets, runs)
                                                  : log_noise_aware_acceptance(targets, runs, 1.0);
          if (here.evaluations == 1) here.first_log_likelihood = log_likelihood;
          here.best_log_likelihood = std::max(here.best_log_likelihood, log_likelihood);
          double log_acceptance = 0.0;  // temperature infinity: every prior draw is kept
          if (std::isfinite(temperature)) {
            // (L / c)^(1/T): with R runs, (1/R) sum_r (k_r / c)^(1/T) = c^(-1/T) (1/R) sum_r k_r^(1/T).
            log_acceptance = (synthetic ? log_likelihood / temperature
                                        : log_noise_aware_acceptance(targets, runs, temperature)) -
                             log_normaliser / temperature;
            if (log_acceptance > 0.0) ++here.truncated;  // c below this L: accepted with probability 1
          }
          if (log_acceptance < 0.0 && !(std::log(rng.uniform()) < log_acceptance)) continue;
          here.distance = distance(targets, mean);
          here.log_likelihood = log_likelihood;
          // The importance weight prior / proposal density, with no likelihood in it: the accepted
          // particles are distributed as proposal(theta) x a(theta), a(theta) = E_noise[min(1, (L /
          // c)^(1/T))], so prior / proposal makes them a sample of prior x a(theta). While L <= c (no
          // truncation), a(theta) = c^(-1/T) E[L^(1/T)]: c is one constant for the whole generation and
          // cancels when the weights are normalised (collect), so any c >= sup L gives the same posterior as
          // the peak. No ratio of likelihoods across generations enters (the previous population only shapes
          // the proposal, which the weight divides out), so a c that changes from one generation to the next
          // needs no correction either. Truncation (L > c) is the one departure, counted in `truncated`.
          here.log_weight = proposer.kernel != nullptr
                                ? space.log_prior(theta) -
                                      proposer.kernel->log_mixture_density(transform.to_unbounded(theta)) -
                                      transform.log_jacobian(theta)
                                : 0.0;
          here.theta = std::move(theta);
          here.filled = true;
          context.progress.in_generation(filled.fetch_add(1) + 1, progress_total.load());
          return;
        }
      },
      transfer);

  // Every slot is here now, wherever it ran: the complete prefix, in slot order, is what counts.
  stats.generation = g;
  stats.temperature = temperature;
  stats.log_normaliser = log_normaliser;
  stats.best_log_likelihood = -inf;
  stats.truncated = 0;
  stats.simulations = 0;
  stats.evaluations = 0;
  stats.proposals = 0;
  std::size_t complete = 0;
  bool wall_clock = false;
  for (const Slot& s : slots) wall_clock = wall_clock || s.abort == Abort::wall_clock;
  for (; complete < n; ++complete) {
    const Slot& s = slots[complete];
    if (!s.filled || stats.simulations + s.simulations > budget) break;
    stats.simulations += s.simulations;
    stats.evaluations += s.evaluations;
    stats.proposals += s.proposals;
    stats.best_log_likelihood = std::max(stats.best_log_likelihood, s.best_log_likelihood);
    stats.truncated += s.truncated;
  }
  const std::size_t accepted = complete;
  Abort abort = Abort::none;
  if (wall_clock) {
    abort = Abort::wall_clock;  // a clock is not reproducible, so neither is where it stopped
  } else if (complete < n) {
    abort = slots[complete].abort == Abort::max_attempts ? Abort::max_attempts : Abort::max_simulations;
  }
  if (abort != Abort::none) {
    for (std::size_t i = complete; i < n; ++i) slots[i] = Slot{};
  }
  stats.acceptance_rate =
      stats.evaluations > 0 ? static_cast<double>(accepted) / static_cast<double>(stats.evaluations) : 0.0;
  stats.seconds = seconds_since(generation_start);
  total_simulations += stats.simulations;
  return abort;
}

}  // namespace ozsim::calibration
