#pragma once
// The lines `ozsim calibrate` shows while it runs (through output::Progress): where the running
// generation stands with the time it still needs, and one line per finished generation.
#include <cstdint>
#include <string>

#include "calibration/inference/abc.hpp"

namespace ozsim::calibration {

// "calibrate: generation 2, 412 of 1000 particles (41%), 1 min 10 s elapsed, about 1 min 40 s left in
// this generation; ends within about 2 h 10 min (--max-simulations)". The generation's time left is at
// its pace so far. How many generations the schedule still needs is not known in advance, so the whole
// run gets the time by which a limit stops it at the latest: the simulation budget at this process's pace
// of model runs, or the wall-clock limit, whichever comes first. In the last generation --generations
// allows, the generation's time left is the run's.
std::string calibration_progress_text(const CalibrationProgress& progress, const AbcSettings& settings);

// "generation 1 done: temperature 12.3, acceptance 21.0%, ESS 812, 2400 simulations (3600 in all), 12.0 s;
// likelihood over the best seen (log -10.4), 2 above it (accepted for sure)": what the acceptance divided
// the likelihood by (AbcSettings::normalisation) and how many proposals were truncated there. For
// resample-move: "...; 612 distinct particles" (the acceptance is the moves').
std::string generation_done_text(const GenerationStats& stats, std::uint64_t total_simulations,
                                 Method method = Method::abc_smc);

}  // namespace ozsim::calibration
