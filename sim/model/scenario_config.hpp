#pragma once
// The parsed, checked scenario: everything the pupil model needs, no file
// handling. sim/io builds it from TOML; tests may build it in code.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/engine/distribution.hpp"

namespace ozsim::model {

// Where a pupil is. Dutch names are the users' words:
//   risicoleerling   enrolled, structurally absent with an excuse (medical/psychological, suspension, reduced hours)
//   thuiszitter      enrolled, at home without excuse for more than 4 weeks
//   structuurgroep   small structured group inside a regular primary school
//   SBO              speciaal basisonderwijs (special primary school)
//   SO/VSO           (voortgezet) speciaal onderwijs, needs a TLV (admission decision)
//   OOV              onderwijsopvangvoorziening: education-care day programme for VO pupils
//   opbouwarrangement  build-up arrangement at the OOV for internalising VO pupils
//   dagbesteding     youth-care day programme (municipality)
//   individuele begeleiding  intensive individual support
//   absoluut verzuim not enrolled at any school
//   vrijstelling 5a  exempt from compulsory education on physical/psychological grounds
enum class Setting : std::uint8_t {
  Attending,
  Risicoleerling,
  Thuiszitter,
  Structuurgroep,
  Sbo,
  SoVso,
  Oov,
  Opbouwarrangement,
  Dagbesteding,
  IndividueleBegeleiding,
  Treatment,
  AbsoluutVerzuim,
  Vrijstelling5a,
  Exited,
};
inline constexpr std::size_t SETTING_COUNT = 14;

enum class ExitReason : std::uint8_t { Startkwalificatie, AgeOut, Moved, Mbo };
inline constexpr std::size_t EXIT_REASON_COUNT = 4;

enum class Level : std::uint8_t { Po, Vo };  // primary (PO) or secondary (VO) age
inline constexpr std::size_t LEVEL_COUNT = 2;

enum class Profile : std::uint8_t { None, Internalising, Externalising, Medical };
inline constexpr std::size_t PROFILE_COUNT = 4;

// Free settings have no capacity: pupils enter them at once.
bool is_free_setting(Setting s);

// Where a routing decision sends a pupil.
struct Destination {
  enum class Type : std::uint8_t { Setting, Provision, Exit };
  Type type = Type::Setting;
  std::uint16_t index = 0;  // Setting, provision index, or ExitReason
  bool operator==(const Destination&) const = default;
};

// One row of a setting's rules: for the pupils it matches, how long they stay
// and where they go next. The first matching row applies.
struct RuleRow {
  std::optional<Level> level;
  std::optional<Profile> profile;
  int min_severity = 0;
  engine::Distribution duration = engine::Distribution::fixed(365.0);
  std::vector<Destination> to;
  std::vector<double> probability;  // same length as `to`, sums to 1
};

// Competing onset of problems among attending pupils: a yearly hazard per
// level, multiplied by the calendar-year trend and, after a first episode, by
// the relapse multiplier. At onset the pupil draws a profile and a severity
// and is routed by the onset rules (duration there is unused).
struct OnsetConfig {
  std::array<double, LEVEL_COUNT> hazard_per_year{};
  double relapse_multiplier = 1.0;
  std::array<std::array<double, PROFILE_COUNT>, LEVEL_COUNT> profile_share{};  // None share is unused
  std::array<double, 3> severity_share{};                                         // severity 1, 2, 3
  std::vector<RuleRow> routes;
};

struct AgeGroup {
  double age_from = 5.0;
  double age_to = 16.0;
  std::int64_t count = 0;
};

struct PopulationConfig {
  std::vector<AgeGroup> initial;
  std::int64_t intake_per_year = 0;  // new pupils of intake_age on each school-year start
  double intake_age = 5.0;
  double po_vo_age = 12.0;
  double max_age = 18.0;                // qualification duty ends
  double migration_out_per_year = 0.0;  // hazard of moving away, attending pupils
  std::int64_t migration_in_per_year = 0;
  double migration_in_age_from = 5.0;
  double migration_in_age_to = 17.0;
  engine::Distribution qualification_age = engine::Distribution::fixed(18.0);  // startkwalificatie
  double mbo_entree_share = 0.0;  // share of qualification exits that go to MBO Entree instead
};

enum class QueueRule : std::uint8_t { Fifo, Severity, TimeAtHome, NormFirst };

struct CapacityChange {
  int year = 0;  // takes effect at the start of this school year
  std::int64_t capacity = 0;
};

struct PayerShare {
  std::string payer;
  double share = 0.0;
};

struct CostConfig {
  double per_pupil_day = 0.0;
  double per_place_year = 0.0;  // paid for capacity whether used or not
  double startup = 0.0;         // booked once, in the first simulated year the provision has capacity
  std::vector<PayerShare> payers;
};

struct ProvisionConfig {
  std::string name;
  Setting setting = Setting::Oov;
  std::int64_t capacity = 0;
  QueueRule queue_rule = QueueRule::Fifo;
  std::optional<std::size_t> max_queue;
  Setting wait_in = Setting::Thuiszitter;  // where a waiting pupil is meanwhile
  bool is_care = false;                    // treatment-like: "care comes first" applies
  std::optional<double> max_wait_days;
  std::optional<Destination> on_renege;  // where a pupil goes when max_wait_days is reached
  std::vector<Destination> fallback;     // tried in order when not eligible or the list is full
  std::vector<Level> eligible_levels;    // empty = all
  std::vector<Profile> eligible_profiles;
  std::optional<double> leave_at_age;  // e.g. SBO ends at the PO->VO age
  std::optional<Destination> leave_at_age_to;
  std::vector<CapacityChange> capacity_changes;
  std::vector<RuleRow> rules;
  CostConfig cost;
};

struct FreeSettingRules {
  Setting setting = Setting::Risicoleerling;
  std::vector<RuleRow> rules;
  CostConfig cost;
};

// Per calendar school year multipliers; years outside the list use the nearest listed year.
struct TrendConfig {
  std::vector<int> years;
  std::vector<double> incidence_multiplier;
  std::vector<double> duration_multiplier;
  std::vector<Setting> duration_settings;  // whose durations the multiplier stretches
};

// A cost that is not tied to occupancy, e.g. JOS or MDO, booked per year or per event.
struct ProgrammeCost {
  std::string name;
  double per_year = 0.0;
  double per_escalation = 0.0;
  int first_year = 0;
  std::vector<PayerShare> payers;
};

// MDO / RET escalation: a pupil at home longer than after_days gets priority on
// every waiting list it is on and a faster assessment.
struct EscalationConfig {
  bool enabled = false;
  double after_days = 90.0;
  double cost_per_case = 0.0;
  std::vector<PayerShare> payers;
};

struct SimulationConfig {
  int start_year = 2015;         // first school year simulated starts on 1 August of this year
  double years = 10.0;           // horizon
  double warmup_years = 5.0;     // statistics reset after this
  double peildatum_day = 61.0;   // days after 1 August: 61 = 1 October
};

struct KpiConfig {
  std::vector<Setting> home_settings;  // what counts as "at home"
  double norm_days = 90.0;             // thuiszitterspact: no pupil home longer than 3 months without an offer
};

struct ScenarioConfig {
  std::string name;
  std::string source;  // file it came from, for outputs
  SimulationConfig simulation;
  PopulationConfig population;
  OnsetConfig onset;
  std::vector<FreeSettingRules> free_settings;  // risicoleerling, thuiszitter, absoluut verzuim, vrijstelling 5a
  std::vector<ProvisionConfig> provisions;
  bool care_first = true;
  TrendConfig trends;
  EscalationConfig escalation;
  std::vector<ProgrammeCost> programme_costs;
  KpiConfig kpi;
  double discount_rate = 0.0225;

  // Index of a provision by name, or -1.
  int provision_index(std::string_view name) const;
  // Throws std::invalid_argument naming the first inconsistency (used by tests that build configs in code).
  void validate() const;
};

const char* setting_name(Setting s);
const char* exit_reason_name(ExitReason r);
const char* level_name(Level l);
const char* profile_name(Profile p);
const char* queue_rule_name(QueueRule q);
std::optional<Setting> setting_from_name(std::string_view name);
std::optional<ExitReason> exit_reason_from_name(std::string_view name);  // "exit_startkwalificatie" etc. without prefix
std::optional<Level> level_from_name(std::string_view name);
std::optional<Profile> profile_from_name(std::string_view name);
std::optional<QueueRule> queue_rule_from_name(std::string_view name);
std::vector<std::string> setting_names();
std::string destination_name(const ScenarioConfig& config, const Destination& d);

}  // namespace ozsim::model
