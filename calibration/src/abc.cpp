#include "calibration/src/abc.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "calibration/src/acceptor.hpp"
#include "calibration/src/checkpoint.hpp"
#include "calibration/src/kernel.hpp"
#include "calibration/src/random.hpp"
#include "calibration/src/transform.hpp"
#include "sim/analysis/thread_pool.hpp"

namespace ozsim::calibration {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double inf = std::numeric_limits<double>::infinity();
// Proposals that violate a constraint cost no simulation; this many in a row for one slot means the
// constraints leave (almost) no admissible region, which is a setup error.
constexpr std::uint64_t kMaxInadmissibleInARow = 1'000'000;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string format_seconds(double s) {
  char buffer[32];
  if (s < 120.0) {
    std::snprintf(buffer, sizeof buffer, "%.0fs", s);
  } else if (s < 7200.0) {
    std::snprintf(buffer, sizeof buffer, "%.1fmin", s / 60.0);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.1fh", s / 3600.0);
  }
  return buffer;
}

std::string format_double(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", x);
  return buffer;
}

struct Slot {
  std::vector<double> theta;
  double distance = inf;
  double log_likelihood = -inf;
  double first_log_likelihood = -inf;  // of the slot's first simulated proposal
  double log_weight = 0.0;
  bool filled = false;
};

enum class Abort : int { none = 0, max_simulations, wall_clock, max_attempts };

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

std::uint64_t shared_noise_seed(std::uint64_t master, std::size_t generation, std::size_t replication) {
  return derive_seed(master, StreamPurpose::replication_seed, generation, replication);
}

// Where generation g's proposals come from: the prior (generation 0, rejection) or the kernel.
struct Proposer {
  StreamPurpose purpose;
  const PerturbationKernel* kernel = nullptr;  // on the unbounded scale; null = the prior
};

// Everything one run of calibrate() shares between generations.
class Calibrator {
 public:
  Calibrator(const ParameterSpace& space, const std::vector<Target>& targets, const ModelFunction& model,
             const AbcSettings& settings)
      : space_(space),
        transform_(space),
        targets_(targets),
        model_(model),
        settings_(settings),
        start_(Clock::now()),
        progress_(settings.progress && isatty(STDERR_FILENO) != 0) {}

  CalibrationResult run();

 private:
  void validate() const;
  CalibrationResult run_rejection();
  // Fills every slot of generation g or returns why it stopped early.
  Abort run_generation(std::size_t g, double temperature, const Proposer& proposer, std::vector<Slot>& slots,
                       GenerationStats& stats);
  double next_temperature(std::size_t g) const;
  std::optional<StopReason> stop_after(const GenerationStats& stats) const;
  std::string describe_stop(const CalibrationResult& result) const;
  void write_checkpoint_for(std::size_t generation, double temperature);
  void print_generation(const GenerationStats& s);
  void print_in_generation(std::size_t g, std::size_t filled);

