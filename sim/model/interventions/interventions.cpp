#include "sim/model/interventions/interventions.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace ozsim::model::interventions {
namespace {

template <class Lever>
void add_year(const std::optional<Lever>& lever, std::vector<int>& years) {
  if (lever) years.push_back(lever->start_year);
}

void apply_in(const Interventions& levers, ScenarioConfig& c, int year) {
  for (const LeverStep& step : LEVER_ORDER) step.apply(levers, c, year);
}

}  // namespace

std::vector<int> start_years(const Interventions& levers) {
  std::vector<int> years;
  if (levers.opbouwarrangement.enabled) years.push_back(levers.opbouwarrangement.start_year);
  add_year(levers.trends, years);
  add_year(levers.jos, years);
  add_year(levers.structuurgroepen, years);
  add_year(levers.cluster4_groups, years);
  add_year(levers.oov_length, years);
  add_year(levers.dagbesteding_agreements, years);
  add_year(levers.vrijstelling_review, years);
  add_year(levers.waiting_list_priority, years);
  add_year(levers.mdo_escalation, years);
  add_year(levers.oza, years);
  std::sort(years.begin(), years.end());
  years.erase(std::unique(years.begin(), years.end()), years.end());
  return years;
}

void apply(const Interventions& levers, ScenarioConfig& c) {
  if (!c.policy_starts.empty())
    throw std::invalid_argument(
        "interventions::apply: the scenario already has policy starts (apply levers once)");
  const ScenarioConfig before = c;
  const int first = c.simulation.start_year;
  apply_in(levers, c, first);
  for (const int year : start_years(levers)) {
    if (year <= first) continue;
    auto later = std::make_shared<ScenarioConfig>(before);
    later->policy_starts.clear();
    apply_in(levers, *later, year);
    c.policy_starts.push_back({year, std::move(later)});
  }
}

}  // namespace ozsim::model::interventions
