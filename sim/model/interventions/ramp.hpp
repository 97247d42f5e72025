#pragma once
// A lever phased in: `ramp_years` (next to `start_year` in every lever) spreads a lever's effect and its cost
// linearly over that many school years, 1/ramp_years of it in the start year, all of it from the ramp's last
// year on. What "a fraction of a lever" is depends on the lever, so each one says it here: a multiplier moves
// that part of the way from 1, a share or a per-case cost is scaled, places open group by group (rounded), a
// new length moves that part of the way from the old one.
//
// A lever without a ramped() here cannot act in part, and its ramp_years must be 0 or 1: a waiting-list rule
// (a list is in one order or another) and the trend ramp (a trend, with its own from_year and to_year).
#include "sim/model/interventions/cluster4_groups.hpp"
#include "sim/model/interventions/dagbesteding_agreements.hpp"
#include "sim/model/interventions/jos.hpp"
#include "sim/model/interventions/mdo_escalation.hpp"
#include "sim/model/interventions/oov_length.hpp"
#include "sim/model/interventions/opbouwarrangement.hpp"
#include "sim/model/interventions/oza.hpp"
#include "sim/model/interventions/ret.hpp"
#include "sim/model/interventions/spell_arrangements.hpp"
#include "sim/model/interventions/structuurgroepen.hpp"
#include "sim/model/interventions/vrijstelling_review.hpp"

namespace ozsim::model::interventions {

// The part of a lever in force in calendar school year `year` of a run that starts in `first_year`: 0 before
// its start, then (year - start + 1) / ramp_years, at most 1. A start before the run is the run's start. A
// lever with an end_year (JOS) is 0 again from that year on: it has stopped, in effect and cost.
template <class Lever>
double phase_in(const Lever& lever, int first_year, int year) {
  if constexpr (requires { lever.end_year; })
    if (lever.end_year != 0 && year >= lever.end_year) return 0.0;
  const int start = lever.start_year > first_year ? lever.start_year : first_year;
  if (year < start) return 0.0;
  if (lever.ramp_years <= 1) return 1.0;
  const double part = static_cast<double>(year - start + 1) / static_cast<double>(lever.ramp_years);
  return part < 1.0 ? part : 1.0;
}

// The lever at `part` (0 < part < 1) of its effect and cost; `before` is the scenario it is applied to.
Jos ramped(const Jos& lever, double part, const ScenarioConfig& before);
Structuurgroepen ramped(const Structuurgroepen& lever, double part, const ScenarioConfig& before);
Cluster4Groups ramped(const Cluster4Groups& lever, double part, const ScenarioConfig& before);
Opbouwarrangement ramped(const Opbouwarrangement& lever, double part, const ScenarioConfig& before);
OovLength ramped(const OovLength& lever, double part, const ScenarioConfig& before);
DagbestedingAgreements ramped(const DagbestedingAgreements& lever, double part, const ScenarioConfig& before);
VrijstellingReview ramped(const VrijstellingReview& lever, double part, const ScenarioConfig& before);
MdoEscalation ramped(const MdoEscalation& lever, double part, const ScenarioConfig& before);
Ret ramped(const Ret& lever, double part, const ScenarioConfig& before);
Oza ramped(const Oza& lever, double part, const ScenarioConfig& before);
Herstart ramped(const Herstart& lever, double part, const ScenarioConfig& before);
SboJeugdzorg ramped(const SboJeugdzorg& lever, double part, const ScenarioConfig& before);

}  // namespace ozsim::model::interventions
