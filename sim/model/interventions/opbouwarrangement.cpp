#include "sim/model/interventions/opbouwarrangement.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace ozsim::model::interventions {
namespace {

template <class T>
std::vector<std::optional<T>> any_or(const std::vector<T>& values) {
  if (values.empty()) return {std::nullopt};
  return {values.begin(), values.end()};
}

}  // namespace

void check(const Opbouwarrangement& l) {
  const double sum = l.to_follow_on + l.to_attending + l.to_dagbesteding;
  if (std::abs(sum - 1.0) > 1e-6)
    throw LeverError(l.NAME, "to_dagbesteding", "to_follow_on + to_attending + to_dagbesteding summing to 1",
                     "a sum of " + fmt::to_string(sum));
  if (l.cost_places < 1)
    throw LeverError(l.NAME, "cost_places", "at least 1 place", std::to_string(l.cost_places));
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
  std::vector<Destination> diverted;
  for (const std::string& name : l.divert_from)
    diverted.push_back(destination_named(c, L, "divert_from", name));

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

  const auto from = [&diverted](const Destination& d) {
    return std::find(diverted.begin(), diverted.end(), d) != diverted.end();
  };
  for (const Setting s : l.referral_from) {
    FreeSettingRules& f = free_setting_named(c, L, "referral_from", s);
    for (const auto level : any_or(pc.eligible_levels))
      for (const auto profile : any_or(pc.eligible_profiles))
        specialise(f.rules, level, profile,
                   [&](RuleRow& target) { move_mass(target, from, self, l.referral_share); });
  }
}

}  // namespace ozsim::model::interventions
