#include "sim/analysis/economics.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>
#include <utility>

#include "sim/model/calendar.hpp"

namespace ozsim::analysis {

namespace {

// Euros per (payer, year) in one replication.
using CostMatrix = std::map<std::pair<std::string, int>, double>;

CostMatrix cost_matrix(const model::RunResult& result) {
  CostMatrix matrix;
  for (const auto& line : result.costs) matrix[{line.payer, line.year}] += line.euros;
  return matrix;
}

// School-year euros spread over calendar years by days (see YearBasis); keeps only the calendar years that
// both neighbouring school years cover, from first_school + 1 to last_school.
CostMatrix by_calendar_year(const CostMatrix& school, int first_school, int last_school) {
  const double early = school_year_share_in_starting_calendar_year();
  CostMatrix calendar;
  for (const auto& [key, euros] : school) {
    const auto& [payer, year] = key;
    if (year + 1 <= last_school) calendar[{payer, year + 1}] += euros * (1.0 - early);
    if (year > first_school) calendar[{payer, year}] += euros * early;
  }
  return calendar;
}

double lookup(const CostMatrix& matrix, const std::string& payer, int year) {
  const auto found = matrix.find({payer, year});
  return found == matrix.end() ? 0.0 : found->second;
}

BudgetCell paired_cell(const std::vector<double>& base, const std::vector<double>& alt) {
  std::vector<double> diff(base.size());
  for (std::size_t r = 0; r < base.size(); ++r) diff[r] = alt[r] - base[r];
  return {summarize(base), summarize(alt), summarize(diff)};
}

void require_paired(std::span<const model::RunResult> base, std::span<const model::RunResult> alt) {
  if (base.size() != alt.size())
    throw std::invalid_argument("economics: the alternative has " + std::to_string(alt.size()) +
                                " replications, the baseline " + std::to_string(base.size()));
}

// flow.<from>.<target>.per_year for any <from>.
bool is_yearly_flow_into(const std::string& kpi, const std::string& target) {
  const std::optional<model::KpiName> found = model::kpi_catalogue().find(kpi);
  return found && found->family->id == model::KpiId::FlowPerYear && found->to == target;
}

std::string format_count(std::size_t n) {
  return std::to_string(n);
}

}  // namespace

double discount_factor(double rate, int year, int first_year) {
  if (!(rate > -1.0)) throw std::invalid_argument("discount rate must be above -1");
  return 1.0 / std::pow(1.0 + rate, static_cast<double>(year - first_year));
}

double school_year_share_in_starting_calendar_year() {
  const int months_to_december = 12 - model::FIRST_MONTH + 1;
  double days = 0.0;
  for (int m = 0; m < months_to_december; ++m) days += model::MONTH_DAYS[static_cast<std::size_t>(m)];
  return days / model::DAYS_PER_YEAR;
}

const char* to_string(YearBasis basis) {
  return basis == YearBasis::CalendarYear ? "calendar year" : "school year";
}

BudgetImpact budget_impact(std::span<const model::RunResult> base, std::span<const model::RunResult> alt,
                           const EconomicsOptions& options, YearBasis basis) {
  require_paired(base, alt);
  const std::size_t reps = base.size();
  std::vector<CostMatrix> base_costs;
  std::vector<CostMatrix> alt_costs;
  std::set<std::string> payers;
  std::set<int> years_seen;
  for (std::size_t r = 0; r < reps; ++r) {
    base_costs.push_back(cost_matrix(base[r]));
    alt_costs.push_back(cost_matrix(alt[r]));
    for (const auto* matrix : {&base_costs.back(), &alt_costs.back()})
      for (const auto& [key, euros] : *matrix) {
        payers.insert(key.first);
        years_seen.insert(key.second);
      }
  }
  if (payers.contains(ALL_PAYERS))
    throw std::invalid_argument(std::string("payer name '") + ALL_PAYERS +
                                "' is reserved for the sum over payers");
  BudgetImpact impact;
  impact.basis = basis;
  impact.discount_rate = options.discount_rate;
  impact.payers.assign(payers.begin(), payers.end());
  int first = years_seen.empty() ? 0 : *years_seen.begin();
  int last = years_seen.empty() ? -1 : *years_seen.rbegin();
  if (basis == YearBasis::CalendarYear && first <= last) {
    for (auto* matrices : {&base_costs, &alt_costs})
      for (CostMatrix& matrix : *matrices) matrix = by_calendar_year(matrix, first, last);
    first += 1;
  }
  if (first > last) {
    impact.first_year = options.first_year.value_or(0);
    return impact;
  }
  // A year without any cost still gets a row, so a budget table has no gaps.
  for (int year = first; year <= last; ++year) impact.years.push_back(year);
  impact.first_year = options.first_year.value_or(impact.years.front());

  std::vector<std::string> row_payers = impact.payers;
  row_payers.push_back(ALL_PAYERS);
  for (const auto& payer : row_payers) {
    const bool all = payer == ALL_PAYERS;
    auto euros = [&](const CostMatrix& matrix, int year) {
      if (!all) return lookup(matrix, payer, year);
      double sum = 0.0;
      for (const auto& p : impact.payers) sum += lookup(matrix, p, year);
      return sum;
    };
    std::vector<double> base_total(reps, 0.0), alt_total(reps, 0.0), base_present(reps, 0.0),
        alt_present(reps, 0.0);
    for (int year : impact.years) {
      const double factor = discount_factor(options.discount_rate, year, impact.first_year);
      std::vector<double> b(reps), a(reps), bd(reps), ad(reps);
      for (std::size_t r = 0; r < reps; ++r) {
        b[r] = euros(base_costs[r], year);
        a[r] = euros(alt_costs[r], year);
        bd[r] = b[r] * factor;
        ad[r] = a[r] * factor;
        base_total[r] += b[r];
        alt_total[r] += a[r];
        base_present[r] += bd[r];
        alt_present[r] += ad[r];
      }
      impact.rows.push_back({payer, year, factor, paired_cell(b, a), paired_cell(bd, ad)});
    }
    impact.rows.push_back({payer, std::nullopt, 1.0, paired_cell(base_total, alt_total),
                           paired_cell(base_present, alt_present)});
  }
  return impact;
}

const char* to_string(RatioMethod method) {
  switch (method) {
    case RatioMethod::PerReplication:
      return "per replication";
    case RatioMethod::RatioOfMeans:
      return "ratio of mean differences";
    case RatioMethod::NotDefined:
      return "not defined";
  }
  return "not defined";
}

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

struct AnnualCosts {
  std::vector<double> base;
  std::vector<double> alt;
  std::string basis;
};

AnnualCosts annual_costs(std::span<const model::RunResult> base, std::span<const model::RunResult> alt,
                         const std::string& cost_kpi) {
  AnnualCosts costs{kpi_values(base, cost_kpi), kpi_values(alt, cost_kpi), {}};
  auto complete = [](const std::vector<double>& v) {
    return std::none_of(v.begin(), v.end(), [](double x) { return std::isnan(x); });
  };
  if (!base.empty() && complete(costs.base) && complete(costs.alt)) {
    costs.basis = "euros per year, KPI " + cost_kpi;
    return costs;
  }
  // Without the model's annual KPI, spread every cost line over the years the lines span.
  int first = 0;
  int last = -1;
  for (const auto side : {base, alt})
    for (const auto& result : side)
      for (const auto& line : result.costs) {
        if (last < first) {
          first = last = line.year;
        } else {
          first = std::min(first, line.year);
          last = std::max(last, line.year);
        }
      }
  if (last < first) {
    costs.base.assign(base.size(), NOT_AVAILABLE);
    costs.alt.assign(alt.size(), NOT_AVAILABLE);
    costs.basis = "no costs: KPI " + cost_kpi + " missing and no cost lines";
    return costs;
  }
  const double years = static_cast<double>(last - first + 1);
  auto total = [](const model::RunResult& result) {
    double sum = 0.0;
    for (const auto& line : result.costs) sum += line.euros;
    return sum;
  };
  for (std::size_t r = 0; r < base.size(); ++r) {
    costs.base[r] = total(base[r]) / years;
    costs.alt[r] = total(alt[r]) / years;
  }
  costs.basis = "euros per year, cost lines " + std::to_string(first) + "-" + std::to_string(last) + " / " +
                std::to_string(last - first + 1) + " years (KPI " + cost_kpi + " missing)";
  return costs;
}

// Scale of an effect KPI, so that "no effect" means small relative to the level measured.
double typical_level(const std::vector<double>& values) {
  double sum = 0.0;
  std::size_t n = 0;
  for (double v : values)
    if (!std::isnan(v)) {
      sum += std::fabs(v);
      ++n;
    }
  return n == 0 ? 0.0 : sum / static_cast<double>(n);
}

CostEffectivenessRow ratio_row(std::string measure, std::string source, const AnnualCosts& costs,
                               const std::vector<double>& base_effect, const std::vector<double>& alt_effect,
                               double min_share) {
  CostEffectivenessRow row;
  row.measure = std::move(measure);
  row.source = std::move(source);
  std::vector<double> cost_diff, averted;
  std::size_t missing_effect = 0, missing_cost = 0;
  for (std::size_t r = 0; r < base_effect.size(); ++r) {
    const bool effect_ok = !std::isnan(base_effect[r]) && !std::isnan(alt_effect[r]);
    const bool cost_ok = !std::isnan(costs.base[r]) && !std::isnan(costs.alt[r]);
    missing_effect += effect_ok ? 0 : 1;
    missing_cost += cost_ok ? 0 : 1;
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
  const double mean_averted = row.averted.mean;
  const double floor = 1e-9 * std::max(1.0, typical_level(base_effect));
  if (std::fabs(mean_averted) <= floor) {
    row.method = RatioMethod::NotDefined;
    row.note += "not defined (no effect)";
    return row;
  }
  const bool stable = averted.size() >= 2 && std::all_of(averted.begin(), averted.end(), [&](double a) {
                        return a * mean_averted > 0.0 && std::fabs(a) >= min_share * std::fabs(mean_averted);
                      });
  if (stable) {
    std::vector<double> ratios(averted.size());
    for (std::size_t r = 0; r < averted.size(); ++r) ratios[r] = cost_diff[r] / averted[r];
    row.method = RatioMethod::PerReplication;
    row.ratio = summarize(ratios);
  } else {
    row.method = RatioMethod::RatioOfMeans;
    row.ratio.n = averted.size();
    row.ratio.mean = row.incremental_cost.mean / mean_averted;
    row.note += "effect near zero in some replications: ratio of mean differences, no interval. ";
  }
  const double cost = row.incremental_cost.mean;
  if (mean_averted > 0 && cost < 0) row.note += "dominant: saves money and averts. ";
  if (mean_averted < 0 && cost > 0) row.note += "dominated: costs more and adds (negative ratio). ";
  if (mean_averted < 0 && cost <= 0) row.note += "saves money but adds (negative ratio). ";
  if (row.averted.n >= 2 && row.averted.lo95 <= 0.0 && row.averted.hi95 >= 0.0)
    row.note += "effect not significant at 95%. ";
  while (!row.note.empty() && row.note.back() == ' ') row.note.pop_back();
  return row;
}

}  // namespace

CostEffectiveness cost_effectiveness(std::span<const model::RunResult> base,
                                     std::span<const model::RunResult> alt, const EconomicsOptions& options) {
  require_paired(base, alt);
  CostEffectiveness result;
  const AnnualCosts costs = annual_costs(base, alt, options.cost_kpi);
  result.cost_basis = costs.basis;

  const auto home_base = measure_values(base, options.home_months_kpi);
  const auto home_alt = measure_values(alt, options.home_months_kpi);
  result.rows.push_back(ratio_row("home-month", options.home_months_kpi, costs, home_base, home_alt,
                                  options.per_replication_min_share));
  result.rows.push_back(
      ratio_row("dagbesteding placement",
                options.dagbesteding_kpi + " or sum of flow.*." + options.dagbesteding_setting + ".per_year",
                costs, measure_values(base, options.dagbesteding_kpi, options.dagbesteding_setting),
                measure_values(alt, options.dagbesteding_kpi, options.dagbesteding_setting),
                options.per_replication_min_share));
  result.rows.push_back(ratio_row("home spell over 3 months", options.long_home_spells_kpi, costs,
                                  measure_values(base, options.long_home_spells_kpi),
                                  measure_values(alt, options.long_home_spells_kpi),
                                  options.per_replication_min_share));

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
