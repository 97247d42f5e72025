#include "sim/model/interventions/trend_ramp.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace ozsim::model::interventions {

void check(const TrendRamp& l) {
  if (l.to_year <= l.from_year)
    throw LeverError(l.NAME, "to_year", "a year after from_year (" + std::to_string(l.from_year) + ")",
                     std::to_string(l.to_year));
  if (l.absence_months_from <= 0.0)
    throw LeverError(l.NAME, "absence_months_from", "a number > 0", fmt::to_string(l.absence_months_from));
}

void apply(const TrendRamp& l, ScenarioConfig& c) {
  check(l);
  TrendConfig trends;
  const int last = c.simulation.start_year + static_cast<int>(std::ceil(c.simulation.years));
  const double duration_rise = l.absence_months_to / l.absence_months_from - 1.0;
  for (int year = l.from_year; year <= std::max(l.to_year, last); ++year) {
    const double ramp =
        std::min(1.0, static_cast<double>(year - l.from_year) / static_cast<double>(l.to_year - l.from_year));
    double incidence = 1.0 + l.incidence_growth * ramp;
    if (year > l.to_year) incidence *= std::pow(1.0 + l.growth_per_year_after, year - l.to_year);
    trends.years.push_back(year);
    trends.incidence_multiplier.push_back(std::max(0.0, incidence));
    trends.duration_multiplier.push_back(1.0 + duration_rise * ramp);
  }
  trends.duration_settings = l.duration_settings;
  // The levels each trend applies to stay the scenario's (what was measured where).
  trends.incidence_levels = c.trends.incidence_levels;
  trends.duration_levels = c.trends.duration_levels;
  c.trends = std::move(trends);
}

}  // namespace ozsim::model::interventions
