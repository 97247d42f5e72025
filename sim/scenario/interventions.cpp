#include "sim/scenario/interventions.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace ozsim::scenario {
namespace {

using model::Destination;
using model::Level;
using model::Profile;
using model::RuleRow;
using model::ScenarioConfig;
using model::Setting;

constexpr double INF = std::numeric_limits<double>::infinity();
constexpr double DAYS_PER_YEAR = 365.0;

std::string key_of(std::string_view lever, std::string_view field) {
  return "interventions." + std::string(lever) + "." + std::string(field);
}

void add(params::KeyTable& table, std::string_view lever, std::string_view field, params::KeyType type, std::string help,
         std::optional<std::string> default_text, double min = -INF, double max = INF, std::string source = {},
         std::vector<std::string> choices = {}) {
  table.declare(key_of(lever, field), type, std::move(help), std::move(default_text), min, max, std::move(source),
                std::move(choices));
}

void add_enabled(params::KeyTable& table, std::string_view lever, std::string help) {
  add(table, lever, "enabled", params::KeyType::Boolean, std::move(help), "false", -INF, INF,
      "baseline: off; the scenarios in scenarios/ switch one lever on each");
}

void add_payers(params::KeyTable& table, std::string_view lever, std::string_view field, std::string default_split,
                std::string source) {
  add(table, lever, std::string(field) + ".*", params::KeyType::Number,
      "share of the cost paid by this payer; shares sum to 1; absent = " + default_split, std::nullopt, 0.0, 1.0,
      std::move(source));
}

// ---------------------------------------------------------------- lookups with precise messages

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out;
}

std::vector<std::string> provision_names(const ScenarioConfig& c) {
  std::vector<std::string> names;
  for (const model::ProvisionConfig& pc : c.provisions) names.push_back(pc.name);
  return names;
}

std::string found_name(const std::string& name, const std::vector<std::string>& valid) {
  std::string found = "'" + name + "'";
  if (const auto guess = params::closest_match(name, valid)) found += " (did you mean '" + *guess + "'?)";
  return found;
}

std::size_t provision_named(const params::KeyReader& reader, const ScenarioConfig& c, const std::string& key,
                            const std::string& name) {
  const int k = c.provision_index(name);
  if (k >= 0) return static_cast<std::size_t>(k);
  const std::vector<std::string> valid = provision_names(c);
  reader.fail(key, "a provision of this scenario (" + join(valid) + ")", found_name(name, valid));
}

model::FreeSettingRules& free_setting_named(const params::KeyReader& reader, ScenarioConfig& c, const std::string& key,
                                            const std::string& name) {
  std::vector<std::string> valid;
  for (model::FreeSettingRules& f : c.free_settings) {
    if (name == model::setting_name(f.setting)) return f;
    valid.emplace_back(model::setting_name(f.setting));
  }
  reader.fail(key, "a free setting with rules (" + join(valid) + ")", found_name(name, valid));
}

Destination destination_named(const params::KeyReader& reader, const ScenarioConfig& c, const std::string& key,
                              const std::string& name) {
  const int k = c.provision_index(name);
  if (k >= 0) return {Destination::Type::Provision, static_cast<std::uint16_t>(k)};
  if (const auto s = model::setting_from_name(name);
      s && model::is_free_setting(*s) && *s != Setting::Exited)
    return {Destination::Type::Setting, static_cast<std::uint16_t>(*s)};
  if (name.rfind("exit_", 0) == 0)
    if (const auto r = model::exit_reason_from_name(name.substr(5)))
      return {Destination::Type::Exit, static_cast<std::uint16_t>(*r)};
  std::vector<std::string> valid = provision_names(c);
  for (const char* s : {"attending", "risicoleerling", "thuiszitter", "absoluut_verzuim", "vrijstelling_5a"})
    valid.emplace_back(s);
  reader.fail(key, "a provision, free setting or exit (" + join(valid) + ")", found_name(name, valid));
}

std::vector<model::PayerShare> read_payers(params::KeyReader& reader, const std::string& prefix,
                                           std::vector<model::PayerShare> fallback) {
  std::vector<model::PayerShare> payers;
  double sum = 0.0;
  std::string last;
  for (const std::string& payer : reader.child_names(prefix)) {
    last = prefix + "." + payer;
    payers.push_back({payer, reader.number(last)});
    sum += payers.back().share;
  }
  if (payers.empty()) return fallback;
  if (std::abs(sum - 1.0) > 1e-6) reader.fail(last, "payer shares summing to 1", "a sum of " + params::format_number(sum));
  return payers;
}

// Payer shares of a sum of two costs, weighted by the euros each contributes.
std::vector<model::PayerShare> merge_payers(const std::vector<model::PayerShare>& a, double euros_a,
                                            const std::vector<model::PayerShare>& b, double euros_b) {
  const double total = euros_a + euros_b;
  if (total <= 0.0) return a.empty() ? b : a;
  std::vector<model::PayerShare> out;
  const auto add_share = [&out](const std::string& payer, double share) {
    for (model::PayerShare& existing : out)
      if (existing.payer == payer) {
        existing.share += share;
        return;
      }
    out.push_back({payer, share});
  };
  for (const model::PayerShare& p : a) add_share(p.payer, p.share * euros_a / total);
  for (const model::PayerShare& p : b) add_share(p.payer, p.share * euros_b / total);
  return out;
}

