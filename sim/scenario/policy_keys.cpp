// [trends], [escalation], [programmes.*] and [kpi]: what changes over the years, what is paid besides places,
// and how time at home is counted.
#include <algorithm>
#include <cmath>

#include "sim/params/number_format.hpp"
#include "sim/scenario/section_keys.hpp"

namespace ozsim::scenario {
namespace {

constexpr double INF = KeyBinding::INF;

}  // namespace

void trend_keys(KeyBinding& k, model::TrendConfig& t) {
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
  if (k.declaring()) return;
  params::KeyReader& reader = k.reader();
  t.years.clear();
  for (double y : years) {
    if (y != std::floor(y)) reader.fail(k.key("years"), "whole years", params::format_number(y));
    t.years.push_back(static_cast<int>(y));
  }
  if (!std::is_sorted(t.years.begin(), t.years.end()))
    reader.fail(k.key("years"), "years in increasing order", "an unsorted list");
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
}

}  // namespace ozsim::scenario
