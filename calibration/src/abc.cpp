#include "calibration/src/abc.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "calibration/src/checkpoint.hpp"
#include "calibration/src/kernel.hpp"
#include "sim/analysis/thread_pool.hpp"
#include "calibration/src/random.hpp"

namespace ozsim::calibration {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double inf = std::numeric_limits<double>::infinity();
// Proposals outside the support cost no simulation; this many in a row for one slot means the
// kernel or the constraints leave (almost) no admissible region, which is a setup error.
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
  double log_weight = 0.0;
  bool filled = false;
};

enum class Abort : int { none = 0, max_simulations, wall_clock, min_acceptance };

// Everything one run of calibrate() shares between generations.
class Calibrator {
 public:
  Calibrator(const ParameterSpace& space, const std::vector<Target>& targets, const ModelFunction& model,
             const AbcSettings& settings)
      : space_(space), targets_(targets), model_(model), settings_(settings), start_(Clock::now()),
        progress_(settings.progress && isatty(STDERR_FILENO) != 0) {}

  CalibrationResult run();

 private:
  CalibrationResult run_rejection();
  // Fills every slot of generation g or returns why it stopped early.
  Abort run_generation(std::size_t g, double tolerance, const PerturbationKernel* kernel, std::vector<Slot>& slots,
                       GenerationStats& stats);
  std::optional<StopReason> stop_after(const GenerationStats& stats, std::size_t generation) const;
  void write_checkpoint_for(std::size_t generation, double tolerance);
  void print_generation(const GenerationStats& s);
  void print_in_generation(std::size_t g, std::size_t filled);