// ---------------------------------------------------------------- rule rows

bool is_destination(const Destination& d, const Destination& target) { return d == target; }

// Adds probability to a destination of the row, appending it if new.
void add_probability(RuleRow& row, const Destination& to, double amount) {
  if (amount == 0.0) return;
  for (std::size_t i = 0; i < row.to.size(); ++i)
    if (row.to[i] == to) {
      row.probability[i] += amount;
      return;
    }
  row.to.push_back(to);
  row.probability.push_back(amount);
}

// Moves `share` of the probability on every destination `from` accepts to `to` (added or appended).
void move_mass(RuleRow& row, const std::function<bool(const Destination&)>& from, const Destination& to,
               double share) {
  double moved = 0.0;
  for (std::size_t i = 0; i < row.to.size(); ++i) {
    if (row.to[i] == to || !from(row.to[i])) continue;
    moved += row.probability[i] * share;
    row.probability[i] *= 1.0 - share;
  }
  add_probability(row, to, moved);
}

// Applies `change` to what pupils of (level, profile) get from `rows`, leaving every other pupil's
// rule as it was: a row that also matches others gets a copy restricted to (level, profile) placed
// just before it, so the first-match order is kept for everyone. nullopt = any.
void specialise(std::vector<RuleRow>& rows, std::optional<Level> level, std::optional<Profile> profile,
                const std::function<void(RuleRow&)>& change) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const RuleRow& row = rows[i];
    if (level && row.level && *row.level != *level) continue;
    if (profile && row.profile && *row.profile != *profile) continue;
    const bool exact = (!level || row.level == level) && (!profile || row.profile == profile);
    if (exact) {
      change(rows[i]);
      continue;
    }
    RuleRow copy = row;
    if (level) copy.level = level;
    if (profile) copy.profile = profile;
    change(copy);
    if (copy.to == row.to && copy.probability == row.probability) continue;  // nothing changes: no copy needed
    rows.insert(rows.begin() + static_cast<std::ptrdiff_t>(i), std::move(copy));
    ++i;  // skip the original, now one further on
  }
}

template <class T>
std::vector<std::optional<T>> any_or(const std::vector<T>& values) {
  if (values.empty()) return {std::nullopt};
  return {values.begin(), values.end()};
}

// ---------------------------------------------------------------- the levers

// opbouwarrangement ----------------------------------------------------------
constexpr const char* OPBOUW = "opbouwarrangement";

void add_opbouwarrangement(params::KeyTable& t) {
  const char* L = OPBOUW;
  add_enabled(t, L, "fund the opbouwarrangement: sets its places, rules and cost and refers part of its target group to it");
  add(t, L, "provision", params::KeyType::String, "the provision that is the opbouwarrangement", "\"opbouwarrangement\"");
  add(t, L, "locations", params::KeyType::Integer, "locations", "2", 0, 50,
      "midden-holland bijlage 3, Gouda and Alphen a/d Rijn");
  add(t, L, "places_per_location", params::KeyType::Integer, "pupils per location at once", "15", 0, 500,
      "midden-holland bijlage 3, 10-15 pupils per location");
  add(t, L, "duration", params::KeyType::Distribution, "days in the arrangement, building up from no education to 2 hours a day",
      "{ dist = \"uniform\", low = 182, high = 365 }", -INF, INF, "midden-holland bijlage 3, 6-12 months");
  add(t, L, "follow_on", params::KeyType::String,
      "where most pupils go next, and where a pupil goes when the arrangement is full (no waiting list)", "\"oov\"",
      -INF, INF, "midden-holland bijlage 3, then 6 more months in the regular OOV trajectory");
  add(t, L, "to_follow_on", params::KeyType::Number, "share going on to follow_on afterwards", "0.8", 0.0, 1.0,
      "assumption: most complete the build-up and continue in the OOV");
  add(t, L, "to_attending", params::KeyType::Number, "share returning to school directly afterwards", "0.1", 0.0, 1.0,
      "assumption");
  add(t, L, "to_dagbesteding", params::KeyType::Number,
      "share going to the provision named dagbesteding afterwards; the three shares sum to 1", "0.1", 0.0, 1.0,
      "assumption");
  add(t, L, "eligible_levels", params::KeyType::StringList, "levels admitted", "[\"vo\"]", -INF, INF,
      "midden-holland bijlage 3, VO pupils", {"po", "vo"});
  add(t, L, "eligible_profiles", params::KeyType::StringList, "profiles admitted", "[\"internalising\"]", -INF, INF,
      "midden-holland bijlage 3, internalising problems (anxiety, depression, ASD)",
      {"none", "internalising", "externalising", "medical"});
  add(t, L, "referral_from", params::KeyType::StringList,
      "free settings whose leavers of the target group (eligible levels x profiles) are referred", "[\"risicoleerling\", "
      "\"thuiszitter\"]",
      -INF, INF, "midden-holland bijlage 3, target group has much absence",
      {"risicoleerling", "thuiszitter", "absoluut_verzuim", "vrijstelling_5a"});
  add(t, L, "divert_from", params::KeyType::StringList,
      "destinations of those settings whose target-group share moves to the arrangement", "[\"oov\", \"dagbesteding\"]",
      -INF, INF, "assumption: without it the target group goes to the (too short) OOV or to dagbesteding");
  add(t, L, "referral_share", params::KeyType::Number,
      "share of the target group's moves to divert_from that go to the arrangement instead", "0.5", 0.0, 1.0,
      "assumption: about half are motivated and have an education prognosis");
  add(t, L, "max_queue", params::KeyType::Integer, "waiting list length; 0 = none (a full arrangement sends pupils to follow_on)",
      "0", 0, 1e6, "assumption");
  add(t, L, "annual_cost", params::KeyType::Number, "yearly cost of cost_places places, paid whether used or not", "631000",
      0.0, INF, "midden-holland bijlage 3, EUR 631,000 a year for 2 locations");
  add(t, L, "cost_places", params::KeyType::Integer, "places annual_cost pays for; cost per place-year = annual_cost / cost_places",
      "30", 1, 1e6, "midden-holland bijlage 3, EUR 21,000 per pupil at 30 pupils");
  add(t, L, "startup", params::KeyType::Number, "one-off start-up euros", "0", 0.0, INF, "assumption: none in the seeds");
  add_payers(t, L, "payers", "swv 0.4, school 0.2, gemeente 0.4",
             "assumption: the seeds say SWV, schools and municipalities fund it together, not the split");
}

