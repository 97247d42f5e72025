#pragma once
// MDO / RET escalation (doorzettingsmacht; [KW-AKKOORD]): a case at home while waiting this long jumps
// every waiting list it is on, at a cost per case.
#include "sim/model/interventions/lever.hpp"

namespace ozsim::model::interventions {

struct MdoEscalation {
  static constexpr const char* NAME = "mdo_escalation";
  int start_year =
      0;  // first school year (its 1 August) the lever acts, in effect and cost; 0 = from the start
  int ramp_years =
      0;  // school years over which effect and cost phase in linearly from start_year; 0, 1 = at once
  double after_days = 90.0;  // thuiszitterspact norm of 3 months
  double cost_per_case = 1500.0;
  Payers payers = {{"gemeente", 0.5}, {"swv", 0.5}};
};

void check(const MdoEscalation& lever);
void apply(const MdoEscalation& lever, ScenarioConfig& c);

}  // namespace ozsim::model::interventions
