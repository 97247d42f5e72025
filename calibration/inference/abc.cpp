#include "calibration/inference/abc.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <stdexcept>

#include "calibration/inference/generation.hpp"
#include "calibration/inference/resample_move.hpp"
#include "sim/params/input_error.hpp"
#include "sim/params/number_format.hpp"

namespace ozsim::calibration {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// A limit reached before there is any posterior to keep (`goal`: what the run needed to get that far):
// bad input, named by the flag that set the limit. It said only "raise the limit", which left the user
// to guess which of --max-simulations, --wall-clock and --max-attempts it was.
[[noreturn]] void stopped_before_posterior(StopReason stop, const AbcSettings& s, std::string_view goal,
                                           std::size_t accepted) {
  const auto count = [](std::uint64_t n) {
    return params::grouped(static_cast<double>(n), 0, params::Language::En);
  };
  const std::string got = fmt::format("{} of {} particles accepted", count(accepted), count(s.particles));
  std::string flag;
  std::string text;
  switch (stop) {
    case StopReason::wall_clock:
      flag = "--wall-clock";
      text = fmt::format("expected enough seconds for {} (0 = no limit), found {} ({} before it ran out)",
                         goal, params::format_number(s.wall_clock_seconds), got);
      break;
    case StopReason::max_attempts:
      flag = "--max-attempts";
      text = fmt::format(
          "expected enough attempts per particle for {} (0 = no limit), found {} (a particle "
          "was still not accepted after them; {})",
          goal, count(s.max_attempts), got);
      break;
    default:
      flag = "--max-simulations";
      text = fmt::format("expected enough model runs for {} (0 = no limit), found {} ({})", goal,
                         count(s.max_simulations), got);
      break;
  }
  throw params::InputError(params::SourceLocation{flag, 0, 0}, text);
}

// The schedule of one run of calibrate(): temperatures, stopping, resuming and checkpoints. Each
// generation's work is run_generation's.
class Calibrator {
 public:
  Calibrator(const ParameterSpace& space, const std::vector<Target>& targets, const ModelFunction& model,
             const AbcSettings& settings)
      : space_(space),
        transform_(space),
        targets_(targets),
        settings_(settings),
        start_(Clock::now()),
        progress_(settings, start_),
        context_{space_, transform_, targets_, model, settings_, start_, progress_} {}

  CalibrationResult run();

 private:
  void validate() const;
  CalibrationResult run_rejection();
  // One generation of abc_smc / synthetic_likelihood (or generation 0 of any method) and one of
  // resample_move: on success `stats` and population_ are the new generation's and nothing is returned; on
  // a limit the unfinished generation goes into `result` and the stop reason is returned.
  std::optional<StopReason> smc_generation(std::size_t g, std::vector<Slot>& slots, GenerationStats& stats,
                                           CalibrationResult& result);
  std::optional<StopReason> move_generation(std::size_t g, GenerationStats& stats, CalibrationResult& result);
  double log_normaliser(std::size_t g) const;
  double next_temperature(std::size_t g, double log_normaliser) const;
  std::optional<StopReason> stop_after(const GenerationStats& stats) const;
  void save_checkpoint(std::size_t generation, double temperature) const;

