#include "sim/model/interventions/ramp.hpp"

#include <cmath>

namespace ozsim::model::interventions {
namespace {

// `part` of the way from `from` to `to`.
double between(double from, double to, double part) {
  return from + part * (to - from);
}
// Whole places or groups: `part` of them, to the nearest one.
std::int64_t whole(std::int64_t n, double part) {
  return std::llround(part * static_cast<double>(n));
}

}  // namespace

Jos ramped(const Jos& l, double part, const ScenarioConfig&) {
  // Youth workers are hired in part: places and cost follow them.
  Jos r = l;
  r.workers_per_1000_vo_pupils = part * l.workers_per_1000_vo_pupils;
  return r;
}

Structuurgroepen ramped(const Structuurgroepen& l, double part, const ScenarioConfig&) {
  Structuurgroepen r = l;
  r.extra_groups = whole(l.extra_groups, part);
  r.sbo_diversion = part * l.sbo_diversion;
  return r;
}

Cluster4Groups ramped(const Cluster4Groups& l, double part, const ScenarioConfig&) {
  Cluster4Groups r = l;
  r.extra_groups = whole(l.extra_groups, part);
  return r;
}

// Places open location by location's share (the cost is per place-year, so it follows); the referral of the
// target group grows with them.
Opbouwarrangement ramped(const Opbouwarrangement& l, double part, const ScenarioConfig&) {
  Opbouwarrangement r = l;
  r.places_per_location = whole(l.places_per_location, part);
  r.referral_share = part * l.referral_share;
  return r;
}

// The trajectory lengthens from the scenario's mean OOV stay (its first rule row) towards `months`; an OOV
// the scenario lacks is left to apply() to report.
OovLength ramped(const OovLength& l, double part, const ScenarioConfig& before) {
  OovLength r = l;
  r.dagbesteding_multiplier = between(1.0, l.dagbesteding_multiplier, part);
  const int k = before.provision_index(l.provision);
  if (k < 0) return r;
  const ProvisionConfig& pc = before.provisions[static_cast<std::size_t>(k)];
  if (!pc.rules.empty())
    r.months = between(pc.rules.front().duration.mean() / DAYS_PER_MONTH, l.months, part);
  if (l.capacity) r.capacity = pc.capacity + whole(*l.capacity - pc.capacity, part);
  return r;
}

DagbestedingAgreements ramped(const DagbestedingAgreements& l, double part, const ScenarioConfig&) {
  DagbestedingAgreements r = l;
  r.return_to_school_increase = part * l.return_to_school_increase;
  r.duration_multiplier = between(1.0, l.duration_multiplier, part);
  r.extra_per_pupil_day = part * l.extra_per_pupil_day;
  return r;
}

VrijstellingReview ramped(const VrijstellingReview& l, double part, const ScenarioConfig&) {
  VrijstellingReview r = l;
  r.return_share = part * l.return_share;
  return r;
}

// Each case gets that part of the MDO's effect, and costs that part (the MDO grows into its working method).
MdoEscalation ramped(const MdoEscalation& l, double part, const ScenarioConfig&) {
  MdoEscalation r = l;
  r.remaining_duration_factor = between(1.0, l.remaining_duration_factor, part);
  r.extra_back_to_school_share = part * l.extra_back_to_school_share;
  r.cost_per_case = part * l.cost_per_case;
  return r;
}

// Places a year grow; the cost is per place used, so it follows.
Ret ramped(const Ret& l, double part, const ScenarioConfig&) {
  Ret r = l;
  r.places_per_year = whole(l.places_per_year, part);
  return r;
}

// Places open (the cost is the provision's, per place) and referral grows with them: the OZA, Herstart and
// SBO plus jeugdzorg alike.
namespace {
template <class Arrangement>
Arrangement places_and_referral(const Arrangement& l, double part) {
  Arrangement r = l;
  r.places = whole(l.places, part);
  r.referral_share = part * l.referral_share;
  return r;
}
}  // namespace

Oza ramped(const Oza& l, double part, const ScenarioConfig&) {
  return places_and_referral(l, part);
}

Herstart ramped(const Herstart& l, double part, const ScenarioConfig&) {
  return places_and_referral(l, part);
}

SboJeugdzorg ramped(const SboJeugdzorg& l, double part, const ScenarioConfig&) {
  return places_and_referral(l, part);
}

}  // namespace ozsim::model::interventions
