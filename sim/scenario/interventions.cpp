#include "sim/scenario/interventions.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "sim/params/input_error.hpp"
#include "sim/params/number_format.hpp"
#include "sim/scenario/key_binding.hpp"

namespace ozsim::scenario {
namespace {

namespace lv = model::interventions;
using model::Level;
using model::Profile;
using model::Setting;
using params::KeyType;

constexpr double INF = std::numeric_limits<double>::infinity();

std::string section_of(std::string_view lever) {
  return "interventions." + std::string(lever);
}

std::string key_of(std::string_view lever, std::string_view field) {
  return section_of(lever) + "." + std::string(field);
}

// One lever section's keys: [interventions.<lever>], bound key by key (key_binding.hpp), so each default is
// the lever struct's own.
using LeverKeys = KeyBinding;

void enabled_key(LeverKeys& k, bool& value, std::string help) {
  k.boolean("enabled", value, std::move(help),
            "baseline: off; the scenarios in scenarios/ switch one lever on each");
}

// `payers.<name> = share`; absent = the struct's split.
void lever_payers(LeverKeys& k, lv::Payers& value, std::string source) {
  std::string split;
  for (const model::PayerShare& p : value)
    split += (split.empty() ? "" : ", ") + p.payer + " " + params::format_number(p.share);
  k.payers("payers", value, "share of the cost paid by this payer; shares sum to 1; absent = " + split,
           std::move(source));
}

// ---------------------------------------------------------------- the levers' keys

void keys(LeverKeys& k, lv::Opbouwarrangement& l) {
  enabled_key(
      k, l.enabled,
      "fund the opbouwarrangement: opens its places and refers part of its target group to it. Enabled "
      "or not, "
      "this section defines the arrangement's provision (places, rules, eligibility, fallback, cost)");
  k.string("provision", l.provision, "the provision that is the opbouwarrangement");
  k.integer("locations", l.locations, "locations", 0, 50, "[MH-2024] bijlage 3, Gouda and Alphen a/d Rijn");
  k.integer("places_per_location", l.places_per_location, "pupils per location at once", 0, 500,
            "[MH-2024] bijlage 3, 10-15 pupils per location");
  k.distribution("duration", l.duration, "{ dist = \"uniform\", low = 182, high = 365 }",
                 "days in the arrangement, building up from no education to 2 hours a day",
                 "[MH-2024] bijlage 3, 6-12 months");
  k.string("follow_on", l.follow_on,
           "where most pupils go next, and where a pupil goes when the arrangement is full (no waiting list)",
           "[MH-2024] bijlage 3, then 6 more months in the regular OOV trajectory");
  k.number("to_follow_on", l.to_follow_on, "share going on to follow_on afterwards", 0.0, 1.0,
           "assumption: most complete the build-up and continue in the OOV");
  k.number("to_attending", l.to_attending, "share returning to school directly afterwards", 0.0, 1.0,
           "assumption");
  k.number("to_dagbesteding", l.to_dagbesteding,
           "share going to the provision named dagbesteding afterwards; the three shares sum to 1", 0.0, 1.0,
           "assumption");
  k.levels("eligible_levels", l.eligible_levels, "levels admitted", "[MH-2024] bijlage 3, VO pupils");
  k.profiles("eligible_profiles", l.eligible_profiles, "profiles admitted",
             "[MH-2024] bijlage 3, internalising problems (anxiety, depression, ASD)");
  k.settings("referral_from", l.referral_from, model::RULED_FREE_SETTINGS,
             "absence settings out of which the target group (eligible levels x profiles) is referred",
             "[MH-2024] bijlage 3, target group has much absence");
  k.number(
      "referral_after_days", l.referral_after_days,
      "days of absence (the episode, from its first day in referral_from) after which a pupil of the "
      "target group is referred; a pupil already absent that long when the lever starts is referred then",
      0.0, 36500.0,
      "assumption: [MH-2024] bijlage 3 names 'veel verzuim' without a length; two months is past the "
      "4-week thuiszitter mark and before the 3-month norm");
  k.number("referral_share", l.referral_share,
           "share of the target group reaching referral_after_days that is referred (takes a place if one is "
           "free, otherwise stays where it is)",
           0.0, 1.0,
           "assumption: about half are motivated and have an education prognosis ([MH-2024] bijlage 3)");
  k.integer("max_queue", l.max_queue,
            "waiting list length; 0 = none (a full arrangement sends pupils to follow_on)", 0, 1e6,
            "assumption");
  k.number("annual_cost", l.annual_cost, "yearly cost of cost_places places, paid whether used or not", 0.0,
           INF, "[MH-2024] bijlage 3, EUR 631,000 a year for 2 locations");
  k.integer("cost_places", l.cost_places,
            "places annual_cost pays for; cost per place-year = annual_cost / cost_places", 1, 1e6,
            "[MH-2024] bijlage 3, EUR 21,000 per pupil at 30 pupils");
  k.number("startup", l.startup, "one-off start-up euros", 0.0, INF, "assumption: none in the sources");
  lever_payers(k, l.payers,
               "assumption: [MH-2024] says SWV, schools and municipalities fund it together, not the split");
}

void keys(LeverKeys& k, lv::OovLength& l) {
  k.string("provision", l.provision, "the OOV provision");
  k.number(
      "months", l.months,
      "new trajectory length in months: every OOV duration is rescaled to this mean (months of 365/12 days), "
      "keeping its shape",
      0.0, 120.0, "issue 4, 6 -> 12 months");
  k.number("dagbesteding_multiplier", l.dagbesteding_multiplier,
           "multiplier on the OOV -> dagbesteding share; the share taken away goes to gain_to", 0.0, 1.0,
           "assumption: [MH-2024] says the 6 youths of 2022-23 went to dagbesteding because 6 months was too "
           "short; half of that outflow is taken to be due to the length");
  k.string("gain_to", l.gain_to, "where the pupils no longer sent to dagbesteding go", "assumption");
  k.optional_integer("capacity", l.capacity,
                     "new OOV places; absent = unchanged (longer stays then mean fewer admissions)", 0, 1e6);
}

void keys(LeverKeys& k, lv::Jos& l) {
  k.integer(
      "end_year", l.end_year,
      "first school year JOS no longer runs (stopped on its 1 August), in effect and cost; 0 = it runs on", 0,
      2200, "[MH-OA-2025], a decision on JOS from 1 August 2026");
  k.number("workers_per_1000_vo_pupils", l.workers_per_1000_vo_pupils,
           "youth workers (FTE) per 1,000 VO pupils; VO pupils are counted in population.initial (ages "
           "po_vo_age..max_age)",
           0.0, 1000.0,
           "[MH-OA-2025], every VO school has JOS in proportion to its pupils; assumption: about one FTE per "
           "1,000 pupils (the rate is not given)");
  k.number("caseload", l.caseload,
           "cases a youth worker carries at once among pupils whose problems would lead to absence (beside "
           "lighter preventive work); places = workers x caseload",
           0.0, 1000.0, "assumption: most of a JOS worker's cases never lead to absence; four at a time do");
  k.number("support_days", l.support_days, "days a JOS case holds its place", 1.0, 3650.0,
           "assumption: about a school term");
  k.number(
      "prevention_share", l.prevention_share,
      "share of the onsets JOS takes up at once that it deals with in school (the pupil keeps attending)",
      0.0, 1.0,
      "assumption: the evaluations report fewer referrals to heavier care ([UW-2016] pilot, [MH-OA-2025]), "
      "not a size; about one in seven, and only for the cases JOS has room for");
  k.number("max_wait_days", l.max_wait_days,
           "days a case waits on JOS's own list before it is dropped; a waiting pupil gets no effect", 0.0,
           3650.0, "assumption: six weeks; [MH-2024] §4 reports JOS waiting lists growing, not their length");
  k.number("per_worker_year", l.per_worker_year,
           "euros per youth worker (FTE) per year, paid whether the caseload is full or not", 0.0, INF,
           "assumption: EUR 70,000 for a youth worker with overhead");
  lever_payers(k, l.payers, "[MH-OA-2025], JOS funded 80% by municipalities, 20% by education");
}

void keys(LeverKeys& k, lv::MdoEscalation& l) {
  k.number("after_days", l.after_days,
           "days into an absence episode (risicoleerling, thuiszitter, absoluut verzuim) at which the MDO "
           "discusses the case",
           0.0, 3650.0, "[AMF-2021], thuiszitterspact norm of 3 months");
  k.number("remaining_duration_factor", l.remaining_duration_factor,
           "multiplier on the time left in the spell the case is in when discussed (also on the education "
           "route an MDO restarts for a pupil waiting with education on hold)",
           0.0, 1.0,
           "assumption: [MH-2024] describes progress monitoring and 'doorpakken', not its size; a quarter "
           "off what is left");
  k.number("extra_back_to_school_share", l.extra_back_to_school_share,
           "share of the discussed cases' moves out of absence that would have gone elsewhere and go back to "
           "school instead, for the rest of the episode",
           0.0, 1.0,
           "assumption: [MH-2024] names the conversation with parents and GGZ expertise, not an effect; one "
           "in five");
  k.number("cost_per_case", l.cost_per_case, "euros per discussed case", 0.0, INF,
           "assumption: an MDO of about 5 professionals for 3 hours with preparation and follow-up");
  lever_payers(k, l.payers, "assumption: municipality and SWV share the MDO/RET");
}

void keys(LeverKeys& k, lv::Ret& l) {
  k.number(
      "after_days", l.after_days,
      "days into an absence episode (risicoleerling, thuiszitter, absoluut verzuim) at which the case is "
      "escalated to the RET",
      0.0, 3650.0,
      "assumption: [KW-AKKOORD] escalates 'when stagnation is found', without a term; twice the "
      "thuiszitterspact norm, after an MDO at 3 months could act");
  k.integer(
      "places_per_year", l.places_per_year,
      "bespoke places the RET finds per school year; a case escalated when they are used is not taken up", 0,
      1e6, "assumption: the sources give no number; a handful of doorbraak cases a year");
  k.distribution("duration", l.duration, "{ dist = \"uniform\", low = 91, high = 365 }",
                 "days in the bespoke place", "assumption: a tailored arrangement of 3-12 months");
  k.strings("to", l.to, "where pupils go from the bespoke place (a provision, free setting or exit)",
            "assumption");
  k.numbers(
      "p", l.p, "share going to each destination in to; sums to 1", 0.0, 1.0,
      "assumption: a doorbraak mostly means back to school, some to special education or absence again");
  k.number("cost_per_case", l.cost_per_case, "euros per bespoke place", 0.0, INF,
           "assumption: half a year of an intensive education-care place (the opbouwarrangement costs EUR "
           "21,000 a place-year, [MH-2024]) plus the RET's own work");
  lever_payers(k, l.payers,
               "assumption: education and municipality share what falls outside both frameworks");
}

void keys(LeverKeys& k, lv::Oza& l) {
  k.string("provision", l.provision,
           "the provision that holds the OZA places (its rules and cost are its own)");
  k.integer("places", l.places, "OZA places added to the provision", 0, 1e6,
            "[UW-2016], 8-10 children a school year, each placed for about a year");
  k.number(
      "assessment_weeks", l.assessment_weeks,
      "weeks of assessment before a place is taken: the OZA's waiting time, during which the pupil stays "
      "in school",
      0.0, 520.0, "[UW-2016], 6-week application term");
  k.strings("divert_from", l.divert_from,
            "onset destinations (absence) whose share moves to the OZA for the provision's eligible pupils",
            "[MH-2024], OZAs for pupils who threaten to drop out");
  k.number("referral_share", l.referral_share,
           "share of the onsets that would go to divert_from that are referred to the OZA instead", 0.0, 1.0,
           "assumption: about 250 onsets a year go to absence in the baseline; 4% gives about the pilot's 10 "
           "requests a year");
}

// Where each default of an arrangement that refers out of a running spell comes from.
struct ArrangementSources {
  const char* what;  // "the Herstart places"
  const char* places;
  const char* after_days;
  const char* share;
  const char* from;
};

template <class Arrangement>
void arrangement_keys(LeverKeys& k, Arrangement& l, const ArrangementSources& source) {
  k.string("provision", l.provision,
           std::string("the provision that holds ") + source.what +
               " (its stay, outflow, eligibility and cost are its own)");
  k.integer("places", l.places, "places added to the provision", 0, 1e6, source.places);
  k.number("referral_after_days", l.referral_after_days,
           "days into the absence episode (or the stay in a provision) after which a pupil is looked at once",
           0.0, 36500.0, source.after_days);
  k.number("referral_share", l.referral_share,
           "share of the eligible pupils reaching referral_after_days who are referred (a place if one is "
           "free, otherwise they stay where they are)",
           0.0, 1.0, source.share);
  k.strings("referral_from", l.referral_from, "settings or provisions pupils are referred out of",
            source.from);
}

void keys(LeverKeys& k, lv::Herstart& l) {
  arrangement_keys(
      k, l,
      {"the Herstart places", "assumption: [AIJ-2024] calls it small-scale, one group at one SO school",
       "assumption: the thuiszitterspact's 3-month norm ([AMF-2021]) as the moment to act",
       "assumption: half of them ready for a very intensive restart; [AIJ-2024] gives no figure",
       "[AIJ-2024], an arrangement for pupils who have dropped out (absence)"});
}

void keys(LeverKeys& k, lv::SboJeugdzorg& l) {
  arrangement_keys(
      k, l,
      {"the SBO-plus-jeugdzorg places",
       "assumption: about the OZA pilot's 8-10 children a year in SBO schools ([UW-2016])",
       "assumption: half a year of dagbesteding before education is tried again",
       "assumption: the part of the children in care and dagbesteding that can grow towards education "
       "([AIJ-2024] names the group, not its size)",
       "[AIJ-2024], children who grow from care and dagbesteding towards education"});
}

void keys(LeverKeys& k, lv::DagbestedingAgreements& l) {
  k.string("provision", l.provision, "the dagbesteding provision");
  k.string("return_to", l.return_to, "the destination that counts as return to school");
  k.number("return_to_school_increase", l.return_to_school_increase,
           "added to the share leaving to return_to; the other destinations give it up in proportion", 0.0,
           1.0,
           "assumption: the sources report too little outflow back to school, not the effect of agreements");
  k.number("duration_multiplier", l.duration_multiplier, "multiplier on the time in dagbesteding", 0.0, 10.0,
           "assumption");
  k.number("extra_per_pupil_day", l.extra_per_pupil_day, "euros per pupil-day for education in dagbesteding",
           0.0, INF, "assumption: one teacher (EUR 75,000) per 14 pupils");
  lever_payers(k, l.payers, "assumption: education pays the teachers");
}

void keys(LeverKeys& k, lv::Structuurgroepen& l) {
  k.string("provision", l.provision, "the structuurgroep provision");
  k.integer("extra_groups", l.extra_groups, "groups added", 0, 1000, "assumption");
  k.integer("group_size", l.group_size, "places per group", 1, 100,
            "assumption: as the baseline's three groups of eight");
  k.string("sbo_provision", l.sbo_provision, "the SBO provision");
  k.number("sbo_diversion", l.sbo_diversion,
           "share of primary-age onset referrals to SBO that go to a structuurgroep instead", 0.0, 1.0,
           "assumption: [AIJ-2024] describes prevention of referral, not its size");
}

void keys(LeverKeys& k, lv::Cluster4Groups& l) {
  k.string("provision", l.provision, "the cluster-4 provision");
  k.integer("extra_groups", l.extra_groups, "groups added", 0, 1000,
            "[MH-2024], cluster-4 groups started in SBO (maybe 2); 5-10 primary pupils cannot be placed");
  k.integer("group_size", l.group_size, "places per group", 1, 100, "assumption: a small cluster-4 group");
  k.number("startup", l.startup, "one-off start-up euros added to the provision", 0.0, INF, "assumption");
}

void keys(LeverKeys& k, lv::VrijstellingReview& l) {
  k.number("after_years", l.after_years, "years between reviews", 0.0, 20.0,
           "[MH-2024] pilot, review after 2 years");
  k.number("return_share", l.return_share, "share of reviewed exemptions that end with a route back", 0.0,
           1.0, "assumption");
  k.strings("return_to", l.return_to, "destinations of those routes back");
  k.numbers("return_p", l.return_p, "share of each return_to destination; sums to 1", 0.0, 1.0,
            "assumption: mostly special education");
}

void keys(LeverKeys& k, lv::WaitingListPriority& l) {
  k.queue_rule(
      "rule", l.rule,
      "fifo; severity (most severe first); time_at_home (longest total time at home first); norm_first "
      "(pupils at home first, longest home spell first, before the thuiszitterspact 3-month norm is "
      "breached)",
      "[AMF-2021], thuiszitterspact norm of 3 months");
  k.strings("provisions", l.provisions, "provisions it applies to; empty = all");
}

void keys(LeverKeys& k, lv::TrendRamp& l) {
  k.integer("from_year", l.from_year, "last school year at the old level", 1900, 2200,
            "[MH-2024], 2019 figures");
  k.integer("to_year", l.to_year, "school year the rise is complete", 1900, 2200, "[MH-2024], 2022 figures");
  k.number("incidence_growth", l.incidence_growth,
           "relative rise in onset incidence by to_year (0.33 = +33%)", -1.0, 100.0,
           "[MH-2024], VO risicoleerlingen +33%");
  k.number("absence_months_from", l.absence_months_from, "mean registered absence at from_year, months", 0.0,
           1000.0, "[MH-2024], 11 months in 2019");
  k.number("absence_months_to", l.absence_months_to, "mean registered absence at to_year, months", 0.0,
           1000.0, "[MH-2024], 15 months in 2022");
  k.number("growth_per_year_after", l.growth_per_year_after,
           "yearly incidence growth after to_year, compounded", -1.0, 10.0,
           "assumption: the rise stops (set e.g. 0.11 to let it go on)");
  k.settings("duration_settings", l.duration_settings, model::RULED_FREE_SETTINGS,
             "settings whose durations stretch with the absence ratio",
             "assumption: registered absence is the risicoleerling spell");
}

// The `enabled` help of the levers that are off unless a scenario switches them on.
std::string enabled_help(std::string_view lever) {
  if (lever == "oov_length") return "lengthen the OOV trajectory";
  if (lever == "jos")
    return "JOS, jeugdhulp op school: youth workers in every VO school with a caseload and a waiting list of "
           "their own; at a VO pupil's onset a free place takes the case and may deal with it in school";
  if (lever == "mdo_escalation")
    return "the overkoepelend MDO ([MH-2024]): an absence episode that reaches after_days is discussed once; "
           "its remaining spell is shortened, a pupil waiting with education on hold gets an education route "
           "beside the wait, and more of its moves out of absence go back to school. No queue priority";
  if (lever == "ret")
    return "the RET, Regionaal Expertise Team (doorzettingsmacht, [KW-AKKOORD]): a case stuck after_days is "
           "escalated and, while the year's places last, gets a bespoke place outside every provision's "
           "capacity (setting maatwerk), then goes on as to/p say";
  if (lever == "oza")
    return "integraal arrangeren / onderwijszorgarrangement ([UW-2016]): places of combined education and "
           "care in the provision named by provision; part of the onsets that would go to absence are "
           "referred there, stay in school during the assessment_weeks application term, then take a place "
           "(or, with none free, go to the provision's fallback). No priority on other lists";
  if (lever == "herstart")
    return "Herstart ([AIJ-2024]): a very intensive, short education-care arrangement with an SO school; a "
           "pupil "
           "of the provision's target group still absent after referral_after_days is referred with "
           "probability referral_share and takes a free place (no place: stays where it is)";
  if (lever == "sbo_jeugdzorg")
    return "SBO plus jeugdzorg ([AIJ-2024], [UW-2016]): SBO places with youth care in the school for primary "
           "pupils growing from dagbesteding towards education; a pupil still in referral_from after "
           "referral_after_days is referred with probability referral_share and takes a free place";
  if (lever == "dagbesteding_agreements")
    return "agreements with dagbesteding providers and education in dagbesteding";
  if (lever == "structuurgroepen")
    return "more structuurgroepen in regular primary schools, preventing SBO referrals";
  if (lever == "cluster4_groups") return "extra cluster-4 (SO/VSO) groups";
  if (lever == "vrijstelling_review")
    return "review every vrijstelling 5a after after_years, looking for a route back into education. The "
           "model "
           "renews exemptions without remembering their age, so the review is spread over the renewals: a "
           "renewal of "
           "d days carries d / (after_years x 365) of a review";
  if (lever == "waiting_list_priority") return "set the order of waiting lists";
  return "replace [trends] by a ramp: onset incidence and absence durations rise linearly from from_year to "
         "to_year, "
         "then incidence goes on growing by growth_per_year_after. The model has one incidence multiplier "
         "for both "
         "levels; the [MH-2024] figure is for VO, where most onsets are";
}

// A lever that is off unless switched on: `enabled` plus its keys, read into `slot` when enabled. A disabled
// section is still read and checked.
// Every lever's start: the school year its effect and its cost begin, and the years they take to phase in.
template <class Lever>
void start_year(LeverKeys& k, Lever& l) {
  k.integer(
      "start_year", l.start_year,
      "first school year (its 1 August) the lever acts, in effect and cost alike; before it the run is the "
      "run without the lever, event for event; 0 = from the start of the simulation",
      0, 2200, "scenario choice: the year the decision takes effect");
  k.integer("ramp_years", l.ramp_years,
            "school years over which the lever's effect and cost phase in linearly from start_year: "
            "1/ramp_years of it in the start year, all of it from the ramp's last year on; 0 or 1 = at once. "
            "Levers that cannot act in part (a queue rule, the trend ramp) accept only "
            "0 or 1",
            0, 50, "scenario choice: how fast places, staff and working agreements are built up");
}

template <class Lever>
void optional_lever(LeverKeys& k, std::optional<Lever>& slot) {
  bool enabled = false;
  enabled_key(k, enabled, enabled_help(Lever::NAME));
  Lever lever;
  start_year(k, lever);
  keys(k, lever);
  if constexpr (requires { lv::check(lever); }) lv::check(lever);
  if (enabled) slot = std::move(lever);
}

// Every section, in the order `--help-keys` lists them.
template <class Keys>
void all_levers(Keys make, lv::Interventions& levers) {
  {
    LeverKeys k = make(lv::Opbouwarrangement::NAME);
    start_year(k, levers.opbouwarrangement);
    keys(k, levers.opbouwarrangement);
    lv::check(levers.opbouwarrangement);
  }
  const auto optional = [&make](auto& slot) {
    using Lever = typename std::remove_reference_t<decltype(slot)>::value_type;
    LeverKeys k = make(Lever::NAME);
    optional_lever(k, slot);
  };
  optional(levers.oov_length);
  optional(levers.jos);
  optional(levers.mdo_escalation);
  optional(levers.ret);
  optional(levers.oza);
  optional(levers.herstart);
  optional(levers.sbo_jeugdzorg);
  optional(levers.dagbesteding_agreements);
  optional(levers.structuurgroepen);
  optional(levers.cluster4_groups);
  optional(levers.vrijstelling_review);
  optional(levers.waiting_list_priority);
  optional(levers.trends);
}

// A lever's complaint, at the line of the key it is about.
[[noreturn]] void fail_at_key(const params::KeyReader& reader, const lv::LeverError& e) {
  std::string found = e.found();
  if (!e.valid().empty() && found.size() > 2 && found.front() == '\'' && found.back() == '\'')
    if (const auto guess = params::closest_match(found.substr(1, found.size() - 2), e.valid()))
      found += " (did you mean '" + *guess + "'?)";
  // No lever: the field is a whole scenario key (a provision value the lever's change does not fit).
  reader.fail(e.lever().empty() ? e.field() : key_of(e.lever(), e.field()), e.expected(), found);
}

}  // namespace

void add_intervention_keys(params::KeyTable& table) {
  lv::Interventions defaults;
  all_levers([&table](std::string_view lever) { return LeverKeys(table, section_of(lever)); }, defaults);
}

lv::Interventions read_interventions(params::KeyReader& reader) {
  lv::Interventions levers;
  try {
    all_levers([&reader](std::string_view lever) { return LeverKeys(reader, section_of(lever)); }, levers);
  } catch (const lv::LeverError& e) {
    fail_at_key(reader, e);
  }
  return levers;
}

void apply_interventions(params::KeyReader& reader, model::ScenarioConfig& config) {
  const lv::Interventions levers = read_interventions(reader);
  try {
    lv::apply(levers, config);
  } catch (const lv::LeverError& e) {
    fail_at_key(reader, e);
  }
}

std::optional<ProvisionOwner> lever_owning_provision(params::KeyReader& reader, std::string_view provision) {
  const std::string key = key_of(lv::Opbouwarrangement::NAME, "provision");
  if (reader.string(key) != provision) return std::nullopt;
  ProvisionOwner owner{"[interventions." + std::string(lv::Opbouwarrangement::NAME) + "]", {}};
  for (const char* field : lv::OPBOUWARRANGEMENT_OWNED_FIELDS) owner.fields.emplace_back(field);
  return owner;
}

bool set_by_lever(const params::KeyReader& reader, const std::optional<ProvisionOwner>& owner,
                  std::string_view provision, std::string_view field) {
  if (!owner || std::find(owner->fields.begin(), owner->fields.end(), field) == owner->fields.end())
    return false;
  const std::string key = "provisions." + std::string(provision) + "." + std::string(field);
  if (reader.present(key))
    throw params::InputError::with_key(reader.location(key), key,
                                       "key '" + key + "' is set by " + owner->section + "; set it there");
  return true;
}

}  // namespace ozsim::scenario
