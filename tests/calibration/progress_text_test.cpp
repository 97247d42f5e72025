// What `ozsim calibrate` shows while it runs: the generation's time left and the time by which a limit
// ends the run at the latest.
#include "calibration/bridge/progress_text.hpp"

#include <doctest/doctest.h>

#include <limits>

using namespace ozsim::calibration;

TEST_CASE("calibration progress: the generation's time left at its pace, the run's end by its limits") {
  AbcSettings s;
  s.particles = 1000;
  s.max_generations = 10;
  s.max_simulations = 100'000;
  s.wall_clock_seconds = 6 * 3600.0;
  CalibrationProgress p;
  p.generation = 2;
  p.filled = 400;
  p.particles = 1000;
  p.simulations = 20'000;
  p.simulations_here = 8'000;  // resumed: 12,000 runs came from the checkpoint
  p.seconds = 80.0;            // 100 runs a second in this process
  p.generation_seconds = 40.0;
  // 600 particles at 10 a second: 60 s; 80,000 runs left at 100 a second: 800 s.
  CHECK(calibration_progress_text(p, s) ==
        "calibrate: generation 2, 400 of 1000 particles (40%), 1 min 20 s elapsed, about 1 min 00 s left in "
        "this generation; ends within about 13 min 20 s (--max-simulations)");
  // A wall-clock limit that comes first bounds both.
  s.wall_clock_seconds = 110.0;
  CHECK(calibration_progress_text(p, s) ==
        "calibrate: generation 2, 400 of 1000 particles (40%), 1 min 20 s elapsed, about 30.0 s left in this "
        "generation; ends within about 30.0 s (--wall-clock)");
  // The last generation --generations allows: its time left is the run's.
  s.wall_clock_seconds = 0.0;
  p.last_generation = true;
  CHECK(
      calibration_progress_text(p, s) ==
      "calibrate: generation 2, 400 of 1000 particles (40%), 1 min 20 s elapsed, about 1 min 00 s left (the "
      "last generation)");
  // At a generation's start there is no pace yet; without limits there is no end to promise.
  p.last_generation = false;
  p.filled = 0;
  s.max_simulations = 0;
  CHECK(calibration_progress_text(p, s) ==
        "calibrate: generation 2, 0 of 1000 particles (0%), 1 min 20 s elapsed");
}

TEST_CASE("calibration progress: a finished generation's line") {
  GenerationStats g;
  g.generation = 0;
  g.temperature = std::numeric_limits<double>::infinity();
  g.acceptance_rate = 1.0;
  g.ess = 200.0;
  g.simulations = 200;
  g.seconds = 12.04;
  CHECK(generation_done_text(g, 200) ==
        "calibrate: generation 0 done: temperature inf, acceptance 100.0%, ESS 200, 200 simulations (200 in "
        "all), 12.0 s");
  // Later generations say what the likelihood was divided by and how many proposals were above it.
  g.generation = 3;
  g.temperature = 4.5;
  g.acceptance_rate = 0.25;
  g.log_normaliser = -10.43;
  g.truncated = 2;
  CHECK(generation_done_text(g, 900) ==
        "calibrate: generation 3 done: temperature 4.5, acceptance 25.0%, ESS 200, 200 simulations (900 in "
        "all), 12.0 s; likelihood over the best seen (log -10.43), 2 above it (accepted for sure)");
  g.log_normaliser = 0.0;
  g.truncated = 0;
  CHECK(generation_done_text(g, 900) ==
        "calibrate: generation 3 done: temperature 4.5, acceptance 25.0%, ESS 200, 200 simulations (900 in "
        "all), 12.0 s; likelihood over its peak, 0 above it");
  // Resample-move has no normaliser; it says how many particles its moves kept distinct.
  g.distinct = 143;
  CHECK(generation_done_text(g, 900, Method::resample_move) ==
        "calibrate: generation 3 done: temperature 4.5, acceptance 25.0%, ESS 200, 200 simulations (900 in "
        "all), 12.0 s; 143 distinct particles");
}
