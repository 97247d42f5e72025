#pragma once
// Approximate Bayesian computation with a noise-aware acceptor: ABC-SMC over a temperature schedule
// that ends at 1, ABC rejection, and a synthetic-likelihood variant (Wilkinson 2013; Schalte &
// Hasenauer 2020; Wood 2010; Toni et al. 2009; Beaumont et al. 2009).
//
// What the posterior means: a target's sigma is observation error, observed = model output + e with
// e ~ N(0, sigma^2 / weight). At temperature 1 every method samples prior x likelihood of that
// statement, with the likelihood integrated over the model's own noise (see acceptor.hpp).
//
// Reproducibility and honesty rules:
// - every proposal draws from the stream (seed, generation, slot, attempt), and its model runs use
//   seeds derived from (seed, generation, slot, attempt, replication): fresh model noise for every
//   proposal, so the posterior does not collapse onto one noise realisation, and slot i's result
//   never depends on other slots, the thread count or timing;
// - a generation is either complete (all slots filled) or discarded as a whole; the posterior is
//   the last complete generation, whose content is then identical to an uninterrupted run;
// - every run ends: a simulation budget, a wall-clock budget, a cap on attempts per particle and a
//   cap on generations, each with its own stop reason.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calibration/inference/checkpoint.hpp"
#include "calibration/inference/parallel.hpp"
#include "calibration/inference/parameter_space.hpp"
#include "calibration/inference/population.hpp"
#include "calibration/inference/smc_weights.hpp"
#include "calibration/inference/target.hpp"

