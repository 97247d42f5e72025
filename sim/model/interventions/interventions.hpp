#pragma once
// The policy levers, as C++: each lever is a parameter struct and apply(lever, config) in its own file here.
// A scenario file switches them on in [interventions.<name>] sections (sim/scenario/interventions.cpp reads
// the keys into these structs); tests, sweeps and calibration can build an Interventions and apply it
// directly.
#include <array>
#include <optional>
#include <string_view>
#include <vector>

#include "sim/model/interventions/cluster4_groups.hpp"
#include "sim/model/interventions/dagbesteding_agreements.hpp"
#include "sim/model/interventions/jos.hpp"
#include "sim/model/interventions/mdo_escalation.hpp"
#include "sim/model/interventions/oov_length.hpp"
#include "sim/model/interventions/opbouwarrangement.hpp"
#include "sim/model/interventions/oza.hpp"
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
  std::optional<Oza> oza;
};

struct LeverStep {
  std::string_view name;  // the scenario section: [interventions.<name>]
  // Applies the lever if it has started by `year` (a calendar school year).
  void (*apply)(const Interventions&, ScenarioConfig&, int year);
};

namespace detail {
template <class Lever>
bool started(const Lever& lever, int year) {
  return lever.start_year <= year;
}
template <auto Member>
void apply_member(const Interventions& levers, ScenarioConfig& c, int year) {
  const auto& lever = levers.*Member;
  if constexpr (requires { lever.has_value(); }) {
    if (lever && started(*lever, year)) apply(*lever, c);
  } else if (started(lever, year)) {
    apply(lever, c);
  } else {
    auto not_yet = lever;  // a lever that defines something (the opbouwarrangement) does so, switched off
    not_yet.enabled = false;
    apply(not_yet, c);
  }
}
}  // namespace detail

// The order levers are applied in, stated once: trends and hazards first, then capacities and rules, then who
// goes first. It is fixed so that a combined package means the same whatever order its sections are written
// in.
inline constexpr std::array<LeverStep, 11> LEVER_ORDER = {{
    {"trends", &detail::apply_member<&Interventions::trends>},
    {"jos", &detail::apply_member<&Interventions::jos>},
    {"structuurgroepen", &detail::apply_member<&Interventions::structuurgroepen>},
    {"cluster4_groups", &detail::apply_member<&Interventions::cluster4_groups>},
    {"opbouwarrangement", &detail::apply_member<&Interventions::opbouwarrangement>},
    {"oov_length", &detail::apply_member<&Interventions::oov_length>},
    {"dagbesteding_agreements", &detail::apply_member<&Interventions::dagbesteding_agreements>},
    {"vrijstelling_review", &detail::apply_member<&Interventions::vrijstelling_review>},
    {"waiting_list_priority", &detail::apply_member<&Interventions::waiting_list_priority>},
    {"mdo_escalation", &detail::apply_member<&Interventions::mdo_escalation>},
    {"oza", &detail::apply_member<&Interventions::oza>},
}};

// Applies every lever in LEVER_ORDER. A lever whose start_year is after the first simulated school year acts
// from then on: `c` gets the levers already started, and one PolicyStart per later start year holds the
// scenario with every lever started by then (built from `c` as it was before). Throws LeverError naming the
// lever and field that does not fit `c`.
void apply(const Interventions& levers, ScenarioConfig& c);
// The start years of the levers switched on, ascending, without repeats.
std::vector<int> start_years(const Interventions& levers);

}  // namespace ozsim::model::interventions
