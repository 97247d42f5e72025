#pragma once
// The overkoepelend MDO ([MH-2024] §5, ontwikkelagenda "Multidisciplinaire aanpak bij verzuim"): a
// multidisciplinary consultation on a specific complex group, "casussen waar meer doorpakken gevraagd wordt",
// for progress monitoring in the trajectory and the conversation with parents, with GGZ expertise. In the
// model (MdoConfig in scenario_config.hpp): an absence episode (risicoleerling, thuiszitter, absoluut
// verzuim) that reaches after_days is discussed once, at cost_per_case; its remaining spell shrinks by
// remaining_duration_factor, a pupil waiting for a place with education on hold gets an education route
// again beside the wait, and extra_back_to_school_share of the moves out of absence that would have gone
// elsewhere go back to school. It does not move anyone up a waiting list.
#include "sim/model/interventions/lever.hpp"

namespace ozsim::model::interventions {

struct MdoEscalation {
  static constexpr const char* NAME = "mdo_escalation";
  int start_year =
      0;  // first school year (its 1 August) the lever acts, in effect and cost; 0 = from the start
  int ramp_years =
      0;  // school years over which effect and cost phase in linearly from start_year; 0, 1 = at once
  double after_days = 90.0;  // thuiszitterspact norm of 3 months
  double remaining_duration_factor =
      0.75;  // assumption: progress monitoring takes a quarter off what is left
  double extra_back_to_school_share = 0.2;  // assumption: one in five turned round towards school
  double cost_per_case = 1500.0;
  Payers payers = {{"gemeente", 0.5}, {"swv", 0.5}};
};

void check(const MdoEscalation& lever);
void apply(const MdoEscalation& lever, ScenarioConfig& c);

}  // namespace ozsim::model::interventions
