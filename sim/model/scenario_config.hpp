#pragma once
// The parsed, checked scenario: everything the pupil model needs, no file
// handling. sim/scenario builds it from TOML; tests may build it in code.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/engine/distribution.hpp"
#include "sim/model/calendar.hpp"
#include "sim/model/names.hpp"

namespace ozsim::model {

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
  engine::Distribution duration = engine::Distribution::fixed(DAYS_PER_YEAR);  // a school year
  std::vector<Destination> to;
  std::vector<double> probability;  // same length as `to`, sums to 1
};

// A referral outside the problem chain: attending pupils aged [age_from, age_to) are referred to `to` with
// a yearly hazard. Most SBO and SO/VSO pupils come this way (learning, developmental or behavioural needs
// found early in primary school), not through a drop-out.
struct Referral {
  Destination to;
  double age_from = 0.0;
  double age_to = 0.0;
  double per_year = 0.0;
};

// A share of each year's intake that starts school in a destination (many SO cluster-3 pupils enter at 4-5).
struct IntakeRoute {
  Destination to;
  double share = 0.0;
};

// Competing onset among attending pupils: problems start with a yearly hazard per level, multiplied by the
// calendar-year trend and, after a first episode, by the relapse multiplier; referrals by age compete with
// them. At a problem onset the pupil draws a profile and a severity and is routed by the onset rules
// (duration there is unused); at a referral it goes to the referral's destination.
struct OnsetConfig {
  std::array<double, LEVEL_COUNT> hazard_per_year{};
  double relapse_multiplier = 1.0;
  std::array<std::array<double, PROFILE_COUNT>, LEVEL_COUNT> profile_share{};  // None share is unused
  std::array<double, 3> severity_share{};                                      // severity 1, 2, 3
  std::vector<RuleRow> routes;
  std::vector<Referral> referrals;
  std::vector<IntakeRoute> at_intake;  // shares sum to at most 1; the rest start attending
  // The same for each year's in-migrants: moving in or newcomers, some arrive not yet enrolled anywhere.
  std::vector<IntakeRoute> at_migration_in;
};

struct AgeGroup {
  double age_from = 5.0;
  double age_to = 16.0;
  std::int64_t count = 0;
  bool operator==(const AgeGroup&) const = default;
};

// One year of a yearly series: `count` pupils arrive on 1 August of `year`.
struct YearCount {
  int year = 0;
  std::int64_t count = 0;
  bool operator==(const YearCount&) const = default;
};

// The count for a school year: the entry of the latest listed year at or before it; before the first listed
// year, the first entry (a projection that starts late is read as level before it). Empty series: 0.
std::int64_t count_in_year(const std::vector<YearCount>& series, int year);

struct PopulationConfig {
  // The pupils on day 0 (1 August of the start year), by age band; scenarios give single years of age.
  std::vector<AgeGroup> initial;
  // New pupils on 1 August of each year after the first (the initial population already holds the first
  // year's), aged uniformly over [intake_age, intake_age + 1): the year group that reached intake_age in the
  // school year before, as the initial population's single year of age intake_age holds it.
  std::vector<YearCount> intake;
  double intake_age = 5.0;
  double po_vo_age = 12.0;
  double max_age = 18.0;                // qualification duty ends
  double migration_out_per_year = 0.0;  // hazard of moving away, attending pupils
  std::vector<YearCount> migration_in;  // pupils moving in on 1 August of each year after the first
  double migration_in_age_from = 5.0;
  double migration_in_age_to = 17.0;
  engine::Distribution qualification_age = engine::Distribution::fixed(18.0);  // startkwalificatie
  double mbo_entree_share = 0.0;  // share of qualification exits that go to MBO Entree instead
  bool operator==(const PopulationConfig&) const = default;
};

struct CapacityChange {
  int year = 0;  // takes effect at the start of this school year
  std::int64_t capacity = 0;
};

struct PayerShare {
  std::string payer;
  double share = 0.0;
};

