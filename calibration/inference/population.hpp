#pragma once
// What a generation of ABC-SMC leaves behind: its weighted particles and its statistics.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace ozsim::calibration {

struct GenerationStats {
  std::size_t generation = 0;
  double temperature = std::numeric_limits<double>::infinity();  // generation 0 accepts every prior draw
  std::uint64_t simulations = 0;  // model runs (particle evaluations x replications)
  std::uint64_t evaluations = 0;  // particles simulated (admissible proposals)
  std::uint64_t proposals = 0;    // including those violating a constraint
  double acceptance_rate = 0.0;   // accepted / evaluations
  double ess = 0.0;               // effective sample size (sum w)^2 / sum w^2
  double seconds = 0.0;           // wall time (not part of any reproducible output)
  // log c: what this generation's acceptance divided the likelihood by, on the acceptor's log(L / peak)
  // scale (0 = the kernel's peak; see AbcSettings::normalisation).
  double log_normaliser = 0.0;
  // The largest log(L / peak) of all this generation's simulated proposals, accepted or not: what the
  // next generations' best-seen normaliser is the running maximum of.
  double best_log_likelihood = -std::numeric_limits<double>::infinity();
  // Simulated proposals whose likelihood exceeded c, so that their acceptance probability was cut to 1:
  // 0 means this generation sampled its tempered posterior exactly; more means c < sup L there and the
  // posterior is flattened where the likelihood is highest (a bias indicator).
  std::uint64_t truncated = 0;
  // Distinct parameter vectors in the generation's population: resampling copies particles, and a
  // resample-move generation whose moves were mostly rejected holds few distinct ones even at full ESS.
  std::uint64_t distinct = 0;
};

struct Population {
  std::vector<std::vector<double>> particles;  // [particle][parameter]
  std::vector<double> weights;                 // normalised to sum 1
  // Root-mean-square z-score of the particle's (mean) simulated targets: for reading, not deciding.
  std::vector<double> distances;
  // The acceptor's log(L / c) at temperature 1 of the accepted simulation.
  std::vector<double> log_likelihoods;
  // The same for the first proposal each slot simulated, accepted or not: an unbiased sample of what
  // this generation's proposals looked like, from which the next temperature is set.
  std::vector<double> proposal_log_likelihoods;
  std::size_t size() const { return particles.size(); }
};

}  // namespace ozsim::calibration
