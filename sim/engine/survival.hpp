#pragma once
// Kaplan-Meier estimates of how long spells last (time at home, time on a waiting list) when some spells
// have not ended when observation stops (right censoring) and some had begun before it started (left
// truncation, "delayed entry"). Ignoring the censored spells, or counting them at the length they have so
// far, makes spells look shorter than they are; the estimator uses each spell for exactly as long as it
// was watched.
//
//   SpellSurvival s;
//   s.add(0.0, 40.0, true);    // watched from its start, ended after 40 days
//   s.add(0.0, 100.0, false);  // still running after 100 days when the run ended
//   s.add(30.0, 70.0, true);   // had run 30 days when watching began, ended at 70
//   const SurvivalCurve curve = s.curve();
//   curve.at(90.0);            // P(spell > 90 days), with its Greenwood interval
//   curve.median();
#include <cstddef>
#include <vector>

namespace ozsim::engine {

// S(t) = P(length > t) with its Greenwood standard error and a 95% interval on the log(-log) scale
// (Kalbfleisch & Prentice), which stays inside [0, 1].
struct SurvivalEstimate {
  double survival = 1.0;
  double standard_error = 0.0;  // Greenwood: S(t) sqrt(sum d / (n (n - d))) over event times <= t
  double lo95 = 1.0;
  double hi95 = 1.0;
};

// The step function of a Kaplan-Meier estimate: S drops at each time a spell ended.
class SurvivalCurve {
 public:
  struct Step {
    double time;           // a time at which at least one spell ended
    std::size_t at_risk;   // spells watched and not yet ended just before `time`
    std::size_t ended;     // spells ending at `time`
    double survival;       // S just after `time`
    double greenwood_sum;  // sum of d / (n (n - d)) up to and including `time`
  };

  explicit SurvivalCurve(std::vector<Step> steps) : steps_(std::move(steps)) {}
  const std::vector<Step>& steps() const { return steps_; }
  // P(length > t). A step at `time` counts for t >= time. Beyond the last step S stays at its last value
  // (the estimate is only defined up to the longest spell watched).
  SurvivalEstimate at(double t) const;
  // The smallest t with S(t) <= 1 - p (p = 0.5: the median); NaN when S never falls that far (fewer than
  // that share of the spells were seen to end).
  double quantile(double p) const;
  double median() const { return quantile(0.5); }
  // The median's 95% interval (Brookmeyer & Crowley): from the time at which the lower bound of S's
  // interval first reaches 0.5 to the time at which the upper bound does; NaN where a bound never does.
  double median_lo95() const;
  double median_hi95() const;

 private:
  std::vector<Step> steps_;
};

// The spells of one observation window, kept until curve() is asked for.
class SpellSurvival {
 public:
  // A spell watched from `entry` (its length when watching began, 0 if it began while watched) to `exit`
  // (its length when it ended, or when watching stopped); `ended` false means censored. 0 <= entry <= exit,
  // else std::invalid_argument.
  void add(double entry, double exit, bool ended);
  std::size_t size() const { return spells_.size() + instant_ends_; }
  // The longest exit added, ended or not; 0 if none.
  double longest() const;
  void clear() {
    spells_.clear();
    instant_ends_ = 0;
  }
  // At a time t, the spells at risk are those with entry <= t <= exit; of those, the ones with exit == t
  // and ended end there. (entry <= t, not <: a spell admitted at once has entry = exit = 0 and ends at 0.)
  SurvivalCurve curve() const;

 private:
  struct Spell {
    double entry;
    double exit;
    bool ended;
  };
  std::vector<Spell> spells_;
  // Spells watched from their start that ended at once (a place free when asked for: most admissions) are
  // counted, not kept: at national scale they are hundreds of thousands of records, and a stored one
  // changes no step of the curve that the count does not.
  std::size_t instant_ends_ = 0;
};

}  // namespace ozsim::engine
