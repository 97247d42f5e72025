#pragma once
// The order of waiting lists (fifo, severity, time_at_home, norm_first), per provision or for all. The
// norm_first rule follows the thuiszitterspact norm of 3 months ([AMF-2021]).
#include <string>
#include <vector>

#include "sim/model/interventions/lever.hpp"

namespace ozsim::model::interventions {

struct WaitingListPriority {
  static constexpr const char* NAME = "waiting_list_priority";
  int start_year =
      0;  // first school year (its 1 August) the lever acts, in effect and cost; 0 = from the start
  int ramp_years =
      0;  // school years over which effect and cost phase in linearly from start_year; 0, 1 = at once
  QueueRule rule = QueueRule::NormFirst;
  std::vector<std::string> provisions;  // empty = all
};

void apply(const WaitingListPriority& lever, ScenarioConfig& c);

}  // namespace ozsim::model::interventions
