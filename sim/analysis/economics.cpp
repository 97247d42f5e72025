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

}  // namespace

double discount_factor(double rate, int year, int first_year) {
  if (!(rate > -1.0)) throw std::invalid_argument("discount rate must be above -1");
  return 1.0 / std::pow(1.0 + rate, static_cast<double>(year - first_year));
}

std::string period_label(YearBasis basis, int year) {
  return basis == YearBasis::CalendarYear ? std::to_string(year) : model::school_year_label(year);
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
    case RatioMethod::RatioOfMeans:
      return "ratio of mean differences";
    case RatioMethod::NotDefined:
      return "not defined";
  }
  return "not defined";
}

}  // namespace ozsim::analysis
