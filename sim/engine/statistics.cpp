#include "sim/engine/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace ozsim::engine {

namespace {
constexpr double NOT_A_NUMBER = std::numeric_limits<double>::quiet_NaN();
}  // namespace

void TimeWeighted::throw_backwards(Time now) const {
  throw std::logic_error("TimeWeighted::update: time went backwards (" + std::to_string(now) + " < " +
                         std::to_string(last_) + ")");
}

double TimeWeighted::mean(Time now) const {
  const double span = now - start_;
  if (!(span > 0.0)) return value_;
  // The current value has held since last_, which the stored area does not include yet.
  return (area_ + value_ * (now - last_)) / span;
}

void TimeWeighted::reset(Time now) {
  start_ = now;
  last_ = now;
  area_ = 0.0;
  maximum_ = value_;
}

void Tally::keep(double x) {
  if (sorted_ && !values_.empty() && x < values_.back()) sorted_ = false;
  values_.push_back(x);
}

double Tally::mean() const {
  return count_ == 0 ? NOT_A_NUMBER : shift_ + sum_ / static_cast<double>(count_);
}

double Tally::variance() const {
  if (count_ < 2) return NOT_A_NUMBER;
  const double n = static_cast<double>(count_);
  return std::max(0.0, (sum_squares_ - sum_ * sum_ / n) / (n - 1.0));
}

double Tally::quantile(double p) const {
  if (!(p >= 0.0 && p <= 1.0)) {
    throw std::invalid_argument("Tally::quantile: p must be in [0, 1], found " + std::to_string(p));
  }
  if (!keep_values_) throw std::logic_error("Tally::quantile: values are not kept (set_keep_values(false))");
  if (values_.empty()) return NOT_A_NUMBER;
  if (!sorted_) {
    std::sort(values_.begin(), values_.end());
    sorted_ = true;
  }
  const double h = static_cast<double>(values_.size() - 1) * p;
  const auto lower = static_cast<std::size_t>(std::floor(h));
  if (lower + 1 >= values_.size()) return values_.back();
  const double fraction = h - static_cast<double>(lower);
  return values_[lower] + fraction * (values_[lower + 1] - values_[lower]);
}

double Tally::min() const {
  return count_ == 0 ? NOT_A_NUMBER : min_;
}
double Tally::max() const {
  return count_ == 0 ? NOT_A_NUMBER : max_;
}

void Tally::set_keep_values(bool keep) {
  if (keep && !keep_values_ && count_ != 0) {
    // Values seen while not keeping are lost, so quantiles would silently cover only part of the data.
    throw std::logic_error("Tally::set_keep_values: observations were already dropped; reset() first");
  }
  keep_values_ = keep;
  if (!keep) {
    values_.clear();
    values_.shrink_to_fit();
    sorted_ = true;
  }
}

void Tally::reset() {
  values_.clear();
  sorted_ = true;
  count_ = 0;
  shift_ = 0.0;
  sum_ = 0.0;
  sum_squares_ = 0.0;
  min_ = 0.0;
  max_ = 0.0;
}

}  // namespace ozsim::engine
