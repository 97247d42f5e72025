#include "calibration/bridge/progress_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "sim/output/progress.hpp"

namespace ozsim::calibration {
namespace {

struct Bound {
  double seconds;
  const char* limit;
};

// The time by which a limit stops the run at the latest, if any limit applies.
std::optional<Bound> latest_end(const CalibrationProgress& p, const AbcSettings& s) {
  std::optional<Bound> bound;
  if (s.max_simulations > 0 && p.simulations_here > 0 && p.seconds > 0.0) {
    const double pace = static_cast<double>(p.simulations_here) / p.seconds;  // model runs a second
    const double runs_left =
        p.simulations >= s.max_simulations ? 0.0 : static_cast<double>(s.max_simulations - p.simulations);
    bound = Bound{runs_left / pace, "--max-simulations"};
  }
  if (s.wall_clock_seconds > 0.0) {
    const double left = std::max(0.0, s.wall_clock_seconds - p.seconds);
    if (!bound || left < bound->seconds) bound = Bound{left, "--wall-clock"};
  }
  return bound;
}

}  // namespace

std::string calibration_progress_text(const CalibrationProgress& p, const AbcSettings& s) {
  const double fraction =
      p.particles == 0 ? 0.0 : static_cast<double>(p.filled) / static_cast<double>(p.particles);
  std::string text =
      fmt::format("calibrate: generation {}, {} of {} particles ({:.0f}%), {} elapsed", p.generation,
                  p.filled, p.particles, std::floor(100.0 * fraction), output::duration_text(p.seconds));
  const double generation_left = output::seconds_left(p.filled, p.particles, p.generation_seconds);
  const std::optional<Bound> bound = latest_end(p, s);
  if (generation_left >= 0.0 && p.filled < p.particles) {
    // A limit that comes first stops the generation too.
    const double left = bound ? std::min(generation_left, bound->seconds) : generation_left;
    text += ", about " + output::duration_text(left) +
            (p.last_generation ? " left (the last generation)" : " left in this generation");
  }
  if (bound && !p.last_generation)
    text += fmt::format("; ends within about {} ({})", output::duration_text(bound->seconds), bound->limit);
  return text;
}

std::string generation_done_text(const GenerationStats& stats, std::uint64_t total_simulations,
                                 Method method) {
  std::string text = fmt::format(
      "calibrate: generation {} done: temperature {:.4g}, acceptance {:.1f}%, ESS {:.0f}, {} simulations "
      "({} in all), {}",
      stats.generation, stats.temperature, 100.0 * stats.acceptance_rate, stats.ess, stats.simulations,
      total_simulations, output::duration_text(stats.seconds));
  // Resample-move divides by nothing (its weights are likelihood ratios); what matters is how many
  // particles its moves kept apart after resampling.
  if (method == Method::resample_move) {
    if (std::isfinite(stats.temperature)) text += fmt::format("; {} distinct particles", stats.distinct);
    return text;
  }
  // Generation 0 keeps every prior draw, so no normaliser applied to it.
  if (std::isfinite(stats.temperature)) {
    text += stats.log_normaliser == 0.0
                ? fmt::format("; likelihood over its peak, {} above it", stats.truncated)
                : fmt::format("; likelihood over the best seen (log {:.4g}), {} above it (accepted for sure)",
                              stats.log_normaliser, stats.truncated);
  }
  return text;
}

}  // namespace ozsim::calibration
