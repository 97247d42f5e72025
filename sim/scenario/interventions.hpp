#pragma once
// The lever keys: [interventions.<name>] sections read into the lever structs of
// sim/model/interventions/, which hold the levers' semantics and defaults. Each key is declared and read by
// one line (see LeverKeys in interventions.cpp), so a declaration and its read cannot drift apart, and each
// default is the struct's own.
//
// The levers (keys and defaults in `ozsim --help-keys`, section "interventions"; order of application in
// model::interventions::LEVER_ORDER):
//   opbouwarrangement        places, duration, outcomes and cost of the build-up arrangement at the OOV,
//                            and the share of the VO internalising target group referred to it
//   oov_length               OOV trajectory months (6 -> 12) and the change in outflow to dagbesteding
//   jos                      youth care in VO schools (in the baseline): a caseload, its own waiting list, a
//                            share of the onsets it takes up dealt with in school; end_year stops it
//   mdo_escalation           MDO/RET escalation of cases stuck at home while waiting, with a cost per case
//   oza                      integraal arrangeren: a plan within the assessment term gives the case priority
//   dagbesteding_agreements  education in dagbesteding: more return to school, shorter stays
//   structuurgroepen         extra structuurgroep places; a share of PO SBO referrals goes there instead
//   cluster4_groups          extra cluster-4 groups (capacity of so_cluster4)
//   vrijstelling_review      review of vrijstelling 5a: more exemptions lead back to education
//   waiting_list_priority    queue rule (fifo, severity, time_at_home, norm_first) per provision or for all
//   trends                   risk incidence growth and longer absence, as a ramp between two years
// A section whose `enabled` is false is still read and checked, but changes nothing.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/model/interventions/interventions.hpp"
#include "sim/model/scenario_config.hpp"
#include "sim/params/key_table.hpp"

namespace ozsim::scenario {

void add_intervention_keys(params::KeyTable& table);
// Reads every [interventions.*] section into the lever structs (enabled levers only; every section is
// checked).
model::interventions::Interventions read_interventions(params::KeyReader& reader);
// Reads and applies them to `config` in model::interventions::LEVER_ORDER. Throws InputError at the key when
// a lever refers to a provision or destination that does not exist or its parameters do not fit the scenario.
void apply_interventions(params::KeyReader& reader, model::ScenarioConfig& config);

// A provision whose fields a lever sets: a scenario must not set them under [provisions.<name>] as well.
struct ProvisionOwner {
  std::string section;              // "[interventions.opbouwarrangement]"
  std::vector<std::string> fields;  // "capacity", "rules", ...
};
std::optional<ProvisionOwner> lever_owning_provision(params::KeyReader& reader, std::string_view provision);
// True if a lever owns `field` of the provision (the scenario reader then leaves it to the lever); throws
// InputError at the key's line if the scenario sets it anyway: "key '...' is set by [interventions.x]; set it
// there".
bool set_by_lever(const params::KeyReader& reader, const std::optional<ProvisionOwner>& owner,
                  std::string_view provision, std::string_view field);

}  // namespace ozsim::scenario
