#pragma once
// JOS, jeugdhulp op school: preventive youth care in every VO school, funded 80% by municipalities and 20% by
// education. Modelled as a multiplier on the onset hazard and a programme cost per VO pupil.
#include "sim/model/interventions/lever.hpp"

namespace ozsim::model::interventions {

struct Jos {
  static constexpr const char* NAME = "jos";
  int start_year =
      0;  // first school year (its 1 August) the lever acts, in effect and cost; 0 = from the start
  int ramp_years =
      0;  // school years over which effect and cost phase in linearly from start_year; 0, 1 = at once
  double vo_hazard_multiplier = 0.9;
  double po_hazard_multiplier = 1.0;
  double per_vo_pupil_year = 70.0;  // VO pupils counted in population.initial (ages po_vo_age..max_age)
  double per_year = 0.0;
  int first_year = 0;  // first school year paid; 0 = every year
  Payers payers = {{"gemeente", 0.8}, {"school", 0.2}};
};

void check(const Jos& lever);
void apply(const Jos& lever, ScenarioConfig& c);

}  // namespace ozsim::model::interventions