void apply_opbouwarrangement(params::KeyReader& r, ScenarioConfig& c) {
  const char* L = OPBOUW;
  const bool enabled = r.boolean(key_of(L, "enabled"));
  const std::string provision = r.string(key_of(L, "provision"));
  const std::int64_t locations = r.integer(key_of(L, "locations"));
  const std::int64_t per_location = r.integer(key_of(L, "places_per_location"));
  const engine::Distribution duration = r.distribution(key_of(L, "duration"));
  const std::string follow_on = r.string(key_of(L, "follow_on"));
  const std::vector<double> shares = {r.number(key_of(L, "to_follow_on")), r.number(key_of(L, "to_attending")),
                                      r.number(key_of(L, "to_dagbesteding"))};
  const std::vector<std::string> level_names = r.string_list(key_of(L, "eligible_levels"));
  const std::vector<std::string> profile_names = r.string_list(key_of(L, "eligible_profiles"));
  const std::vector<std::string> from_settings = r.string_list(key_of(L, "referral_from"));
  const std::vector<std::string> divert = r.string_list(key_of(L, "divert_from"));
  const double referral_share = r.number(key_of(L, "referral_share"));
  const std::int64_t max_queue = r.integer(key_of(L, "max_queue"));
  const double annual_cost = r.number(key_of(L, "annual_cost"));
  const std::int64_t cost_places = r.integer(key_of(L, "cost_places"));
  const double startup = r.number(key_of(L, "startup"));
  const auto payers = read_payers(r, key_of(L, "payers"), {{"swv", 0.4}, {"school", 0.2}, {"gemeente", 0.4}});
  const double share_sum = shares[0] + shares[1] + shares[2];
  if (std::abs(share_sum - 1.0) > 1e-6)
    r.fail(key_of(L, "to_dagbesteding"), "to_follow_on + to_attending + to_dagbesteding summing to 1",
           "a sum of " + params::format_number(share_sum));
  if (!enabled) return;

  const std::size_t k = provision_named(r, c, key_of(L, "provision"), provision);
  const Destination self{Destination::Type::Provision, static_cast<std::uint16_t>(k)};
  const Destination next = destination_named(r, c, key_of(L, "follow_on"), follow_on);
  if (next == self) r.fail(key_of(L, "follow_on"), "a destination other than the arrangement itself", "'" + follow_on + "'");
  const Destination attending{Destination::Type::Setting, static_cast<std::uint16_t>(Setting::Attending)};
  const Destination dagbesteding = destination_named(r, c, key_of(L, "to_dagbesteding"), "dagbesteding");
  std::vector<Destination> diverted;
  for (const std::string& name : divert) diverted.push_back(destination_named(r, c, key_of(L, "divert_from"), name));

  model::ProvisionConfig& pc = c.provisions[k];
  pc.capacity = locations * per_location;
  pc.capacity_changes.clear();
  pc.max_queue = static_cast<std::size_t>(max_queue);
  pc.fallback = {next};
  pc.eligible_levels.clear();
  for (const std::string& n : level_names) pc.eligible_levels.push_back(*model::level_from_name(n));
  pc.eligible_profiles.clear();
  for (const std::string& n : profile_names) pc.eligible_profiles.push_back(*model::profile_from_name(n));
  RuleRow row;
  row.duration = duration;
  row.to = {next, attending, dagbesteding};
  row.probability = shares;
  pc.rules = {std::move(row)};
  pc.cost = {};
  pc.cost.per_place_year = annual_cost / static_cast<double>(cost_places);
  pc.cost.startup = startup;
  pc.cost.payers = payers;

  const auto from = [&diverted](const Destination& d) {
    return std::find(diverted.begin(), diverted.end(), d) != diverted.end();
  };
  for (const std::string& name : from_settings) {
    model::FreeSettingRules& f = free_setting_named(r, c, key_of(L, "referral_from"), name);
    for (const auto level : any_or(pc.eligible_levels))
      for (const auto profile : any_or(pc.eligible_profiles))
        specialise(f.rules, level, profile, [&](RuleRow& target) { move_mass(target, from, self, referral_share); });
  }
}

