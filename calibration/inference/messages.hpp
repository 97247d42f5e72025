#pragma once
// What a calibration tells its user while it runs and when it stops: progress lines on stderr (only
// when stderr is a terminal) and the one sentence that says why it stopped and how far to trust the
// posterior.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>

#include "calibration/inference/abc.hpp"

namespace ozsim::calibration {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start);

class Progress {
 public:
  // Prints nothing unless `wanted` and stderr is a terminal.
  Progress(bool wanted, std::size_t particles, Clock::time_point start);

  // "generation g: k/n particles accepted", at most once a second; safe from any thread.
  void in_generation(std::size_t generation, std::size_t filled);
  // One line per complete generation.
  void generation_done(const GenerationStats& stats, std::uint64_t total_simulations);
  // Ends the in-generation line when a generation is abandoned.
  void interrupted();

 private:
  bool enabled_;
  std::size_t particles_;
  Clock::time_point start_;
  std::mutex mutex_;
  Clock::time_point last_ = Clock::now();
};

// Why the run stopped, which generation is the posterior and any warning about it (tempered, low ESS,
// particles of an unfinished generation reported separately).
std::string describe_stop(const CalibrationResult& result, const AbcSettings& settings);

}  // namespace ozsim::calibration