  const ParameterSpace& space_;
  ParameterTransform transform_;
  const std::vector<Target>& targets_;
  const AbcSettings& settings_;
  Clock::time_point start_;
  Progress progress_;
  GenerationContext context_;
  std::uint64_t total_simulations_ = 0;
  std::vector<GenerationStats> history_;
  Population population_;
};

// log c_g (see Normalisation): a function of the complete generations before g only (history_), so it
// is the same whatever the thread or process count, and a resumed run reads it back from the checkpoint's
// history. All -infinity (no proposal gave a finite likelihood) falls back to the peak.
double Calibrator::log_normaliser(std::size_t g) const {
  if (g == 0 || settings_.normalisation == Normalisation::peak) return 0.0;
  double best = -inf;
  for (const GenerationStats& h : history_) best = std::max(best, h.best_log_likelihood);
  return std::isfinite(best) ? best : 0.0;
}

double Calibrator::next_temperature(std::size_t g, double log_normaliser) const {
  if (g == 0) return inf;                              // the prior sample every schedule starts from
  if (g + 1 >= settings_.max_generations) return 1.0;  // the last allowed generation is the posterior's
  const double previous = history_.back().temperature;
  if (previous <= 1.0) return 1.0;
  // The schedule aims at the acceptance this generation will have, so it reads the last proposals'
  // likelihoods over the same c this generation divides by.
  std::vector<double> shifted = population_.proposal_log_likelihoods;
  for (double& l : shifted) l -= log_normaliser;
  const double by_acceptance = temperature_for_acceptance(shifted, settings_.target_acceptance);
  return std::max(1.0, std::min(by_acceptance, settings_.max_temperature_ratio * previous));
}

std::optional<StopReason> Calibrator::stop_after(const GenerationStats& stats) const {
  if (stats.temperature <= 1.0 &&
      stats.ess >= settings_.min_ess_fraction * static_cast<double>(settings_.particles)) {
    return StopReason::converged;
  }
  if (stats.generation + 1 >= settings_.max_generations) return StopReason::max_generations;
  if (settings_.max_simulations > 0 && total_simulations_ >= settings_.max_simulations) {
    return StopReason::max_simulations;
  }
  if (settings_.wall_clock_seconds > 0.0 && seconds_since(start_) >= settings_.wall_clock_seconds) {
    return StopReason::wall_clock;
  }
  return std::nullopt;
}

void Calibrator::save_checkpoint(std::size_t generation, double temperature) const {
  if (!settings_.save_checkpoint) return;
  Checkpoint c;
  c.seed = settings_.seed;
  c.particles = settings_.particles;
  c.replications = settings_.replications;
  c.method = std::string(method_name(settings_.method));
  c.fingerprint = problem_fingerprint(space_, targets_, settings_);
  c.parameter_names = space_.names();
  for (const auto& t : targets_) c.target_names.push_back(t.name);
  c.generation = generation;
  c.temperature = temperature;
  c.total_simulations = total_simulations_;
  c.history = history_;
  c.population = population_;
  settings_.save_checkpoint(c);
}

void Calibrator::validate() const {
  if (settings_.particles == 0) throw std::invalid_argument("particles must be at least 1");
  if (settings_.replications == 0) throw std::invalid_argument("replications must be at least 1");
  if (settings_.method == Method::synthetic_likelihood && settings_.replications < 2) {
    throw std::invalid_argument(
        "the synthetic likelihood estimates the model's variance: it needs --replications 2 "
        "or more (5 or more is better)");
  }
  if (settings_.max_generations == 0) throw std::invalid_argument("generations must be at least 1");
  if (!(settings_.target_acceptance > 0.0 && settings_.target_acceptance < 1.0)) {
    throw std::invalid_argument("the target acceptance must lie strictly between 0 and 1");
  }
  if (!(settings_.max_temperature_ratio > 0.0 && settings_.max_temperature_ratio < 1.0)) {
    throw std::invalid_argument("the temperature ratio must lie strictly between 0 and 1");
  }
  if (!(settings_.min_ess_fraction >= 0.0 && settings_.min_ess_fraction <= 1.0)) {
    throw std::invalid_argument("the minimum ESS share must lie in [0, 1]");
  }
  if (settings_.method == Method::resample_move && settings_.moves == 0) {
    throw std::invalid_argument("resample-move needs at least 1 move per particle per generation");
  }
  if (space_.size() == 0) throw std::invalid_argument("no free parameters");
  if (targets_.empty()) throw std::invalid_argument("no targets");
}

CalibrationResult Calibrator::run() {
  validate();
  if (settings_.method == Method::rejection) return run_rejection();

  CalibrationResult result;
  result.parameter_names = space_.names();
  std::size_t next_generation = 0;
  std::optional<StopReason> stop;

  if (settings_.resume_from) {
    const Checkpoint& c = *settings_.resume_from;
    check_resumable(c, space_, targets_, settings_);
    population_ = c.population;
    history_ = c.history;
    total_simulations_ = c.total_simulations;
    next_generation = c.generation + 1;
    result.resumed = true;
    result.resumed_from = c.generation;
    progress_.resumed_at(total_simulations_);
    stop = stop_after(history_.back());
  }

  std::vector<Slot> slots;
  while (!stop) {
    const std::size_t g = next_generation;
    const bool move = g > 0 && settings_.method == Method::resample_move;
    // A move generation runs a fixed number of simulations; one the budget cannot finish is not started.
    if (move && settings_.max_simulations > 0 &&
        total_simulations_ + move_generation_simulations(settings_) > settings_.max_simulations) {
      stop = StopReason::max_simulations;
      break;
    }
    GenerationStats stats;
    progress_.start_generation(g, total_simulations_);
    stop = move ? move_generation(g, stats, result) : smc_generation(g, slots, stats, result);
    if (stop) break;
    history_.push_back(stats);
    save_checkpoint(g, stats.temperature);
    progress_.generation_done(stats, total_simulations_);
    stop = stop_after(stats);
    next_generation = g + 1;
  }

  result.posterior = population_;
  result.posterior_generation = history_.back().generation;
  result.posterior_temperature = history_.back().temperature;
  result.history = history_;
  result.reason = *stop;
  result.total_simulations = total_simulations_;
  result.reason_text = describe_stop(result, settings_);
  result.reason_text_nl = describe_stop(result, settings_, params::Language::Nl);
  return result;
}

std::optional<StopReason> Calibrator::smc_generation(std::size_t g, std::vector<Slot>& slots,
                                                     GenerationStats& stats, CalibrationResult& result) {
  const double normaliser = log_normaliser(g);
  const double temperature = next_temperature(g, normaliser);
  std::unique_ptr<PerturbationKernel> kernel;
  if (g > 0) {
    std::vector<std::vector<double>> points;
    points.reserve(population_.size());
    for (const auto& p : population_.particles) points.push_back(transform_.to_unbounded(p));
    kernel = std::make_unique<PerturbationKernel>(std::move(points), population_.weights,
                                                  transform_.unbounded_scale());
  }
  const Proposer proposer{g == 0 ? StreamPurpose::prior_draw : StreamPurpose::proposal, kernel.get()};
  const std::uint64_t before = total_simulations_;
  const Abort abort =
      run_generation(context_, g, temperature, normaliser, proposer, total_simulations_, slots, stats);
  if (abort != Abort::none) {
    collect(slots, result.partial);
    result.unfinished_simulations = total_simulations_ - before;
    result.unfinished_generation = true;
    total_simulations_ = before;
    const StopReason stop = stop_reason_of(abort);
    if (history_.empty()) {
      stopped_before_posterior(
          stop, settings_, "generation 0 to accept all " + std::to_string(settings_.particles) + " particles",
          result.partial.size());
    }
    return stop;
  }
  collect(slots, population_);
  stats.ess = effective_sample_size(population_.weights);
  stats.distinct = distinct_particles(population_);
  return std::nullopt;
}

std::optional<StopReason> Calibrator::move_generation(std::size_t g, GenerationStats& stats,
                                                      CalibrationResult& result) {
  const Abort abort =
      run_move_generation(context_, g, history_.back().temperature, population_, total_simulations_, stats);
  if (abort == Abort::none) return std::nullopt;
  result.unfinished_simulations = stats.simulations;
  result.unfinished_generation = true;
  return stop_reason_of(abort);
}

CalibrationResult Calibrator::run_rejection() {
  CalibrationResult result;
  result.parameter_names = space_.names();
  std::vector<Slot> slots;
  GenerationStats stats;
  progress_.start_generation(0, 0);
  // Rejection has no earlier generation to take a best-seen likelihood from: it divides by the peak
  // (log c = 0) whatever settings_.normalisation says.
  const Abort abort = run_generation(context_, 0, 1.0, 0.0, Proposer{StreamPurpose::rejection, nullptr},
                                     total_simulations_, slots, stats);
  // Each slot's accepted draw is an exact posterior draw however many attempts it took, so the slots
  // filled before a limit are still a valid (smaller) posterior sample.
  collect(slots, result.posterior);
  if (result.posterior.size() == 0) {
    stopped_before_posterior(stop_reason_of(abort), settings_, "ABC rejection to accept one particle", 0);
  }
  stats.ess = effective_sample_size(result.posterior.weights);
  stats.distinct = distinct_particles(result.posterior);
  result.history.push_back(stats);
  result.posterior_temperature = 1.0;
  result.total_simulations = total_simulations_;
  result.reason = abort == Abort::none ? StopReason::rejection_done : stop_reason_of(abort);
  result.reason_text = describe_stop(result, settings_);
  result.reason_text_nl = describe_stop(result, settings_, params::Language::Nl);
  if (abort != Abort::none) {
    result.reason_text +=
        "; only " + std::to_string(result.posterior.size()) + " of " + std::to_string(settings_.particles) +
        " particles were accepted before the limit (which ones can depend on the thread count)";
  }
  return result;
}

}  // namespace