  const ParameterSpace& space_;
  ParameterTransform transform_;
  const std::vector<Target>& targets_;
  const ModelFunction& model_;
  const AbcSettings& settings_;
  Clock::time_point start_;
  bool progress_;
  std::uint64_t total_simulations_ = 0;
  std::vector<GenerationStats> history_;
  Population population_;
  std::mutex progress_mutex_;
  Clock::time_point last_progress_ = Clock::now();
};

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

Abort Calibrator::run_generation(std::size_t g, double temperature, const Proposer& proposer,
                                 std::vector<Slot>& slots, GenerationStats& stats) {
  const auto generation_start = Clock::now();
  const std::size_t n = settings_.particles;
  const std::size_t replications = settings_.replications;
  slots.assign(n, Slot{});
  std::atomic<std::uint64_t> total{total_simulations_};
  std::atomic<std::uint64_t> evaluations{0};
  std::atomic<std::uint64_t> proposals{0};
  std::atomic<std::size_t> filled{0};
  std::atomic<int> abort{static_cast<int>(Abort::none)};
  // Aborting on the budget is decided by counters that only grow, so "this generation needs more than
  // the budget" is a property of the generation's deterministic content, not of thread timing.
  const auto set_abort = [&](Abort why) {
    int expected = static_cast<int>(Abort::none);
    abort.compare_exchange_strong(expected, static_cast<int>(why));
  };
  const auto aborted = [&] { return abort.load(std::memory_order_relaxed) != static_cast<int>(Abort::none); };

  analysis::parallel_for(n, settings_.threads, [&](std::size_t slot) {
    std::uint64_t inadmissible_in_a_row = 0;
    std::uint64_t evaluated_here = 0;
    for (std::uint64_t attempt = 0;; ++attempt) {
      if (aborted()) return;
      Rng rng = Rng::for_indices(settings_.seed, proposer.purpose, g, slot, attempt);
      std::vector<double> theta = proposer.kernel != nullptr
                                      ? transform_.from_unbounded(proposer.kernel->propose(rng))
                                      : space_.sample_marginals(rng);
      proposals.fetch_add(1, std::memory_order_relaxed);
      if (!space_.admissible(theta)) {
        if (++inadmissible_in_a_row > kMaxInadmissibleInARow) {
          throw std::runtime_error(
              "generation " + std::to_string(g) + ": " + std::to_string(kMaxInadmissibleInARow) +
              " proposals in a row violated a constraint; are the constraints satisfiable "
              "within the priors' ranges?");
        }
        continue;
      }
      inadmissible_in_a_row = 0;
      if (settings_.max_attempts > 0 && evaluated_here >= settings_.max_attempts) {
        set_abort(Abort::max_attempts);
        return;
      }
      ++evaluated_here;
      std::vector<std::vector<double>> runs(replications);
      std::vector<double> mean(targets_.size(), 0.0);
      for (std::size_t r = 0; r < replications; ++r) {
        const std::uint64_t seed = settings_.shared_noise
                                       ? shared_noise_seed(settings_.seed, g, r)
                                       : proposal_seed(settings_.seed, g, slot, attempt, r);
        runs[r] = extract_kpis(targets_, model_(theta, seed));
        for (std::size_t i = 0; i < mean.size(); ++i)
          mean[i] += runs[r][i] / static_cast<double>(replications);
      }
      const std::uint64_t done = total.fetch_add(replications) + replications;
      evaluations.fetch_add(1);
      if (settings_.max_simulations > 0 && done > settings_.max_simulations)
        set_abort(Abort::max_simulations);
      if (settings_.wall_clock_seconds > 0.0 && seconds_since(start_) > settings_.wall_clock_seconds) {
        set_abort(Abort::wall_clock);
      }
      if (aborted()) return;
      const bool synthetic = settings_.method == Method::synthetic_likelihood;
      const double log_likelihood = synthetic ? log_synthetic_likelihood_ratio(targets_, runs)
                                              : log_noise_aware_acceptance(targets_, runs, 1.0);
      if (evaluated_here == 1) slots[slot].first_log_likelihood = log_likelihood;
      double log_acceptance = 0.0;  // temperature infinity: every prior draw is kept
      if (std::isfinite(temperature)) {
        log_acceptance = synthetic ? log_likelihood / temperature
                                   : log_noise_aware_acceptance(targets_, runs, temperature);
      }
      if (log_acceptance < 0.0 && !(std::log(rng.uniform()) < log_acceptance)) continue;
      Slot& s = slots[slot];
      s.distance = distance(targets_, mean);
      s.log_likelihood = log_likelihood;
      s.log_weight = proposer.kernel != nullptr
                         ? space_.log_prior(theta) -
                               proposer.kernel->log_mixture_density(transform_.to_unbounded(theta)) -
                               transform_.log_jacobian(theta)
                         : 0.0;
      s.theta = std::move(theta);
      s.filled = true;
      print_in_generation(g, filled.fetch_add(1) + 1);
      return;
    }
  });

  stats.generation = g;
  stats.temperature = temperature;
  stats.simulations = total.load() - total_simulations_;
  stats.evaluations = evaluations.load();
  stats.proposals = proposals.load();
  stats.acceptance_rate = stats.evaluations > 0
                              ? static_cast<double>(filled.load()) / static_cast<double>(stats.evaluations)
                              : 0.0;
  stats.seconds = seconds_since(generation_start);
  total_simulations_ = total.load();
  return static_cast<Abort>(abort.load());
}

double Calibrator::next_temperature(std::size_t g) const {
  if (g == 0) return inf;                              // the prior sample every schedule starts from
  if (g + 1 >= settings_.max_generations) return 1.0;  // the last allowed generation is the posterior's
  const double previous = history_.back().temperature;
  if (previous <= 1.0) return 1.0;
  const double by_acceptance =
      temperature_for_acceptance(population_.proposal_log_likelihoods, settings_.target_acceptance);
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

void Calibrator::write_checkpoint_for(std::size_t generation, double temperature) {
  if (settings_.checkpoint_path.empty()) return;
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
  write_checkpoint(settings_.checkpoint_path, c);
}

void Calibrator::print_in_generation(std::size_t g, std::size_t filled) {
  if (!progress_) return;
  const std::unique_lock lock(progress_mutex_, std::try_to_lock);
  if (!lock.owns_lock() || seconds_since(last_progress_) < 1.0) return;
  last_progress_ = Clock::now();
  std::fprintf(stderr, "\r  generation %zu: %zu/%zu particles accepted, elapsed %s   ", g, filled,
               settings_.particles, format_seconds(seconds_since(start_)).c_str());
  std::fflush(stderr);
}

void Calibrator::print_generation(const GenerationStats& s) {
  if (!progress_) return;
  std::fprintf(
      stderr,
      "\rgeneration %zu: temperature %s, acceptance %.1f%%, ESS %.0f, simulations %llu (total %llu), %s\n",
      s.generation, format_double(s.temperature).c_str(), 100.0 * s.acceptance_rate, s.ess,
      static_cast<unsigned long long>(s.simulations), static_cast<unsigned long long>(total_simulations_),
      format_seconds(s.seconds).c_str());
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

  if (settings_.resume) {
    const Checkpoint c = read_checkpoint(settings_.checkpoint_path);
    check_resumable(c, space_, targets_, settings_, settings_.checkpoint_path);
    population_ = c.population;
    history_ = c.history;
    total_simulations_ = c.total_simulations;
    next_generation = c.generation + 1;
    result.resumed = true;
    result.resumed_from = c.generation;
    stop = stop_after(history_.back());
  }

  std::vector<Slot> slots;
  while (!stop) {
    const std::size_t g = next_generation;
    const double temperature = next_temperature(g);
    std::unique_ptr<PerturbationKernel> kernel;
    if (g > 0) {
      std::vector<std::vector<double>> points;
      points.reserve(population_.size());
      for (const auto& p : population_.particles) points.push_back(transform_.to_unbounded(p));
      kernel = std::make_unique<PerturbationKernel>(std::move(points), population_.weights,
                                                    transform_.unbounded_scale());
    }
    const Proposer proposer{g == 0 ? StreamPurpose::prior_draw : StreamPurpose::proposal, kernel.get()};
    GenerationStats stats;
    const std::uint64_t before = total_simulations_;
    const Abort abort = run_generation(g, temperature, proposer, slots, stats);
    if (abort != Abort::none) {
      collect(slots, result.partial);
      result.unfinished_simulations = total_simulations_ - before;
      total_simulations_ = before;
      stop = stop_reason_of(abort);
      if (history_.empty()) {
        throw std::runtime_error("the calibration stopped (" + std::string(stop_reason_name(*stop)) +
                                 ") before generation 0 was complete: raise the limit");
      }
      if (progress_) std::fprintf(stderr, "\n");
      break;
    }
    collect(slots, population_);
    stats.ess = effective_sample_size(population_.weights);
    history_.push_back(stats);
    write_checkpoint_for(g, temperature);
    print_generation(stats);
    if (settings_.after_checkpoint) settings_.after_checkpoint(g);
    stop = stop_after(stats);
    next_generation = g + 1;
  }

  result.posterior = population_;
  result.posterior_generation = history_.back().generation;
  result.posterior_temperature = history_.back().temperature;
  result.history = history_;
  result.reason = *stop;
  result.total_simulations = total_simulations_;
  result.reason_text = describe_stop(result);
  return result;
}

std::string Calibrator::describe_stop(const CalibrationResult& result) const {
  std::ostringstream text;
  const double ess = result.history.back().ess;
  const double min_ess = settings_.min_ess_fraction * static_cast<double>(settings_.particles);
  switch (result.reason) {
    case StopReason::converged:
      text << "a generation at temperature 1 reached ESS " << format_double(ess);
      break;
    case StopReason::max_generations:
      text << "the maximum of " << settings_.max_generations << " generations was reached";
      break;
    case StopReason::max_simulations:
      text << "the maximum of " << settings_.max_simulations << " simulations was reached";
      break;
    case StopReason::wall_clock:
      text << "the wall-clock limit of " << format_double(settings_.wall_clock_seconds) << " s was reached";
      break;
    case StopReason::max_attempts:
      text << "a particle was still not accepted after " << settings_.max_attempts
           << " attempts (the model rarely comes within the targets' stated uncertainty at this temperature)";
      break;
    case StopReason::rejection_done:
      text << "ABC rejection accepted every particle";
      break;
  }
  text << "; posterior = generation " << result.posterior_generation << " (temperature "
       << format_double(result.posterior_temperature) << ", " << result.posterior.size() << " particles, ESS "
       << format_double(ess) << ")";
  if (result.posterior_temperature > 1.0) {
    text << "; WARNING: the posterior is tempered (temperature above 1), so wider than the real posterior: "
            "allow "
            "more generations, simulations or time";
  } else if (ess < min_ess) {
    text << "; WARNING: its ESS is below " << format_double(min_ess)
         << ", so it rests on few distinct particles";
  }
  if (result.partial.size() > 0) {
    text << "; " << result.partial.size() << " particles accepted in unfinished generation "
         << result.posterior_generation + 1 << " are reported separately";
  }
  return text.str();
}

CalibrationResult Calibrator::run_rejection() {
  CalibrationResult result;
  result.parameter_names = space_.names();
  std::vector<Slot> slots;
  GenerationStats stats;
  const Abort abort = run_generation(0, 1.0, Proposer{StreamPurpose::rejection, nullptr}, slots, stats);
  // Each slot's accepted draw is an exact posterior draw however many attempts it took, so the slots
  // filled before a limit are still a valid (smaller) posterior sample.
  collect(slots, result.posterior);
  if (result.posterior.size() == 0) {
    throw std::runtime_error("ABC rejection stopped (" +
                             std::string(stop_reason_name(stop_reason_of(abort))) +
                             ") before any particle was accepted: raise the limit");
  }
  stats.ess = effective_sample_size(result.posterior.weights);
  result.history.push_back(stats);
  result.posterior_temperature = 1.0;
  result.total_simulations = total_simulations_;
  result.reason = abort == Abort::none ? StopReason::rejection_done : stop_reason_of(abort);
  result.reason_text = describe_stop(result);
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
