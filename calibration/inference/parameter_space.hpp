#pragma once
// The free parameters of a calibration: their names (scenario keys), priors and the linear
// constraints between them. The joint prior is the product of the marginals restricted to the
// region where every constraint holds.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "calibration/inference/prior.hpp"

namespace ozsim::calibration {

struct Parameter {
  std::string name;
  Prior prior;
};

// sum_i coefficients[i] * x[i] < bound (strict) or <= bound.
struct LinearConstraint {
  std::vector<double> coefficients;
  double bound = 0.0;
  bool strict = false;
  std::string text;  // as written, for messages

  bool satisfied(const std::vector<double>& x) const;
};

// Parses "a < b", "a + b <= 1", "2*a - b >= 0.5", "0.5 * a > b" over `names`. Terms are
// [number [*]] name or a number; operators <, <=, >, >=. Throws std::invalid_argument with a
// message naming the offending token (an unknown name comes with the declared names).
LinearConstraint parse_linear_constraint(std::string_view text, const std::vector<std::string>& names);

class ParameterSpace {
 public:
  // Throws std::invalid_argument on a duplicate name.
  void add(std::string name, Prior prior);
  void add_constraint(LinearConstraint constraint);
  void add_constraint(std::string_view text) { add_constraint(parse_linear_constraint(text, names())); }

  std::size_t size() const { return parameters_.size(); }
  const std::vector<Parameter>& parameters() const { return parameters_; }
  const std::vector<LinearConstraint>& constraints() const { return constraints_; }
  std::vector<std::string> names() const;

  bool admissible(const std::vector<double>& x) const;   // in every prior's support, all constraints hold
  double log_prior(const std::vector<double>& x) const;  // unnormalised; -infinity when not admissible
  std::vector<double> sample_marginals(Rng& rng) const;  // ignores constraints: callers retry

 private:
  std::vector<Parameter> parameters_;
  std::vector<LinearConstraint> constraints_;
};

// Levenshtein-closest candidate within a small distance, or "" (for "did you mean" hints).
std::string closest_name(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace ozsim::calibration
