#include "sim/analysis/run_budget.hpp"

#include <stdexcept>

namespace ozsim::analysis {

RunBudget::PayerCells RunBudget::new_cells(const Basis& basis) const {
  PayerCells cells;
  cells.years.resize(basis.year_count);
  cells.discounted_years.resize(basis.year_count);
  // A payer first seen now booked nothing in the replications before: 0 euros in each.
  for (std::size_t r = 0; r < replications_; ++r) {
    for (RunningSummary& year : cells.years) year.add(0.0);
    for (RunningSummary& year : cells.discounted_years) year.add(0.0);
    cells.total.add(0.0);
    cells.present_value.add(0.0);
  }
  return cells;
}

void RunBudget::add_basis(Basis& basis, const std::map<std::string, std::vector<double>>& euros) {
  const bool had_payers = !basis.payers.empty();
  for (const auto& [payer, years] : euros)
    if (!basis.payers.contains(payer)) basis.payers.emplace(payer, new_cells(basis));
  if (!had_payers && !basis.payers.empty()) basis.all_payers = new_cells(basis);
  const std::vector<double> none(basis.year_count, 0.0);
  std::vector<double> all(basis.year_count, 0.0);
  const auto feed = [&](PayerCells& cells, const std::vector<double>& years) {
    double total = 0.0;
    double present_value = 0.0;
    for (std::size_t y = 0; y < basis.year_count; ++y) {
      const double factor =
          discount_factor(discount_rate_, basis.first_year + static_cast<int>(y), basis.first_year);
      cells.years[y].add(years[y]);
      cells.discounted_years[y].add(years[y] * factor);
      total += years[y];
      present_value += years[y] * factor;
    }
    cells.total.add(total);
    cells.present_value.add(present_value);
  };
  for (auto& [payer, cells] : basis.payers) {
    const auto found = euros.find(payer);
    const std::vector<double>& years = found == euros.end() ? none : found->second;
    for (std::size_t y = 0; y < basis.year_count; ++y) all[y] += years[y];
    feed(cells, years);
  }
  if (!basis.payers.empty()) feed(basis.all_payers, all);
}

void RunBudget::add(const model::RunResult& replication) {
  if (replications_ > 0 &&
      (replication.first_cost_year != first_school_year_ || replication.last_cost_year != last_school_year_))
    throw std::logic_error("RunBudget: replication " + std::to_string(replications_) +
                           " booked other school years than replication 0");
  if (replications_ == 0) {
    first_school_year_ = replication.first_cost_year;
    last_school_year_ = replication.last_cost_year;
    const int school_years = last_school_year_ - first_school_year_ + 1;
    school_.first_year = first_school_year_;
    school_.year_count = school_years > 0 ? static_cast<std::size_t>(school_years) : 0;
    // Only calendar years that two booked school years cover (see YearBasis).
    calendar_.first_year = first_school_year_ + 1;
    calendar_.year_count = school_years > 1 ? static_cast<std::size_t>(school_years - 1) : 0;
  }
  std::map<std::string, std::vector<double>> school;
  for (const model::CostLine& line : replication.costs) {
    if (line.payer == ALL_PAYERS)
      throw std::invalid_argument(std::string("payer name '") + ALL_PAYERS +
                                  "' is reserved for the sum over payers");
    if (line.year < first_school_year_ || line.year > last_school_year_)
      throw std::logic_error("RunBudget: a cost line of school year " + std::to_string(line.year) +
                             " outside the booked school years");
    auto [at, is_new] = school.try_emplace(line.payer, school_.year_count, 0.0);
    at->second[static_cast<std::size_t>(line.year - first_school_year_)] += line.euros;
  }
  // A calendar year takes the August-December days of the school year that starts in it and the
  // January-July days of the one before.
  const double early = school_year_share_in_starting_calendar_year();
  std::map<std::string, std::vector<double>> calendar;
  for (const auto& [payer, years] : school) {
    std::vector<double>& into = calendar[payer];
    into.assign(calendar_.year_count, 0.0);
    for (std::size_t y = 0; y < calendar_.year_count; ++y)
      into[y] = years[y] * (1.0 - early) + years[y + 1] * early;
  }
  add_basis(school_, school);
  add_basis(calendar_, calendar);
  ++replications_;
}

BudgetImpact RunBudget::impact(YearBasis basis) const {
  const Basis& of = basis == YearBasis::CalendarYear ? calendar_ : school_;
  BudgetImpact impact;
  impact.basis = basis;
  impact.first_year = of.first_year;
  impact.discount_rate = discount_rate_;
  if (of.payers.empty() || of.year_count == 0) return impact;
  for (std::size_t y = 0; y < of.year_count; ++y) impact.years.push_back(of.first_year + static_cast<int>(y));
  const auto rows_of = [&](const std::string& payer, const PayerCells& cells) {
    for (std::size_t y = 0; y < of.year_count; ++y) {
      BudgetRow row;
      row.payer = payer;
      row.year = impact.years[y];
      row.discount_factor = discount_factor(discount_rate_, impact.years[y], of.first_year);
      row.undiscounted.base = cells.years[y].summary();
      row.discounted.base = cells.discounted_years[y].summary();
      impact.rows.push_back(std::move(row));
    }
    BudgetRow all_years;
    all_years.payer = payer;
    all_years.undiscounted.base = cells.total.summary();
    all_years.discounted.base = cells.present_value.summary();
    impact.rows.push_back(std::move(all_years));
  };
  for (const auto& [payer, cells] : of.payers) {
    impact.payers.push_back(payer);
    rows_of(payer, cells);
  }
  rows_of(ALL_PAYERS, of.all_payers);
  return impact;
}

}  // namespace ozsim::analysis
