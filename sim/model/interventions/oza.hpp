#pragma once
// Integraal arrangeren / onderwijszorgarrangement (OZA): one plan joining education and care for one child.
// The Utrecht West pilot brought youth care into SBO schools case by case, reached 8-10 children per school
// year and decided applications within its 6-week term ([UW-2016]); Midden-Holland runs an experiment with
// OZAs for pupils who "dreigen uit te vallen" ([MH-2024]). In the model the OZA is a provision of combined
// education-care places (its own setting, its rules and cost in the scenario's [provisions.<provision>]):
// the lever adds `places` and refers referral_share of the onsets that would go to divert_from (absence) to
// it instead. The application term is its waiting time: the pupil stays in school (keeps its education) for
// assessment_weeks, then takes a place, or, with none free, goes to the provision's fallback. It gives no
// priority on other waiting lists.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/model/interventions/lever.hpp"

namespace ozsim::model::interventions {

struct Oza {
  static constexpr const char* NAME = "oza";
  int start_year =
      0;  // first school year (its 1 August) the lever acts, in effect and cost; 0 = from the start
  int ramp_years =
      0;  // school years over which effect and cost phase in linearly from start_year; 0, 1 = at once
  std::string provision = "oza";
  std::int64_t places = 9;        // [UW-2016] 8-10 children a school year, each placed for about a year
  double assessment_weeks = 6.0;  // [UW-2016] 6-week application term
  std::vector<std::string> divert_from = {"risicoleerling", "thuiszitter"};
  double referral_share = 0.04;  // assumption: about the pilot's reach, see the key's help
};

void check(const Oza& lever);
void apply(const Oza& lever, ScenarioConfig& c);

}  // namespace ozsim::model::interventions
