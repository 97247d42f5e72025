#pragma once
// The scenario file's sections, each bound key by key (see key_binding.hpp): one function per section both
// declares its keys and reads them, followed by the checks that involve several keys (reading only).
// Internal to sim/scenario; scenario.cpp puts the sections together.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/model/regions.hpp"
#include "sim/model/scenario_config.hpp"
#include "sim/scenario/key_binding.hpp"

namespace ozsim::scenario {

// Destination names (a provision, a free setting or an exit) to model destinations, with a did-you-mean at
// the key when a name is none of them. Provisions are named before any rule is read, since rules anywhere
// may refer to them.
class Destinations {
 public:
  Destinations() = default;  // declaring: nothing is resolved
  Destinations(const params::KeyReader& reader, const model::ScenarioConfig& config)
      : reader_(&reader), config_(&config) {}
  model::Destination operator()(const std::string& key, const std::string& name) const;

 private:
  const params::KeyReader* reader_ = nullptr;
  const model::ScenarioConfig* config_ = nullptr;
};

// Fields of a provision that a lever sets instead (the opbouwarrangement's design): true means skip the
// field; a scenario that sets it anyway gets "key ... is set by [interventions.x]; set it there". Declaring:
// false.
using LeverOwnsField = std::function<bool(std::string_view field)>;

void simulation_keys(KeyBinding& k, model::SimulationConfig& s);
void population_keys(KeyBinding& k, model::PopulationConfig& p);
void onset_keys(KeyBinding& k, model::OnsetConfig& o, const Destinations& to);
void free_setting_keys(KeyBinding& k, model::FreeSettingRules& f, const Destinations& to);
void provision_keys(KeyBinding& k, model::ProvisionConfig& p, const Destinations& to,
                    const LeverOwnsField& lever_owns);
// Rule rows: the first row whose filters match the pupil applies.
void rule_keys(KeyBinding& k, std::string_view field, std::vector<model::RuleRow>& rows, bool with_duration,
               const Destinations& to);
// A setting's cost is per day only; a provision also has places, groups, transport and a startup.
enum class CostOf { Setting, Provision };
void cost_keys(KeyBinding& k, model::CostConfig& c, CostOf of);
// `payers.<name> = share`, summing to 1; `required` when the cost they split is not zero.
void payer_keys(KeyBinding& k, std::vector<model::PayerShare>& payers, std::string help, bool required);
// { age_from, age_to, count } rows, each band of some length (population.initial).
std::vector<model::AgeGroup> age_group_keys(KeyBinding& k, std::string_view field, std::string help,
                                            std::optional<std::string> default_text);
// { year, count } rows in year order (a yearly series, read as population.intake is).
std::vector<model::YearCount> year_count_keys(KeyBinding& k, std::string_view field, std::string help,
                                              std::string count_help);
void initial_state_keys(KeyBinding& k, model::ScenarioConfig& c, const Destinations& to);
void trend_keys(KeyBinding& k, model::TrendConfig& t, const Destinations& to);
void escalation_keys(KeyBinding& k, model::EscalationConfig& e);
void programme_keys(KeyBinding& k, model::ProgrammeCost& p);
void kpi_keys(KeyBinding& k, model::KpiConfig& kpi);
// [[regions]] (top level) and [cross_region]; `c` has its provisions named.
void region_keys(KeyBinding& top, KeyBinding& cross, model::RegionPlan& plan, const model::ScenarioConfig& c);

}  // namespace ozsim::scenario
