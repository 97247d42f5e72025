#include "sim/model/interventions/oza.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ozsim::model::interventions {

void check(const Oza& l) {
  if (!(l.assessment_weeks >= 0.0))
    throw LeverError(l.NAME, "assessment_weeks", "a number of weeks >= 0",
                     fmt::to_string(l.assessment_weeks));
}

void apply(const Oza& l, ScenarioConfig& c) {
  check(l);
  const std::size_t k = provision_named(c, l.NAME, "provision", l.provision);
  std::vector<Destination> diverted;
  for (const std::string& name : l.divert_from)
    diverted.push_back(destination_named(c, l.NAME, "divert_from", name));
  ProvisionConfig& pc = c.provisions[k];
  add_places(pc, l.places, l.NAME, "places");
  pc.assessment_days = l.assessment_weeks * 7.0;
  const Destination self = to_provision(k);
  const auto from = [&diverted](const Destination& d) {
    return std::find(diverted.begin(), diverted.end(), d) != diverted.end();
  };
  // Eligibility is the provision's own (its eligible_levels and profiles): only those pupils are referred.
  std::vector<std::optional<Level>> levels = {std::nullopt};
  if (!pc.eligible_levels.empty()) levels.assign(pc.eligible_levels.begin(), pc.eligible_levels.end());
  std::vector<std::optional<Profile>> profiles = {std::nullopt};
  if (!pc.eligible_profiles.empty())
    profiles.assign(pc.eligible_profiles.begin(), pc.eligible_profiles.end());
  for (const auto& level : levels)
    for (const auto& profile : profiles)
      specialise(c.onset.routes, level, profile,
                 [&](RuleRow& row) { move_mass(row, from, self, l.referral_share); });
}

}  // namespace ozsim::model::interventions
