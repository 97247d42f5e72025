#include "sim/model/interventions/spell_arrangements.hpp"

#include <fmt/format.h>

#include <cmath>

namespace ozsim::model::interventions {
namespace {

template <class Arrangement>
void check_arrangement(const Arrangement& l) {
  if (!(l.referral_after_days >= 0.0) || !std::isfinite(l.referral_after_days))
    throw LeverError(l.NAME, "referral_after_days", "a number of days >= 0",
                     fmt::to_string(l.referral_after_days));
  if (l.referral_from.empty())
    throw LeverError(l.NAME, "referral_from", "at least one setting or provision to refer from", "[]");
}

template <class Arrangement>
void apply_arrangement(const Arrangement& l, ScenarioConfig& c) {
  check_arrangement(l);
  const std::size_t k = provision_named(c, l.NAME, "provision", l.provision);
  add_places(c.provisions[k], l.places, l.NAME, "places");
  refer_out_of_spells(c, l.NAME, l.SLOT, k, l.referral_after_days, l.referral_share, l.referral_from);
}

}  // namespace

void refer_out_of_spells(ScenarioConfig& c, const char* lever, SpellReferralSlot slot, std::size_t provision,
                         double after_days, double share, const std::vector<std::string>& referral_from) {
  SpellReferralConfig r;
  r.enabled = true;
  r.provision = static_cast<int>(provision);
  r.after_days = after_days;
  r.share = share;
  for (const std::string& name : referral_from) {
    const Destination d = destination_named(c, lever, "referral_from", name);
    const bool own = d.type == Destination::Type::Provision && d.index == provision;
    const bool attending_or_out =
        d.type == Destination::Type::Exit ||
        (d.type == Destination::Type::Setting && (static_cast<Setting>(d.index) == Setting::Attending ||
                                                  static_cast<Setting>(d.index) == Setting::Exited));
    if (own || attending_or_out)
      throw LeverError(lever, "referral_from",
                       "a setting or provision pupils are referred out of (not attending, an exit or the "
                       "arrangement itself)",
                       "'" + name + "'");
    if (d.type == Destination::Type::Provision)
      r.from_provisions.push_back(d.index);
    else
      r.from_settings.push_back(static_cast<Setting>(d.index));
  }
  c.spell_referrals[static_cast<std::size_t>(slot)] = std::move(r);
}

void check(const Herstart& l) {
  check_arrangement(l);
}
void apply(const Herstart& l, ScenarioConfig& c) {
  apply_arrangement(l, c);
}
void check(const SboJeugdzorg& l) {
  check_arrangement(l);
}
void apply(const SboJeugdzorg& l, ScenarioConfig& c) {
  apply_arrangement(l, c);
}

}  // namespace ozsim::model::interventions
