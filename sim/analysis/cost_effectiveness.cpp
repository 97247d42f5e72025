// Cost-effectiveness of an alternative against the baseline: the ratio of mean differences with
// Fieller's interval, on costs and effects discounted as the budget is (economics.hpp).
#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <utility>

#include "sim/analysis/economics.hpp"
#include "sim/analysis/ratio_interval.hpp"
#include "sim/params/number_format.hpp"

namespace ozsim::analysis {

namespace {

// flow.<from>.<target>.per_year for any <from>.
bool is_yearly_flow_into(const std::string& kpi, const std::string& target) {
  const std::optional<model::KpiName> found = model::kpi_catalogue().find(kpi);
  return found && found->family->id == model::KpiId::FlowPerYear && found->to == target;
}

std::string format_count(std::size_t n) {
  return std::to_string(n);
}

}  // namespace

std::vector<double> measure_values(std::span<const model::RunResult> replications, const std::string& kpi,
                                   const std::string& flow_target) {
  std::vector<double> values;
  values.reserve(replications.size());
  for (const auto& result : replications) {
    if (const auto found = result.kpis.find(kpi); found != result.kpis.end()) {
      values.push_back(found->second);
      continue;
    }
    double sum = 0.0;
    bool any = false;
    if (!flow_target.empty())
      for (const auto& [name, value] : result.kpis)
        if (is_yearly_flow_into(name, flow_target)) {
          sum += value;
          any = true;
        }
    values.push_back(any ? sum : NOT_AVAILABLE);
  }
  return values;
}

namespace {

// The years and factors the budget discounts with: every year from the first to the last with cost lines,
// discounted to options.first_year (default: the first of them).
struct Discounting {
  std::vector<int> years;  // empty: no cost lines, nothing is discounted
  std::vector<double> factors;
  double factor_sum = 0.0;
  int first_year = 0;
  double rate = 0.0;
};

Discounting discounting(std::span<const model::RunResult> base, std::span<const model::RunResult> alt,
                        const EconomicsOptions& options) {
  std::set<int> seen;
  for (const auto side : {base, alt})
    for (const auto& result : side)
      for (const auto& line : result.costs) seen.insert(line.year);
  Discounting d;
  d.rate = options.discount_rate;
  if (seen.empty()) return d;
  for (int year = *seen.begin(); year <= *seen.rbegin(); ++year) d.years.push_back(year);
  d.first_year = options.first_year.value_or(d.years.front());
  for (int year : d.years) {
    d.factors.push_back(discount_factor(options.discount_rate, year, d.first_year));
    d.factor_sum += d.factors.back();
  }
  return d;
}

// The per-year family's name of a yearly-rate KPI in one year (home.months.per_year -> home.months.2021),
// or empty when the catalogue has no such family.
std::string name_in_year(const std::string& per_year_kpi, int year) {
  const model::KpiCatalogue& catalogue = model::kpi_catalogue();
  const std::optional<model::KpiName> found = catalogue.find(per_year_kpi);
  if (!found) return {};
  using enum model::KpiId;
  model::KpiBinding binding{.setting = found->setting,
                            .to = found->to,
                            .provision = found->provision,
                            .payer = found->payer,
                            .year = year};
  switch (found->family->id) {
    case HomeMonthsPerYear:
      return catalogue.name(HomeMonthsByYear, binding);
    case HomeSpellsOverNormPerYear:
      return catalogue.name(HomeSpellsOverNormByYear, binding);
    case EntriesPerYear:
      return catalogue.name(EntriesByYear, binding);
    case FlowPerYear:
      return catalogue.name(FlowByYear, binding);
    case CostTotalPerYear:
      return catalogue.name(CostTotalByYear, binding);
    case CostPerYear:
      return catalogue.name(CostByYear, binding);
    default:
      return {};
  }
}

// One side's effect per replication as a discounted annual equivalent. Each year's value comes from the
// KPI's per-year family; a replication without them gets its yearly mean in every year (then
// `spread_evenly` is set), which the discounting leaves unchanged.
std::vector<double> discounted_effect(std::span<const model::RunResult> replications,
                                      const std::vector<double>& yearly_mean, const std::string& kpi,
                                      const Discounting& d, bool& spread_evenly) {
  if (d.years.empty()) return yearly_mean;
  std::vector<std::string> names;
  for (int year : d.years) names.push_back(name_in_year(kpi, year));
  std::vector<double> values(replications.size());
  for (std::size_t r = 0; r < replications.size(); ++r) {
    double sum = 0.0;
    bool complete = true;
    for (std::size_t i = 0; i < names.size() && complete; ++i) {
      const auto found = names[i].empty() ? replications[r].kpis.end() : replications[r].kpis.find(names[i]);
      complete = found != replications[r].kpis.end();
      if (complete) sum += d.factors[i] * found->second;
    }
    if (complete) {
      values[r] = sum / d.factor_sum;
    } else {
      values[r] = yearly_mean[r];
      if (!std::isnan(yearly_mean[r])) spread_evenly = true;
    }
  }
  return values;
}

struct AnnualCosts {
  std::vector<double> base;
  std::vector<double> alt;
  std::string basis;
  std::string basis_nl;  // the same in Dutch
  // The same for the payers of catchments outside the region, kept out of base and alt.
  std::vector<double> catchment_base;
  std::vector<double> catchment_alt;
  std::set<std::string> catchment_payers;
};

AnnualCosts annual_costs(std::span<const model::RunResult> base, std::span<const model::RunResult> alt,
                         const std::string& cost_kpi, const Discounting& d) {
  if (d.years.empty()) {
    AnnualCosts costs;
    costs.base = kpi_values(base, cost_kpi);
    costs.alt = kpi_values(alt, cost_kpi);
    auto complete = [](const std::vector<double>& v) {
      return std::none_of(v.begin(), v.end(), [](double x) { return std::isnan(x); });
    };
    const bool found = !base.empty() && complete(costs.base) && complete(costs.alt);
    costs.basis = found ? "euros per year, KPI " + cost_kpi + " (no cost lines: not discounted)"
                        : "no costs: KPI " + cost_kpi + " missing and no cost lines";
    costs.basis_nl = found ? "euro per jaar, KPI " + cost_kpi + " (geen kostenregels: niet verdisconteerd)"
                           : "geen kosten: KPI " + cost_kpi + " ontbreekt en er zijn geen kostenregels";
    return costs;
  }
  // The cost lines of the region's payers (or of the catchments'), discounted year by year as the budget is.
  auto present_value = [&](const model::RunResult& result, bool catchment) {
    double sum = 0.0;
    for (const auto& line : result.costs)
      if (line.catchment == catchment)
        sum += line.euros * d.factors[static_cast<std::size_t>(line.year - d.years.front())];
    return sum / d.factor_sum;
  };
  AnnualCosts costs;
  for (const auto& result : base) {
    costs.base.push_back(present_value(result, false));
    costs.catchment_base.push_back(present_value(result, true));
  }
  for (const auto& result : alt) {
    costs.alt.push_back(present_value(result, false));
    costs.catchment_alt.push_back(present_value(result, true));
  }
  for (const auto side : {base, alt})
    for (const auto& result : side)
      for (const auto& line : result.costs)
        if (line.catchment) costs.catchment_payers.insert(line.payer);
  // The cost lines' years are school years: named as such (2019/20), so no reader takes them for the
  // calendar years of costs.csv's calendar-year rows.
  const auto school_year = [](int year) { return period_label(YearBasis::SchoolYear, year); };
  costs.basis = "euros per school year; cost lines of school years " + school_year(d.years.front()) + " to " +
                school_year(d.years.back()) + " and effects discounted at " +
                params::percent(d.rate, 2, params::Language::En) + " a year to " + school_year(d.first_year) +
                ", as the budget";
  costs.basis_nl = "euro per schooljaar; kostenregels van schooljaren " + school_year(d.years.front()) +
                   " tot en met " + school_year(d.years.back()) + " en effecten verdisconteerd tegen " +
                   params::percent(d.rate, 2, params::Language::Nl) + " per jaar naar " +
                   school_year(d.first_year) + ", zoals de begroting";
  if (!costs.catchment_payers.empty()) {
    std::string names;
    for (const std::string& payer : costs.catchment_payers) names += (names.empty() ? "" : ", ") + payer;
    costs.basis +=
        "; the modelled region's payers only (catchments outside it, reported apart: " + names + ")";
    costs.basis_nl +=
        "; alleen de betalers van de gemodelleerde regio (verzorgingsgebieden daarbuiten apart: " + names +
        ")";
  }
  return costs;
}

CostEffectivenessRow ratio_row(std::string measure, std::string source, const AnnualCosts& costs,
                               const std::vector<double>& base_effect, const std::vector<double>& alt_effect,
                               bool spread_evenly) {
  CostEffectivenessRow row;
  row.measure = std::move(measure);
  row.source = std::move(source);
  std::vector<double> cost_diff, averted;
  std::size_t missing_effect = 0;
  for (std::size_t r = 0; r < base_effect.size(); ++r) {
    const bool effect_ok = !std::isnan(base_effect[r]) && !std::isnan(alt_effect[r]);
    const bool cost_ok = !std::isnan(costs.base[r]) && !std::isnan(costs.alt[r]);
    missing_effect += effect_ok ? 0 : 1;
    if (!effect_ok || !cost_ok) continue;
    cost_diff.push_back(costs.alt[r] - costs.base[r]);
    averted.push_back(base_effect[r] - alt_effect[r]);
  }
  row.incremental_cost = summarize(cost_diff);
  row.averted = summarize(averted);
  if (averted.empty()) {
    row.method = RatioMethod::NotDefined;
    row.note = missing_effect > 0 ? "not available: " + row.source + " missing" : "not available: no costs";
    return row;
  }
  if (missing_effect > 0)
    row.note =
        row.source + " missing in " + format_count(missing_effect) + " replication(s); those are left out. ";
  if (spread_evenly) row.note += "no yearly figures for the effect: its yearly mean taken for every year. ";
  // Fieller's interval is bounded exactly when the effect's 95% interval excludes 0; otherwise there is
  // no ratio worth printing, whatever the point estimate.
  const RatioEstimate estimate = fieller_ratio(cost_diff, averted);
  const double mean_averted = row.averted.mean;
  if (!estimate.bounded) {
    row.method = RatioMethod::NotDefined;
    row.note += averted.size() < 2 ? "not defined: fewer than 2 replications"
                                   : "no detectable effect: the 95% interval of the effect includes 0";
    return row;
  }
  row.method = RatioMethod::RatioOfMeans;
  row.ratio.n = estimate.n;
  row.ratio.mean = estimate.ratio;
  row.ratio.lo95 = estimate.lo;
  row.ratio.hi95 = estimate.hi;
  const double cost = row.incremental_cost.mean;
  if (mean_averted > 0 && cost < 0) row.note += "dominant: saves money and averts. ";
  if (mean_averted < 0 && cost > 0) row.note += "dominated: costs more and adds (negative ratio). ";
  if (mean_averted < 0 && cost <= 0) row.note += "saves money but adds (negative ratio). ";
  while (!row.note.empty() && row.note.back() == ' ') row.note.pop_back();
  return row;
}

}  // namespace

std::string catchment_measure(const CostEffectiveness& ce) {
  std::string names;
  for (const std::string& payer : ce.catchment_payers) names += (names.empty() ? "" : ", ") + payer;
  return "catchment budget: " + names;
}

CostEffectiveness cost_effectiveness(std::span<const model::RunResult> base,
                                     std::span<const model::RunResult> alt, const EconomicsOptions& options) {
  if (base.size() != alt.size())
    throw std::invalid_argument("cost-effectiveness: the alternative has " + std::to_string(alt.size()) +
                                " replications, the baseline " + std::to_string(base.size()));
  CostEffectiveness result;
  const Discounting d = discounting(base, alt, options);
  const AnnualCosts costs = annual_costs(base, alt, options.cost_kpi, d);
  result.cost_basis = costs.basis;
  result.cost_basis_nl = costs.basis_nl;
  if (!costs.catchment_payers.empty()) {
    result.catchment_payers.assign(costs.catchment_payers.begin(), costs.catchment_payers.end());
    std::vector<double> diff;
    for (std::size_t r = 0; r < costs.catchment_base.size(); ++r)
      diff.push_back(costs.catchment_alt[r] - costs.catchment_base[r]);
    result.catchment_incremental_cost = summarize(diff);
  }

  struct Measure {
    std::string name;
    std::string source;
    std::string kpi;
    std::string flow_target;
  };
  const std::vector<Measure> measures = {
      {"home-month", options.home_months_kpi, options.home_months_kpi, {}},
      {"dagbesteding placement",
       options.dagbesteding_kpi + " or sum of flow.*." + options.dagbesteding_setting + ".per_year",
       options.dagbesteding_kpi, options.dagbesteding_setting},
      {"home spell over 3 months", options.long_home_spells_kpi, options.long_home_spells_kpi, {}},
  };
  std::vector<double> home_base, home_alt;
  for (const Measure& m : measures) {
    bool spread = false;
    auto b = discounted_effect(base, measure_values(base, m.kpi, m.flow_target), m.kpi, d, spread);
    auto a = discounted_effect(alt, measure_values(alt, m.kpi, m.flow_target), m.kpi, d, spread);
    result.rows.push_back(ratio_row(m.name, m.source, costs, b, a, spread));
    if (home_base.empty()) {
      home_base = std::move(b);
      home_alt = std::move(a);
    }
  }

  result.value_per_home_month = options.value_per_home_month;
  if (!options.value_per_home_month) {
    result.net_monetary_benefit_note = "not computed: no value per home-month given";
    return result;
  }
  const double value = *options.value_per_home_month;
  std::vector<double> benefit;
  for (std::size_t r = 0; r < base.size(); ++r) {
    const double averted = home_base[r] - home_alt[r];
    const double cost = costs.alt[r] - costs.base[r];
    if (!std::isnan(averted) && !std::isnan(cost)) benefit.push_back(value * averted - cost);
  }
  result.net_monetary_benefit = summarize(benefit);
  if (benefit.empty())
    result.net_monetary_benefit_note = "not available: " + options.home_months_kpi + " or costs missing";
  return result;
}

}  // namespace ozsim::analysis
