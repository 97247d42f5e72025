#include "sim/engine/survival.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace ozsim::engine {
namespace {

constexpr double NOT_AVAILABLE = std::numeric_limits<double>::quiet_NaN();
constexpr double Z95 = 1.959963984540054;  // the standard normal's 97.5% quantile

// The first step time at which f(step estimate) holds, NaN if none.
template <class Test>
double first_time(const SurvivalCurve& curve, Test test) {
  for (const SurvivalCurve::Step& step : curve.steps())
    if (test(curve.at(step.time))) return step.time;
  return NOT_AVAILABLE;
}

}  // namespace

void SpellSurvival::add(double entry, double exit, bool ended) {
  if (!(entry >= 0.0) || !(exit >= entry) || !std::isfinite(exit))
    throw std::invalid_argument("spell survival: expected 0 <= entry <= exit, found entry " +
                                std::to_string(entry) + ", exit " + std::to_string(exit));
  if (ended && exit == 0.0 && !std::signbit(exit) && !std::signbit(entry)) {
    ++instant_ends_;
    return;
  }
  spells_.push_back({entry, exit, ended});
}

double SpellSurvival::longest() const {
  double longest = 0.0;
  for (const Spell& s : spells_) longest = std::max(longest, s.exit);
  return longest;
}

SurvivalCurve SpellSurvival::curve() const {
  // Entries and exits sorted once; the risk set at t is (entries <= t) - (exits < t).
  std::vector<double> entries, exits, ends;
  entries.reserve(spells_.size());
  exits.reserve(spells_.size());
  for (const Spell& s : spells_) {
    entries.push_back(s.entry);
    exits.push_back(s.exit);
    if (s.ended) ends.push_back(s.exit);
  }
  std::sort(entries.begin(), entries.end());
  std::sort(exits.begin(), exits.end());
  std::sort(ends.begin(), ends.end());
  std::vector<SurvivalCurve::Step> steps;
  double survival = 1.0;
  double greenwood = 0.0;
  // The spells that ended at once: each entered at 0 and is at risk at 0, and has left after it; their
  // step at 0 comes first, as every time is at least 0.
  bool instant_step = instant_ends_ > 0;
  for (std::size_t i = 0; i < ends.size() || instant_step;) {
    const double t = instant_step ? 0.0 : ends[i];
    std::size_t ended = instant_step ? instant_ends_ : 0;
    instant_step = false;
    while (i < ends.size() && ends[i] == t) {
      ++ended;
      ++i;
    }
    const auto entered =
        static_cast<std::size_t>(std::upper_bound(entries.begin(), entries.end(), t) - entries.begin()) +
        instant_ends_;
    const auto left =
        static_cast<std::size_t>(std::lower_bound(exits.begin(), exits.end(), t) - exits.begin()) +
        (t > 0.0 ? instant_ends_ : 0);
    const std::size_t at_risk = entered - left;  // every spell ending at t is in it: entry <= t = exit
    survival *= 1.0 - static_cast<double>(ended) / static_cast<double>(at_risk);
    greenwood += ended < at_risk ? static_cast<double>(ended) /
                                       (static_cast<double>(at_risk) * static_cast<double>(at_risk - ended))
                                 : std::numeric_limits<double>::infinity();
    steps.push_back({t, at_risk, ended, survival, greenwood});
  }
  return SurvivalCurve(std::move(steps));
}

SurvivalEstimate SurvivalCurve::at(double t) const {
  // The last step at or before t.
  const auto after = std::upper_bound(steps_.begin(), steps_.end(), t,
                                      [](double time, const Step& step) { return time < step.time; });
  if (after == steps_.begin()) return {};
  const Step& step = *(after - 1);
  SurvivalEstimate e;
  e.survival = step.survival;
  if (!(step.survival > 0.0)) {  // every spell at risk ended: S is 0 with no spread
    e.standard_error = 0.0;
    e.lo95 = e.hi95 = 0.0;
    return e;
  }
  e.standard_error = step.survival * std::sqrt(step.greenwood_sum);
  if (step.survival >= 1.0 || step.greenwood_sum == 0.0) {
    e.lo95 = e.hi95 = step.survival;
    return e;
  }
  // log(-log S) has standard error sqrt(greenwood) / |log S| (delta method); back-transformed, the interval
  // is S^exp(+-z v), asymmetric and inside (0, 1).
  const double v = std::sqrt(step.greenwood_sum) / std::fabs(std::log(step.survival));
  e.lo95 = std::pow(step.survival, std::exp(Z95 * v));
  e.hi95 = std::pow(step.survival, std::exp(-Z95 * v));
  return e;
}

double SurvivalCurve::quantile(double p) const {
  if (!(p > 0.0 && p < 1.0)) throw std::invalid_argument("survival quantile: expected 0 < p < 1");
  for (const Step& step : steps_)
    if (step.survival <= 1.0 - p) return step.time;
  return NOT_AVAILABLE;
}

// The median's interval is the set of times at which S's interval holds 0.5: it begins where the lower bound
// first reaches 0.5 and ends where the upper bound does.
double SurvivalCurve::median_lo95() const {
  return first_time(*this, [](const SurvivalEstimate& e) { return e.lo95 <= 0.5; });
}

double SurvivalCurve::median_hi95() const {
  return first_time(*this, [](const SurvivalEstimate& e) { return e.hi95 <= 0.5; });
}

}  // namespace ozsim::engine
