// [trends], [escalation], [programmes.*] and [kpi]: what changes over the years, what is paid besides places,
// and how time at home is counted.
#include <algorithm>
#include <cmath>
#include <string>

#include "sim/params/number_format.hpp"
#include "sim/scenario/section_keys.hpp"

namespace ozsim::scenario {
namespace {

constexpr double INF = KeyBinding::INF;

// Whole school years in increasing order, from a numbers key.
std::vector<int> trend_years(KeyBinding& k, std::string_view field, const std::vector<double>& years) {
  params::KeyReader& reader = k.reader();
  std::vector<int> out;
  for (double y : years) {
    if (y != std::floor(y)) reader.fail(k.key(field), "whole years", params::format_number(y));
    out.push_back(static_cast<int>(y));
  }
  if (!std::is_sorted(out.begin(), out.end()))
    reader.fail(k.key(field), "years in increasing order", "an unsorted list");
  return out;
}

void stay_trend_keys(KeyBinding& k, std::vector<model::StayTrend>& stays) {
  const std::size_t n =
      k.rows("stays",
             "stay trends of their own: { settings, levels, years, multiplier } rows; a stay "
             "starting in one of the settings, for a pupil at one of the levels (empty = both), "
             "is multiplied by the multiplier of the last year at or before its school year",
             "[]");
  if (!k.declaring()) stays.assign(n, {});
  for (std::size_t i = 0; i < n; ++i) {
    KeyBinding row = k.row("stays", i);
    model::StayTrend scratch;
    model::StayTrend& trend = k.declaring() ? scratch : stays[i];
    std::vector<double> years(trend.years.begin(), trend.years.end());
    row.settings("settings", trend.settings, model::SETTINGS_IN_READING_ORDER,
                 "settings and provision settings whose stays this trend multiplies", required());
    row.levels("levels", trend.levels,
               "levels (po, vo) of the pupils whose stays it multiplies; empty = both");
    row.numbers("years", years, "school years at which the multipliers start to apply", 1900, 2200,
                required());
    row.numbers("multiplier", trend.multiplier, "stay multiplier from each of the years on", 0.0, 100.0,
                required());
    if (k.declaring()) continue;
    trend.years = trend_years(row, "years", years);
    if (trend.multiplier.size() != trend.years.size())
      row.reader().fail(row.key("multiplier"), std::to_string(trend.years.size()) + " values, one per year",
                        std::to_string(trend.multiplier.size()) + " values");
  }
}

void route_trend_keys(KeyBinding& k, std::vector<model::RouteTrend>& routes, const Destinations& to) {
  const std::size_t n = k.rows(
      "routes",
      "trends in where pupils are sent: { to, levels, years, multiplier } rows; every rule row that can "
      "send a pupil (at one of the levels; empty = both) to 'to' has that share multiplied by the "
      "multiplier of the last year at or before the school year, the other shares scaled to sum to 1",
      "[]");
  if (!k.declaring()) routes.assign(n, {});
  for (std::size_t i = 0; i < n; ++i) {
    KeyBinding row = k.row("routes", i);
    model::RouteTrend scratch;
    model::RouteTrend& trend = k.declaring() ? scratch : routes[i];
    std::string destination;
    std::vector<double> years;
    row.string("to", destination, "a provision or free setting the trend sends more (or fewer) pupils to",
               required());
    row.levels("levels", trend.levels, "levels (po, vo) of the pupils it applies to; empty = both");
    row.numbers("years", years, "school years at which the multipliers start to apply", 1900, 2200,
                required());
    row.numbers("multiplier", trend.multiplier, "multiplier of the share sent to 'to', from each year on",
                0.0, 100.0, required());
    if (k.declaring()) continue;
    trend.to = to(row.key("to"), destination);
    trend.years = trend_years(row, "years", years);
    if (trend.multiplier.size() != trend.years.size())
      row.reader().fail(row.key("multiplier"), std::to_string(trend.years.size()) + " values, one per year",
                        std::to_string(trend.multiplier.size()) + " values");
  }
}

}  // namespace

void trend_keys(KeyBinding& k, model::TrendConfig& t, const Destinations& to) {
  std::vector<double> years(t.years.begin(), t.years.end());
  k.numbers("years", years, "school years at which trend multipliers start to apply", 1900, 2200);
  k.numbers("incidence_multiplier", t.incidence_multiplier, "onset hazard multiplier per trend year", 0.0,
            100.0);
  k.numbers("duration_multiplier", t.duration_multiplier, "duration multiplier per trend year", 0.0, 100.0);
  k.settings("duration_settings", t.duration_settings, model::DESTINATION_FREE_SETTINGS,
             "settings whose durations the multiplier stretches");
  k.levels("incidence_levels", t.incidence_levels,
           "levels (po, vo) whose onset hazard the incidence multiplier scales; empty = both");
  k.levels("duration_levels", t.duration_levels,
           "levels (po, vo) whose stays the duration multiplier stretches (level when the stay starts); "
           "empty = both");
  stay_trend_keys(k, t.stays);
  route_trend_keys(k, t.routes, to);
  if (k.declaring()) return;
  params::KeyReader& reader = k.reader();
  t.years = trend_years(k, "years", years);
  for (const auto& [field, list] : {std::pair{"incidence_multiplier", &t.incidence_multiplier},
                                    std::pair{"duration_multiplier", &t.duration_multiplier}})
    if (!list->empty() && list->size() != t.years.size())
      reader.fail(k.key(field), std::to_string(t.years.size()) + " values, one per trend year",
                  std::to_string(list->size()) + " values");
}

void escalation_keys(KeyBinding& k, model::EscalationConfig& e) {
  k.boolean("enabled", e.enabled, "MDO/RET escalation of stuck cases");
  k.number("after_days", e.after_days, "days at home while waiting before escalation", 0.0, INF);
  k.number("cost_per_case", e.cost_per_case, "euros per escalated case", 0.0, INF);
  payer_keys(k, e.payers, "share of escalation cost per payer", e.enabled && e.cost_per_case > 0);
}

void programme_keys(KeyBinding& k, model::ProgrammeCost& p) {
  k.number("per_year", p.per_year, "fixed yearly cost of a programme (e.g. JOS)", 0.0, INF);
  k.integer("first_year", p.first_year, "first school year it is paid", 0, 2200);
  payer_keys(k, p.payers, "share of the programme cost per payer", p.per_year > 0.0);
}

void kpi_keys(KeyBinding& k, model::KpiConfig& kpi) {
  k.settings("home_settings", kpi.home_settings, model::DESTINATION_FREE_SETTINGS,
             "settings counted as time at home");
  k.number("norm_days", kpi.norm_days, "thuiszitterspact norm: days at home without a started offer", 0.0,
           3650.0, "[AMF-2021]: thuiszitterspact norm, 3 months");
  k.number("thuiszitter_after_days", kpi.thuiszitter_after_days,
           "days of unexcused absence after which a thuiszitter counts as one in the monitor-style counts "
           "(count.long_thuiszitter, distinct.thuiszitter)",
           0.0, 3650.0, "[MH-2024] bijlage 2: a thuiszitter is absent without excuse for more than 4 weeks");
  for (std::size_t r = 0; r < model::RISK_REASON_COUNT; ++r) {
    const std::string reason(model::RISK_REASON_NAMES[r]);
    KeyBinding row = k.section("risicoleerling_reasons." + reason);
    row.number("share", kpi.risicoleerling_reasons[r].share,
               "share of risicoleerling time absent for this reason (the shares of medical, schorsing and "
               "leertijdvermindering sum to 1)",
               0.0, 1.0, "assumption: scenarios/midden-holland.toml gives the reasoning");
    row.number("attendance", kpi.risicoleerling_reasons[r].attendance,
               "share of school time a risicoleerling absent for this reason still attends; the rest counts "
               "as time without education",
               0.0, 1.0, "assumption: scenarios/midden-holland.toml gives the reasoning");
  }
  if (k.declaring()) return;
  double sum = 0.0;
  std::string shares;
  std::string first_given;
  for (std::size_t r = 0; r < model::RISK_REASON_COUNT; ++r) {
    const std::string key =
        k.key("risicoleerling_reasons." + std::string(model::RISK_REASON_NAMES[r]) + ".share");
    if (first_given.empty() && k.reader().present(key)) first_given = key;
    sum += kpi.risicoleerling_reasons[r].share;
    shares += (r == 0 ? "" : ", ") + std::string(model::RISK_REASON_NAMES[r]) + " " +
              params::format_number(kpi.risicoleerling_reasons[r].share);
  }
  if (std::abs(sum - 1.0) > 1e-6)
    k.reader().fail(first_given.empty() ? k.key("risicoleerling_reasons") : first_given,
                    "risicoleerling reason shares (medical + schorsing + leertijdvermindering) summing to 1",
                    // Rounded: 0.5 + 0.05 + 0.15 reads 0.7, not the 0.7000000000000001 of its binary sum.
                    "a sum of " + params::format_number(std::round(sum * 1e9) / 1e9) + " (" + shares + ")");
}

}  // namespace ozsim::scenario
