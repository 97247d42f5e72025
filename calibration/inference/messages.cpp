#include "calibration/inference/messages.hpp"

#include <fmt/format.h>

#include <cmath>

namespace ozsim::calibration {
namespace {}  // namespace

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

std::string describe_stop(const CalibrationResult& result, const AbcSettings& settings,
                          params::Language language) {
  const bool nl = language == params::Language::Nl;
  const auto say = [nl](const char* dutch, const char* english) { return nl ? dutch : english; };
  const auto number = [language](double x) { return params::human(x, language); };
  const auto count = [language](std::uint64_t n) {
    return params::grouped(static_cast<double>(n), 0, language);
  };
  std::string text;
  const double ess = result.history.back().ess;
  const double min_ess = settings.min_ess_fraction * static_cast<double>(settings.particles);
  switch (result.reason) {
    case StopReason::converged:
      text = fmt::format(fmt::runtime(say("een generatie bij temperatuur 1 haalde ESS {}",
                                          "a generation at temperature 1 reached ESS {}")),
                         number(ess));
      break;
    case StopReason::max_generations:
      text = fmt::format(fmt::runtime(say("het maximum van {} generaties is bereikt",
                                          "the maximum of {} generations was reached")),
                         settings.max_generations);
      break;
    case StopReason::max_simulations:
      // Say what was run: a generation that needs more than is left stops part-way, and its runs are not
      // part of the posterior. What is counted is its first particles in slot order, which the seeds fix
      // (runs that other threads had under way when it stopped are not).
      text = fmt::format(fmt::runtime(say("de grens van {} simulaties is bereikt",
                                          "the limit of {} simulations was reached")),
                         count(settings.max_simulations));
      if (result.unfinished_generation && result.partial.size() == 0) {
        text += fmt::format(
            fmt::runtime(say(" in generatie {}, die onvoltooid stopte: geen deeltje kwam binnen de "
                             "grens ({} simulaties in de voltooide generaties ervoor)",
                             " in generation {}, which stopped unfinished: no particle was complete "
                             "within it ({} simulations in the complete generations before it)")),
            result.posterior_generation + 1, count(result.total_simulations));
      } else if (result.unfinished_generation) {
        text += fmt::format(
            fmt::runtime(
                say(" in generatie {}, die onvoltooid stopte: de eerste {} deeltjes kostten {} simulaties "
                    "({} in de voltooide generaties ervoor)",
                    " in generation {}, which stopped unfinished: its first {} particles took {} "
                    "simulations ({} in the complete generations before it)")),
            result.posterior_generation + 1, result.partial.size(), count(result.unfinished_simulations),
            count(result.total_simulations));
      } else {
        text += fmt::format(fmt::runtime(say(" na {} simulaties", " after {} simulations")),
                            count(result.total_simulations));
      }
      break;
    case StopReason::wall_clock:
      text = fmt::format(
          fmt::runtime(say("de tijdslimiet van {} s is bereikt", "the wall-clock limit of {} s was reached")),
          number(settings.wall_clock_seconds));
      break;
    case StopReason::max_attempts:
      text = fmt::format(
          fmt::runtime(
              say("een deeltje was na {} pogingen nog niet aanvaard (het model komt bij deze temperatuur "
                  "zelden binnen de opgegeven onzekerheid van de doelen)",
                  "a particle was still not accepted after {} attempts (the model rarely comes within "
                  "the targets' stated uncertainty at this temperature)")),
          count(settings.max_attempts));
      break;
    case StopReason::rejection_done:
      text = say("ABC-rejection heeft elk deeltje aanvaard", "ABC rejection accepted every particle");
      break;
  }
  text += fmt::format(
      fmt::runtime(say("; posterior = generatie {} (temperatuur {}, {} deeltjes, ESS {})",
                       "; posterior = generation {} (temperature {}, {} particles, ESS {})")),
      result.posterior_generation,
      std::isfinite(result.posterior_temperature) ? number(result.posterior_temperature) : std::string("inf"),
      result.posterior.size(), number(ess));
  if (result.posterior_temperature > 1.0) {
    text +=
        say("; WAARSCHUWING: de posterior is getemperd (temperatuur boven 1) en dus breder dan de echte "
            "posterior: sta meer generaties, simulaties of tijd toe",
            "; WARNING: the posterior is tempered (temperature above 1), so wider than the real posterior: "
            "allow more generations, simulations or time");
  } else if (ess < min_ess) {
    text += fmt::format(
        fmt::runtime(say("; WAARSCHUWING: de ESS is lager dan {}, dus de posterior rust op weinig "
                         "verschillende deeltjes",
                         "; WARNING: its ESS is below {}, so it rests on few distinct particles")),
        number(min_ess));
  }
  // Resample-move's ESS is that of its reweighting, whatever its moves did; the distinct particles say
  // how much of the population the moves renewed (sticky pseudo-marginal moves leave many copies).
  if (settings.method == Method::resample_move && result.history.size() > 1) {
    const std::uint64_t distinct = result.history.back().distinct;
    text += fmt::format(
        fmt::runtime(say("; {} van de {} deeltjes verschillend", "; {} of its {} particles distinct")),
        count(distinct), count(result.posterior.size()));
    if (static_cast<double>(distinct) < 0.5 * static_cast<double>(result.posterior.size())) {
      text += say(" (WAARSCHUWING: minder dan de helft; sta meer --moves toe)",
                  " (WARNING: fewer than half; allow more --moves)");
    }
  }
  // Truncation in the posterior's own generation: proposals whose likelihood lay above the best-seen c
  // were accepted with probability 1 rather than more, which flattens the posterior where it is highest.
  if (const std::uint64_t truncated = result.history.back().truncated; truncated > 0) {
    text += fmt::format(
        fmt::runtime(
            say("; {} voorstellen van generatie {} hadden een hogere likelihood dan de beste tot dan "
                "toe (ze werden zeker aanvaard): de posterior is daar iets afgevlakt, zie 'truncated' "
                "in generations.csv",
                "; {} proposals of generation {} had a likelihood above the best seen before it (they "
                "were accepted for sure): the posterior is slightly flattened there, see 'truncated' "
                "in generations.csv")),
        count(truncated), result.posterior_generation);
  }
  if (result.partial.size() > 0) {
    text +=
        fmt::format(fmt::runtime(say("; {} aanvaarde deeltjes van de onvoltooide generatie {} staan apart",
                                     "; {} particles accepted in unfinished generation {} are reported "
                                     "separately")),
                    result.partial.size(), result.posterior_generation + 1);
  }
  return text;
}

}  // namespace ozsim::calibration
