#pragma once
// Review of every vrijstelling 5a after after_years, looking for a route back into education ([MH-2024]
// pilot): the first renewal at or past that age sends return_share of the pupils back into education
// (ExemptionReviewConfig; a renewal continues the exemption's spell, so its age is known).
#include <string>
#include <vector>

#include "sim/model/interventions/lever.hpp"

namespace ozsim::model::interventions {

struct VrijstellingReview {
  static constexpr const char* NAME = "vrijstelling_review";
  int start_year =
      0;  // first school year (its 1 August) the lever acts, in effect and cost; 0 = from the start
  int ramp_years =
      0;  // school years over which effect and cost phase in linearly from start_year; 0, 1 = at once
  double after_years = 2.0;
  double return_share = 0.25;
  std::vector<std::string> return_to = {"so_cluster3", "attending"};
  std::vector<double> return_p = {0.6, 0.4};
};

void check(const VrijstellingReview& lever);
void apply(const VrijstellingReview& lever, ScenarioConfig& c);

}  // namespace ozsim::model::interventions
