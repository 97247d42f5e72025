#pragma once
// The policy levers, as C++: each lever is a parameter struct and apply(lever, config) in its own file here.
// A scenario file switches them on in [interventions.<name>] sections (sim/scenario/interventions.cpp reads
// the keys into these structs); tests, sweeps and calibration can build an Interventions and apply it
// directly.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/model/interventions/cluster4_groups.hpp"
#include "sim/model/interventions/dagbesteding_agreements.hpp"
#include "sim/model/interventions/jos.hpp"
#include "sim/model/interventions/mdo_escalation.hpp"
#include "sim/model/interventions/oov_length.hpp"
#include "sim/model/interventions/opbouwarrangement.hpp"
#include "sim/model/interventions/oza.hpp"
#include "sim/model/interventions/ramp.hpp"
#include "sim/model/interventions/ret.hpp"
#include "sim/model/interventions/spell_arrangements.hpp"
#include "sim/model/interventions/structuurgroepen.hpp"
#include "sim/model/interventions/trend_ramp.hpp"
#include "sim/model/interventions/vrijstelling_review.hpp"
#include "sim/model/interventions/waiting_list_priority.hpp"

namespace ozsim::model::interventions {

// The levers a scenario switches on; an empty optional is a lever switched off. The opbouwarrangement is not
// optional: it always defines its provision (with no places when switched off), see opbouwarrangement.hpp.
struct Interventions {
  std::optional<TrendRamp> trends;
  std::optional<Jos> jos;
  std::optional<Structuurgroepen> structuurgroepen;
  std::optional<Cluster4Groups> cluster4_groups;
  Opbouwarrangement opbouwarrangement;
  std::optional<OovLength> oov_length;
  std::optional<DagbestedingAgreements> dagbesteding_agreements;
  std::optional<VrijstellingReview> vrijstelling_review;
  std::optional<WaitingListPriority> waiting_list_priority;
  std::optional<MdoEscalation> mdo_escalation;
  std::optional<Ret> ret;
  std::optional<Oza> oza;
  std::optional<Herstart> herstart;
  std::optional<SboJeugdzorg> sbo_jeugdzorg;
};

struct LeverStep {
  std::string_view name;  // the scenario section: [interventions.<name>]
  // Applies the lever if it has started by `year` (a calendar school year).
  void (*apply)(const Interventions&, ScenarioConfig&, int year);
};

namespace detail {
// A lever that cannot act in part (no ramped() in ramp.hpp) takes effect at once: ramp_years 0 or 1.
template <class Lever>
void check_no_ramp(const Lever& lever) {
  if (lever.ramp_years > 1)
    throw LeverError(Lever::NAME, "ramp_years", "0 or 1: this lever cannot act in part, so it has no ramp",
                     std::to_string(lever.ramp_years));
}
// Applies `lever` as it stands in `year`: its part of the way in (ramp.hpp), nothing before its start.
template <class Lever>
void apply_phased(const Lever& lever, ScenarioConfig& c, int year) {
  const double part = phase_in(lever, c.simulation.start_year, year);
  if constexpr (requires { ramped(lever, part, c); }) {
    if (part > 0.0 && part < 1.0) {
      apply(ramped(lever, part, c), c);
      return;
    }
  } else {
    check_no_ramp(lever);
  }
  if (part > 0.0) {
    apply(lever, c);
  } else if constexpr (requires { lever.enabled; }) {
    auto not_yet = lever;  // a lever that defines something (the opbouwarrangement) does so, switched off
    not_yet.enabled = false;
    apply(not_yet, c);
  }
}
template <auto Member>
void apply_member(const Interventions& levers, ScenarioConfig& c, int year) {
  const auto& lever = levers.*Member;
  if constexpr (requires { lever.has_value(); }) {
    if (lever) apply_phased(*lever, c, year);
  } else {
    apply_phased(lever, c, year);
  }
}
}  // namespace detail

// The order levers are applied in, stated once: trends and hazards first, then capacities and rules, then who
// goes first. It is fixed so that a combined package means the same whatever order its sections are written
// in.
inline constexpr std::array<LeverStep, 14> LEVER_ORDER = {{
    {"trends", &detail::apply_member<&Interventions::trends>},
    {"jos", &detail::apply_member<&Interventions::jos>},
    {"structuurgroepen", &detail::apply_member<&Interventions::structuurgroepen>},
    {"cluster4_groups", &detail::apply_member<&Interventions::cluster4_groups>},
    {"opbouwarrangement", &detail::apply_member<&Interventions::opbouwarrangement>},
    {"herstart", &detail::apply_member<&Interventions::herstart>},
    {"sbo_jeugdzorg", &detail::apply_member<&Interventions::sbo_jeugdzorg>},
    {"oov_length", &detail::apply_member<&Interventions::oov_length>},
    {"dagbesteding_agreements", &detail::apply_member<&Interventions::dagbesteding_agreements>},
    {"vrijstelling_review", &detail::apply_member<&Interventions::vrijstelling_review>},
    {"waiting_list_priority", &detail::apply_member<&Interventions::waiting_list_priority>},
    {"mdo_escalation", &detail::apply_member<&Interventions::mdo_escalation>},
    {"ret", &detail::apply_member<&Interventions::ret>},
    {"oza", &detail::apply_member<&Interventions::oza>},
}};

// Applies every lever in LEVER_ORDER. A lever whose start_year is after the first simulated school year acts
// from then on: `c` gets the levers already started, and one PolicyStart per later year in which a lever
// starts or moves along its ramp holds the scenario with every lever as it stands that year (built from `c`
// as it was before). Throws LeverError naming the lever and field that does not fit `c`.
void apply(const Interventions& levers, ScenarioConfig& c);
// The school years in which a lever switched on starts, moves along its ramp or stops (end_year), ascending,
// without repeats;
// a start before `first_year` (the run's first school year) counts as `first_year`.
std::vector<int> policy_years(const Interventions& levers, int first_year);

}  // namespace ozsim::model::interventions
