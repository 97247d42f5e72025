#pragma once
// Replaces the scenario's [trends] by a ramp ([MH-2024]): onset incidence and absence durations rise
// linearly from from_year to to_year (VO risicoleerlingen +33%, mean registered absence 11 -> 15 months),
// then incidence goes on growing by growth_per_year_after. The model has one incidence multiplier for both
// levels; the [MH-2024] figure is for VO, where most onsets are.
#include <vector>

#include "sim/model/interventions/lever.hpp"

namespace ozsim::model::interventions {

struct TrendRamp {
  static constexpr const char* NAME = "trends";
  int start_year =
      0;  // first school year (its 1 August) the lever acts, in effect and cost; 0 = from the start
  int ramp_years =
      0;  // school years over which effect and cost phase in linearly from start_year; 0, 1 = at once
  int from_year = 2019;
  int to_year = 2022;
  double incidence_growth = 0.33;
  double absence_months_from = 11.0;
  double absence_months_to = 15.0;
  double growth_per_year_after = 0.0;
  std::vector<Setting> duration_settings = {Setting::Risicoleerling};
};

void check(const TrendRamp& lever);
void apply(const TrendRamp& lever, ScenarioConfig& c);

}  // namespace ozsim::model::interventions
