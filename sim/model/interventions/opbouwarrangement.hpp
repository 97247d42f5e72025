#pragma once
// The opbouwarrangement ([MH-2024] bijlage 3): a build-up arrangement at the OOV for VO pupils with
// internalising problems and much absence, 10-15 pupils at each of 2 locations, 6-12 months from no education
// to 2 hours a day, then 6 more months in the regular OOV trajectory; EUR 631,000 a year for 30 places.
//
// The lever owns the arrangement's provision: its places, rules, eligibility, fallback and cost are set here
// and nowhere else (a scenario that also sets them under [provisions.<provision>] is rejected). Switched off,
// the provision exists with no places. Switched on, the target group is referred to it during its absence
// ("leerlingen die dreigen uit te vallen"): a VO pupil with internalising problems whose absence episode
// (risicoleerling, thuiszitter) reaches referral_after_days is referred with probability referral_share
// (motivated, with an education prognosis) and takes a place if one is free (SpellReferralConfig), so the
// arrangement shortens the absence under way.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/engine/distribution.hpp"
#include "sim/model/interventions/lever.hpp"

namespace ozsim::model::interventions {

struct Opbouwarrangement {
  static constexpr const char* NAME = "opbouwarrangement";
  int start_year =
      0;  // first school year (its 1 August) the lever acts, in effect and cost; 0 = from the start
  int ramp_years =
      0;  // school years over which effect and cost phase in linearly from start_year; 0, 1 = at once
  bool enabled = false;
  std::string provision = "opbouwarrangement";
  std::int64_t locations = 2;                                                   // Gouda and Alphen a/d Rijn
  std::int64_t places_per_location = 15;                                        // 10-15 pupils per location
  engine::Distribution duration = engine::Distribution::uniform(182.0, 365.0);  // 6-12 months
  std::string follow_on = "oov";  // where most go next, and where a pupil goes when the arrangement is full
  double to_follow_on = 0.8;
  double to_attending = 0.1;
  double to_dagbesteding = 0.1;  // to the provision named dagbesteding
  std::vector<Level> eligible_levels = {Level::Vo};
  std::vector<Profile> eligible_profiles = {Profile::Internalising};
  std::vector<Setting> referral_from = {Setting::Risicoleerling, Setting::Thuiszitter};
  double referral_after_days = 60.0;  // assumption: two months of absence, past the 4-week thuiszitter mark
  double referral_share = 0.5;
  std::int64_t max_queue = 0;
  double annual_cost = 631000.0;
  std::int64_t cost_places = 30;
  double startup = 0.0;
  Payers payers = {{"swv", 0.4}, {"school", 0.2}, {"gemeente", 0.4}};
};

// The fields of [provisions.<provision>] this lever sets; a scenario may not set them there.
inline constexpr const char* OPBOUWARRANGEMENT_OWNED_FIELDS[] = {
    "capacity", "max_queue", "fallback", "eligible_levels", "eligible_profiles", "rules", "cost"};

// The parameters among themselves (the three outflow shares sum to 1, payers sum to 1).
void check(const Opbouwarrangement& lever);
// Defines the provision (no places when switched off) and, when switched on, refers the target group.
// Does nothing when switched off and the scenario has no provision of that name.
void apply(const Opbouwarrangement& lever, ScenarioConfig& c);

}  // namespace ozsim::model::interventions
