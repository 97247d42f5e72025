#pragma once
// Resample-move SMC over a temperature schedule with pseudo-marginal Metropolis-Hastings moves: the
// `resample-move` method (Del Moral, Doucet & Jasra 2006, J R Stat Soc B 68:411-436; Andrieu & Roberts
// 2009, Ann Stat 37:697-725).
//
// Why it exists: ABC-SMC (abc_smc) weights each new particle by prior / kernel-mixture density. In ten or
// more dimensions that ratio varies over orders of magnitude, so the ESS collapses (Midden-Holland, 16
// parameters: 1,000 -> 40 -> 11 in two generations) and temperature 1 is out of reach. Resample-move has
// no such ratio: each particle carries its parameters and an unbiased estimate L-hat of its likelihood
// (from its own model runs), and a generation
//   1. reweights the population by L-hat^(1/T_g - 1/T_{g-1}), with T_g chosen so that the ESS of these
//      weights is the set share of the particles (bisection; never below 1);
//   2. resamples it (systematic resampling), so the weights are equal again;
//   3. moves every particle by `moves` Metropolis-Hastings steps that leave prior x L^(1/T_g) invariant: a
//      Gaussian random walk on the unbounded scale (covariance (2.38^2 / d) x the population's), fresh
//      model runs at the proposed point, accepted with probability
//      min(1, [prior(x') |dx'/du'| L-hat(x')^(1/T_g)] / [prior(x) |dx/du| L-hat(x)^(1/T_g)]).
// The current particle keeps its L-hat (it is not rerun): that is what makes the pseudo-marginal chain
// target the exact posterior of "model plus observation error" at T = 1, with the model's noise
// integrated out, whatever the noise of L-hat (it only slows the mixing).
//
// Reproducibility: the resampling draws from (seed, generation), particle i's step s from (seed,
// generation, i, s), its model runs from proposal_seed(seed, generation, i, s, r). Nothing depends on
// the thread or process count; a generation is complete or discarded as a whole.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "calibration/inference/generation.hpp"

namespace ozsim::calibration {

// The largest beta in [beta_previous, 1] at which the incremental weights exp((beta - beta_previous) l_i)
// keep an ESS of at least `ess_fraction` x n, found by bisection (1 when even beta = 1 keeps it).
// `log_likelihoods` are log L-hat at temperature 1; -infinity entries get weight 0.
double next_inverse_temperature(const std::vector<double>& log_likelihoods, double beta_previous,
                                double ess_fraction);

// Systematic resampling: n indices, index j repeated about n w_j times, from one uniform u in (0, 1).
// `weights` need not be normalised.
std::vector<std::size_t> systematic_resample(const std::vector<double>& weights, double u);

// One resample-move generation g >= 1 from `population` (the previous complete generation, whose
// log_likelihoods are each particle's current log L-hat) at temperature T_{g-1} = `previous_temperature`.
// Chooses T_g, reweights, resamples and moves; on success `population` becomes generation g (equal
// weights) and `stats` says what it took (ess: of the reweighting, before resampling; acceptance_rate:
// accepted / simulated moves). On a wall-clock stop `population` is left as it was and the generation's
// runs are not added to `total_simulations`.
Abort run_move_generation(const GenerationContext& context, std::size_t g, double previous_temperature,
                          Population& population, std::uint64_t& total_simulations, GenerationStats& stats);

// Model runs one move generation may take: particles x moves x replications (a proposal that breaks a
// constraint takes none), so the calibrator can refuse to start one the simulation budget cannot finish.
std::uint64_t move_generation_simulations(const AbcSettings& settings);

}  // namespace ozsim::calibration
