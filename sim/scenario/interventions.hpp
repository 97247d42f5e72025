#pragma once
// Policy levers as scenario sections ([interventions.NAME]): each declares its
// keys once and, when switched on, changes the model configuration built from
// the rest of the scenario (capacities, rules, costs, hazards).
//
// The levers (keys and defaults in `ozsim --help-keys`, section "interventions"):
//   opbouwarrangement        places, duration, outcomes and cost of the build-up arrangement at the OOV,
//                            and the share of the VO internalising target group referred to it
//   oov_length               OOV trajectory months (6 -> 12) and the change in outflow to dagbesteding
//   jos                      preventive youth care in VO schools: onset hazard multiplier and programme cost
//   mdo_escalation           MDO/RET escalation of cases stuck at home while waiting, with a cost per case
//   oza                      integraal arrangeren: a plan within the assessment term gives the case priority
//   dagbesteding_agreements  education in dagbesteding: more return to school, shorter stays
//   structuurgroepen         extra structuurgroep places; a share of PO SBO referrals goes there instead
//   cluster4_groups          extra cluster-4 groups (capacity of so_vso_cluster4)
//   vrijstelling_review      review of vrijstelling 5a: more exemptions lead back to education
//   waiting_list_priority    queue rule (fifo, severity, time_at_home, norm_first) per provision or for all
//   trends                   risk incidence growth and longer absence, as a ramp between two years
// A section whose `enabled` is false is still read and checked, but changes nothing.
#include "sim/params/key_table.hpp"
#include "sim/model/scenario_config.hpp"

namespace ozsim::scenario {

void add_intervention_keys(params::KeyTable& table);
// Reads every [interventions.*] section and applies the enabled ones to `config`,
// in a fixed order (the order of the list above). Throws InputError at the key
// when an intervention refers to a provision or destination that does not exist
// or its parameters do not fit the scenario.
void apply_interventions(params::KeyReader& reader, model::ScenarioConfig& config);

}  // namespace ozsim::scenario
