#pragma once
// Approximate Bayesian computation: ABC rejection (baseline) and ABC-SMC with an adaptive
// tolerance schedule (Beaumont et al. 2009; Del Moral et al. 2012; Toni et al. 2009).
//
// Reproducibility rules:
// - every proposal draws from the stream (seed, generation, particle slot, attempt), so slot i's
//   result never depends on other slots, the thread count or timing;
// - replication r of every particle in generation g runs with the same model seed (common random
//   numbers), so particles are compared on the same noise;
// - a generation is either complete (all slots filled) or discarded as a whole; the posterior is
//   always the last complete generation, whose content is then identical to an uninterrupted run.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "calibration/src/parameter_space.hpp"
#include "calibration/src/target.hpp"

namespace ozsim::calibration {

// One model run: parameter values (in ParameterSpace order) and a seed in, named KPIs out.
// Must be safe to call from several threads at once.
using ModelFunction =
    std::function<std::map<std::string, double>(const std::vector<double>& params, std::uint64_t seed)>;

enum class Method { abc_smc, rejection };
std::string_view method_name(Method method);

enum class StopReason {
  target_tolerance,  // the tolerance reached settings.target_tolerance
  max_generations,
  max_simulations,
  wall_clock,
  min_acceptance,  // a generation's acceptance rate fell below settings.min_acceptance
  rejection_done,  // ABC rejection has a single pass
};
std::string_view stop_reason_name(StopReason reason);

struct GenerationStats {
  std::size_t generation = 0;
  double tolerance = std::numeric_limits<double>::infinity();
  std::uint64_t simulations = 0;  // model runs (particle evaluations x replications)
  std::uint64_t evaluations = 0;  // particles simulated (proposals inside the prior support)
  std::uint64_t proposals = 0;    // including those outside the support or violating constraints
  double acceptance_rate = 0.0;   // accepted / evaluations
  double ess = 0.0;               // effective sample size 1 / sum w^2
  double seconds = 0.0;           // wall time (not part of any reproducible output)
};

struct Population {
  std::vector<std::vector<double>> particles;  // [particle][parameter]
  std::vector<double> weights;                 // normalised to sum 1
  std::vector<double> distances;
  std::size_t size() const { return particles.size(); }
};

struct AbcSettings {
  Method method = Method::abc_smc;
  std::size_t particles = 1000;
  std::size_t max_generations = 10;  // generation 0 samples the prior
  std::size_t replications = 1;      // model runs per particle, averaged
  std::uint64_t seed = 1;
  unsigned threads = 0;              // 0 = hardware_concurrency
  double quantile = 0.5;             // next tolerance = this quantile of the accepted distances
  double initial_tolerance = std::numeric_limits<double>::infinity();  // generation 0's
  double target_tolerance = 0.0;     // stop once the tolerance is at or below this
  std::uint64_t max_simulations = 0; // 0 = unlimited
  double wall_clock_seconds = 0.0;   // 0 = unlimited
  double min_acceptance = 0.0;       // 0 = no minimum
  std::size_t rejection_simulations = 0;  // ABC rejection: prior draws (0 = 10 x particles)
  std::string checkpoint_path;       // empty = no checkpoint
  bool resume = false;               // continue from checkpoint_path
  bool progress = false;             // progress lines on stderr
  // Test hook: called after the checkpoint of each complete generation has been written.
  std::function<void(std::size_t generation)> after_checkpoint;
};

struct CalibrationResult {
  std::vector<std::string> parameter_names;
  Population posterior;              // the last complete generation
  std::size_t posterior_generation = 0;
  double posterior_tolerance = 0.0;
  std::vector<GenerationStats> history;  // complete generations only
  StopReason reason = StopReason::max_generations;
  std::string reason_text;           // one sentence for the user
  std::uint64_t total_simulations = 0;
  // Particles accepted in an unfinished last generation: reported, never part of the posterior.
  Population partial;
  std::size_t resumed_from = 0;      // generation read from the checkpoint (0 when not resumed)
  bool resumed = false;
};

// Runs the calibration. Throws std::runtime_error / std::invalid_argument on bad settings, a
// mismatched checkpoint or a model error.
CalibrationResult calibrate(const ParameterSpace& space, const std::vector<Target>& targets,
                            const ModelFunction& model, const AbcSettings& settings);

// Mean of the targets' KPIs over `replications` model runs with seeds seed_of(r).
std::vector<double> simulate_targets(const ModelFunction& model, const std::vector<Target>& targets,
                                     const std::vector<double>& params, const std::vector<std::uint64_t>& seeds);

// The model seed of replication r in generation g (shared by all particles of g).
std::uint64_t generation_seed(std::uint64_t master_seed, std::size_t generation, std::size_t replication);

// Effective sample size of normalised weights.
double effective_sample_size(const std::vector<double>& weights);

// Weighted quantile: the smallest value whose cumulative weight reaches q (values need not be sorted).
double weighted_quantile(const std::vector<double>& values, const std::vector<double>& weights, double q);

}  // namespace ozsim::calibration
