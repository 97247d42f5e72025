#include "sim/model/onset.hpp"

#include <algorithm>
#include <array>
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

double series_multiplier(const std::vector<int>& years, const std::vector<double>& multipliers,
                         int calendar_year) {
  double multiplier = 1.0;
  for (std::size_t i = 0; i < years.size() && i < multipliers.size(); ++i)
    if (years[i] <= calendar_year) multiplier = multipliers[i];
  return multiplier;
}

Onset::Onset(const ScenarioConfig& config, const SchoolCalendar& calendar)
    : config_(config), calendar_(calendar) {
  for (int y = 0; y <= calendar.years(); ++y) {
    const ScenarioConfig& policy = config.in_year(calendar.calendar_year(y));
    hazard_by_year_.push_back(policy.onset.hazard_per_year);
    const double multiplier = trend_multiplier(policy, policy.trends.incidence_multiplier, y);
    std::array<double, LEVEL_COUNT> by_level{};
    for (std::size_t level = 0; level < LEVEL_COUNT; ++level) {
      by_level[level] =
          trend_applies(policy.trends.incidence_levels, static_cast<Level>(level)) ? multiplier : 1.0;
    }
    incidence_by_year_.push_back(by_level);
  }
  for (std::size_t y = 0; y < hazard_by_year_.size(); ++y)
    for (std::size_t level = 0; level < LEVEL_COUNT; ++level)
      max_problem_per_year_[level] =
          std::max(max_problem_per_year_[level], hazard_by_year_[y][level] * incidence_by_year_[y][level]);
  for (const Referral& r : config.onset.referrals) {
    referral_ages_.push_back(r.age_from);
    referral_ages_.push_back(r.age_to);
  }
  std::sort(referral_ages_.begin(), referral_ages_.end());
  referral_ages_.erase(std::unique(referral_ages_.begin(), referral_ages_.end()), referral_ages_.end());
  // The sum is piecewise constant between band edges, so its largest value is at one of them.
  for (double age : referral_ages_) {
    referral_from_edge_.push_back(referral_per_year(age));
    max_referral_per_year_ = std::max(max_referral_per_year_, referral_from_edge_.back());
  }
}

double Onset::referral_in_band(double age) const {
  const auto above = std::upper_bound(referral_ages_.begin(), referral_ages_.end(), age);
  if (above == referral_ages_.begin()) return 0.0;
  return referral_from_edge_[static_cast<std::size_t>(above - referral_ages_.begin()) - 1];
}

double Onset::referral_per_year(double age) const {
  double sum = 0.0;
  for (const Referral& r : config_.onset.referrals)
    if (age >= r.age_from && age < r.age_to) sum += r.per_year;
  return sum;
}

double Onset::problem_per_year(double birth_day, bool had_episode, double day) const {
  const double vo_start = birth_day + SchoolCalendar::years_to_days(config_.population.po_vo_age);
  const std::size_t level = day < vo_start ? 0 : 1;
  const auto y =
      static_cast<std::size_t>(std::clamp(SchoolCalendar::year_index_at(day), 0, calendar_.years()));
  const double relapse = had_episode ? config_.onset.relapse_multiplier : 1.0;
  return hazard_by_year_[y][level] * relapse * incidence_by_year_[y][level];
}

int Onset::cause(double birth_day, bool had_episode, double day, double u) const {
  if (config_.onset.referrals.empty()) return -1;
  // The onset day closes a segment of constant hazard; at its very end the next segment's hazards may
  // apply, so they are read a moment (under a second) before.
  const double at = day - 1e-6;
  const double problem = problem_per_year(birth_day, had_episode, at);
  const double age = SchoolCalendar::age_in_years(birth_day, at);
  const double total = problem + referral_per_year(age);
  if (!(total > 0.0)) return -1;
  double cumulative = problem / total;
  if (u < cumulative) return -1;
  const std::vector<Referral>& referrals = config_.onset.referrals;
  int last_active = -1;
  for (std::size_t i = 0; i < referrals.size(); ++i) {
    if (!(age >= referrals[i].age_from && age < referrals[i].age_to) || referrals[i].per_year <= 0.0)
      continue;
    last_active = static_cast<int>(i);
    cumulative += referrals[i].per_year / total;
    if (u < cumulative) return last_active;
  }
  return last_active;  // rounding left the sum a hair below 1
}

// Inverts the cumulative onset hazard, piecewise constant between level and school-year boundaries.
double Onset::onset_day(double birth_day, bool had_episode, double from, double threshold,
                        double until) const {
  const PopulationConfig& population = config_.population;
  const double end = std::min(
      {calendar_.horizon_day(), birth_day + SchoolCalendar::years_to_days(population.max_age), until});
  const double vo_start = birth_day + SchoolCalendar::years_to_days(population.po_vo_age);
  const double relapse = had_episode ? config_.onset.relapse_multiplier : 1.0;
  // Most pupils never reach their threshold before leaving: an upper bound on the hazard mass rules them out
  // without walking the segments. The problem hazard is bounded level by level (in VO it is several times
  // that in PO), the referral hazard by its largest sum; the bound is widened by a millionth, far more than
  // the rounding of the walk's sum, so that it never rules out a pupil the walk would find.
  const double po_days = std::max(0.0, std::min(end, vo_start) - from);
  const double vo_days = std::max(0.0, end - std::max(from, vo_start));
  const double bound = ((max_problem_per_year_[0] * po_days + max_problem_per_year_[1] * vo_days) * relapse +
                        max_referral_per_year_ * std::max(0.0, end - from)) /
                       DAYS_PER_YEAR * (1.0 + 1e-6);
  if (bound < threshold) return NEVER;
  double t = from;
  double remaining = threshold;
  // The first referral edge after t: t only grows, so the search goes on from where it stopped.
  std::size_t next_edge = 0;
  while (t < end) {
    const int year = SchoolCalendar::year_index_at(t);
    double segment_end = std::min(end, SchoolCalendar::year_start_day(year + 1));
    if (t < vo_start) segment_end = std::min(segment_end, vo_start);
    while (next_edge < referral_ages_.size() &&
           !(birth_day + SchoolCalendar::years_to_days(referral_ages_[next_edge]) > t))
      ++next_edge;
    if (next_edge < referral_ages_.size())
      segment_end =
          std::min(segment_end, birth_day + SchoolCalendar::years_to_days(referral_ages_[next_edge]));
    const std::size_t level = t < vo_start ? 0 : 1;
    const auto y = static_cast<std::size_t>(std::min(year, calendar_.years()));
    // Read at the segment's middle: at its start, rounding can put the age a hair below a band edge.
    const double referral =
        referral_ages_.empty()
            ? 0.0
            : referral_in_band(SchoolCalendar::age_in_years(birth_day, 0.5 * (t + segment_end)));
    const double per_day =
        (hazard_by_year_[y][level] * relapse * incidence_by_year_[y][level] + referral) / DAYS_PER_YEAR;
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
  problem.profile = static_cast<Profile>(1 + pick(rng, std::array{shares[1], shares[2], shares[3]}));
  const auto& severity = config_.onset.severity_share;
  problem.severity =
      static_cast<std::uint8_t>(1 + pick(rng, std::array{severity[0], severity[1], severity[2]}));
  return problem;
}

}  // namespace ozsim::model
