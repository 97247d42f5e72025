#include "calibration/inference/posterior.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "calibration/inference/random.hpp"

namespace ozsim::calibration {
namespace {

std::size_t pick_by_weight(const std::vector<double>& cumulative, Rng& rng) {
  const double u = rng.uniform() * cumulative.back();
  auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
  if (it == cumulative.end()) --it;
  return static_cast<std::size_t>(it - cumulative.begin());
}

std::vector<double> cumulative_of(const std::vector<double>& weights) {
  std::vector<double> out(weights.size());
  double sum = 0.0;
  for (std::size_t i = 0; i < weights.size(); ++i) out[i] = sum += weights[i];
  return out;
}

}  // namespace

std::vector<ParameterSummary> summarise_posterior(const std::vector<std::string>& names,
                                                  const Population& posterior) {
  std::vector<ParameterSummary> out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::vector<double> values;
    values.reserve(posterior.size());
    double mean = 0.0;
    for (std::size_t k = 0; k < posterior.size(); ++k) {
      values.push_back(posterior.particles[k][i]);
      mean += posterior.weights[k] * posterior.particles[k][i];
    }
    double var = 0.0;
    for (std::size_t k = 0; k < posterior.size(); ++k) {
      var += posterior.weights[k] * (values[k] - mean) * (values[k] - mean);
    }
    ParameterSummary s;
    s.name = names[i];
    s.mean = mean;
    s.sd = std::sqrt(var);
    s.median = weighted_quantile(values, posterior.weights, 0.5);
    s.q025 = weighted_quantile(values, posterior.weights, 0.025);
    s.q975 = weighted_quantile(values, posterior.weights, 0.975);
    s.q05 = weighted_quantile(values, posterior.weights, 0.05);
    s.q95 = weighted_quantile(values, posterior.weights, 0.95);
    out.push_back(s);
  }
  return out;
}

std::vector<std::vector<double>> draw_from_posterior(const Population& posterior, std::size_t count,
                                                     std::uint64_t seed) {
  if (posterior.size() == 0) throw std::invalid_argument("the posterior is empty");
  const auto cumulative = cumulative_of(posterior.weights);
  std::vector<std::vector<double>> out;
  out.reserve(count);
  for (std::size_t k = 0; k < count; ++k) {
    Rng rng = Rng::for_indices(seed, StreamPurpose::predictive, 1, k);
    out.push_back(posterior.particles[pick_by_weight(cumulative, rng)]);
  }
  return out;
}

namespace {

// The targets' observations predicted from each parameter set: a model run with a fresh seed plus
// observation error. `family` keeps the prior and posterior streams apart.
std::vector<std::vector<double>> predict(const std::vector<Target>& targets, const ModelFunction& model,
                                         const std::vector<std::vector<double>>& draws,
                                         const PredictiveSettings& settings, std::uint64_t family) {
  std::vector<std::vector<double>> out(draws.size());
  const SlotTransfer transfer{"predictive draw", [&](std::size_t k) { return out[k]; },
                              [&](std::size_t k, const std::vector<double>& values) { out[k] = values; }};
  run_spread(
      settings.spread_for, settings.parallel_for, draws.size(), settings.threads,
      [&](std::size_t k) {
        out[k] = extract_kpis(
            targets, model(draws[k], derive_seed(settings.seed, StreamPurpose::predictive, family, k)));
        Rng error = Rng::for_indices(settings.seed, StreamPurpose::predictive, family + 1, k);
        for (std::size_t i = 0; i < targets.size(); ++i) out[k][i] += error_sd(targets[i]) * error.normal();
      },
      transfer);
  return out;
}

FitRow::Predictive summarise_predictive(const std::vector<std::vector<double>>& runs, std::size_t target,
                                        double observed) {
  std::vector<double> values;
  values.reserve(runs.size());
  double mean = 0.0;
  for (const auto& run : runs) {
    values.push_back(run[target]);
    mean += run[target] / static_cast<double>(runs.size());
  }
  double var = 0.0;
  for (double v : values)
    var += (v - mean) * (v - mean) / static_cast<double>(std::max<std::size_t>(1, runs.size() - 1));
  const std::vector<double> equal(values.size(), 1.0);
  FitRow::Predictive p;
  p.mean = mean;
  p.sd = std::sqrt(var);
  p.low = weighted_quantile(values, equal, 0.025);
  p.high = weighted_quantile(values, equal, 0.975);
  p.z = p.sd > 0.0 ? (observed - mean) / p.sd : 0.0;
  p.inside = p.low <= observed && observed <= p.high;
  return p;
}

}  // namespace

std::vector<FitRow> predictive_fit(const std::vector<Target>& targets, const ModelFunction& model,
                                   const ParameterSpace& prior, const Population& posterior,
                                   const PredictiveSettings& settings) {
  std::vector<std::vector<double>> prior_draws;
  for (std::size_t k = 0; k < settings.draws; ++k) {
    for (std::uint64_t attempt = 0;; ++attempt) {
      Rng rng = Rng::for_indices(settings.seed, StreamPurpose::predictive, 3, k, attempt);
      std::vector<double> theta = prior.sample_marginals(rng);
      if (prior.admissible(theta)) {
        prior_draws.push_back(std::move(theta));
        break;
      }
      if (attempt > 1'000'000) throw std::runtime_error("the constraints leave no admissible region");
    }
  }
  const auto prior_runs = predict(targets, model, prior_draws, settings, 4);
  const auto posterior_runs =
      predict(targets, model, draw_from_posterior(posterior, settings.draws, settings.seed), settings, 6);
  std::vector<FitRow> rows;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    FitRow row;
    row.target = targets[i].name;
    row.kpi = targets[i].kpi;
    row.period = targets[i].period;
    row.group = targets[i].group;
    row.observed = targets[i].observed;
    row.sigma = error_sd(targets[i]);
    row.prior = summarise_predictive(prior_runs, i, row.observed);
    row.posterior = summarise_predictive(posterior_runs, i, row.observed);
    const double prior_width = row.prior.high - row.prior.low;
    row.narrowing = prior_width > 0.0 ? 1.0 - (row.posterior.high - row.posterior.low) / prior_width : 0.0;
    rows.push_back(row);
  }
  return rows;
}

}  // namespace ozsim::calibration
