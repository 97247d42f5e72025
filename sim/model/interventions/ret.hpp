#pragma once
// The RET, Regionaal Expertise Team Midden-Holland ([KW-AKKOORD] §10): when partners find no fitting solution
// for a pupil with complex support needs, "ook wanneer deze buiten bestaande kaders vallen", the case can be
// escalated to the RET, which "kan een doorbraak realiseren"; Midden-Holland has a memo on doorzettingsmacht
// ([MH-2024], register of agreements). In the model (RetConfig in scenario_config.hpp): an absence episode
// that reaches after_days is escalated once, and while the school year has places left (places_per_year) the
// pupil leaves any waiting list for a bespoke place outside every provision's capacity (setting maatwerk),
// stays `duration`, then goes to `to` with probabilities `p`. cost_per_case per place.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/model/interventions/lever.hpp"

namespace ozsim::model::interventions {

struct Ret {
  static constexpr const char* NAME = "ret";
  int start_year =
      0;  // first school year (its 1 August) the lever acts, in effect and cost; 0 = from the start
  int ramp_years =
      0;  // school years over which effect and cost phase in linearly from start_year; 0, 1 = at once
  double after_days = 180.0;  // assumption: stuck twice the thuiszitterspact norm, after an MDO could act
  std::int64_t places_per_year = 10;  // assumption: a handful of doorbraak cases a year
  engine::Distribution duration = engine::Distribution::uniform(91.0, 365.0);  // assumption: 3-12 months
  std::vector<std::string> to = {"attending", "so_cluster4", "risicoleerling"};
  std::vector<double> p = {0.6, 0.2, 0.2};  // assumption: most back to school, some to special education
  double cost_per_case = 30000.0;  // assumption: half a year of an intensive bespoke education-care place
  Payers payers = {{"gemeente", 0.5}, {"swv", 0.5}};
};

void check(const Ret& lever);
void apply(const Ret& lever, ScenarioConfig& c);

}  // namespace ozsim::model::interventions
