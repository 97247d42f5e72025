#include "sim/analysis/cost_lines.hpp"

namespace ozsim::analysis {
namespace {

using Euros = std::map<CostLineKey, double>;

// Every line of the replication's summaries gets a value: what it booked there, else 0; a line first booked
// now gets a 0 for each earlier replication first.
void feed(std::map<CostLineKey, RunningSummary>& summaries, const Euros& euros, std::size_t earlier) {
  for (const auto& [key, value] : euros)
    if (!summaries.contains(key)) {
      RunningSummary& summary = summaries[key];
      for (std::size_t r = 0; r < earlier; ++r) summary.add(0.0);
    }
  for (auto& [key, summary] : summaries) {
    const auto found = euros.find(key);
    summary.add(found == euros.end() ? 0.0 : found->second);
  }
}

}  // namespace

void CostLineReduction::add(const model::RunResult& replication) {
  Euros school;
  for (const model::CostLine& line : replication.costs)
    school[{line.year, line.payer, line.item, line.kind, line.region}] += line.euros;
  // A calendar year takes the August-December days of the school year that starts in it and the
  // January-July days of the one before (see YearBasis), so only years that two booked school years cover.
  const double early = school_year_share_in_starting_calendar_year();
  Euros calendar;
  for (const auto& [key, euros] : school) {
    if (key.year + 1 <= replication.last_cost_year)
      calendar[{key.year + 1, key.payer, key.item, key.kind, key.region}] += euros * (1.0 - early);
    if (key.year > replication.first_cost_year) calendar[key] += euros * early;
  }
  feed(school_years_, school, replications_);
  feed(calendar_years_, calendar, replications_);
  ++replications_;
}

std::vector<CostLineRow> CostLineReduction::rows() const {
  std::vector<CostLineRow> rows;
  for (const auto& [key, summary] : school_years_)
    rows.push_back({YearBasis::SchoolYear, key, summary.summary()});
  for (const auto& [key, summary] : calendar_years_)
    rows.push_back({YearBasis::CalendarYear, key, summary.summary()});
  return rows;
}

}  // namespace ozsim::analysis
