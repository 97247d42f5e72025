#include "sim/analysis/posterior_compare.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

#include "sim/model/kpi_catalogue.hpp"

namespace ozsim::analysis {

NestedEffect nested_effect(std::span<const double> differences, std::size_t draws, std::size_t per_draw) {
  if (differences.size() != draws * per_draw)
    throw std::invalid_argument("nested_effect: expected draws x replications per draw values");
  NestedEffect effect;
  std::vector<double> means;
  double noise = 0.0;
  std::size_t noise_terms = 0;
  for (std::size_t k = 0; k < draws; ++k) {
    const Summary s = summarize(differences.subspan(k * per_draw, per_draw));
    if (s.n == 0) continue;
    means.push_back(s.mean);
    if (s.n >= 2) {
      noise += s.sd * s.sd / static_cast<double>(s.n);
      ++noise_terms;
    }
  }
  effect.draws = means.size();
  if (means.empty()) return effect;
  const Summary over_draws = summarize(means);
  effect.mean = over_draws.mean;
  effect.lo95 = over_draws.p2_5;
  effect.hi95 = over_draws.p97_5;
  const double below =
      static_cast<double>(std::count_if(means.begin(), means.end(), [](double m) { return m < 0.0; }));
  effect.p_below_zero = below / static_cast<double>(means.size());
  if (means.size() >= 2) {
    effect.mc_error = over_draws.sd / std::sqrt(static_cast<double>(means.size()));
    const double variance = over_draws.sd * over_draws.sd;
    if (noise_terms > 0 && variance > 0.0)
      effect.noise_share = std::min(1.0, noise / static_cast<double>(noise_terms) / variance);
    else if (noise_terms > 0)
      effect.noise_share = 0.0;
  }
  return effect;
}

NestedComparison nested_comparison(const std::vector<std::string>& names, const ResultGrid& results,
                                   std::size_t draws, std::size_t per_draw, const EconomicsOptions& economics,
                                   std::size_t points, double max_value) {
  if (names.size() != results.size() || names.empty())
    throw std::invalid_argument("nested_comparison: one result set per name");
  for (const auto& side : results)
    if (side.size() != draws * per_draw)
      throw std::invalid_argument("nested_comparison: expected draws x replications per draw results");
  NestedComparison nested{draws, per_draw, {}};
  const std::span<const model::RunResult> base = results.front();
  for (std::size_t s = 1; s < names.size(); ++s) {
    const std::span<const model::RunResult> alt = results[s];
    NestedAlternative out;
    out.scenario = names[s];
    // The headline KPIs and the effects the economics prices.
    std::set<std::string> kpis = {economics.home_months_kpi, economics.dagbesteding_kpi,
                                  economics.long_home_spells_kpi, economics.cost_kpi};
    for (const auto* side : {&base, &alt})
      for (const auto& [name, value] : side->front().kpis)
        if (model::kpi_catalogue().is_headline(name)) kpis.insert(name);
    for (const std::string& kpi : kpis) {
      const std::vector<double> b = kpi_values(base, kpi), a = kpi_values(alt, kpi);
      std::vector<double> diff(b.size());
      for (std::size_t i = 0; i < b.size(); ++i) diff[i] = a[i] - b[i];  // NaN where either is missing
      NestedEffect effect = nested_effect(diff, draws, per_draw);
      if (effect.draws == 0) continue;
      effect.kpi = kpi;
      out.effects.push_back(std::move(effect));
    }
    // Per draw, home-months averted and incremental cost, discounted as cost_effectiveness does.
    std::vector<double> averted, cost;
    for (std::size_t k = 0; k < draws; ++k) {
      const CostEffectiveness ce = cost_effectiveness(base.subspan(k * per_draw, per_draw),
                                                      alt.subspan(k * per_draw, per_draw), economics);
      const CostEffectivenessRow& home = ce.rows.front();
      if (std::isnan(home.averted.mean) || std::isnan(home.incremental_cost.mean)) continue;
      averted.push_back(home.averted.mean);
      cost.push_back(home.incremental_cost.mean);
    }
    if (!averted.empty() && points >= 2) {
      double top = max_value;
      if (!(top > 0.0)) {
        const double mean_averted = summarize(averted).mean, mean_cost = summarize(cost).mean;
        const double ratio = std::fabs(mean_cost / mean_averted);
        top = std::isfinite(ratio) && ratio > 0.0 ? 2.0 * ratio : 1.0e5;
      }
      for (std::size_t i = 0; i < points; ++i) {
        const double value = top * static_cast<double>(i) / static_cast<double>(points - 1);
        std::size_t worth = 0;
        for (std::size_t k = 0; k < averted.size(); ++k) worth += value * averted[k] - cost[k] > 0.0 ? 1 : 0;
        out.acceptability.push_back(
            {value, static_cast<double>(worth) / static_cast<double>(averted.size())});
      }
    }
    nested.alternatives.push_back(std::move(out));
  }
  return nested;
}

}  // namespace ozsim::analysis
