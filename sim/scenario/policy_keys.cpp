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