// oov_length -----------------------------------------------------------------
void add_oov_length(params::KeyTable& t) {
  const char* L = "oov_length";
  add_enabled(t, L, "lengthen the OOV trajectory");
  add(t, L, "provision", params::KeyType::String, "the OOV provision", "\"oov\"");
  add(t, L, "months", params::KeyType::Number, "new trajectory length in months", "12", 0.0, 120.0, "issue 4, 6 -> 12 months",
      {});
  add(t, L, "baseline_months", params::KeyType::Number,
      "trajectory length the scenario's OOV durations represent; durations are scaled by months / baseline_months", "6",
      0.0, 120.0, "midden-holland, a 6-month trajectory");
  add(t, L, "dagbesteding_multiplier", params::KeyType::Number,
      "multiplier on the OOV -> dagbesteding share; the share taken away goes to gain_to", "0.5", 0.0, 1.0,
      "assumption: midden-holland says the 6 youths of 2022-23 went to dagbesteding because 6 months was too short; "
      "half of that outflow is taken to be due to the length");
  add(t, L, "gain_to", params::KeyType::String, "where the pupils no longer sent to dagbesteding go", "\"attending\"", -INF, INF,
      "assumption");
  add(t, L, "capacity", params::KeyType::Integer, "new OOV places; absent = unchanged (longer stays then mean fewer admissions)",
      std::nullopt, 0, 1e6);
}

void apply_oov_length(params::KeyReader& r, ScenarioConfig& c) {
  const char* L = "oov_length";
  const bool enabled = r.boolean(key_of(L, "enabled"));
  const std::string provision = r.string(key_of(L, "provision"));
  const double months = r.number(key_of(L, "months"));
  const double baseline = r.number(key_of(L, "baseline_months"));
  const double multiplier = r.number(key_of(L, "dagbesteding_multiplier"));
  const std::string gain_to = r.string(key_of(L, "gain_to"));
  std::optional<std::int64_t> capacity;
  if (r.present(key_of(L, "capacity"))) capacity = r.integer(key_of(L, "capacity"));
  if (baseline <= 0.0) r.fail(key_of(L, "baseline_months"), "a number > 0", params::format_number(baseline));
  if (!enabled) return;
  const std::size_t k = provision_named(r, c, key_of(L, "provision"), provision);
  const Destination gain = destination_named(r, c, key_of(L, "gain_to"), gain_to);
  const Destination dagbesteding = destination_named(r, c, key_of(L, "dagbesteding_multiplier"), "dagbesteding");
  model::ProvisionConfig& pc = c.provisions[k];
  for (RuleRow& row : pc.rules) {
    row.duration = row.duration.scaled(months / baseline);
    move_mass(row, [&](const Destination& d) { return is_destination(d, dagbesteding); }, gain, 1.0 - multiplier);
  }
  if (capacity) {
    const std::int64_t extra = *capacity - pc.capacity;
    pc.capacity = *capacity;
    for (model::CapacityChange& change : pc.capacity_changes) change.capacity = std::max<std::int64_t>(0, change.capacity + extra);
  }
}

// jos ------------------------------------------------------------------------
// Pupils of VO age in the initial population: the bands are spread evenly over their ages.
double vo_pupils(const ScenarioConfig& c) {
  double n = 0.0;
  for (const model::AgeGroup& g : c.population.initial) {
    const double overlap = std::min(g.age_to, c.population.max_age) - std::max(g.age_from, c.population.po_vo_age);
    if (overlap > 0.0) n += static_cast<double>(g.count) * overlap / (g.age_to - g.age_from);
  }
  return n;
}

void add_jos(params::KeyTable& t) {
  const char* L = "jos";
  add_enabled(t, L, "JOS, jeugdhulp op school: preventive youth care in every VO school");
  add(t, L, "vo_hazard_multiplier", params::KeyType::Number, "multiplier on the VO onset hazard (problems starting)", "0.9",
      0.0, 10.0, "assumption: the seeds give no effect size; 10% fewer onsets");
  add(t, L, "po_hazard_multiplier", params::KeyType::Number, "multiplier on the PO onset hazard", "1", 0.0, 10.0,
      "domain.md, JOS in every VO school");
  add(t, L, "per_vo_pupil_year", params::KeyType::Number,
      "euros per VO pupil per year; VO pupils are counted in population.initial (ages po_vo_age..max_age)", "70", 0.0,
      INF, "assumption: about one youth worker (EUR 70,000) per 1,000 VO pupils");
  add(t, L, "per_year", params::KeyType::Number, "fixed euros per year on top", "0", 0.0, INF, "assumption");
  add(t, L, "first_year", params::KeyType::Integer, "first school year paid; 0 = every year", "0", 0, 2200);
  add_payers(t, L, "payers", "gemeente 0.8, school 0.2",
             "domain.md, JOS funded 80% by municipalities, 20% by education");
}

