#include "calibration/inference/morris.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <stdexcept>

#include "calibration/inference/random.hpp"
#include "calibration/inference/smc_weights.hpp"

namespace ozsim::calibration {
namespace {

constexpr std::size_t kMaxTrajectoryRedraws = 10'000;

struct Trajectory {
  std::vector<std::vector<double>> unit_points;  // k + 1 points in [0, 1]^k
  std::vector<std::size_t> order;                // parameter changed between point j and j + 1
  std::vector<double> step;                      // +delta or -delta, per step
};

Trajectory make_trajectory(std::size_t k, std::size_t levels, Rng& rng) {
  const double delta = static_cast<double>(levels) / (2.0 * static_cast<double>(levels - 1));
  Trajectory t;
  std::vector<double> x(k);
  std::vector<double> direction(k);
  for (std::size_t i = 0; i < k; ++i) {
    const std::size_t level = rng.below(levels);
    x[i] = static_cast<double>(level) / static_cast<double>(levels - 1);
    // Lower half of the grid steps up, upper half steps down: every level is equally likely and
    // every step stays on the grid.
    direction[i] = x[i] + delta <= 1.0 + 1e-12 ? delta : -delta;
  }
  t.order.resize(k);
  std::iota(t.order.begin(), t.order.end(), std::size_t{0});
  for (std::size_t i = k; i > 1; --i) std::swap(t.order[i - 1], t.order[rng.below(i)]);  // Fisher-Yates
  t.unit_points.push_back(x);
  for (std::size_t i : t.order) {
    x[i] += direction[i];
    t.step.push_back(direction[i]);
    t.unit_points.push_back(x);
  }
  return t;
}

std::vector<double> to_parameters(const ParameterSpace& space, const std::vector<double>& unit) {
  // The unit point may carry the dummy as its last coordinate: only the space's own parameters are mapped.
  std::vector<double> out(space.size());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = space.parameters()[i].prior.from_unit(unit[i]);
  return out;
}

}  // namespace

MorrisResult run_morris(const ParameterSpace& space, const ModelFunction& model,
                        const MorrisSettings& settings) {
  const std::size_t k = space.size();
  if (k == 0) throw std::invalid_argument("no free parameters to screen");
  if (settings.levels < 2 || settings.levels % 2 != 0) {
    throw std::invalid_argument("levels must be an even number >= 2, found " +
                                std::to_string(settings.levels));
  }
  if (settings.trajectories < 2) throw std::invalid_argument("at least 2 trajectories are needed for sigma");
  if (settings.replications == 0) throw std::invalid_argument("replications must be at least 1");

  // Each trajectory also moves a dummy, coordinate k: it changes nothing but the seeds the model runs
  // on, so its elementary effects are the model's noise alone.
  std::vector<Trajectory> trajectories;
  std::vector<std::vector<double>> points;
  std::vector<std::size_t> seed_level;  // per point: the dummy's grid level, which picks the seeds
  for (std::size_t r = 0; r < settings.trajectories; ++r) {
    for (std::size_t attempt = 0;; ++attempt) {
      if (attempt >= kMaxTrajectoryRedraws) {
        throw std::runtime_error("Morris: no trajectory satisfies the constraints after " +
                                 std::to_string(kMaxTrajectoryRedraws) + " draws");
      }
      Rng rng = Rng::for_indices(settings.seed, StreamPurpose::morris, r, attempt);
      Trajectory t = make_trajectory(k + 1, settings.levels, rng);
      bool ok = true;
      for (const auto& u : t.unit_points) ok = ok && space.admissible(to_parameters(space, u));
      if (!ok) continue;
      for (const auto& u : t.unit_points) {
        points.push_back(to_parameters(space, u));
        seed_level.push_back(
            static_cast<std::size_t>(std::lround(u[k] * static_cast<double>(settings.levels - 1))));
      }
      trajectories.push_back(std::move(t));
      break;
    }
  }

  // Points with the same dummy level run with the same seeds: along a trajectory, a real parameter's
  // step is then its effect, not noise (common random numbers); only the dummy's step changes seeds.
  std::vector<std::vector<std::uint64_t>> seeds(settings.levels,
                                                std::vector<std::uint64_t>(settings.replications));
  for (std::size_t level = 0; level < settings.levels; ++level)
    for (std::size_t r = 0; r < settings.replications; ++r)
      seeds[level][r] = derive_seed(settings.seed, StreamPurpose::morris, 1'000'000'000ull + level, r);
  std::vector<std::map<std::string, double>> outputs(points.size());
  settings.parallel_for(points.size(), settings.threads, [&](std::size_t j) {
    std::map<std::string, double> mean;
    for (std::uint64_t seed : seeds[seed_level[j]]) {
      for (const auto& [name, value] : model(points[j], seed)) mean[name] += value;
    }
    for (auto& [name, value] : mean) value /= static_cast<double>(settings.replications);
    outputs[j] = std::move(mean);
  });

  MorrisResult result;
  result.parameters = space.names();
  result.simulations = points.size() * settings.replications;  // (k + 2) points per trajectory
  if (settings.kpis.empty()) {
    std::set<std::string> names;  // sorted, so the order does not depend on which point reported what
    for (const auto& output : outputs)
      for (const auto& [name, value] : output) names.insert(name);
    result.kpis.assign(names.begin(), names.end());
  } else {
    result.kpis = settings.kpis;
  }
  const auto value_of = [&](std::size_t point, const std::string& kpi) {
    const auto it = outputs[point].find(kpi);
    if (it != outputs[point].end()) return it->second;
    if (settings.absent_kpi)
      if (const std::optional<double> value = settings.absent_kpi(kpi)) return *value;
    throw std::runtime_error("Morris: the model did not report KPI '" + kpi + "'");
  };

  const std::size_t kpi_count = result.kpis.size();
  // samples[i * kpis + q][t]: the elementary effect of parameter i (k: the dummy) on KPI q in trajectory t.
  std::vector<std::vector<double>> samples((k + 1) * kpi_count);
  for (std::size_t r = 0; r < trajectories.size(); ++r) {
    const std::size_t base = r * (k + 2);
    for (std::size_t s = 0; s <= k; ++s) {
      const std::size_t i = trajectories[r].order[s];
      for (std::size_t q = 0; q < kpi_count; ++q) {
        const double ee = (value_of(base + s + 1, result.kpis[q]) - value_of(base + s, result.kpis[q])) /
                          trajectories[r].step[s];
        samples[i * kpi_count + q].push_back(ee);
      }
    }
  }
  // The bootstrap resamples whole trajectories, the same resamples for every parameter and KPI.
  std::vector<std::vector<std::size_t>> counts(settings.bootstrap,
                                               std::vector<std::size_t>(trajectories.size(), 0));
  for (std::size_t b = 0; b < settings.bootstrap; ++b) {
    Rng rng = Rng::for_indices(settings.seed, StreamPurpose::morris, 2'000'000'000ull + b);
    for (std::size_t t = 0; t < trajectories.size(); ++t) ++counts[b][rng.below(trajectories.size())];
  }
  std::vector<double> resampled(settings.bootstrap);
  const std::vector<double> equal_weights(settings.bootstrap, 1.0);
  auto summarise = [&](const std::vector<double>& v, MorrisEffect& e) {
    const double n = static_cast<double>(v.size());
    double sum = 0.0;
    double abs_sum = 0.0;
    for (double x : v) {
      sum += x;
      abs_sum += std::abs(x);
    }
    e.mu = sum / n;
    e.mu_star = abs_sum / n;
    double ss = 0.0;
    for (double x : v) ss += (x - e.mu) * (x - e.mu);
    e.sigma = v.size() > 1 ? std::sqrt(ss / (n - 1.0)) : 0.0;
    e.effects = v.size();
    e.mu_star_lo95 = e.mu_star_hi95 = e.mu_star;
    if (settings.bootstrap == 0) return;
    for (std::size_t b = 0; b < settings.bootstrap; ++b) {
      double total = 0.0;
      for (std::size_t t = 0; t < v.size(); ++t) total += static_cast<double>(counts[b][t]) * std::abs(v[t]);
      resampled[b] = total / n;
    }
    e.mu_star_lo95 = weighted_quantile(resampled, equal_weights, 0.025);
    e.mu_star_hi95 = weighted_quantile(resampled, equal_weights, 0.975);
  };
  result.effects.resize(k * kpi_count);
  result.noise_floor.resize(kpi_count);
  for (std::size_t i = 0; i <= k; ++i)
    for (std::size_t q = 0; q < kpi_count; ++q) {
      MorrisEffect& e = i < k ? result.effects[i * kpi_count + q] : result.noise_floor[q];
      e.parameter = i < k ? result.parameters[i] : std::string(NOISE_FLOOR);
      e.kpi = result.kpis[q];
      summarise(samples[i * kpi_count + q], e);
    }
  return result;
}

}  // namespace ozsim::calibration
