#include "calibration/inference/messages.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <sstream>

namespace ozsim::calibration {
namespace {

std::string format_seconds(double s) {
  if (s < 120.0) return fmt::format("{:.0f}s", s);
  if (s < 7200.0) return fmt::format("{:.1f}min", s / 60.0);
  return fmt::format("{:.1f}h", s / 3600.0);
}

std::string format_double(double x) {
  return fmt::format("{:.4g}", x);
}

}  // namespace

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

Progress::Progress(bool wanted, std::size_t particles, Clock::time_point start)
    : enabled_(wanted && isatty(STDERR_FILENO) != 0), particles_(particles), start_(start) {}

void Progress::in_generation(std::size_t generation, std::size_t filled) {
  if (!enabled_) return;
  const std::unique_lock lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock() || seconds_since(last_) < 1.0) return;
  last_ = Clock::now();
  std::fprintf(stderr, "\r  generation %zu: %zu/%zu particles accepted, elapsed %s   ", generation, filled,
               particles_, format_seconds(seconds_since(start_)).c_str());
  std::fflush(stderr);
}

void Progress::generation_done(const GenerationStats& s, std::uint64_t total_simulations) {
  if (!enabled_) return;
  std::fprintf(
      stderr,
      "\rgeneration %zu: temperature %s, acceptance %.1f%%, ESS %.0f, simulations %llu (total %llu), %s\n",
      s.generation, format_double(s.temperature).c_str(), 100.0 * s.acceptance_rate, s.ess,
      static_cast<unsigned long long>(s.simulations), static_cast<unsigned long long>(total_simulations),
      format_seconds(s.seconds).c_str());
}

void Progress::interrupted() {
  if (enabled_) std::fprintf(stderr, "\n");
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
      text << "the maximum of " << settings.max_simulations << " simulations was reached";
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
