#include "sim/analysis/cost_lines.hpp"

namespace ozsim::analysis {
namespace {

using Euros = std::map<CostLineKey, double>;

// Every line of the replication's summaries gets a value: what it booked there, else 0; a line first booked
// now gets a 0 for each earlier replication first. Both maps are sorted by key, so one walk through both
// pairs them, where a lookup per line cost a search of thousands of keys (5,000 lines for nederland.toml).
void feed(std::map<CostLineKey, RunningSummary>& summaries, const Euros& euros, std::size_t earlier) {
  auto summary = summaries.begin();
  for (const auto& [key, value] : euros) {
    for (; summary != summaries.end() && summary->first < key; ++summary) summary->second.add(0.0);
    if (summary == summaries.end() || key < summary->first) {
      summary = summaries.emplace_hint(summary, key, RunningSummary{});
      for (std::size_t r = 0; r < earlier; ++r) summary->second.add(0.0);
    }
    summary->second.add(value);
    ++summary;
  }
  for (; summary != summaries.end(); ++summary) summary->second.add(0.0);
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