void apply_jos(params::KeyReader& r, ScenarioConfig& c) {
  const char* L = "jos";
  const bool enabled = r.boolean(key_of(L, "enabled"));
  const double vo = r.number(key_of(L, "vo_hazard_multiplier"));
  const double po = r.number(key_of(L, "po_hazard_multiplier"));
  const double per_pupil = r.number(key_of(L, "per_vo_pupil_year"));
  const double per_year = r.number(key_of(L, "per_year"));
  const auto first_year = static_cast<int>(r.integer(key_of(L, "first_year")));
  const auto payers = read_payers(r, key_of(L, "payers"), {{"gemeente", 0.8}, {"school", 0.2}});
  if (!enabled) return;
  c.onset.hazard_per_year[static_cast<std::size_t>(Level::Po)] *= po;
  c.onset.hazard_per_year[static_cast<std::size_t>(Level::Vo)] *= vo;
  model::ProgrammeCost programme;
  programme.name = "jos";
  programme.per_year = per_year + per_pupil * vo_pupils(c);
  programme.first_year = first_year;
  programme.payers = payers;
  c.programme_costs.push_back(std::move(programme));
}

// mdo_escalation and oza share the model's escalation -------------------------
// Both give a case waiting at home priority on its waiting lists after some days. When both are on,
// the earlier one triggers, each escalated case costs both, and the payers are weighted by cost.
void add_escalation(ScenarioConfig& c, double after_days, double cost_per_case, const std::vector<model::PayerShare>& payers) {
  model::EscalationConfig& e = c.escalation;
  if (!e.enabled) {
    e = {true, after_days, cost_per_case, payers};
    return;
  }
  e.payers = merge_payers(e.payers, e.cost_per_case, payers, cost_per_case);
  e.after_days = std::min(e.after_days, after_days);
  e.cost_per_case += cost_per_case;
}

void add_mdo_escalation(params::KeyTable& t) {
  const char* L = "mdo_escalation";
  add_enabled(t, L,
              "MDO / RET escalation (doorzettingsmacht): a case at home while waiting this long jumps every waiting "
              "list it is on");
  add(t, L, "after_days", params::KeyType::Number, "days at home while waiting before the case is escalated", "90", 0.0, 3650.0,
      "amersfoort, thuiszitterspact norm of 3 months; krimpenerwaard, escalation to the RET when stuck");
  add(t, L, "cost_per_case", params::KeyType::Number, "euros per escalated case", "1500", 0.0, INF,
      "assumption: an MDO of about 5 professionals for 3 hours with preparation, plus RET follow-up");
  add_payers(t, L, "payers", "gemeente 0.5, swv 0.5", "assumption: municipality and SWV share the MDO/RET");
}

void apply_mdo_escalation(params::KeyReader& r, ScenarioConfig& c) {
  const char* L = "mdo_escalation";
  const bool enabled = r.boolean(key_of(L, "enabled"));
  const double after_days = r.number(key_of(L, "after_days"));
  const double cost = r.number(key_of(L, "cost_per_case"));
  const auto payers = read_payers(r, key_of(L, "payers"), {{"gemeente", 0.5}, {"swv", 0.5}});
  if (enabled) add_escalation(c, after_days, cost, payers);
}

void add_oza(params::KeyTable& t) {
  const char* L = "oza";
  add_enabled(t, L,
              "integraal arrangeren (onderwijszorgarrangement): one plan per child, ready within the assessment term. "
              "The model has no separate assessment step, so the term maps onto what it has: a case at home while "
              "waiting gets its plan after assessment_weeks and from then on goes first on every waiting list it is "
              "on (the escalation mechanism; no places are added). Optionally education goes on while care is "
              "arranged");
  add(t, L, "assessment_weeks", params::KeyType::Number, "weeks from going home while waiting to a plan with priority", "6",
      0.0, 520.0, "utrecht-west, 6-week application term");
  add(t, L, "cost_per_case", params::KeyType::Number, "euros per arranged case", "2000", 0.0, INF,
      "assumption: about 25 hours of a case manager and partners per plan");
  add(t, L, "education_during_care_wait", params::KeyType::Boolean,
      "pupils waiting for care keep their education route (sets rules.care_first = false)", "false", -INF, INF,
      "assumption: the seeds describe the aim, not the size of the effect");
  add_payers(t, L, "payers", "gemeente 0.5, swv 0.5", "assumption: education and care arrange the case together");
}

void apply_oza(params::KeyReader& r, ScenarioConfig& c) {
  const char* L = "oza";
  const bool enabled = r.boolean(key_of(L, "enabled"));
  const double weeks = r.number(key_of(L, "assessment_weeks"));
  const double cost = r.number(key_of(L, "cost_per_case"));
  const bool education = r.boolean(key_of(L, "education_during_care_wait"));
  const auto payers = read_payers(r, key_of(L, "payers"), {{"gemeente", 0.5}, {"swv", 0.5}});
  if (!enabled) return;
  add_escalation(c, weeks * 7.0, cost, payers);
  if (education) c.care_first = false;
}

