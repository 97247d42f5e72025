#include "sim/model/interventions/interventions.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace ozsim::model::interventions {
namespace {

// The start year and every year of the ramp after it, and the end year of a lever that stops (JOS).
template <class Lever>
void add_years(const Lever& lever, int first_year, std::vector<int>& years) {
  const int start = std::max(lever.start_year, first_year);
  for (int y = start; y < start + std::max(lever.ramp_years, 1); ++y) years.push_back(y);
  if constexpr (requires { lever.end_year; })
    if (lever.end_year != 0) years.push_back(lever.end_year);
}
template <class Lever>
void add_years(const std::optional<Lever>& lever, int first_year, std::vector<int>& years) {
  if (lever) add_years(*lever, first_year, years);
}

void apply_in(const Interventions& levers, ScenarioConfig& c, int year) {
  for (const LeverStep& step : LEVER_ORDER) step.apply(levers, c, year);
}

}  // namespace

std::vector<int> policy_years(const Interventions& levers, int first_year) {
  std::vector<int> years;
  if (levers.opbouwarrangement.enabled) add_years(levers.opbouwarrangement, first_year, years);
  add_years(levers.trends, first_year, years);
  add_years(levers.jos, first_year, years);
  add_years(levers.structuurgroepen, first_year, years);
  add_years(levers.cluster4_groups, first_year, years);
  add_years(levers.oov_length, first_year, years);
  add_years(levers.dagbesteding_agreements, first_year, years);
  add_years(levers.vrijstelling_review, first_year, years);
  add_years(levers.waiting_list_priority, first_year, years);
  add_years(levers.mdo_escalation, first_year, years);
  add_years(levers.ret, first_year, years);
  add_years(levers.oza, first_year, years);
  add_years(levers.herstart, first_year, years);
  add_years(levers.sbo_jeugdzorg, first_year, years);
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
  for (const int year : policy_years(levers, first)) {
    if (year <= first) continue;
    auto later = std::make_shared<ScenarioConfig>(before);
    later->policy_starts.clear();
    apply_in(levers, *later, year);
    c.policy_starts.push_back({year, std::move(later)});
  }
}

}  // namespace ozsim::model::interventions
