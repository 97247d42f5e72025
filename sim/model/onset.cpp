#include "sim/model/onset.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/model/routing.hpp"

namespace ozsim::model {
namespace {

constexpr double NEVER = std::numeric_limits<double>::infinity();

}  // namespace

double trend_multiplier(const ScenarioConfig& config, const std::vector<double>& multipliers,
                        int year_index) {
  const std::vector<int>& years = config.trends.years;
  if (years.empty() || multipliers.empty()) return 1.0;
  const int calendar_year = config.simulation.start_year + year_index;
  std::size_t chosen = 0;
  for (std::size_t i = 0; i < years.size(); ++i)
    if (years[i] <= calendar_year) chosen = i;
  return multipliers[chosen];
}

Onset::Onset(const ScenarioConfig& config, const SchoolCalendar& calendar)
    : config_(config), calendar_(calendar) {
  for (int y = 0; y <= calendar.years(); ++y) {
    const ScenarioConfig& policy = config.in_year(calendar.calendar_year(y));
    hazard_by_year_.push_back(policy.onset.hazard_per_year);
    incidence_by_year_.push_back(trend_multiplier(policy, policy.trends.incidence_multiplier, y));
  }
  max_incidence_ = *std::max_element(incidence_by_year_.begin(), incidence_by_year_.end());
  for (const auto& hazard : hazard_by_year_)
    max_hazard_per_year_ = std::max({max_hazard_per_year_, hazard[0], hazard[1]});
}

// Inverts the cumulative onset hazard, piecewise constant between level and school-year boundaries.
double Onset::onset_day(double birth_day, bool had_episode, double from, double threshold) const {
  const PopulationConfig& population = config_.population;
  const double end =
      std::min(calendar_.horizon_day(), birth_day + SchoolCalendar::years_to_days(population.max_age));
  const double vo_start = birth_day + SchoolCalendar::years_to_days(population.po_vo_age);
  const double relapse = had_episode ? config_.onset.relapse_multiplier : 1.0;
  // Most pupils never reach their threshold before leaving: an upper bound on the hazard mass rules them out
  // without walking the segments.
  const double max_hazard = max_hazard_per_year_ * relapse * max_incidence_ / DAYS_PER_YEAR;
  if (max_hazard * (end - from) < threshold) return NEVER;
  double t = from;
  double remaining = threshold;
  while (t < end) {
    const int year = SchoolCalendar::year_index_at(t);
    double segment_end = std::min(end, SchoolCalendar::year_start_day(year + 1));
    if (t < vo_start) segment_end = std::min(segment_end, vo_start);
    const std::size_t level = t < vo_start ? 0 : 1;
    const auto y = static_cast<std::size_t>(std::min(year, calendar_.years()));
    const double per_day = hazard_by_year_[y][level] * relapse * incidence_by_year_[y] / DAYS_PER_YEAR;
    const double mass = per_day * (segment_end - t);
    if (per_day > 0.0 && mass >= remaining) return t + remaining / per_day;
    remaining -= mass;
    // Guard against a segment of zero length at a boundary so the loop always advances.
    t = segment_end > t ? segment_end : std::nextafter(t, NEVER);
  }
  return NEVER;
}

Onset::Problem Onset::draw_problem(engine::RandomStream& rng, Level level) const {
  const auto& shares = config_.onset.profile_share[static_cast<std::size_t>(level)];
  Problem problem;
  problem.profile = static_cast<Profile>(1 + pick(rng, {shares[1], shares[2], shares[3]}));
  const auto& severity = config_.onset.severity_share;
  problem.severity = static_cast<std::uint8_t>(1 + pick(rng, {severity[0], severity[1], severity[2]}));
  return problem;
}

}  // namespace ozsim::model
