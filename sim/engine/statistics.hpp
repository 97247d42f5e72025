#pragma once
// Output statistics: time-weighted averages (queue lengths, occupancy), tallies of observations (waiting
// times) and plain counters. All support reset for a warm-up period.

#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/engine/event_queue.hpp"

namespace ozsim::engine {

// Average of a piecewise-constant quantity over time, e.g. the number of pupils on a waiting list.
class TimeWeighted {
 public:
  // The quantity takes `value` from `now` on; now must not go backwards.
  void update(Time now, double value) {
    if (now < last_) throw_backwards(now);
    area_ += value_ * (now - last_);
    last_ = now;
    value_ = value;
    if (value > maximum_) maximum_ = value;
  }
  // Time average from the last reset (or t=0) to now; the current value if no time has passed.
  double mean(Time now) const;
  double current() const { return value_; }
  // Largest value since the last reset (the value at reset counts).
  double maximum() const { return maximum_; }
  // Starts a new observation period at now, keeping the current value.
  void reset(Time now);

 private:
  [[noreturn]] void throw_backwards(Time now) const;
  Time start_ = 0.0;
  Time last_ = 0.0;
  double value_ = 0.0;
  double area_ = 0.0;
  double maximum_ = 0.0;
};

// Observations such as waiting times: count, mean, variance (Welford) and exact quantiles (keeps values).
class Tally {
 public:
  // keep_values = false saves memory on very long runs; quantile() then throws std::logic_error.
  explicit Tally(bool keep_values = true) : keep_values_(keep_values) {}
  void set_keep_values(bool keep);
  // Inline: engines call it for every admission.
  void add(double x) {
    if (count_ == 0) shift_ = x;
    ++count_;
    const double d = x - shift_;
    sum_ += d;
    sum_squares_ += d * d;
    min_ = count_ == 1 ? x : std::min(min_, x);
    max_ = count_ == 1 ? x : std::max(max_, x);
    if (keep_values_) keep(x);
  }
  std::uint64_t count() const { return count_; }
  // NaN if empty.
  double mean() const;
  // Sample variance (n - 1 denominator); NaN with fewer than two observations.
  double variance() const;
  // Exact quantile by linear interpolation between order statistics (Hyndman & Fan type 7, R's default);
  // p in [0, 1] else std::invalid_argument; NaN if empty.
  double quantile(double p) const;
  // NaN if empty.
  double min() const;
  double max() const;
  void reset();

 private:
  void keep(double x);

  mutable std::vector<double> values_;
  mutable bool sorted_ = true;
  bool keep_values_ = true;
  std::uint64_t count_ = 0;
  // Sums of x - shift and its square, shifted by the first observation so that the variance keeps its
  // precision for large, tightly clustered values without a division per add.
  double shift_ = 0.0;
  double sum_ = 0.0;
  double sum_squares_ = 0.0;
  double min_ = 0.0;
  double max_ = 0.0;
};

// A count of occurrences (requests, rejections, ...).
class Counter {
 public:
  void add(std::uint64_t n = 1) { value_ += n; }
  std::uint64_t value() const { return value_; }
  void reset() { value_ = 0; }

 private:
  std::uint64_t value_ = 0;
};

}  // namespace ozsim::engine