// How a provision or setting is paid. Fixed parts are paid for capacity whether used or not; the variable
// part per day of use, scaled by the care-intensity trend; leerlingenvervoer (pupil transport) per day of
// use is a municipal duty and is booked to the gemeente. A payer "swv" (samenwerkingsverband, the school
// partnership) is booked to swv_po or swv_vo by the level of the pupils the cost is for.
struct CostConfig {
  double per_pupil_day = 0.0;
  double per_place_year = 0.0;  // paid for capacity whether used or not
  double per_group_year = 0.0;  // staff of a group of group_size places, paid for every started group
  double group_size = 0.0;
  double transport_per_pupil_day = 0.0;
  double startup = 0.0;  // booked once, in the first simulated year the provision has capacity
  std::vector<PayerShare> payers;
  // Care-intensity trend: per_pupil_day x the multiplier of the latest listed school year not after the year
  // booked (the first multiplier before the first year); empty = 1.
  std::vector<int> intensity_years;
  std::vector<double> intensity_multiplier;

  double intensity(int calendar_year) const;
};

// Referrals from a catchment outside the modelled population that the provision also serves (the OOV serves
// Midden-Holland and Rijnstreek). They arrive as a Poisson process at `referrals` per school year (a yearly
// series, read as population.intake is), from a random stream of their own, ask for a place as a pupil would
// (the provision's queue rule, with a severity and profile drawn as at a problem onset; no lever moves them
// up a list), wait at most max_wait_days, stay as the provision's rules say and then leave the model. They
// take places and count in the provision's occupancy, waiting list, waits and cost, but are no pupils of the
// region: no setting, home time or flow counts them. While the provision has no places, nobody refers to it.
// Their part of the cost (their pupil-days, and of the places in proportion to the pupil-days they used) is
// booked to the payer `name`, the catchment's own partners.
struct CatchmentInflow {
  std::string name;                  // one word, e.g. "rijnstreek": its KPIs and its payer
  std::vector<YearCount> referrals;  // referrals per school year (the rate of the Poisson process)
  double vo_share = 1.0;             // share of secondary-school age (their level for rules and eligibility)
  // Referrals in a place when the run starts, each in a stay caught in progress (residual life, as the
  // initial state's stocks), so that the provision does not fill up in the first months.
  std::int64_t initial_occupants = 0;
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
  // Pupils placed here stay to this age instead of population.max_age (VSO: to 20).
  std::optional<double> max_age;
  std::optional<Destination> leave_at_age_to;
  // A request from school is assessed this long while the pupil stays in school, then the place is asked for
  // (an OZA's application term); set by a lever, absent = none.
  std::optional<double> assessment_days;
  std::vector<CapacityChange> capacity_changes;
  std::vector<RuleRow> rules;
  CostConfig cost;
  std::optional<CatchmentInflow> catchment;  // absent: only the modelled population uses the provision
  // Regions (RegionConfig). Rules, fallbacks and stocks name a provision by its kind: the index of the first
  // provision of that kind, which is where the scenario as written had it. Each region's pupils use the
  // provision of that kind that serves their region: a copy of their own, or one shared with other regions.
  static constexpr std::uint16_t OWN_KIND = 0xFFFF;  // a provision of a kind of its own
  std::uint16_t kind = OWN_KIND;
  std::vector<std::uint16_t> serves;  // the regions whose own provision this is; empty: every region
};

struct FreeSettingRules {
  Setting setting = Setting::Risicoleerling;
  std::vector<RuleRow> rules;
  CostConfig cost;
};

// Per calendar school year multipliers; years outside the list use the nearest listed year.
// A trend on the stays in some settings ([[trends.stays]]), with its own years and multipliers, so each
// measured rise gets its own trend (individuele begeleiding 19 -> 31 is not the rise of registered absence).
// A stay that starts in one of `settings`, for a pupil at one of `levels` (empty = both), is multiplied by
// the multiplier of the last of `years` at or before the school year it starts in (1 before the first).
struct StayTrend {
  std::vector<Setting> settings;
  std::vector<Level> levels;
  std::vector<int> years;
  std::vector<double> multiplier;
};

// A trend in where pupils are sent ([[trends.routes]]): every routing draw for a pupil at one of `levels`
// (empty = both) whose rule row can send it to `to` multiplies that share by the multiplier of the last of
// `years` at or before the current school year and scales the row's other shares so they still sum to 1.
// More pupils referred to a service (individuele begeleiding 19 -> 31 with the same intensity per child,
// [MH-2024]) is a routing trend, not longer stays. The same single draw picks, so common random numbers
// hold. A share multiplied past 1 is capped at 1.
struct RouteTrend {
  Destination to;
  std::vector<Level> levels;
  std::vector<int> years;
  std::vector<double> multiplier;
};

