#pragma once
// Education-care arrangements a scenario can switch on that take pupils out of a spell already under way
// (SpellReferralConfig in scenario_config.hpp): a pupil in one of referral_from for referral_after_days is
// looked at once per episode and, if the arrangement's provision admits it (its eligible levels and profiles
// in [provisions.<provision>]), referred with probability referral_share; it takes a place if one is free
// and otherwise stays where it is. The provision (its setting, stay, outflow and cost) is the scenario's; the
// lever adds `places`. Switched off, nobody is referred and the provision has the scenario's places (none in
// the bundled baseline).
//
// - Herstart ([AIJ-2024]): "een zeer intensief, kortdurend onderwijs-zorgarrangement in samenwerking met
//   ... een school voor speciaal onderwijs", for primary pupils who have dropped out.
// - SBO plus jeugdzorg ([AIJ-2024], [UW-2016]): combinations of care and education "voor kinderen die vanuit
//   zorg en dagbesteding toegroeien naar het volgen van onderwijs", and onderwijszorgarrangementen inside
//   SBO schools: a primary pupil in dagbesteding moves to an SBO place with its youth care in the school.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/model/interventions/lever.hpp"

namespace ozsim::model::interventions {

struct Herstart {
  static constexpr const char* NAME = "herstart";
  static constexpr SpellReferralSlot SLOT = SpellReferralSlot::Herstart;
  int start_year =
      0;  // first school year (its 1 August) the lever acts, in effect and cost; 0 = from the start
  int ramp_years =
      0;  // school years over which effect and cost phase in linearly from start_year; 0, 1 = at once
  std::string provision = "herstart";
  std::int64_t places = 6;            // assumption: one small group at one SO school
  double referral_after_days = 90.0;  // the thuiszitterspact's 3-month norm
  double referral_share = 0.5;        // assumption: half of the eligible are ready for an intensive restart
  std::vector<std::string> referral_from = {"thuiszitter", "absoluut_verzuim", "risicoleerling"};
};

struct SboJeugdzorg {
  static constexpr const char* NAME = "sbo_jeugdzorg";
  static constexpr SpellReferralSlot SLOT = SpellReferralSlot::SboJeugdzorg;
  int start_year =
      0;  // first school year (its 1 August) the lever acts, in effect and cost; 0 = from the start
  int ramp_years =
      0;  // school years over which effect and cost phase in linearly from start_year; 0, 1 = at once
  std::string provision = "sbo_jeugdzorg";
  std::int64_t places = 8;             // assumption: the OZA pilot's 8-10 children a year ([UW-2016])
  double referral_after_days = 180.0;  // assumption: half a year of dagbesteding before education is tried
  double referral_share = 0.3;         // assumption: the part of them that can grow towards education
  std::vector<std::string> referral_from = {"dagbesteding"};
};

void check(const Herstart& lever);
void apply(const Herstart& lever, ScenarioConfig& c);
void check(const SboJeugdzorg& lever);
void apply(const SboJeugdzorg& lever, ScenarioConfig& c);

// The referral the arrangement on `provision` makes out of the spells `referral_from` names (settings or
// provisions), into c.spell_referrals[slot]. The opbouwarrangement uses it too.
void refer_out_of_spells(ScenarioConfig& c, const char* lever, SpellReferralSlot slot, std::size_t provision,
                         double after_days, double share, const std::vector<std::string>& referral_from);

}  // namespace ozsim::model::interventions
