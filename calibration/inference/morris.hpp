#pragma once
// Morris elementary-effects screening (Morris 1991, with mu* from Campolongo et al. 2007): which
// free parameters move which KPIs, to choose what to calibrate. mu* gets a bootstrap interval over the
// trajectories, and a dummy parameter gives the noise floor (a dummy parameter's index as the
// screening threshold, after Zadeh et al. 2017).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "calibration/inference/abc.hpp"
#include "calibration/inference/parameter_space.hpp"

namespace ozsim::calibration {

struct MorrisSettings {
  // r: 40 gives mu* with a bootstrap interval worth reading; 10 (the classic minimum) ranks only the
  // clearly dominant parameters.
  std::size_t trajectories = 40;
  std::size_t levels = 4;        // p (even): the grid on [0, 1] is {0, 1/(p-1), ..., 1}
  std::size_t replications = 1;  // model runs per point, averaged (same seeds at every point)
  std::uint64_t seed = 1;
  unsigned threads = 0;
  ParallelFor parallel_for = in_calling_thread;  // the pool the points run on (see parallel.hpp)
  std::vector<std::string> kpis;                 // empty = every KPI the model reports at any point
  // What a KPI a point did not report counts as; nullopt (or no function) makes its absence an error. A
  // model that writes some outputs only when they are non-zero (the pupil model's flows) says 0 for them.
  std::function<std::optional<double>(const std::string& kpi)> absent_kpi;
  std::size_t bootstrap = 500;  // resamples of the trajectories for mu*'s interval
};

// The parameter name of the noise floor's rows in morris.csv.
inline constexpr const char* NOISE_FLOOR = "(noise floor)";

struct MorrisEffect {
  std::string parameter;
  std::string kpi;
  double mu = 0.0;       // mean elementary effect
  double mu_star = 0.0;  // mean absolute elementary effect: overall influence
  double sigma = 0.0;    // standard deviation: non-linearity or interactions
  std::size_t effects = 0;
  // 95% bootstrap percentile interval of mu*, the trajectories resampled with replacement.
  double mu_star_lo95 = 0.0;
  double mu_star_hi95 = 0.0;
};

struct MorrisResult {
  std::vector<std::string> parameters;
  std::vector<std::string> kpis;
  std::vector<MorrisEffect> effects;  // parameter-major: effects[i * kpis.size() + k]
  // Per KPI, the effects of a dummy parameter that changes nothing but the model's seeds: the noise
  // floor. A parameter whose mu* interval lies below it is not told apart from noise. An upper bound
  // of the noise in the real parameters' effects, which run on common seeds along a trajectory.
  std::vector<MorrisEffect> noise_floor;
  std::size_t simulations = 0;
  const MorrisEffect& at(std::size_t parameter, std::size_t kpi) const {
    return effects[parameter * kpis.size() + kpi];
  }
};

// Elementary effects are per unit of the parameter's screening range (Prior::from_unit), so mu* of
// different parameters are comparable: "KPI change when the parameter sweeps its range".
// Trajectories that would leave the constraints' region are redrawn (up to a limit, then throws).
MorrisResult run_morris(const ParameterSpace& space, const ModelFunction& model,
                        const MorrisSettings& settings);

}  // namespace ozsim::calibration