struct TrendConfig {
  std::vector<int> years;
  std::vector<double> incidence_multiplier;
  std::vector<double> duration_multiplier;
  std::vector<Setting> duration_settings;  // whose durations the multiplier stretches
  // Each trend applies to what was measured: the levels whose onset hazard the incidence multiplier scales,
  // and whose stays the duration multiplier stretches (a pupil's level when its stay starts). Empty = both.
  std::vector<Level> incidence_levels;
  std::vector<Level> duration_levels;
  std::vector<StayTrend> stays;
  std::vector<RouteTrend> routes;
};

// Whether a trend restricted to `levels` (empty = all) applies at `level`.
bool trend_applies(const std::vector<Level>& levels, Level level);

// A cost that is not tied to occupancy, e.g. JOS or MDO, booked per year or per event.
struct ProgrammeCost {
  std::string name;
  double per_year = 0.0;
  double per_escalation = 0.0;
  int first_year = 0;
  std::vector<PayerShare> payers;
  std::optional<Level> level;  // the pupils it serves, for a payer "swv"; none = all levels
};

// Queue escalation: a pupil at home longer than after_days while waiting goes first on every waiting list
// it is on. It moves a case up a queue and changes nothing else (the OZA lever uses it).
struct EscalationConfig {
  bool enabled = false;
  double after_days = 90.0;
  double cost_per_case = 0.0;
  std::vector<PayerShare> payers;
};

// Referral out of a running spell, for the arrangements whose target group are pupils already in trouble
// ("dreigen uit te vallen"): the opbouwarrangement, Herstart and SBO plus jeugdzorg. A pupil in one of
// from_settings, or holding a place in one of from_provisions, for after_days is looked at once per episode
// (an absence episode counts from its start, so a risicoleerling who becomes a thuiszitter keeps its clock;
// any other stay from its own start). A pupil the target provision admits (its eligible levels and profiles)
// is referred with probability `share` (motivated, with an education prognosis), drawn from its Escalation
// stream, and takes a place if one is free, leaving its spell, its place and any list; with no place free it
// stays where it is. An episode already past after_days when the lever starts is looked at on that day.
struct SpellReferralConfig {
  bool enabled = false;
  int provision = -1;
  double after_days = 60.0;
  double share = 0.0;
  std::vector<Setting> from_settings;
  std::vector<int> from_provisions;
};
// One slot per lever that refers out of a spell, so a pupil needs one bit per slot (Pupil::spell_referrals).
enum class SpellReferralSlot : std::uint8_t { Opbouwarrangement, Herstart, SboJeugdzorg };
inline constexpr std::size_t SPELL_REFERRAL_SLOTS = 3;

// A review of every vrijstelling 5a (exemption from compulsory education) once it is after_days old, looking
// for a way back into education ([MH-2024] pilot). An exemption is granted for a year and renewed; a renewal
// continues the spell, so its age is the time since it was first granted. The first renewal at or past
// after_days routes by `rules` (the setting's rows with part of the renewal moved to education) instead of
// the setting's own rows, once per exemption; the draw is the same one the renewal would have used.
struct ExemptionReviewConfig {
  bool enabled = false;
  double after_days = 730.0;
  std::vector<RuleRow> rules;
};

// The MDO (overkoepelend multidisciplinair overleg, [MH-2024]) on stuck cases: a pupil whose absence episode
// (risicoleerling, thuiszitter, absoluut verzuim) reaches after_days is discussed once, at cost_per_case.
// The remaining time of its running spell is multiplied by remaining_duration_factor; a pupil waiting for a
// place with its education on hold gets an education route again alongside the wait (a spell of its
// setting's rules, shortened alike); and every move out of an absence setting in the rest of the episode
// sends extra_back_to_school_share of the pupils who would have gone elsewhere back to school. A pupil is
// reviewed only when it reaches after_days on or after the day the MDO started.
struct MdoConfig {
  bool enabled = false;
  double after_days = 90.0;
  double remaining_duration_factor = 1.0;
  double extra_back_to_school_share = 0.0;
  double cost_per_case = 0.0;
  std::vector<PayerShare> payers;
};

