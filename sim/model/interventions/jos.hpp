#pragma once
// JOS, jeugdhulp op school ([MH-OA-2025]): preventive youth care in every VO school, in proportion to its
// pupils, funded 80% by municipalities and 20% by education. Midden-Holland runs it (first evaluation over
// 2022-2023, a decision on JOS from 1 August 2026), and its waiting lists grow with those of the GGZ
// ([MH-2024] §4: JOS workers bridge for the GGZ).
//
// Modelled as a caseload (JosConfig): youth workers per 1,000 VO pupils, each with a caseload; at a VO
// pupil's onset a free place takes the case, and a share of those cases is dealt with in school. A pupil JOS
// cannot take waits on JOS's own list with no effect. Every number of the effect is an assumption.
#include "sim/model/interventions/lever.hpp"

namespace ozsim::model::interventions {

struct Jos {
  static constexpr const char* NAME = "jos";
  int start_year =
      0;  // first school year (its 1 August) the lever acts, in effect and cost; 0 = from the start
  int ramp_years =
      0;  // school years over which effect and cost phase in linearly from start_year; 0, 1 = at once
  int end_year = 0;  // first school year JOS no longer runs (stopped on its 1 August); 0 = it runs on
  double workers_per_1000_vo_pupils = 1.0;  // VO pupils counted in population.initial
  double caseload = 4.0;                    // cases a youth worker carries at once that would lead to absence
  double support_days = 90.0;
  double prevention_share = 0.15;
  double max_wait_days = 42.0;
  double per_worker_year = 70000.0;  // euros, paid whether the caseload is full or not
  Payers payers = {{"gemeente", 0.8}, {"school", 0.2}};
};

// The parameters among themselves (end after start, payers sum to 1).
void check(const Jos& lever);
// Sets the JOS caseload (JosConfig) and books the youth workers as a yearly programme cost.
void apply(const Jos& lever, ScenarioConfig& c);
// VO pupils in the initial population: the bands are spread evenly over their ages.
double vo_pupils(const ScenarioConfig& c);

}  // namespace ozsim::model::interventions
