#pragma once
// The budget of one scenario's run: euros per payer (and all payers together) per school year and per
// calendar year, undiscounted and discounted, with the all-years total and its present value; each a mean
// over the replications with its 95% interval, computed as costs.csv's and compare's budget.csv are (Student
// t over the replications' values, a payer or year without costs counting as 0 euros). Replications are
// reduced as they arrive, in memory that grows with payers and years, not with replications.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "sim/analysis/economics.hpp"
#include "sim/analysis/summary_stats.hpp"
#include "sim/model/run.hpp"

namespace ozsim::analysis {

class RunBudget {
 public:
  // Each basis discounts to its own first year (the first booked school year, the first whole calendar
  // year), as the workbook's budget sheet shows it.
  explicit RunBudget(double discount_rate = DUTCH_DISCOUNT_RATE) : discount_rate_(discount_rate) {}

  // One replication's cost lines, in replication order. Throws std::logic_error, leaving the budget as it
  // was, when its booked school years differ from the first replication's: their totals would not add up.
  void add(const model::RunResult& replication);

  std::size_t replications() const noexcept { return replications_; }
  double discount_rate() const noexcept { return discount_rate_; }
  // The rows as compare's BudgetImpact has them (payers sorted, then ALL_PAYERS; per payer the years, then
  // the all-years row), the run's figures in each cell's `base`; `alt` and `diff` stay empty (n = 0).
  // No rows when no replication booked a cost.
  BudgetImpact impact(YearBasis basis) const;

 private:
  struct PayerCells {
    std::vector<RunningSummary> years;  // per year of the basis
    std::vector<RunningSummary> discounted_years;
    RunningSummary total;
    RunningSummary present_value;
  };
  struct Basis {
    int first_year = 0;  // also the year discounted with factor 1
    std::size_t year_count = 0;
    std::map<std::string, PayerCells> payers;  // without ALL_PAYERS
    PayerCells all_payers;
  };
  void add_basis(Basis& basis, const std::map<std::string, std::vector<double>>& euros);
  PayerCells new_cells(const Basis& basis) const;

  double discount_rate_;
  std::size_t replications_ = 0;
  int first_school_year_ = 0;
  int last_school_year_ = -1;
  Basis school_;
  Basis calendar_;
};

}  // namespace ozsim::analysis