// The RET (Regionaal Expertise Team, doorzettingsmacht; [KW-AKKOORD]): an absence episode that reaches
// after_days is escalated once; while the school year has places left (places_per_year), the pupil leaves any
// waiting list for a bespoke place outside every provision's capacity (Setting::Maatwerk), stays there for
// `place`'s duration and goes where `place` sends it. cost_per_case per place. A case that reaches after_days
// when the year's places are taken is not taken up later. Cases under way when the RET starts are escalated
// if they reach after_days on or after its start.
struct RetConfig {
  bool enabled = false;
  double after_days = 180.0;
  std::int64_t places_per_year = 0;
  RuleRow place;  // its level, profile and severity filters are unused
  double cost_per_case = 0.0;
  std::vector<PayerShare> payers;
};

// JOS, jeugdhulp op school: youth workers in the VO schools with a caseload of their own. When a pupil's
// problems start (a problem onset at an eligible level) and a caseload place is free, the school's JOS worker
// takes the case for support_days, and with probability prevention_share the problem is dealt with in school:
// the pupil keeps attending. A pupil JOS cannot take joins JOS's own waiting list and gets no effect (its
// problem takes its course); when a place frees within max_wait_days, JOS takes its case up as bridging,
// which keeps that place from preventive work. No places: JOS is not running.
struct JosConfig {
  std::int64_t places = 0;  // youth workers x caseload
  std::vector<Level> levels = {Level::Vo};
  double support_days = 90.0;
  double prevention_share = 0.0;
  double max_wait_days = 42.0;
};

struct SimulationConfig {
  int start_year = 2014;        // first school year simulated starts on 1 August of this year
  double years = 11.0;          // horizon
  double warmup_years = 5.0;    // statistics reset after this
  double peildatum_day = 61.0;  // days after 1 August: 61 = 1 October
};

// One reason for being a risicoleerling: its share of risicoleerling time, and the share of school time a
// risicoleerling absent for it still attends (structural absence is often weekly at fixed times, not whole).
struct RiskReasonShare {
  double share = 0.0;
  double attendance = 0.0;
};

struct KpiConfig {
  std::vector<Setting> home_settings = {Setting::Thuiszitter, Setting::AbsoluutVerzuim};  // "at home"
  double norm_days = 90.0;  // thuiszitterspact: no pupil home longer than 3 months without an offer
  // The monitors count a thuiszitter only after more than 4 weeks of unexcused absence: the monitor-style
  // counts (count.long_thuiszitter, distinct.thuiszitter) count a thuiszitter spell from this day on.
  double thuiszitter_after_days = 28.0;
  // Risicoleerling time by reason (RISK_REASON_NAMES order), shares summing to 1. An accounting of
  // attendance: it changes no pupil's path, only how much of risicoleerling time counts as time without
  // education. Defaults: scenarios/midden-holland.toml gives the reasoning.
  std::array<RiskReasonShare, RISK_REASON_COUNT> risicoleerling_reasons = {
      {{0.80, 0.25}, {0.05, 0.0}, {0.15, 0.5}}};

  // The share of risicoleerling time without education: the sum over reasons of share x (1 - attendance).
  double risicoleerling_absent_share() const;
};

// One stock of the observed starting state: `count` pupils aged [age_from, age_to) are in `in` (a free
// setting or a provision) when the run starts, each in a spell caught in progress, so with the remaining
// time of the equilibrium residual-life distribution of the stay there (length-biased, density S(x)/m).
struct InitialStock {
  Destination in;
  double age_from = 0.0;
  double age_to = 0.0;
  std::int64_t count = 0;
  // The ages at which these spells began, [entered_from_age, entered_to_age): they bound the part of each
  // spell already run on day 0. The residual-life draw assumes entries spread evenly over time; where entries
  // bunch at one age (VSO pupils come from SO at 12), a 17-year-old's VSO stay has run 5 years, not a
  // uniform part of them, and without the window the stock leaves too late (or, bounded only by school
  // start, too soon) and swings before it settles. Unset from: school start (population.intake_age), or the
  // PO->VO age for a provision only secondary pupils are eligible for. Unset to: no bound.
  std::optional<double> entered_from_age = std::nullopt;
  std::optional<double> entered_to_age = std::nullopt;
};

