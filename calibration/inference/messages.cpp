#include "calibration/inference/messages.hpp"

#include <fmt/format.h>

#include <sstream>

namespace ozsim::calibration {
namespace {

std::string format_double(double x) {
  return fmt::format("{:.4g}", x);
}

}  // namespace

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

Progress::Progress(const AbcSettings& settings, Clock::time_point start)
    : settings_(settings), start_(start), generation_start_(start) {}

CalibrationProgress Progress::snapshot(std::size_t filled, std::uint64_t simulations) const {
  CalibrationProgress p;
  p.generation = generation_;
  p.filled = filled;
  p.particles = settings_.particles;
  p.simulations = simulations;
  p.simulations_here = simulations >= simulations_before_ ? simulations - simulations_before_ : 0;
  p.seconds = seconds_since(start_);
  p.generation_seconds = seconds_since(generation_start_);
  p.last_generation = settings_.method == Method::rejection || generation_ + 1 >= settings_.max_generations;
  return p;
}

void Progress::start_generation(std::size_t generation, std::uint64_t simulations) {
  if (!settings_.on_progress) return;
  const std::lock_guard lock(mutex_);
  generation_ = generation;
  generation_start_ = Clock::now();
  settings_.on_progress(snapshot(0, simulations));
}

void Progress::in_generation(std::size_t filled, std::uint64_t simulations) {
  if (!settings_.on_progress) return;
  // A worker never waits for the display: when another thread is reporting, this update is skipped.
  const std::unique_lock lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock()) return;
  settings_.on_progress(snapshot(filled, simulations));
}

void Progress::generation_done(const GenerationStats& stats, std::uint64_t total_simulations) {
  if (!settings_.on_progress) return;
  const std::lock_guard lock(mutex_);
  CalibrationProgress p = snapshot(settings_.particles, total_simulations);
  p.completed = &stats;
  settings_.on_progress(p);
}

std::string describe_stop(const CalibrationResult& result, const AbcSettings& settings) {
  std::ostringstream text;
  const double ess = result.history.back().ess;
  const double min_ess = settings.min_ess_fraction * static_cast<double>(settings.particles);
  switch (result.reason) {
    case StopReason::converged:
      text << "a generation at temperature 1 reached ESS " << format_double(ess);
      break;
    case StopReason::max_generations:
      text << "the maximum of " << settings.max_generations << " generations was reached";
      break;
    case StopReason::max_simulations:
      // Say what was run: a generation that needs more than is left stops part-way, and its runs are not
      // part of the posterior. What is counted is its first particles in slot order, which the seeds fix
      // (runs that other threads had under way when it stopped are not).
      text << "the limit of " << settings.max_simulations << " simulations was reached";
      if (result.unfinished_simulations > 0)
        text << " in generation " << result.posterior_generation + 1
             << ", which stopped unfinished: its first " << result.partial.size() << " particles took "
             << result.unfinished_simulations << " simulations (" << result.total_simulations
             << " in the complete generations before it)";
      else
        text << " after " << result.total_simulations << " simulations";
      break;
    case StopReason::wall_clock:
      text << "the wall-clock limit of " << format_double(settings.wall_clock_seconds) << " s was reached";
      break;
    case StopReason::max_attempts:
      text << "a particle was still not accepted after " << settings.max_attempts
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

}  // namespace ozsim::calibration