// dagbesteding_agreements ----------------------------------------------------
void add_dagbesteding_agreements(params::KeyTable& t) {
  const char* L = "dagbesteding_agreements";
  add_enabled(t, L, "agreements with dagbesteding providers and education in dagbesteding");
  add(t, L, "provision", params::KeyType::String, "the dagbesteding provision", "\"dagbesteding\"");
  add(t, L, "return_to", params::KeyType::String, "the destination that counts as return to school", "\"attending\"");
  add(t, L, "return_to_school_increase", params::KeyType::Number,
      "added to the share leaving to return_to; the other destinations give it up in proportion", "0.15", 0.0, 1.0,
      "assumption: the seeds report too little outflow back to school, not the effect of agreements");
  add(t, L, "duration_multiplier", params::KeyType::Number, "multiplier on the time in dagbesteding", "0.85", 0.0, 10.0,
      "assumption");
  add(t, L, "extra_per_pupil_day", params::KeyType::Number, "euros per pupil-day for education in dagbesteding", "15", 0.0, INF,
      "assumption: one teacher (EUR 75,000) per 14 pupils");
  add_payers(t, L, "payers", "swv 1.0", "assumption: education pays the teachers");
}

void apply_dagbesteding_agreements(params::KeyReader& r, ScenarioConfig& c) {
  const char* L = "dagbesteding_agreements";
  const bool enabled = r.boolean(key_of(L, "enabled"));
  const std::string provision = r.string(key_of(L, "provision"));
  const std::string return_to = r.string(key_of(L, "return_to"));
  const double increase = r.number(key_of(L, "return_to_school_increase"));
  const double multiplier = r.number(key_of(L, "duration_multiplier"));
  const double extra = r.number(key_of(L, "extra_per_pupil_day"));
  const auto payers = read_payers(r, key_of(L, "payers"), {{"swv", 1.0}});
  if (!enabled) return;
  const std::size_t k = provision_named(r, c, key_of(L, "provision"), provision);
  const Destination back = destination_named(r, c, key_of(L, "return_to"), return_to);
  model::ProvisionConfig& pc = c.provisions[k];
  for (RuleRow& row : pc.rules) {
    row.duration = row.duration.scaled(multiplier);
    double current = 0.0;
    for (std::size_t i = 0; i < row.to.size(); ++i)
      if (row.to[i] == back) current += row.probability[i];
    const double rest = 1.0 - current;
    if (increase > rest + 1e-12)
      r.fail(key_of(L, "return_to_school_increase"),
             "at most " + params::format_number(rest) + " (the share of " + provision + " not already going to " + return_to + ")",
             params::format_number(increase));
    if (rest > 0.0) move_mass(row, [&](const Destination& d) { return !(d == back); }, back, increase / rest);
  }
  pc.cost.payers = merge_payers(pc.cost.payers, pc.cost.per_pupil_day, payers, extra);
  pc.cost.per_pupil_day += extra;
}

// structuurgroepen -----------------------------------------------------------
void add_structuurgroepen(params::KeyTable& t) {
  const char* L = "structuurgroepen";
  add_enabled(t, L, "more structuurgroepen in regular primary schools, preventing SBO referrals");
  add(t, L, "provision", params::KeyType::String, "the structuurgroep provision", "\"structuurgroep\"");
  add(t, L, "extra_groups", params::KeyType::Integer, "groups added", "2", 0, 1000, "assumption");
  add(t, L, "group_size", params::KeyType::Integer, "places per group", "8", 1, 100,
      "assumption: as the baseline's three groups of eight");
  add(t, L, "sbo_provision", params::KeyType::String, "the SBO provision", "\"sbo\"");
  add(t, L, "sbo_diversion", params::KeyType::Number,
      "share of primary-age onset referrals to SBO that go to a structuurgroep instead", "0.3", 0.0, 1.0,
      "assumption: aan-den-ijssel describes prevention of referral, not its size");
}

void apply_structuurgroepen(params::KeyReader& r, ScenarioConfig& c) {
  const char* L = "structuurgroepen";
  const bool enabled = r.boolean(key_of(L, "enabled"));
  const std::string provision = r.string(key_of(L, "provision"));
  const std::int64_t groups = r.integer(key_of(L, "extra_groups"));
  const std::int64_t size = r.integer(key_of(L, "group_size"));
  const std::string sbo_name = r.string(key_of(L, "sbo_provision"));
  const double diversion = r.number(key_of(L, "sbo_diversion"));
  if (!enabled) return;
  const std::size_t k = provision_named(r, c, key_of(L, "provision"), provision);
  const std::size_t sbo = provision_named(r, c, key_of(L, "sbo_provision"), sbo_name);
  model::ProvisionConfig& pc = c.provisions[k];
  pc.capacity += groups * size;
  for (model::CapacityChange& change : pc.capacity_changes) change.capacity += groups * size;
  const Destination to{Destination::Type::Provision, static_cast<std::uint16_t>(k)};
  const Destination from{Destination::Type::Provision, static_cast<std::uint16_t>(sbo)};
  specialise(c.onset.routes, Level::Po, std::nullopt,
             [&](RuleRow& row) { move_mass(row, [&](const Destination& d) { return d == from; }, to, diversion); });
}

// cluster4_groups ------------------------------------------------------------
void add_cluster4_groups(params::KeyTable& t) {
  const char* L = "cluster4_groups";
  add_enabled(t, L, "extra cluster-4 (SO/VSO) groups");
  add(t, L, "provision", params::KeyType::String, "the cluster-4 provision", "\"so_vso_cluster4\"");
  add(t, L, "extra_groups", params::KeyType::Integer, "groups added", "1", 0, 1000,
      "midden-holland, cluster-4 groups started in SBO (maybe 2); 5-10 primary pupils cannot be placed");
  add(t, L, "group_size", params::KeyType::Integer, "places per group", "10", 1, 100,
      "assumption: a small cluster-4 group");
  add(t, L, "startup", params::KeyType::Number, "one-off start-up euros added to the provision", "0", 0.0, INF, "assumption");
}