  const ParameterSpace& space_;
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

std::vector<std::uint64_t> seeds_of(std::uint64_t master, std::size_t generation, std::size_t replications) {
  std::vector<std::uint64_t> seeds(replications);
  for (std::size_t r = 0; r < replications; ++r) seeds[r] = generation_seed(master, generation, r);
  return seeds;
}

void normalise(std::vector<Slot>& slots, Population& population) {
  double peak = -inf;
  for (const auto& s : slots) peak = std::max(peak, s.log_weight);
  population = Population{};
  population.particles.reserve(slots.size());
  double sum = 0.0;
  for (auto& s : slots) {
    const double w = std::isfinite(peak) ? std::exp(s.log_weight - peak) : 1.0;
    population.particles.push_back(std::move(s.theta));
    population.weights.push_back(w);
    population.distances.push_back(s.distance);
    sum += w;
  }
  for (double& w : population.weights) w /= sum;
}

Abort Calibrator::run_generation(std::size_t g, double tolerance, const PerturbationKernel* kernel,
                                 std::vector<Slot>& slots, GenerationStats& stats) {
  const auto generation_start = Clock::now();
  const std::size_t n = settings_.particles;
  const std::vector<std::uint64_t> seeds = seeds_of(settings_.seed, g, settings_.replications);
  slots.assign(n, Slot{});
  std::atomic<std::uint64_t> total{total_simulations_};
  std::atomic<std::uint64_t> evaluations{0};
  std::atomic<std::uint64_t> proposals{0};
  std::atomic<std::size_t> filled{0};
  std::atomic<int> abort{static_cast<int>(Abort::none)};
  // Aborting is decided by counters that only grow, so "this generation needs more than the budget"
  // is a property of the generation's deterministic content, not of thread timing.
  const std::uint64_t evaluation_cap =
      settings_.min_acceptance > 0.0
          ? static_cast<std::uint64_t>(std::ceil(static_cast<double>(n) / settings_.min_acceptance))
          : std::numeric_limits<std::uint64_t>::max();
  const auto set_abort = [&](Abort why) {
    int expected = static_cast<int>(Abort::none);
    abort.compare_exchange_strong(expected, static_cast<int>(why));
  };

  analysis::parallel_for(n, settings_.threads, [&](std::size_t slot) {
    std::uint64_t inadmissible_in_a_row = 0;
    for (std::uint64_t attempt = 0;; ++attempt) {
      if (abort.load(std::memory_order_relaxed) != static_cast<int>(Abort::none)) return;
      Rng rng = Rng::for_indices(settings_.seed, g == 0 ? StreamPurpose::prior_draw : StreamPurpose::proposal, g,
                                 slot, attempt);
      std::vector<double> theta = kernel ? kernel->propose(rng) : space_.sample_marginals(rng);
      proposals.fetch_add(1, std::memory_order_relaxed);
      if (!space_.admissible(theta)) {
        if (++inadmissible_in_a_row > kMaxInadmissibleInARow) {
          throw std::runtime_error("generation " + std::to_string(g) + ": " +
                                   std::to_string(kMaxInadmissibleInARow) +
                                   " proposals in a row fell outside the priors or violated a constraint; "
                                   "are the constraints satisfiable within the priors' ranges?");
        }
        continue;
      }
      inadmissible_in_a_row = 0;
      const std::vector<double> simulated = simulate_targets(model_, targets_, theta, seeds);
      const std::uint64_t done = total.fetch_add(seeds.size()) + seeds.size();
      const std::uint64_t evaluated = evaluations.fetch_add(1) + 1;
      if (settings_.max_simulations > 0 && done > settings_.max_simulations) set_abort(Abort::max_simulations);
      if (evaluated > evaluation_cap) set_abort(Abort::min_acceptance);
      if (settings_.wall_clock_seconds > 0.0 && seconds_since(start_) > settings_.wall_clock_seconds) {
        set_abort(Abort::wall_clock);
      }
      if (abort.load() != static_cast<int>(Abort::none)) return;
      const double d = distance(targets_, simulated);
      if (d <= tolerance) {
        Slot& s = slots[slot];
        s.distance = d;
        s.log_weight = kernel ? space_.log_prior(theta) - kernel->log_mixture_density(theta) : 0.0;
        s.theta = std::move(theta);
        s.filled = true;
        print_in_generation(g, filled.fetch_add(1) + 1);
        return;
      }
    }
  });

  stats.generation = g;
  stats.tolerance = tolerance;
  stats.simulations = total.load() - total_simulations_;
  stats.evaluations = evaluations.load();
  stats.proposals = proposals.load();
  stats.acceptance_rate =
      stats.evaluations > 0 ? static_cast<double>(n) / static_cast<double>(stats.evaluations) : 0.0;
  stats.seconds = seconds_since(generation_start);
  total_simulations_ = total.load();
  return static_cast<Abort>(abort.load());
}

std::optional<StopReason> Calibrator::stop_after(const GenerationStats& stats, std::size_t generation) const {
  if (stats.tolerance <= settings_.target_tolerance) return StopReason::target_tolerance;
  if (generation + 1 >= settings_.max_generations) return StopReason::max_generations;
  if (settings_.min_acceptance > 0.0 && stats.acceptance_rate < settings_.min_acceptance) {
    return StopReason::min_acceptance;
  }
  if (settings_.max_simulations > 0 && total_simulations_ >= settings_.max_simulations) {
    return StopReason::max_simulations;
  }
  if (settings_.wall_clock_seconds > 0.0 && seconds_since(start_) >= settings_.wall_clock_seconds) {
    return StopReason::wall_clock;
  }
  return std::nullopt;
}

void Calibrator::write_checkpoint_for(std::size_t generation, double tolerance) {
  if (settings_.checkpoint_path.empty()) return;
  Checkpoint c;
  c.seed = settings_.seed;
  c.particles = settings_.particles;
  c.replications = settings_.replications;
  c.method = std::string(method_name(settings_.method));
  c.problem_hash = problem_hash(space_, targets_, settings_);
  c.parameter_names = space_.names();
  for (const auto& t : targets_) c.target_names.push_back(t.name);
  c.generation = generation;
  c.tolerance = tolerance;
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
  double mean_seconds = 0.0;
  for (const auto& h : history_) mean_seconds += h.seconds;
  mean_seconds /= static_cast<double>(std::max<std::size_t>(1, history_.size()));
  const std::size_t remaining = settings_.max_generations > s.generation + 1 ? settings_.max_generations - s.generation - 1 : 0;
  // Later generations accept less and take longer, so this is a lower bound at the current pace.
  double eta = static_cast<double>(remaining) * s.seconds;
  if (settings_.wall_clock_seconds > 0.0) eta = std::min(eta, settings_.wall_clock_seconds - seconds_since(start_));
  std::fprintf(stderr,
               "\rgeneration %zu: tolerance %s, acceptance %.1f%%, ESS %.0f, simulations %llu (total %llu), "
               "%s; at most %zu more generation(s), ETA >= %s\n",
               s.generation, format_double(s.tolerance).c_str(), 100.0 * s.acceptance_rate, s.ess,
               static_cast<unsigned long long>(s.simulations), static_cast<unsigned long long>(total_simulations_),
               format_seconds(s.seconds).c_str(), remaining, format_seconds(std::max(0.0, eta)).c_str());
  (void)mean_seconds;
}

CalibrationResult Calibrator::run() {
  if (settings_.particles == 0) throw std::invalid_argument("particles must be at least 1");
  if (settings_.replications == 0) throw std::invalid_argument("replications must be at least 1");
  if (!(settings_.quantile > 0.0 && settings_.quantile < 1.0)) {
    throw std::invalid_argument("the tolerance quantile must lie strictly between 0 and 1");
  }
  if (settings_.min_acceptance < 0.0 || settings_.min_acceptance > 1.0) {
    throw std::invalid_argument("min_acceptance must lie in [0, 1]");
  }
  if (space_.size() == 0) throw std::invalid_argument("no free parameters");
  if (targets_.empty()) throw std::invalid_argument("no targets");
  if (settings_.method == Method::rejection) return run_rejection();
  if (settings_.max_generations == 0) throw std::invalid_argument("max_generations must be at least 1");

  CalibrationResult result;
  result.parameter_names = space_.names();
  std::size_t next_generation = 0;
  double tolerance = settings_.initial_tolerance;
  std::optional<StopReason> stop;

  if (settings_.resume) {
    const Checkpoint c = read_checkpoint(settings_.checkpoint_path);
    if (c.parameter_names != space_.names()) {
      throw std::runtime_error(settings_.checkpoint_path + ": the checkpoint's free parameters differ from the priors file");
    }
    if (c.seed != settings_.seed || c.particles != settings_.particles ||
        c.replications != settings_.replications || c.problem_hash != problem_hash(space_, targets_, settings_)) {
      throw std::runtime_error(settings_.checkpoint_path +
                               ": the checkpoint was written by a calibration with different targets, priors, seed, "
                               "particles, replications or tolerance settings; rerun without --resume");
    }
    population_ = c.population;
    history_ = c.history;
    total_simulations_ = c.total_simulations;
    tolerance = c.tolerance;
    next_generation = c.generation + 1;
    result.resumed = true;
    result.resumed_from = c.generation;
    stop = stop_after(history_.back(), c.generation);
  }

  std::vector<Slot> slots;
  while (!stop) {
    const std::size_t g = next_generation;
    std::unique_ptr<PerturbationKernel> kernel;
    if (g > 0) {
      std::vector<double> ones(population_.size(), 1.0);
      tolerance = std::max(weighted_quantile(population_.distances, ones, settings_.quantile),
                           settings_.target_tolerance);
      kernel = std::make_unique<PerturbationKernel>(population_, space_);
    }
    GenerationStats stats;
    const Abort abort = run_generation(g, tolerance, kernel.get(), slots, stats);
    if (abort != Abort::none) {
      for (auto& s : slots) {
        if (!s.filled) continue;
        result.partial.particles.push_back(s.theta);
        result.partial.distances.push_back(s.distance);
      }
      result.partial.weights.assign(result.partial.particles.size(),
                                    1.0 / static_cast<double>(std::max<std::size_t>(1, result.partial.size())));
      stop = abort == Abort::max_simulations ? StopReason::max_simulations
             : abort == Abort::wall_clock    ? StopReason::wall_clock
                                             : StopReason::min_acceptance;
      if (history_.empty()) {
        throw std::runtime_error("the calibration stopped (" + std::string(stop_reason_name(*stop)) +
                                 ") before generation 0 was complete: raise the limit");
      }
      if (progress_) std::fprintf(stderr, "\n");
      break;
    }
    normalise(slots, population_);
    stats.ess = effective_sample_size(population_.weights);
    history_.push_back(stats);
    write_checkpoint_for(g, tolerance);
    print_generation(stats);
    if (settings_.after_checkpoint) settings_.after_checkpoint(g);
    stop = stop_after(stats, g);
    next_generation = g + 1;
  }

  result.posterior = population_;
  result.posterior_generation = history_.back().generation;
  result.posterior_tolerance = history_.back().tolerance;
  result.history = history_;
  result.reason = *stop;
  result.total_simulations = total_simulations_;
  std::ostringstream text;
  switch (result.reason) {
    case StopReason::target_tolerance:
      text << "the tolerance reached the target " << format_double(settings_.target_tolerance);
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
    case StopReason::min_acceptance:
      text << "the acceptance rate fell below " << format_double(settings_.min_acceptance);
      break;
    case StopReason::rejection_done: break;
  }
  text << "; posterior = generation " << result.posterior_generation << " (tolerance "
       << format_double(result.posterior_tolerance) << ", " << result.posterior.size() << " particles)";
  if (result.partial.size() > 0) {
    text << "; " << result.partial.size() << " particles accepted in unfinished generation "
         << result.posterior_generation + 1 << " are reported separately";
  }
  result.reason_text = text.str();
  return result;
}

CalibrationResult Calibrator::run_rejection() {
  const std::size_t n = settings_.particles;
  std::size_t draws = settings_.rejection_simulations > 0 ? settings_.rejection_simulations : 10 * n;
  if (settings_.max_simulations > 0) {
    draws = std::min<std::size_t>(draws, settings_.max_simulations / settings_.replications);
  }
  if (draws < n) throw std::invalid_argument("ABC rejection needs at least as many simulations as particles");
  const auto start = Clock::now();
  const std::vector<std::uint64_t> seeds = seeds_of(settings_.seed, 0, settings_.replications);
  std::vector<Slot> slots(draws);
  std::atomic<std::uint64_t> proposals{0};
  analysis::parallel_for(draws, settings_.threads, [&](std::size_t i) {
    for (std::uint64_t attempt = 0;; ++attempt) {
      Rng rng = Rng::for_indices(settings_.seed, StreamPurpose::rejection, 0, i, attempt);
      std::vector<double> theta = space_.sample_marginals(rng);
      proposals.fetch_add(1, std::memory_order_relaxed);
      if (!space_.admissible(theta)) {
        if (attempt > kMaxInadmissibleInARow) throw std::runtime_error("the constraints leave no admissible region");
        continue;
      }
      slots[i].distance = distance(targets_, simulate_targets(model_, targets_, theta, seeds));
      slots[i].theta = std::move(theta);
      return;
    }
  });
  std::vector<std::size_t> order(draws);
  std::iota(order.begin(), order.end(), std::size_t{0});
  // Ties broken by draw index so the kept set is unique.
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return slots[a].distance != slots[b].distance ? slots[a].distance < slots[b].distance : a < b;
  });
  CalibrationResult result;
  result.parameter_names = space_.names();
  for (std::size_t k = 0; k < n; ++k) {
    result.posterior.particles.push_back(slots[order[k]].theta);
    result.posterior.distances.push_back(slots[order[k]].distance);
    result.posterior.weights.push_back(1.0 / static_cast<double>(n));
  }
  GenerationStats stats;
  stats.tolerance = result.posterior.distances.back();
  stats.simulations = draws * settings_.replications;
  stats.evaluations = draws;
  stats.proposals = proposals.load();
  stats.acceptance_rate = static_cast<double>(n) / static_cast<double>(draws);
  stats.ess = static_cast<double>(n);
  stats.seconds = seconds_since(start);
  result.history.push_back(stats);
  result.posterior_tolerance = stats.tolerance;
  result.total_simulations = stats.simulations;
  result.reason = StopReason::rejection_done;
  result.reason_text = "ABC rejection kept the " + std::to_string(n) + " closest of " + std::to_string(draws) +
                       " prior draws (tolerance " + format_double(stats.tolerance) + ")";
  return result;
}

}  // namespace