namespace ozsim::calibration {

// One model run: parameter values (in ParameterSpace order) and a seed in, named KPIs out.
// Must be safe to call from several threads at once.
using ModelFunction =
    std::function<std::map<std::string, double>(const std::vector<double>& params, std::uint64_t seed)>;

// abc_smc: ABC-SMC with the noise-aware acceptor, R >= 1 runs per particle (their kernels averaged).
// rejection: prior draws accepted by the same acceptor at temperature 1 (exact, slow when the data
//   are informative; the baseline to check ABC-SMC against).
// synthetic_likelihood: ABC-SMC whose acceptor is Wood's Gaussian synthetic likelihood of R >= 2
//   runs per particle, keeping the model's variance and the targets' correlations.
// resample_move: the same likelihood as abc_smc (R >= 1 runs' kernels averaged), sampled by
//   resample-move SMC with pseudo-marginal Metropolis-Hastings moves (resample_move.hpp): no importance
//   ratio of densities, so it keeps its effective sample size in many dimensions where abc_smc collapses.
enum class Method { abc_smc, rejection, synthetic_likelihood, resample_move };
std::string_view method_name(Method method);

enum class StopReason {
  converged,        // a generation at temperature 1 with ESS at or above the minimum
  max_generations,  // out of generations (the last one is forced to temperature 1)
  max_simulations,
  wall_clock,
  max_attempts,    // a particle needed more attempts than settings.max_attempts in one generation
  rejection_done,  // ABC rejection filled every particle
};
std::string_view stop_reason_name(StopReason reason);

// What the likelihood is divided by before it is used as an acceptance probability, min(1, (L / c)^(1/T)).
// Any constant c >= sup L samples the exact (tempered) posterior: it only scales every acceptance
// probability by the same factor (Schalte & Hasenauer 2020, Bioinformatics 36:i551-i559).
// peak: c = the kernel's peak (every z = 0), the smallest c that is >= L whatever the model does. With
//   many targets the model's own noise keeps L far below it (Midden-Holland: about e^-10 at the
//   posterior mode), and temperature 1 then costs 1e4-1e5 simulations per particle.
// best_seen: c_g = the largest L of all simulated proposals of the complete generations before g
//   (pyABC's pdf_norm_max_found). Fixed before generation g runs and a function of complete generations
//   only, so the result does not depend on thread or process count and a resumed run equals an
//   uninterrupted one. A proposal with L > c_g is accepted with probability 1 instead of (L / c_g)^(1/T)
//   > 1; GenerationStats::truncated counts them. ABC rejection always uses the peak (it has no earlier
//   generation); generation 0 accepts every prior draw, so c matters from generation 1 on.
enum class Normalisation { best_seen, peak };
std::string_view normalisation_name(Normalisation normalisation);

// Where a calibration stands, for a progress display (it only reads, so it cannot change a result).
struct CalibrationProgress {
  std::size_t generation = 0;
  std::size_t filled = 0;  // particles accepted so far in this generation
  std::size_t particles = 0;
  std::uint64_t simulations = 0;  // model runs of the whole calibration so far, this generation's included
  // Of those, the runs of this process (a resumed checkpoint's excluded), which set the pace.
  std::uint64_t simulations_here = 0;
  double seconds = 0.0;             // since calibrate() started
  double generation_seconds = 0.0;  // since this generation started
  bool last_generation = false;     // the last one max_generations allows
  // Set once per generation, when it is complete (filled == particles); null while it runs.
  const GenerationStats* completed = nullptr;
};

struct AbcSettings {
  Method method = Method::abc_smc;
  Normalisation normalisation = Normalisation::best_seen;  // abc_smc and synthetic_likelihood only
  std::size_t particles = 1000;
  // Generation 0 samples the prior; the last allowed one (if not 0) runs at temperature 1 (abc_smc and
  // synthetic_likelihood; resample_move never jumps: out of generations above 1, it stops tempered).
  std::size_t max_generations = 20;
  std::size_t replications = 1;  // model runs per particle
  std::uint64_t seed = 1;
  unsigned threads = 0;                          // 0 = hardware_concurrency
  ParallelFor parallel_for = in_calling_thread;  // the pool the slots run on (see parallel.hpp)
  SpreadFor spread_for;  // set: the slots are spread over processes (mpirun) instead (parallel.hpp)
  // Next temperature: the one at which the previous population would have accepted this share...
  double target_acceptance = 0.3;
  // ...but at most this times the previous temperature, so the schedule reaches 1 in bounded steps.
  double max_temperature_ratio = 0.5;
  // Stop at temperature 1 once ESS >= this share of the particles; below it, run another generation
  // at temperature 1 (its kernel resamples the population) while generations and budget remain.
  // resample_move: each next temperature is the lowest at which reweighting keeps this ESS share.
  double min_ess_fraction = 0.5;
  // resample_move: Metropolis-Hastings steps per particle per generation (each one model run x R).
  std::size_t moves = 3;
  std::uint64_t max_simulations = 1'000'000;  // 0 = unlimited
  double wall_clock_seconds = 6 * 3600.0;     // 0 = unlimited
  std::uint64_t max_attempts = 10'000;        // per particle per generation; 0 = unlimited
  // Called with the state after each complete generation (the bridge writes it to a file,
  // calibration/bridge/checkpoint_file.hpp); empty = no checkpoints.
  std::function<void(const Checkpoint&)> save_checkpoint;
  // Continue from this state instead of generation 0; refused (check_resumable) unless it was written
  // by this same problem.
  std::optional<Checkpoint> resume_from;
  // Digest of everything outside these settings that shapes the result (scenario with its overrides),
  // stored in the checkpoint so that a resume with a different scenario is refused.
  std::string model_digest;
  // Told where the run stands after each accepted particle and each complete generation; called from the
  // worker threads, one call at a time, so it must be quick. Empty = nothing reported.
  std::function<void(const CalibrationProgress&)> on_progress;
  // Reproduces the old, wrong behaviour for tests: every particle of a generation runs on the same
  // model seeds, so the posterior conditions on one noise realisation and collapses.
  bool shared_noise = false;
};

struct CalibrationResult {
  std::vector<std::string> parameter_names;
  Population posterior;  // the last complete generation
  std::size_t posterior_generation = 0;
  double posterior_temperature = 1.0;    // > 1: a tempered (too wide) approximation, said in reason_text
  std::vector<GenerationStats> history;  // complete generations only
  StopReason reason = StopReason::max_generations;
  std::string reason_text;              // one sentence for the user
  std::string reason_text_nl;           // the same in Dutch, for the report
  std::uint64_t total_simulations = 0;  // in complete generations (the same whatever the thread count)
  // An unfinished last generation's complete first particles (in slot order) and the simulations they
  // ran, both fixed by the seeds: reported, never part of the posterior.
  Population partial;
  std::uint64_t unfinished_simulations = 0;
  bool unfinished_generation = false;  // the stop came inside a generation, not between two
  std::size_t resumed_from = 0;        // generation read from the checkpoint (0 when not resumed)
  bool resumed = false;
};

// Runs the calibration. Throws std::runtime_error / std::invalid_argument on bad settings, a
// mismatched checkpoint or a model error.
CalibrationResult calibrate(const ParameterSpace& space, const std::vector<Target>& targets,
                            const ModelFunction& model, const AbcSettings& settings);

// The model seed of replication r of the proposal (generation, slot, attempt).
std::uint64_t proposal_seed(std::uint64_t master_seed, std::size_t generation, std::size_t slot,
                            std::uint64_t attempt, std::size_t replication);

}  // namespace ozsim::calibration