std::string_view method_name(Method method) {
  switch (method) {
    case Method::abc_smc:
      return "abc-smc";
    case Method::rejection:
      return "rejection";
    case Method::synthetic_likelihood:
      return "synthetic-likelihood";
    case Method::resample_move:
      return "resample-move";
  }
  return "?";
}

std::string_view normalisation_name(Normalisation normalisation) {
  switch (normalisation) {
    case Normalisation::best_seen:
      return "best-seen";
    case Normalisation::peak:
      return "peak";
  }
  return "?";
}

std::string_view stop_reason_name(StopReason reason) {
  switch (reason) {
    case StopReason::converged:
      return "converged";
    case StopReason::max_generations:
      return "max-generations";
    case StopReason::max_simulations:
      return "max-simulations";
    case StopReason::wall_clock:
      return "wall-clock";
    case StopReason::max_attempts:
      return "max-attempts";
    case StopReason::rejection_done:
      return "rejection-done";
  }
  return "?";
}

std::uint64_t proposal_seed(std::uint64_t master_seed, std::size_t generation, std::size_t slot,
                            std::uint64_t attempt, std::size_t replication) {
  const std::uint64_t proposal =
      derive_seed(master_seed, StreamPurpose::replication_seed, generation, slot, attempt);
  return derive_seed(proposal, StreamPurpose::replication_seed, replication);
}

CalibrationResult calibrate(const ParameterSpace& space, const std::vector<Target>& targets,
                            const ModelFunction& model, const AbcSettings& settings) {
  return Calibrator(space, targets, model, settings).run();
}

}  // namespace ozsim::calibration
