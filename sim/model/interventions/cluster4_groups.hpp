#pragma once
// Extra primary cluster-4 (SO) groups: [MH-2024] reports 5-10 primary pupils with externalising behaviour
// who cannot be placed since a school closed in 2019.
#include <cstdint>
#include <string>

#include "sim/model/interventions/lever.hpp"

namespace ozsim::model::interventions {

struct Cluster4Groups {
  static constexpr const char* NAME = "cluster4_groups";
  int start_year =
      0;  // first school year (its 1 August) the lever acts, in effect and cost; 0 = from the start
  int ramp_years =
      0;  // school years over which effect and cost phase in linearly from start_year; 0, 1 = at once
  std::string provision = "so_cluster4";
  std::int64_t extra_groups = 1;
  std::int64_t group_size = 10;
  double startup = 0.0;  // one-off euros added to the provision
};

void apply(const Cluster4Groups& lever, ScenarioConfig& c);

}  // namespace ozsim::model::interventions