void apply_cluster4_groups(params::KeyReader& r, ScenarioConfig& c) {
  const char* L = "cluster4_groups";
  const bool enabled = r.boolean(key_of(L, "enabled"));
  const std::string provision = r.string(key_of(L, "provision"));
  const std::int64_t groups = r.integer(key_of(L, "extra_groups"));
  const std::int64_t size = r.integer(key_of(L, "group_size"));
  const double startup = r.number(key_of(L, "startup"));
  if (!enabled) return;
  model::ProvisionConfig& pc = c.provisions[provision_named(r, c, key_of(L, "provision"), provision)];
  pc.capacity += groups * size;
  for (model::CapacityChange& change : pc.capacity_changes) change.capacity += groups * size;
  if (startup > 0.0) {
    if (pc.cost.payers.empty())
      r.fail(key_of(L, "startup"), "a provision with cost payers to book the start-up cost to", "none");
    pc.cost.startup += startup;
  }
}

// vrijstelling_review --------------------------------------------------------
void add_vrijstelling_review(params::KeyTable& t) {
  const char* L = "vrijstelling_review";
  add_enabled(t, L,
              "review every vrijstelling 5a after after_years, looking for a route back into education. The model "
              "renews exemptions without remembering their age, so the review is spread over the renewals: a "
              "renewal of d days carries d / (after_years x 365) of a review");
  add(t, L, "after_years", params::KeyType::Number, "years between reviews", "2", 0.0, 20.0,
      "midden-holland pilot, review after 2 years");
  add(t, L, "return_share", params::KeyType::Number, "share of reviewed exemptions that end with a route back", "0.25", 0.0,
      1.0, "assumption");
  add(t, L, "return_to", params::KeyType::StringList, "destinations of those routes back", "[\"so_cluster3\", \"attending\"]");
  add(t, L, "return_p", params::KeyType::NumberList, "share of each return_to destination; sums to 1", "[0.6, 0.4]", 0.0, 1.0,
      "assumption: mostly special education");
}

void apply_vrijstelling_review(params::KeyReader& r, ScenarioConfig& c) {
  const char* L = "vrijstelling_review";
  const bool enabled = r.boolean(key_of(L, "enabled"));
  const double after_years = r.number(key_of(L, "after_years"));
  const double share = r.number(key_of(L, "return_share"));
  const std::vector<std::string> to_names = r.string_list(key_of(L, "return_to"));
  const std::vector<double> p = r.number_list(key_of(L, "return_p"));
  if (after_years <= 0.0) r.fail(key_of(L, "after_years"), "a number > 0", params::format_number(after_years));
  if (to_names.empty()) r.fail(key_of(L, "return_to"), "at least one destination", "an empty list");
  if (p.size() != to_names.size())
    r.fail(key_of(L, "return_p"), std::to_string(to_names.size()) + " shares, one per return_to destination",
           std::to_string(p.size()));
  double sum = 0.0;
  for (double x : p) sum += x;
  if (std::abs(sum - 1.0) > 1e-6) r.fail(key_of(L, "return_p"), "shares summing to 1", "a sum of " + params::format_number(sum));
  if (!enabled) return;
  const Destination self{Destination::Type::Setting, static_cast<std::uint16_t>(Setting::Vrijstelling5a)};
  std::vector<Destination> to;
  for (const std::string& name : to_names) {
    to.push_back(destination_named(r, c, key_of(L, "return_to"), name));
    if (to.back() == self) r.fail(key_of(L, "return_to"), "destinations out of vrijstelling_5a", "'vrijstelling_5a'");
  }
  model::FreeSettingRules& f = free_setting_named(r, c, key_of(L, "enabled"), "vrijstelling_5a");
  for (RuleRow& row : f.rules) {
    const double reviewed = std::min(1.0, row.duration.mean() / (after_years * DAYS_PER_YEAR));
    for (std::size_t i = 0; i < row.to.size(); ++i) {
      if (!(row.to[i] == self)) continue;
      const double moved = row.probability[i] * share * reviewed;
      row.probability[i] -= moved;
      for (std::size_t j = 0; j < to.size(); ++j) add_probability(row, to[j], moved * p[j]);
    }
  }
}

// waiting_list_priority ------------------------------------------------------
void add_waiting_list_priority(params::KeyTable& t) {
  const char* L = "waiting_list_priority";
  add_enabled(t, L, "set the order of waiting lists");
  add(t, L, "rule", params::KeyType::Choice,
      "fifo; severity (most severe first); time_at_home (longest total time at home first); norm_first (pupils at "
      "home first, longest home spell first, before the thuiszitterspact 3-month norm is breached)",
      "\"norm_first\"", -INF, INF, "amersfoort, thuiszitterspact norm of 3 months",
      {"fifo", "severity", "time_at_home", "norm_first"});
  add(t, L, "provisions", params::KeyType::StringList, "provisions it applies to; empty = all", "[]");
}