std::string_view method_name(Method method) { return method == Method::abc_smc ? "abc-smc" : "rejection"; }

std::string_view stop_reason_name(StopReason reason) {
  switch (reason) {
    case StopReason::target_tolerance: return "target-tolerance";
    case StopReason::max_generations: return "max-generations";
    case StopReason::max_simulations: return "max-simulations";
    case StopReason::wall_clock: return "wall-clock";
    case StopReason::min_acceptance: return "min-acceptance";
    case StopReason::rejection_done: return "rejection-done";
  }
  return "?";
}

std::uint64_t generation_seed(std::uint64_t master_seed, std::size_t generation, std::size_t replication) {
  return derive_seed(master_seed, StreamPurpose::replication_seed, generation, replication);
}

std::vector<double> simulate_targets(const ModelFunction& model, const std::vector<Target>& targets,
                                     const std::vector<double>& params, const std::vector<std::uint64_t>& seeds) {
  std::vector<double> mean(targets.size(), 0.0);
  for (std::uint64_t seed : seeds) {
    const std::vector<double> values = extract_kpis(targets, model(params, seed));
    for (std::size_t i = 0; i < values.size(); ++i) mean[i] += values[i];
  }
  for (double& m : mean) m /= static_cast<double>(seeds.size());
  return mean;
}

double effective_sample_size(const std::vector<double>& weights) {
  double sum = 0.0;
  double sum_sq = 0.0;
  for (double w : weights) {
    sum += w;
    sum_sq += w * w;
  }
  return sum_sq > 0.0 ? sum * sum / sum_sq : 0.0;
}

double weighted_quantile(const std::vector<double>& values, const std::vector<double>& weights, double q) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return values[a] != values[b] ? values[a] < values[b] : a < b;
  });
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  double cumulative = 0.0;
  for (std::size_t i : order) {
    cumulative += weights[i];
    if (cumulative >= q * total) return values[i];
  }
  return values[order.back()];
}

CalibrationResult calibrate(const ParameterSpace& space, const std::vector<Target>& targets,
                            const ModelFunction& model, const AbcSettings& settings) {
  return Calibrator(space, targets, model, settings).run();
}

}  // namespace ozsim::calibration
