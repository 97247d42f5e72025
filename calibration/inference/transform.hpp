#pragma once
// The map between a parameter's own scale and the unbounded scale the ABC-SMC kernel perturbs on:
// logit for a parameter bounded on both sides, log for one bound, identity for none. A proposal made
// on the unbounded scale always lands inside the prior's support, so no simulation budget is lost on
// proposals that leave the prior box, and the kernel is not cut off at a bound.
#include <vector>

#include "calibration/inference/parameter_space.hpp"

namespace ozsim::calibration {

class ParameterTransform {
 public:
  explicit ParameterTransform(const ParameterSpace& space);

  std::vector<double> to_unbounded(const std::vector<double>& x) const;
  std::vector<double> from_unbounded(const std::vector<double>& u) const;
  // log |det du/dx| at x: the proposal density on the parameter scale is the unbounded-scale density
  // times this Jacobian.
  double log_jacobian(const std::vector<double>& x) const;
  // A typical spread on the unbounded scale, per parameter (for regularising a degenerate kernel).
  const std::vector<double>& unbounded_scale() const { return scale_; }

 private:
  std::vector<double> low_, high_;  // support; +-infinity when unbounded
  std::vector<double> scale_;
};

}  // namespace ozsim::calibration
