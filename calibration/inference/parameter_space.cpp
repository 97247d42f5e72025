#include "calibration/inference/parameter_space.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "sim/params/key_table.hpp"

namespace ozsim::calibration {
namespace {

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.';
}

// A tiny recursive-descent reader for "side op side" with linear sides.
class ConstraintParser {
 public:
  ConstraintParser(std::string_view text, const std::vector<std::string>& names)
      : text_(text), names_(names), coefficients_(names.size(), 0.0) {}

  LinearConstraint parse() {
    parse_side(+1.0);
    skip_space();
    bool strict = false;
    double direction = 1.0;  // +1 for <, <=; -1 for >, >=
    if (pos_ < text_.size() && (text_[pos_] == '<' || text_[pos_] == '>')) {
      direction = text_[pos_] == '<' ? 1.0 : -1.0;
      ++pos_;
      if (pos_ < text_.size() && text_[pos_] == '=') {
        ++pos_;
      } else {
        strict = true;
      }
    } else {
      fail("expected one of <, <=, >, >=");
    }
    parse_side(-1.0);
    skip_space();
    if (pos_ != text_.size()) fail("unexpected '" + std::string(text_.substr(pos_)) + "'");
    if (std::all_of(coefficients_.begin(), coefficients_.end(), [](double c) { return c == 0.0; })) {
      fail("names no parameter");
    }
    LinearConstraint out;
    // lhs - rhs (op) 0  <=>  sum c x (op) -constant
    for (auto& c : coefficients_) c *= direction;
    out.coefficients = coefficients_;
    out.bound = -constant_ * direction;
    out.strict = strict;
    out.text = std::string(text_);
    return out;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw std::invalid_argument("constraint '" + std::string(text_) + "': " + why);
  }
  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_])) != 0) ++pos_;
  }
  bool at_number() const {
    return pos_ < text_.size() &&
           (std::isdigit(static_cast<unsigned char>(text_[pos_])) != 0 || text_[pos_] == '.');
  }
  double read_number() {
    double value = 0.0;
    const char* begin = text_.data() + pos_;
    const auto [end, ec] = std::from_chars(begin, text_.data() + text_.size(), value);
    if (ec != std::errc{} || !std::isfinite(value))
      fail("bad number at '" + std::string(text_.substr(pos_)) + "'");
    pos_ += static_cast<std::size_t>(end - begin);
    return value;
  }
  std::string read_name() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && is_name_char(text_[pos_])) ++pos_;
    if (start == pos_)
      fail("expected a parameter name or number at '" + std::string(text_.substr(pos_)) + "'");
    // A list item, LIST[i] (as in priors.toml's keys): '[' is no operator, so it belongs to the name.
    if (pos_ < text_.size() && text_[pos_] == '[') {
      const std::size_t close = text_.find(']', pos_);
      const bool digits = close != std::string_view::npos && close > pos_ + 1 &&
                          std::all_of(text_.begin() + static_cast<std::ptrdiff_t>(pos_ + 1),
                                      text_.begin() + static_cast<std::ptrdiff_t>(close), [](char c) {
                                        return std::isdigit(static_cast<unsigned char>(c)) != 0;
                                      });
      if (!digits) fail("expected a list item NAME[i] at '" + std::string(text_.substr(start)) + "'");
      pos_ = close + 1;
    }
    return std::string(text_.substr(start, pos_ - start));
  }
  void add_name(const std::string& name, double factor) {
    const auto it = std::find(names_.begin(), names_.end(), name);
    if (it == names_.end()) {
      std::string hint = closest_name(name, names_);
      fail("unknown parameter '" + name + "'" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)") +
           "; declared parameters: " + join(names_));
    }
    coefficients_[static_cast<std::size_t>(it - names_.begin())] += factor;
  }
  void parse_term(double sign) {
    skip_space();
    if (at_number()) {
      const double value = read_number();
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == '*') {
        ++pos_;
        skip_space();
        add_name(read_name(), sign * value);
      } else if (pos_ < text_.size() && std::isalpha(static_cast<unsigned char>(text_[pos_])) != 0) {
        add_name(read_name(), sign * value);  // "2a" style
      } else {
        constant_ += sign * value;
      }
    } else {
      add_name(read_name(), sign);
    }
  }
  void parse_side(double side_sign) {
    skip_space();
    double sign = 1.0;
    if (pos_ < text_.size() && (text_[pos_] == '-' || text_[pos_] == '+')) {
      sign = text_[pos_] == '-' ? -1.0 : 1.0;
      ++pos_;
    }
    parse_term(side_sign * sign);
    for (;;) {
      skip_space();
      if (pos_ >= text_.size() || (text_[pos_] != '+' && text_[pos_] != '-')) return;
      sign = text_[pos_] == '-' ? -1.0 : 1.0;
      ++pos_;
      parse_term(side_sign * sign);
    }
  }

  std::string_view text_;
  const std::vector<std::string>& names_;
  std::vector<double> coefficients_;
  double constant_ = 0.0;
  std::size_t pos_ = 0;
};

}  // namespace

std::string closest_name(std::string_view name, const std::vector<std::string>& candidates) {
  // The same notion of a plausible typo as every other did-you-mean in ozsim.
  return params::closest_match(name, candidates).value_or(std::string());
}

bool LinearConstraint::satisfied(const std::vector<double>& x) const {
  double sum = 0.0;
  for (std::size_t i = 0; i < coefficients.size() && i < x.size(); ++i) sum += coefficients[i] * x[i];
  return strict ? sum < bound : sum <= bound;
}

LinearConstraint parse_linear_constraint(std::string_view text, const std::vector<std::string>& names) {
  return ConstraintParser(text, names).parse();
}

void ParameterSpace::add(std::string name, Prior prior) {
  for (const auto& p : parameters_) {
    if (p.name == name) throw std::invalid_argument("parameter '" + name + "' is declared twice");
  }
  parameters_.push_back(Parameter{std::move(name), prior});
  for (auto& c : constraints_) c.coefficients.resize(parameters_.size(), 0.0);
}

void ParameterSpace::add_constraint(LinearConstraint constraint) {
  constraint.coefficients.resize(parameters_.size(), 0.0);
  constraints_.push_back(std::move(constraint));
}

std::vector<std::string> ParameterSpace::names() const {
  std::vector<std::string> out;
  out.reserve(parameters_.size());
  for (const auto& p : parameters_) out.push_back(p.name);
  return out;
}

bool ParameterSpace::admissible(const std::vector<double>& x) const {
  if (x.size() != parameters_.size()) return false;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!parameters_[i].prior.in_support(x[i])) return false;
  }
  return std::all_of(constraints_.begin(), constraints_.end(), [&](const auto& c) { return c.satisfied(x); });
}

double ParameterSpace::log_prior(const std::vector<double>& x) const {
  if (!admissible(x)) return -std::numeric_limits<double>::infinity();
  double sum = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) sum += parameters_[i].prior.log_density(x[i]);
  return sum;
}

std::vector<double> ParameterSpace::sample_marginals(Rng& rng) const {
  std::vector<double> x;
  x.reserve(parameters_.size());
  for (const auto& p : parameters_) x.push_back(p.prior.sample(rng));
  return x;
}

}  // namespace ozsim::calibration
