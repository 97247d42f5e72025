#pragma once
// When an attending pupil's problems start, and what they are: a yearly hazard
// per level, scaled by the calendar-year trend and, after a first episode, by
// the relapse multiplier; at onset a problem profile and a severity.
#include <array>
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/engine/random.hpp"
#include "sim/model/calendar.hpp"
#include "sim/model/scenario_config.hpp"

namespace ozsim::model {

// The trend multiplier of a school year: the one of the latest listed calendar year not after it, the first
// listed one before the list starts, 1 without a trend.
double trend_multiplier(const ScenarioConfig& config, const std::vector<double>& multipliers, int year_index);
// The multiplier of the last of `years` at or before calendar_year; 1 before the first or with none.
double series_multiplier(const std::vector<int>& years, const std::vector<double>& multipliers,
                         int calendar_year);

class Onset {
 public:
  Onset(const ScenarioConfig& config, const SchoolCalendar& calendar);

  // The day a pupil born on birth_day, attending from `from`, reaches its own unit-exponential threshold of
  // cumulative hazard (problems and referrals together), or +infinity if that is after it leaves compulsory
  // education or the horizon. A caller to whom an onset after `until` makes no difference (the pupil has
  // left by then) passes it: the search stops there, and +infinity stands for any later onset.
  double onset_day(double birth_day, bool had_episode, double from, double threshold,
                   double until = std::numeric_limits<double>::infinity()) const;

  // What happened at an onset on `day`: -1 for a problem, else the index of the referral, each with the
  // probability of its share of the hazard then (one uniform draw u).
  int cause(double birth_day, bool had_episode, double day, double u) const;

  struct Problem {
    Profile profile = Profile::None;
    std::uint8_t severity = 0;
  };
  // Draws the profile, then the severity, from one stream.
  Problem draw_problem(engine::RandomStream& rng, Level level) const;

 private:
  const ScenarioConfig& config_;
  const SchoolCalendar& calendar_;
  // Per simulated school year, from the policy in force that year (a lever such as JOS may start later):
  std::vector<std::array<double, LEVEL_COUNT>> hazard_by_year_;     // yearly onset hazard per level
  std::vector<std::array<double, LEVEL_COUNT>> incidence_by_year_;  // trend multiplier per level
  // Per level, the largest yearly problem hazard (trend included) of any year: onset_day's bound.
  std::array<double, LEVEL_COUNT> max_problem_per_year_{};
  double max_referral_per_year_ = 0.0;  // the largest sum of referral hazards at any age
  std::vector<double> referral_ages_;   // every referral band edge, ascending: where the hazard changes
  // referral_per_year from each edge up to the next (the same rows hold throughout, so the same sum).
  std::vector<double> referral_from_edge_;

  // The yearly problem hazard on `day`, and the sum of the referral hazards at `age`.
  double problem_per_year(double birth_day, bool had_episode, double day) const;
  double referral_per_year(double age) const;
  // The same by the age's band: a search of the edges, not a pass over every referral.
  double referral_in_band(double age) const;
};

}  // namespace ozsim::model