// A region of a scenario of several (a province, a jeugdregio, a samenwerkingsverband's area): its own
// pupils and its own copy of each provision, except those it shares with other regions. Its pupils are
// placed in the provisions that serve their region; a place elsewhere only as CrossRegionConfig allows.
// Rates (onset, stays, routes, qualification) are the scenario's, the same in every region.
struct RegionConfig {
  std::string name;                     // one lowercase word: its KPIs (region.<name>...) and its cost lines
  std::vector<AgeGroup> initial;        // as population.initial
  std::vector<YearCount> intake;        // as population.intake
  std::vector<YearCount> migration_in;  // as population.migration_in
  std::vector<InitialStock> initial_state;  // as the scenario's initial_state; provisions by kind
  std::vector<std::uint16_t> neighbours;    // regions whose places its pupils may take, in the order tried
};

// A place in a neighbouring region ([cross_region]): a pupil that has waited after_days for a place of its
// own region (and again every after_days while it waits on) takes a free place of the same kind in the
// first neighbouring region (RegionConfig::neighbours) that has one free with nobody waiting for it; so a
// full neighbouring region is a real constraint, and nobody jumps another region's list. Every pupil-day
// in a place outside the own region costs travel_cost_per_pupil_day (leerlingenvervoer), booked to the
// gemeente of the pupil's region. Provision kinds one provision serves for every region are not crossed.
struct CrossRegionConfig {
  bool enabled = false;
  double after_days = 42.0;
  double travel_cost_per_pupil_day = 0.0;
};

struct ScenarioConfig;

// A policy decided for a later school year (a lever with a start year): from 1 August of `year` the model
// runs by `config` (rules, hazards, capacities, queue rules, escalation, costs), a whole scenario with the
// same provisions. Everything before that day is the run without it, event for event.
struct PolicyStart {
  int year = 0;
  std::shared_ptr<const ScenarioConfig> config;
};

struct ScenarioConfig {
  std::string name = "unnamed";
  std::string source;  // file it came from, for outputs
  SimulationConfig simulation;
  PopulationConfig population;
  OnsetConfig onset;
  std::vector<FreeSettingRules>
      free_settings;  // risicoleerling, thuiszitter, absoluut verzuim, vrijstelling 5a
  std::vector<ProvisionConfig> provisions;
  // Who is where on day 0, drawn from the initial population (the rest attend school); empty = all attend.
  std::vector<InitialStock> initial_state;
  bool care_first = true;
  // While waiting for care with education on hold, a pupil keeps its absence status: a risicoleerling (or a
  // pupil coming from a place) waits with excused absence, a thuiszitter stays one. False: every care-waiter
  // counts as a thuiszitter.
  bool care_waiters_keep_status = true;
  TrendConfig trends;
  EscalationConfig escalation;
  std::array<SpellReferralConfig, SPELL_REFERRAL_SLOTS> spell_referrals;
  ExemptionReviewConfig exemption_review;
  MdoConfig mdo;
  RetConfig ret;
  JosConfig jos;
  std::vector<ProgrammeCost> programme_costs;
  KpiConfig kpi;
  double discount_rate = 0.0225;
  std::vector<PolicyStart> policy_starts;  // ascending years after simulation.start_year; empty = one policy
  // Several regions (RegionConfig), or none: one region of population.initial/intake/migration_in and
  // initial_state. With regions, population's counts and initial_state are the regions' sums and unused.
  std::vector<RegionConfig> regions;
  CrossRegionConfig cross_region;

  // The scenario in force in a calendar school year: this one, or the latest policy start not after it.
  const ScenarioConfig& in_year(int calendar_year) const;

  // Index of a provision by name, or -1.
  int provision_index(std::string_view name) const;
  // The kind of provision k: the index of the first provision of its kind (ProvisionConfig::kind).
  std::size_t kind_of(std::size_t k) const {
    return provisions[k].kind == ProvisionConfig::OWN_KIND ? k : provisions[k].kind;
  }
  // Regions in the run: 1 without RegionConfig.
  std::size_t region_count() const { return regions.empty() ? 1 : regions.size(); }
  // Whether provision k is a place of region r's own (false: a place in another region).
  bool serves_region(std::size_t k, std::size_t r) const;
  // Throws std::invalid_argument naming the first inconsistency (used by tests that build configs in code).
  void validate() const;
};

// A destination as scenario files spell it: a setting, a provision, or "exit_<reason>".
std::string destination_name(const ScenarioConfig& config, const Destination& d);

}  // namespace ozsim::model
