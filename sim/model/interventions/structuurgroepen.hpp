#pragma once
// More structuurgroepen in regular primary schools ([AIJ-2024]): extra places, and a share of primary-age
// onset referrals to SBO goes to a structuurgroep instead.
#include <cstdint>
#include <string>

#include "sim/model/interventions/lever.hpp"

namespace ozsim::model::interventions {

struct Structuurgroepen {
  static constexpr const char* NAME = "structuurgroepen";
  int start_year =
      0;  // first school year (its 1 August) the lever acts, in effect and cost; 0 = from the start
  int ramp_years =
      0;  // school years over which effect and cost phase in linearly from start_year; 0, 1 = at once
  std::string provision = "structuurgroep";
  std::int64_t extra_groups = 2;
  std::int64_t group_size = 8;
  std::string sbo_provision = "sbo";
  double sbo_diversion = 0.3;
};

void apply(const Structuurgroepen& lever, ScenarioConfig& c);

}  // namespace ozsim::model::interventions
