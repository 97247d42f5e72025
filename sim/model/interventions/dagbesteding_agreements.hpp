#pragma once
// Agreements with dagbesteding providers and education in dagbesteding: more outflow back to school (the
// seeds report too little), shorter stays, and a teacher's cost per pupil-day.
#include <string>

#include "sim/model/interventions/lever.hpp"

namespace ozsim::model::interventions {

struct DagbestedingAgreements {
  static constexpr const char* NAME = "dagbesteding_agreements";
  int start_year =
      0;  // first school year (its 1 August) the lever acts, in effect and cost; 0 = from the start
  int ramp_years =
      0;  // school years over which effect and cost phase in linearly from start_year; 0, 1 = at once
  std::string provision = "dagbesteding";
  std::string return_to = "attending";
  double return_to_school_increase = 0.15;  // added to the share leaving to return_to
  double duration_multiplier = 0.85;
  double extra_per_pupil_day = 15.0;
  Payers payers = {{"swv", 1.0}};
};

void check(const DagbestedingAgreements& lever);
void apply(const DagbestedingAgreements& lever, ScenarioConfig& c);

}  // namespace ozsim::model::interventions
