// [onset], [settings.*], [provisions.*] and their rule rows and costs: where pupils go, how long they stay,
// and who pays.
#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/params/number_format.hpp"
#include "sim/scenario/section_keys.hpp"

namespace ozsim::scenario {
namespace {

using model::Destination;
using model::Setting;

constexpr double INF = KeyBinding::INF;

std::vector<std::string> free_setting_choices() {
  return model::setting_names(model::DESTINATION_FREE_SETTINGS);
}

void check_sums_to_one(const KeyBinding& k, std::string_view field, const std::vector<double>& shares,
                       const std::string& expected) {
  double sum = 0.0;
  for (double share : shares) sum += share;
  if (std::abs(sum - 1.0) > 1e-6)
    k.reader().fail(k.key(field), expected, "a sum of " + params::format_number(sum));
}

// Rows { to, share } for pupils arriving (a year's intake, its in-migrants): each goes to the row its one
// draw falls in, the rest attend.
void arrival_route_keys(KeyBinding& k, std::string_view field, std::string help, std::string share_help,
                        std::vector<model::IntakeRoute>& routes, const Destinations& to) {
  const std::size_t rows = k.rows(field, std::move(help), "[]");
  double share_sum = 0.0;
  for (std::size_t i = 0; i < rows; ++i) {
    KeyBinding row = k.row(field, i);
    model::IntakeRoute r;
    std::string destination;
    row.string("to", destination, "a provision or free setting (not attending)", required());
    row.number("share", r.share, share_help, 0.0, 1.0, required());
    if (k.declaring()) continue;
    r.to = to(row.key("to"), destination);
    if (r.to == Destination{Destination::Type::Setting, static_cast<std::uint16_t>(Setting::Attending)})
      k.reader().fail(row.key("to"), "a destination other than attending", "'attending'");
    share_sum += r.share;
    if (share_sum > 1.0 + 1e-9)
      k.reader().fail(row.key("share"), "shares summing to at most 1",
                      "a sum of " + params::format_number(share_sum));
    routes.push_back(r);
  }
}

}  // namespace

Destination Destinations::operator()(const std::string& key, const std::string& name) const {
  const int k = config_->provision_index(name);
  if (k >= 0) return {Destination::Type::Provision, static_cast<std::uint16_t>(k)};
  if (const auto s = model::setting_from_name(name); s && model::is_free_setting(*s) && *s != Setting::Exited)
    return {Destination::Type::Setting, static_cast<std::uint16_t>(*s)};
  if (const auto r = model::exit_from_destination_name(name))
    return {Destination::Type::Exit, static_cast<std::uint16_t>(*r)};
  std::vector<std::string> valid;
  for (const model::ProvisionConfig& pc : config_->provisions) valid.push_back(pc.name);
  for (const std::string& s : free_setting_choices()) valid.push_back(s);
  for (const std::string& e : model::exit_destination_names()) valid.push_back(e);
  std::string expected = "a provision, free setting or exit (";
  for (std::size_t i = 0; i < valid.size(); ++i) expected += (i ? ", " : "") + valid[i];
  expected += ")";
  std::string found = "'" + name + "'";
  if (const auto guess = params::closest_match(name, valid)) found += " (did you mean '" + *guess + "'?)";
  reader_->fail(key, expected, found);
}

void rule_keys(KeyBinding& k, std::string_view field, std::vector<model::RuleRow>& rows, bool with_duration,
               const Destinations& to) {
  const std::size_t n =
      k.rows(field, "rule rows; the first row whose filters match the pupil applies", std::nullopt);
  if (!k.declaring() && n == 0) k.reader().fail(k.key(field), "at least one rule row", "an empty list");
  for (std::size_t i = 0; i < n; ++i) {
    KeyBinding r = k.row(field, i);
    model::RuleRow row;
    r.optional_level("level", row.level, "only pupils of this level (po/vo)");
    r.optional_profile("profile", row.profile, "only pupils with this problem profile");
    r.integer("min_severity", row.min_severity, "only pupils at least this severe (1-3)", 0, 3);
    if (with_duration)
      r.distribution("duration", row.duration, std::nullopt, "days spent here before moving on", required());
    std::vector<std::string> destinations;
    r.strings(
        "to", destinations,
        "destinations: provision names, free settings (attending, risicoleerling, thuiszitter, "
        "absoluut_verzuim, vrijstelling_5a) or exits (exit_startkwalificatie, exit_age_out, exit_moved, "
        "exit_mbo)",
        required());
    r.numbers("p", row.probability, "probability of each destination; sums to 1", 0.0, 1.0, required());
    if (k.declaring()) continue;
    params::KeyReader& reader = k.reader();
    if (with_duration && row.duration.support_min() < 0.0)
      reader.fail(r.key("duration"), "a duration distribution that cannot draw a negative number of days",
                  row.duration.describe());
    if (destinations.empty()) reader.fail(r.key("to"), "at least one destination", "an empty list");
    if (destinations.size() != row.probability.size())
      reader.fail(r.key("p"),
                  std::to_string(destinations.size()) + " probabilities, one per destination in 'to'",
                  std::to_string(row.probability.size()));
    check_sums_to_one(r, "p", row.probability, "probabilities summing to 1");
    for (const std::string& name : destinations) row.to.push_back(to(r.key("to"), name));
    rows.push_back(std::move(row));
  }
  if (k.declaring()) return;
  // A pupil that no row matches would be stuck: the last row must catch everyone.
  const model::RuleRow& last = rows.back();
  if (last.level || last.profile || last.min_severity > 0)
    k.reader().fail(k.row(field, n - 1).prefix(),
                    "a last rule row without level/profile/min_severity filters",
                    "a filtered row (pupils matching no row would be stuck)");
}

void payer_keys(KeyBinding& k, std::vector<model::PayerShare>& payers, std::string help, bool required) {
  k.payers("payers", payers, std::move(help));
  if (k.declaring()) return;
  if (payers.empty()) {
    if (required)
      k.reader().fail(k.key("payers"),
                      "payer shares (e.g. { gemeente = 0.8, school = 0.2 }) for a non-zero cost", "none");
    return;
  }
  std::vector<double> shares;
  for (const model::PayerShare& p : payers) shares.push_back(p.share);
  check_sums_to_one(k, "payers." + payers.back().payer, shares, "payer shares summing to 1");
}

void cost_keys(KeyBinding& k, model::CostConfig& c, CostOf of) {
  k.number("per_pupil_day", c.per_pupil_day, "variable: euros per pupil-day of use", 0.0, INF);
  std::vector<double> years(c.intensity_years.begin(), c.intensity_years.end());
  k.numbers("intensity_years", years,
            "care-intensity trend: school years from which each intensity_multiplier applies", 1900, 2200);
  k.numbers("intensity_multiplier", c.intensity_multiplier,
            "care-intensity trend: per_pupil_day multiplier per intensity year (1 = as given)", 0.0, 100.0);
  const bool provision = of == CostOf::Provision;
  if (provision) {
    k.number("per_place_year", c.per_place_year, "fixed: euros per place-year of capacity, used or not", 0.0,
             INF);
    k.number("per_group_year", c.per_group_year,
             "fixed: euros per group-year (staff of a group of group_size places), for every started group",
             0.0, INF);
    k.number("group_size", c.group_size, "places per group, for per_group_year", 0.0, INF);
    k.number("transport_per_pupil_day", c.transport_per_pupil_day,
             "leerlingenvervoer: euros per pupil-day of use, booked to the gemeente", 0.0, INF);
    k.number("startup", c.startup, "one-off euros in the first reported year", 0.0, INF);
  }
  payer_keys(k, c.payers, "share of the cost paid by this payer; shares sum to 1",
             c.per_pupil_day > 0 || c.per_place_year > 0 || c.per_group_year > 0 || c.startup > 0);
  if (k.declaring()) return;
  params::KeyReader& reader = k.reader();
  c.intensity_years.clear();
  for (double y : years) {
    if (y != std::floor(y)) reader.fail(k.key("intensity_years"), "whole years", params::format_number(y));
    c.intensity_years.push_back(static_cast<int>(y));
  }
  if (!std::is_sorted(c.intensity_years.begin(), c.intensity_years.end()))
    reader.fail(k.key("intensity_years"), "years in increasing order", "an unsorted list");
  if (c.intensity_multiplier.size() != c.intensity_years.size())
    reader.fail(k.key("intensity_multiplier"),
                std::to_string(c.intensity_years.size()) + " values, one per intensity year",
                std::to_string(c.intensity_multiplier.size()) + " values");
  if (provision && c.per_group_year > 0.0 && !(c.group_size > 0.0))
    reader.fail(k.key("group_size"), "a group size > 0 with per_group_year", "none");
}

void onset_keys(KeyBinding& k, model::OnsetConfig& o, const Destinations& to) {
  k.number("hazard_per_year.po", o.hazard_per_year[0], "yearly onset hazard of problems, primary age", 0.0,
           10.0, required());
  k.number("hazard_per_year.vo", o.hazard_per_year[1], "yearly onset hazard of problems, secondary age", 0.0,
           10.0, required());
  k.number("relapse_multiplier", o.relapse_multiplier, "hazard multiplier after a first episode", 0.0,
           1000.0);
  for (std::size_t level = 0; level < model::LEVEL_COUNT; ++level) {
    KeyBinding shares =
        k.section(std::string("profile_share.") + model::level_name(static_cast<model::Level>(level)));
    std::vector<double> sum_of;
    for (std::size_t i = 0; i < model::PROBLEM_PROFILES.size(); ++i) {
      shares.number(model::profile_name(model::PROBLEM_PROFILES[i]), o.profile_share[level][i + 1],
                    "share of onsets with this profile at this level; the three sum to 1", 0.0, 1.0,
                    required());
      sum_of.push_back(o.profile_share[level][i + 1]);
    }
    if (!k.declaring())
      check_sums_to_one(shares, model::profile_name(model::PROBLEM_PROFILES.back()), sum_of,
                        "profile shares at this level summing to 1");
  }
  std::vector<double> severity(o.severity_share.begin(), o.severity_share.end());
  k.numbers("severity_share", severity, "shares of severity 1, 2, 3 at onset", 0.0, 1.0, required());
  if (!k.declaring()) {
    if (severity.size() != 3)
      k.reader().fail(k.key("severity_share"), "3 shares (severity 1, 2, 3)",
                      std::to_string(severity.size()) + " values");
    check_sums_to_one(k, "severity_share", severity, "shares summing to 1");
    std::copy(severity.begin(), severity.end(), o.severity_share.begin());
  }
  rule_keys(k, "rules", o.routes, false, to);

  const std::size_t referrals = k.rows(
      "referrals",
      "referrals outside the problem chain: attending pupils aged [age_from, age_to) go to 'to' with a "
      "yearly hazard per_year (SBO, SO/VSO)",
      "[]");
  for (std::size_t i = 0; i < referrals; ++i) {
    KeyBinding row = k.row("referrals", i);
    model::Referral r;
    std::string destination;
    row.string("to", destination, "a provision or free setting (not attending)", required());
    row.number("age_from", r.age_from, "youngest age referred", 0.0, 30.0, required());
    row.number("age_to", r.age_to, "age the band ends before", 0.0, 30.0, required());
    row.number("per_year", r.per_year, "yearly referral hazard of an attending pupil of these ages", 0.0,
               10.0, required());
    if (k.declaring()) continue;
    if (r.age_to <= r.age_from)
      k.reader().fail(row.key("age_to"), "an age above age_from (" + params::format_number(r.age_from) + ")",
                      params::format_number(r.age_to));
    r.to = to(row.key("to"), destination);
    if (r.to == Destination{Destination::Type::Setting, static_cast<std::uint16_t>(Setting::Attending)})
      k.reader().fail(row.key("to"), "a destination other than attending", "'attending'");
    o.referrals.push_back(r);
  }
  arrival_route_keys(k, "at_intake",
                     "shares of each year's intake that start school in a destination; the rest attend",
                     "share of the intake year group", o.at_intake, to);
  arrival_route_keys(
      k, "at_migration_in",
      "shares of each year's in-migrants (moving in, newcomers) who arrive in a destination, e.g. "
      "not yet enrolled (absoluut_verzuim); the rest attend",
      "share of the year's in-migrants", o.at_migration_in, to);
}

void free_setting_keys(KeyBinding& k, model::FreeSettingRules& f, const Destinations& to) {
  if (!k.declaring() && !k.reader().present(k.key("rules")))
    k.reader().fail(k.key("rules"),
                    "at least one rule row for " + std::string(model::setting_name(f.setting)), "none");
  rule_keys(k, "rules", f.rules, true, to);
  KeyBinding cost = k.section("cost");
  cost_keys(cost, f.cost, CostOf::Setting);
}

}  // namespace ozsim::scenario
