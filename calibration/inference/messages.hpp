#pragma once
// What a calibration tells its user while it runs and when it stops: where it stands (for the caller's
// progress display) and the one sentence that says why it stopped and how far to trust the posterior.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>

#include "calibration/inference/abc.hpp"
#include "sim/params/number_format.hpp"

namespace ozsim::calibration {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start);

// Reports a calibration's progress to AbcSettings::on_progress (nothing when it is empty).
class Progress {
 public:
  Progress(const AbcSettings& settings, Clock::time_point start);

  // Before a generation's first proposal; `simulations` = the calibration's total so far.
  void start_generation(std::size_t generation, std::uint64_t simulations);
  // After a particle is accepted, `filled` in all; skipped while another thread reports. Any thread.
  void in_generation(std::size_t filled, std::uint64_t simulations);
  // Once per complete generation.
  void generation_done(const GenerationStats& stats, std::uint64_t total_simulations);
  // The runs counted before this process started (a resumed checkpoint's), not part of its pace.
  void resumed_at(std::uint64_t simulations) { simulations_before_ = simulations; }

 private:
  CalibrationProgress snapshot(std::size_t filled, std::uint64_t simulations) const;

  const AbcSettings& settings_;
  Clock::time_point start_;
  Clock::time_point generation_start_;
  std::size_t generation_ = 0;
  std::uint64_t simulations_before_ = 0;
  std::mutex mutex_;
};

// Why the run stopped, which generation is the posterior and any warning about it (tempered, low ESS,
// particles of an unfinished generation reported separately), in English for the terminal or in Dutch
// for the report; numbers in that language's convention.
std::string describe_stop(const CalibrationResult& result, const AbcSettings& settings,
                          params::Language language = params::Language::En);

}  // namespace ozsim::calibration
