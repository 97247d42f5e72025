#pragma once
// costs.csv's numbers: every cost line a run books (school year, payer, item,
// kind, region) summarised over the replications, and the same euros per calendar
// year. A replication that booked nothing on a line counts as zero euros there,
// as in the budget impact. Replications are reduced as they arrive, in memory
// that grows with the number of lines, not of replications.
#include <compare>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "sim/analysis/economics.hpp"
#include "sim/analysis/summary_stats.hpp"
#include "sim/model/run.hpp"

namespace ozsim::analysis {

struct CostLineKey {
  int year = 0;  // school year (named by the calendar year it starts in) or calendar year
  std::string payer;
  std::string item;
  model::CostKind kind = model::CostKind::Variable;
  // model::CostLine::region: last, so a run without regions (all empty) keeps its order. A free setting's
  // days and travel are booked per region under one item name; without it their regions would be summed.
  std::string region;
  auto operator<=>(const CostLineKey&) const = default;
};

struct CostLineRow {
  YearBasis basis = YearBasis::SchoolYear;
  CostLineKey key;
  Summary euros;
};

class CostLineReduction {
 public:
  // One replication's cost lines; replications come in replication order.
  void add(const model::RunResult& replication);

  std::size_t replications() const noexcept { return replications_; }
  // School-year rows, then calendar-year rows (only calendar years that two booked school years cover, see
  // YearBasis); each sorted by year, payer, item, kind, region.
  std::vector<CostLineRow> rows() const;

 private:
  std::size_t replications_ = 0;
  std::map<CostLineKey, RunningSummary> school_years_;
  std::map<CostLineKey, RunningSummary> calendar_years_;
};

}  // namespace ozsim::analysis
