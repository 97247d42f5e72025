#pragma once
// A longer OOV trajectory (6 -> 12 months): [MH-2024] reports that the 6 youths who went from the OOV
// to dagbesteding in 2022-23 did so because 6 months was too short.
#include <cstdint>
#include <optional>
#include <string>

#include "sim/model/interventions/lever.hpp"

namespace ozsim::model::interventions {

struct OovLength {
  static constexpr const char* NAME = "oov_length";
  int start_year =
      0;  // first school year (its 1 August) the lever acts, in effect and cost; 0 = from the start
  int ramp_years =
      0;  // school years over which effect and cost phase in linearly from start_year; 0, 1 = at once
  std::string provision = "oov";
  // The new trajectory length: every OOV duration is rescaled to this mean (months of DAYS_PER_MONTH days),
  // keeping its shape.
  double months = 12.0;
  double dagbesteding_multiplier = 0.5;  // on the OOV -> dagbesteding share; what it loses goes to gain_to
  std::string gain_to = "attending";
  std::optional<std::int64_t> capacity;  // new OOV places; absent = unchanged
};

void check(const OovLength& lever);
void apply(const OovLength& lever, ScenarioConfig& c);

}  // namespace ozsim::model::interventions
