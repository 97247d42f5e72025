#include "sim/model/interventions/opbouwarrangement.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/model/interventions/spell_arrangements.hpp"

namespace ozsim::model::interventions {
void check(const Opbouwarrangement& l) {
  const double sum = l.to_follow_on + l.to_attending + l.to_dagbesteding;
  if (std::abs(sum - 1.0) > 1e-6)
    throw LeverError(l.NAME, "to_dagbesteding", "to_follow_on + to_attending + to_dagbesteding summing to 1",
                     "a sum of " + fmt::to_string(sum));
  if (l.cost_places < 1)
    throw LeverError(l.NAME, "cost_places", "at least 1 place", std::to_string(l.cost_places));
  if (!(l.referral_after_days >= 0.0) || !std::isfinite(l.referral_after_days))
    throw LeverError(l.NAME, "referral_after_days", "a number of days >= 0",
                     fmt::to_string(l.referral_after_days));
  check_payers(l.NAME, "payers", l.payers);
}

void apply(const Opbouwarrangement& l, ScenarioConfig& c) {
  check(l);
  if (!l.enabled && c.provision_index(l.provision) < 0) return;
  const char* L = l.NAME;
  const std::size_t k = provision_named(c, L, "provision", l.provision);
  const Destination self = to_provision(k);
  const Destination next = destination_named(c, L, "follow_on", l.follow_on);
  if (next == self)
    throw LeverError(L, "follow_on", "a destination other than the arrangement itself",
                     "'" + l.follow_on + "'");
  const Destination dagbesteding = destination_named(c, L, "to_dagbesteding", "dagbesteding");

  ProvisionConfig& pc = c.provisions[k];
  pc.capacity = l.enabled ? l.locations * l.places_per_location : 0;
  pc.max_queue = static_cast<std::size_t>(l.max_queue);
  pc.fallback = {next};
  pc.eligible_levels = l.eligible_levels;
  pc.eligible_profiles = l.eligible_profiles;
  RuleRow row;
  row.duration = l.duration;
  row.to = {next, to_setting(Setting::Attending), dagbesteding};
  row.probability = {l.to_follow_on, l.to_attending, l.to_dagbesteding};
  pc.rules = {std::move(row)};
  pc.cost = {};
  pc.cost.per_place_year = l.annual_cost / static_cast<double>(l.cost_places);
  pc.cost.startup = l.startup;
  pc.cost.payers = l.payers;
  if (!l.enabled) return;

  std::vector<std::string> from;
  for (const Setting s : l.referral_from) from.emplace_back(setting_name(s));
  refer_out_of_spells(c, L, SpellReferralSlot::Opbouwarrangement, k, l.referral_after_days, l.referral_share,
                      from);
}

}  // namespace ozsim::model::interventions