void apply_waiting_list_priority(params::KeyReader& r, ScenarioConfig& c) {
  const char* L = "waiting_list_priority";
  const bool enabled = r.boolean(key_of(L, "enabled"));
  const model::QueueRule rule = *model::queue_rule_from_name(r.choice(key_of(L, "rule")));
  const std::vector<std::string> names = r.string_list(key_of(L, "provisions"));
  if (!enabled) return;
  if (names.empty()) {
    for (model::ProvisionConfig& pc : c.provisions) pc.queue_rule = rule;
    return;
  }
  for (const std::string& name : names) c.provisions[provision_named(r, c, key_of(L, "provisions"), name)].queue_rule = rule;
}

// trends ---------------------------------------------------------------------
void add_trends(params::KeyTable& t) {
  const char* L = "trends";
  add_enabled(t, L,
              "replace [trends] by a ramp: onset incidence and absence durations rise linearly from from_year to "
              "to_year, then incidence goes on growing by growth_per_year_after. The model has one incidence "
              "multiplier for both levels; the seed figure is for VO, where most onsets are");
  add(t, L, "from_year", params::KeyType::Integer, "last school year at the old level", "2019", 1900, 2200,
      "midden-holland, 2019 figures");
  add(t, L, "to_year", params::KeyType::Integer, "school year the rise is complete", "2022", 1900, 2200,
      "midden-holland, 2022 figures");
  add(t, L, "incidence_growth", params::KeyType::Number, "relative rise in onset incidence by to_year (0.33 = +33%)", "0.33",
      -1.0, 100.0, "midden-holland, VO risicoleerlingen +33%");
  add(t, L, "absence_months_from", params::KeyType::Number, "mean registered absence at from_year, months", "11", 0.0, 1000.0,
      "midden-holland, 11 months in 2019", {});
  add(t, L, "absence_months_to", params::KeyType::Number, "mean registered absence at to_year, months", "15", 0.0, 1000.0,
      "midden-holland, 15 months in 2022");
  add(t, L, "growth_per_year_after", params::KeyType::Number, "yearly incidence growth after to_year, compounded", "0", -1.0,
      10.0, "assumption: the rise stops (set e.g. 0.11 to let it go on)");
  add(t, L, "duration_settings", params::KeyType::StringList, "settings whose durations stretch with the absence ratio",
      "[\"risicoleerling\"]", -INF, INF, "assumption: registered absence is the risicoleerling spell",
      {"risicoleerling", "thuiszitter", "absoluut_verzuim", "vrijstelling_5a"});
}

void apply_trends(params::KeyReader& r, ScenarioConfig& c) {
  const char* L = "trends";
  const bool enabled = r.boolean(key_of(L, "enabled"));
  const auto from = static_cast<int>(r.integer(key_of(L, "from_year")));
  const auto to = static_cast<int>(r.integer(key_of(L, "to_year")));
  const double growth = r.number(key_of(L, "incidence_growth"));
  const double months_from = r.number(key_of(L, "absence_months_from"));
  const double months_to = r.number(key_of(L, "absence_months_to"));
  const double after = r.number(key_of(L, "growth_per_year_after"));
  const std::vector<std::string> settings = r.string_list(key_of(L, "duration_settings"));
  if (to <= from) r.fail(key_of(L, "to_year"), "a year after from_year (" + std::to_string(from) + ")", std::to_string(to));
  if (months_from <= 0.0) r.fail(key_of(L, "absence_months_from"), "a number > 0", params::format_number(months_from));
  if (!enabled) return;
  model::TrendConfig trends;
  const int last = c.simulation.start_year + static_cast<int>(std::ceil(c.simulation.years));
  const double duration_rise = months_to / months_from - 1.0;
  for (int year = from; year <= std::max(to, last); ++year) {
    const double ramp = std::min(1.0, static_cast<double>(year - from) / static_cast<double>(to - from));
    double incidence = 1.0 + growth * ramp;
    if (year > to) incidence *= std::pow(1.0 + after, year - to);
    trends.years.push_back(year);
    trends.incidence_multiplier.push_back(std::max(0.0, incidence));
    trends.duration_multiplier.push_back(1.0 + duration_rise * ramp);
  }
  for (const std::string& s : settings) trends.duration_settings.push_back(*model::setting_from_name(s));
  c.trends = std::move(trends);
}

}  // namespace

void add_intervention_keys(params::KeyTable& table) {
  add_opbouwarrangement(table);
  add_oov_length(table);
  add_jos(table);
  add_mdo_escalation(table);
  add_oza(table);
  add_dagbesteding_agreements(table);
  add_structuurgroepen(table);
  add_cluster4_groups(table);
  add_vrijstelling_review(table);
  add_waiting_list_priority(table);
  add_trends(table);
}

void apply_interventions(params::KeyReader& reader, model::ScenarioConfig& config) {
  // Trends and hazards first, then capacities and rules, then who goes first; the order is fixed so that a
  // combined package means the same whatever order its sections are written in.
  apply_trends(reader, config);
  apply_jos(reader, config);
  apply_structuurgroepen(reader, config);
  apply_cluster4_groups(reader, config);
  apply_opbouwarrangement(reader, config);
  apply_oov_length(reader, config);
  apply_dagbesteding_agreements(reader, config);
  apply_vrijstelling_review(reader, config);
  apply_waiting_list_priority(reader, config);
  apply_mdo_escalation(reader, config);
  apply_oza(reader, config);
}

}  // namespace ozsim::scenario
