#include "calibration/inference/transform.hpp"

#include <cmath>

namespace ozsim::calibration {

ParameterTransform::ParameterTransform(const ParameterSpace& space) {
  for (const auto& p : space.parameters()) {
    low_.push_back(p.prior.support_low());
    high_.push_back(p.prior.support_high());
    const bool bounded = std::isfinite(low_.back()) || std::isfinite(high_.back());
    const double variance = p.prior.variance();
    // Logit of a uniform has sd pi / sqrt(3) ~ 1.8; 1 is the right order for any transformed parameter.
    scale_.push_back(bounded ? 1.0 : (std::isfinite(variance) && variance > 0.0 ? std::sqrt(variance) : 1.0));
  }
}

std::vector<double> ParameterTransform::to_unbounded(const std::vector<double>& x) const {
  std::vector<double> u(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const bool has_low = std::isfinite(low_[i]);
    const bool has_high = std::isfinite(high_[i]);
    if (has_low && has_high) {
      u[i] = std::log(x[i] - low_[i]) - std::log(high_[i] - x[i]);
    } else if (has_low) {
      u[i] = std::log(x[i] - low_[i]);
    } else if (has_high) {
      u[i] = -std::log(high_[i] - x[i]);
    } else {
      u[i] = x[i];
    }
  }
  return u;
}

std::vector<double> ParameterTransform::from_unbounded(const std::vector<double>& u) const {
  std::vector<double> x(u.size());
  for (std::size_t i = 0; i < u.size(); ++i) {
    const bool has_low = std::isfinite(low_[i]);
    const bool has_high = std::isfinite(high_[i]);
    if (has_low && has_high) {
      // Written so that neither end is produced by cancellation: the smaller distance to a bound is
      // computed directly.
      const double width = high_[i] - low_[i];
      x[i] =
          u[i] < 0.0 ? low_[i] + width / (1.0 + std::exp(-u[i])) : high_[i] - width / (1.0 + std::exp(u[i]));
    } else if (has_low) {
      x[i] = low_[i] + std::exp(u[i]);
    } else if (has_high) {
      x[i] = high_[i] - std::exp(-u[i]);
    } else {
      x[i] = u[i];
    }
  }
  return x;
}

double ParameterTransform::log_jacobian(const std::vector<double>& x) const {
  double sum = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const bool has_low = std::isfinite(low_[i]);
    const bool has_high = std::isfinite(high_[i]);
    if (has_low && has_high) {
      // d/dx [log(x - a) - log(b - x)] = (b - a) / ((x - a)(b - x))
      sum += std::log(high_[i] - low_[i]) - std::log(x[i] - low_[i]) - std::log(high_[i] - x[i]);
    } else if (has_low) {
      sum -= std::log(x[i] - low_[i]);
    } else if (has_high) {
      sum -= std::log(high_[i] - x[i]);
    }
  }
  return sum;
}

}  // namespace ozsim::calibration
