#pragma once
// Integraal arrangeren / onderwijszorgarrangement ([UW-2016]): one plan per child, ready within the 6-week
// application term. A case at home while waiting gets its plan after assessment_weeks and from then on goes
// first on every waiting list it is on (the escalation mechanism; no places are added). Optionally education
// goes on while care is arranged.
#include "sim/model/interventions/lever.hpp"

namespace ozsim::model::interventions {

struct Oza {
  static constexpr const char* NAME = "oza";
  int start_year =
      0;  // first school year (its 1 August) the lever acts, in effect and cost; 0 = from the start
  int ramp_years =
      0;  // school years over which effect and cost phase in linearly from start_year; 0, 1 = at once
  double assessment_weeks = 6.0;
  double cost_per_case = 2000.0;
  bool education_during_care_wait = false;  // sets care_first = false
  Payers payers = {{"gemeente", 0.5}, {"swv", 0.5}};
};

void check(const Oza& lever);
void apply(const Oza& lever, ScenarioConfig& c);

}  // namespace ozsim::model::interventions
