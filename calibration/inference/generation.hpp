#pragma once
// One generation of ABC-SMC (or the single generation of ABC rejection): every slot proposes,
// simulates and accepts until it holds a particle, on the caller's thread pool. What a slot draws
// depends only on (seed, generation, slot, attempt), so the generation's content never depends on the
// thread count; only a stop on a limit can leave it unfinished.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "calibration/inference/abc.hpp"
#include "calibration/inference/kernel.hpp"
#include "calibration/inference/messages.hpp"
#include "calibration/inference/random.hpp"
#include "calibration/inference/transform.hpp"

namespace ozsim::calibration {

// Where a generation's proposals come from: the prior (generation 0, rejection) or the kernel.
struct Proposer {
  StreamPurpose purpose;
  const PerturbationKernel* kernel = nullptr;  // on the unbounded scale; null = the prior
};

// Why a generation was left unfinished.
enum class Abort : int { none = 0, max_simulations, wall_clock, max_attempts };
StopReason stop_reason_of(Abort abort);

// A slot's accepted particle (when `filled`).
struct Slot {
  std::vector<double> theta;
  double distance = std::numeric_limits<double>::infinity();
  double log_likelihood = -std::numeric_limits<double>::infinity();
  // Of the slot's first simulated proposal, accepted or not: what sets the next temperature.
  double first_log_likelihood = -std::numeric_limits<double>::infinity();
  double log_weight = 0.0;
  // Over all the proposals the slot simulated: the largest log(L / peak), and how many had L above the
  // generation's normaliser (their acceptance probability cut to 1).
  double best_log_likelihood = -std::numeric_limits<double>::infinity();
  std::uint64_t truncated = 0;
  bool filled = false;
  // What the slot did, counted by the slot itself so that the generation's totals are sums over slots
  // wherever each ran (another process under mpirun): proposals drawn, proposals simulated, model runs.
  std::uint64_t proposals = 0;
  std::uint64_t evaluations = 0;
  std::uint64_t simulations = 0;
  Abort abort = Abort::none;  // the limit this slot hit, if it was the one to hit it
};

// A slot as numbers and back (SlotTransfer, parallel.hpp).
std::vector<double> slot_to_numbers(const Slot& slot);
Slot slot_from_numbers(const std::vector<double>& numbers);

// What every generation of one calibration shares.
struct GenerationContext {
  const ParameterSpace& space;
  const ParameterTransform& transform;
  const std::vector<Target>& targets;
  const ModelFunction& model;
  const AbcSettings& settings;
  Clock::time_point start;  // of the whole calibration, for the wall-clock limit
  Progress& progress;
};

// A proposal's R = settings.replications model runs: each run's targets, and their mean.
struct ProposalRuns {
  std::vector<std::vector<double>> runs;
  std::vector<double> mean;
};
// Run r on the model seed `seed_of(r)`.
template <typename SeedOf>
ProposalRuns run_proposal(const GenerationContext& context, const std::vector<double>& theta,
                          SeedOf seed_of) {
  const std::size_t replications = context.settings.replications;
  ProposalRuns out{std::vector<std::vector<double>>(replications),
                   std::vector<double>(context.targets.size(), 0.0)};
  for (std::size_t r = 0; r < replications; ++r) {
    out.runs[r] = extract_kpis(context.targets, context.model(theta, seed_of(r)));
    for (std::size_t i = 0; i < out.mean.size(); ++i)
      out.mean[i] += out.runs[r][i] / static_cast<double>(replications);
  }
  return out;
}

// Fills every slot of generation `g` at `temperature`, or stops early on a limit and says which. A
// proposal with likelihood L (log(L / peak) from the acceptor) is accepted with probability
// min(1, (L / c)^(1 / temperature)), log c = `log_normaliser` (0: the peak). `total_simulations` (of the
// whole calibration so far) grows by the model runs made; `stats` gets everything but the ESS.
Abort run_generation(const GenerationContext& context, std::size_t g, double temperature,
                     double log_normaliser, const Proposer& proposer, std::uint64_t& total_simulations,
                     std::vector<Slot>& slots, GenerationStats& stats);

// The filled slots as a population with normalised weights (every slot's first log-likelihood kept).
void collect(std::vector<Slot>& slots, Population& population);

}  // namespace ozsim::calibration
