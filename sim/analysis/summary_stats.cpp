#include "sim/analysis/summary_stats.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <cmath>
#include <iterator>
#include <numbers>
#include <stdexcept>

#include "sim/analysis/multiplicity.hpp"
#include "sim/model/kpi_catalogue.hpp"

namespace ozsim::analysis {

namespace {

constexpr double INF = std::numeric_limits<double>::infinity();

// Boost.Math's defaults throw on p = 0 or 1 and promote double to long double;
// these give +-infinity at the ends and compute in double, as the callers expect.
using Policy =
    boost::math::policies::policy<boost::math::policies::overflow_error<boost::math::policies::ignore_error>,
                                  boost::math::policies::promote_double<false>>;

}  // namespace

double normal_quantile(double p) {
  if (!(p >= 0.0 && p <= 1.0)) throw std::invalid_argument("normal_quantile: p must be in [0, 1]");
  if (p == 0.0) return -INF;
  if (p == 1.0) return INF;
  return boost::math::quantile(boost::math::normal_distribution<double, Policy>(), p);
}

double incomplete_beta(double x, double a, double b) {
  if (!(a > 0.0 && b > 0.0)) throw std::invalid_argument("incomplete_beta: a and b must be positive");
  if (!(x >= 0.0 && x <= 1.0)) throw std::invalid_argument("incomplete_beta: x must be in [0, 1]");
  return boost::math::ibeta(a, b, x, Policy());
}

double student_t_cdf(double t, double df) {
  if (!(df > 0.0)) throw std::invalid_argument("student_t_cdf: df must be positive");
  if (std::isnan(t)) return t;
  if (std::isinf(t)) return t > 0 ? 1.0 : 0.0;
  if (std::isinf(df)) return boost::math::cdf(boost::math::normal_distribution<double, Policy>(), t);
  return boost::math::cdf(boost::math::students_t_distribution<double, Policy>(df), t);
}

double student_t_quantile(double p, double df) {
  if (!(df > 0.0)) throw std::invalid_argument("student_t_quantile: df must be positive");
  if (!(p >= 0.0 && p <= 1.0)) throw std::invalid_argument("student_t_quantile: p must be in [0, 1]");
  if (p == 0.0) return -INF;
  if (p == 1.0) return INF;
  if (std::isinf(df)) return normal_quantile(p);
  return boost::math::quantile(boost::math::students_t_distribution<double, Policy>(df), p);
}

double percentile_sorted(std::span<const double> sorted, double p) {
  if (sorted.empty()) return NOT_AVAILABLE;
  if (!(p >= 0.0 && p <= 1.0)) throw std::invalid_argument("percentile: p must be in [0, 1]");
  const double h = p * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(h));
  if (below + 1 >= sorted.size()) return sorted.back();
  const double fraction = h - static_cast<double>(below);
  if (fraction == 0.0) return sorted[below];
  return sorted[below] + fraction * (sorted[below + 1] - sorted[below]);
}

namespace {

// The 97.5% t quantile for df degrees of freedom; cached per thread, because
// summarising thousands of KPIs asks for the same few df over and over.
double t_975(std::size_t df) {
  thread_local std::vector<double> cache;
  if (df >= cache.size()) {
    if (df > 100000) return student_t_quantile(0.975, static_cast<double>(df));
    cache.resize(df + 1, NOT_AVAILABLE);
  }
  if (std::isnan(cache[df])) cache[df] = student_t_quantile(0.975, static_cast<double>(df));
  return cache[df];
}

}  // namespace

Summary summarize(std::span<const double> values) {
  // Mean, sd and interval as values arriving one at a time (RunningSummary), so a
  // summary over a vector and one reduced while replications finish are the same bits.
  RunningSummary running;
  std::vector<double> kept;
  kept.reserve(values.size());
  for (double v : values) {
    running.add(v);
    if (!std::isnan(v)) kept.push_back(v);
  }
  Summary s = running.summary();
  std::sort(kept.begin(), kept.end());
  s.p2_5 = percentile_sorted(kept, 0.025);
  s.p97_5 = percentile_sorted(kept, 0.975);
  return s;
}

void RunningSummary::add(double value) {
  if (std::isnan(value)) return;
  if (n_ == 0) origin_ = value;
  ++n_;
  const double offset = value - origin_;
  offset_sum_ += offset;
  const double delta = offset - offset_mean_;
  offset_mean_ += delta / static_cast<double>(n_);
  squares_ += delta * (offset - offset_mean_);
}

Summary RunningSummary::summary() const {
  Summary s;
  s.n = n_;
  if (n_ == 0) return s;
  s.mean = origin_ + offset_sum_ / static_cast<double>(n_);
  if (n_ < 2) return s;
  s.sd = std::sqrt(squares_ / static_cast<double>(n_ - 1));
  const double half_width = t_975(n_ - 1) * s.sd / std::sqrt(static_cast<double>(n_));
  s.lo95 = s.mean - half_width;
  s.hi95 = s.mean + half_width;
  return s;
}

namespace {

// value_range() of a KPI already looked up in the catalogue (nullopt: a name it does not know).
ValueRange value_range_of(const std::optional<model::KpiName>& kpi) {
  if (!kpi) return ValueRange::Real;
  if (kpi->family->unit == model::KpiUnit::Share) return ValueRange::Proportion;
  return kpi->family->can_be_negative ? ValueRange::Real : ValueRange::NonNegative;
}

}  // namespace

ValueRange value_range(std::string_view kpi) {
  return value_range_of(model::kpi_catalogue().find(kpi));
}

Summary within_range(Summary s, ValueRange range) {
  if (range == ValueRange::Real || s.n < 2 || !std::isfinite(s.mean) || !std::isfinite(s.sd)) return s;
  const double t_se = t_975(s.n - 1) * s.sd / std::sqrt(static_cast<double>(s.n));
  if (range == ValueRange::NonNegative) {
    if (s.mean < 0.0) return s;  // not a non-negative quantity after all: leave it to the caller's checks
    if (s.mean == 0.0 || s.sd == 0.0) {
      s.lo95 = s.hi95 = s.mean;
      return s;
    }
    // For values >= 0, sd / sqrt(n) <= mean, so the exponent stays below t(0.975, 1) = 12.7.
    const double spread = std::exp(t_se / s.mean);
    s.lo95 = s.mean / spread;
    s.hi95 = s.mean * spread;
    return s;
  }
  if (s.mean < 0.0 || s.mean > 1.0) return s;
  if (s.mean == 0.0 || s.mean == 1.0 || s.sd == 0.0) {
    s.lo95 = s.hi95 = s.mean;
    return s;
  }
  const double logit = std::log(s.mean / (1.0 - s.mean));
  const double half = t_se / (s.mean * (1.0 - s.mean));
  const auto expit = [](double x) { return 1.0 / (1.0 + std::exp(-x)); };
  s.lo95 = expit(logit - half);
  s.hi95 = expit(logit + half);
  return s;
}

double paired_difference_variance(std::span<const double> a, std::span<const double> b) {
  if (a.size() != b.size()) throw std::invalid_argument("paired_difference_variance: sizes differ");
  std::vector<double> diff;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!std::isnan(a[i]) && !std::isnan(b[i])) diff.push_back(b[i] - a[i]);
  const Summary s = summarize(diff);
  return s.sd * s.sd;
}

std::vector<double> kpi_values(std::span<const model::RunResult> replications, const std::string& kpi) {
  std::vector<double> values;
  values.reserve(replications.size());
  for (const auto& result : replications) {
    const std::optional<double> value = model::kpi_catalogue().value(result.kpis, kpi);
    values.push_back(value ? *value : NOT_AVAILABLE);
  }
  return values;
}

namespace {

// KPI names of all replications, sorted. Replications of one scenario nearly
// always share their key set, so each is first compared in one linear pass and
// merged only when it differs.
std::vector<std::string> kpi_names(std::span<const model::RunResult> replications) {
  std::vector<std::string> names;
  for (const auto& result : replications) {
    const auto& kpis = result.kpis;
    const bool same =
        kpis.size() == names.size() &&
        std::equal(kpis.begin(), kpis.end(), names.begin(),
                   [](const auto& entry, const std::string& name) { return entry.first == name; });
    if (same) continue;
    std::vector<std::string> merged;
    merged.reserve(names.size() + kpis.size());
    auto it = kpis.begin();
    for (const auto& name : names) {
      while (it != kpis.end() && it->first < name) merged.push_back((it++)->first);
      if (it != kpis.end() && it->first == name) ++it;
      merged.push_back(name);
    }
    for (; it != kpis.end(); ++it) merged.push_back(it->first);
    names = std::move(merged);
  }
  return names;
}

std::vector<std::string> merge_names(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::string> merged;
  merged.reserve(a.size() + b.size());
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(merged));
  return merged;
}

// values[k][r]: KPI names[k] in replication r; where absent 0 for a sparse KPI
// family (flows: written only when non-zero), else NaN. `names` is sorted like
// the maps, so one walk per replication fills its column.
std::vector<std::vector<double>> kpi_matrix(std::span<const model::RunResult> replications,
                                            const std::vector<std::string>& names) {
  std::vector<std::vector<double>> values;
  values.reserve(names.size());
  for (const std::string& name : names) {
    const std::optional<model::KpiName> kpi = model::kpi_catalogue().find(name);
    values.emplace_back(replications.size(), kpi && kpi->family->sparse ? 0.0 : NOT_AVAILABLE);
  }
  for (std::size_t r = 0; r < replications.size(); ++r) {
    std::size_t k = 0;
    for (const auto& [name, value] : replications[r].kpis) {
      while (k < names.size() && names[k] < name) ++k;
      if (k < names.size() && names[k] == name) values[k][r] = value;
    }
  }
  return values;
}

std::size_t count_missing(const std::vector<double>& values) {
  return static_cast<std::size_t>(
      std::count_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }));
}

}  // namespace

ScenarioSummary summarize_kpis(std::span<const model::RunResult> replications, const std::string& scenario) {
  ScenarioSummary summary;
  const auto names = kpi_names(replications);
  const auto values = kpi_matrix(replications, names);
  for (std::size_t k = 0; k < names.size(); ++k) {
    summary.kpis.emplace_hint(summary.kpis.end(), names[k],
                              within_range(summarize(values[k]), value_range(names[k])));
    if (const std::size_t missing = count_missing(values[k]); missing > 0)
      summary.incomplete.push_back({names[k], scenario, missing});
  }
  return summary;
}

KpiAccumulator::Kpi KpiAccumulator::new_kpi(const std::string& name) const {
  Kpi kpi;
  kpi.name = name;
  const std::optional<model::KpiName> known = model::kpi_catalogue().find(name);
  kpi.sparse = known && known->family->sparse;
  kpi.range = differences_ ? ValueRange::Real : value_range_of(known);
  // The replications before this one did not have it.
  if (kpi.sparse)
    for (std::size_t r = 0; r < replications_; ++r) kpi.values.add(0.0);
  else
    kpi.missing = replications_;
  return kpi;
}

void KpiAccumulator::add(const model::RunResult& replication) {
  const auto& values = replication.kpis;
  // Replications of one scenario nearly always share their key set; a new name
  // costs one merge into the sorted list.
  const bool same_names =
      values.size() == kpis_.size() &&
      std::equal(values.begin(), values.end(), kpis_.begin(),
                 [](const auto& entry, const Kpi& kpi) { return entry.first == kpi.name; });
  if (!same_names) {
    std::vector<Kpi> merged;
    merged.reserve(kpis_.size() + values.size());
    auto it = values.begin();
    for (Kpi& kpi : kpis_) {
      for (; it != values.end() && it->first < kpi.name; ++it) merged.push_back(new_kpi(it->first));
      if (it != values.end() && it->first == kpi.name) ++it;
      merged.push_back(std::move(kpi));
    }
    for (; it != values.end(); ++it) merged.push_back(new_kpi(it->first));
    kpis_ = std::move(merged);
  }
  auto it = values.begin();
  for (Kpi& kpi : kpis_) {
    if (it != values.end() && it->first == kpi.name) {
      if (std::isnan(it->second)) ++kpi.missing;
      kpi.values.add(it->second);
      ++it;
    } else if (kpi.sparse) {
      kpi.values.add(0.0);
    } else {
      ++kpi.missing;
    }
  }
  ++replications_;
}

ScenarioSummary KpiAccumulator::summary() const {
  ScenarioSummary summary;
  for (const Kpi& kpi : kpis_) {
    summary.kpis.emplace_hint(summary.kpis.end(), kpi.name, within_range(kpi.values.summary(), kpi.range));
    if (kpi.missing > 0) summary.incomplete.push_back({kpi.name, scenario_, kpi.missing});
  }
  return summary;
}

PairedComparison compare_paired(std::span<const model::RunResult> base, std::span<const model::RunResult> alt,
                                const std::string& base_name, const std::string& alt_name) {
  if (base.size() != alt.size())
    throw std::invalid_argument("cannot pair '" + alt_name + "' (" + std::to_string(alt.size()) +
                                " replications) with '" + base_name + "' (" + std::to_string(base.size()) +
                                ")");
  const auto names = merge_names(kpi_names(base), kpi_names(alt));
  const auto base_matrix = kpi_matrix(base, names);
  const auto alt_matrix = kpi_matrix(alt, names);
  PairedComparison comparison;
  comparison.kpis.reserve(names.size());
  std::vector<double> diff;
  for (std::size_t k = 0; k < names.size(); ++k) {
    const auto& base_values = base_matrix[k];
    const auto& alt_values = alt_matrix[k];
    diff.clear();
    for (std::size_t r = 0; r < base_values.size(); ++r)
      if (!std::isnan(base_values[r]) && !std::isnan(alt_values[r]))
        diff.push_back(alt_values[r] - base_values[r]);
    const ValueRange range = value_range(names[k]);
    comparison.kpis.push_back({names[k], within_range(summarize(base_values), range),
                               within_range(summarize(alt_values), range), summarize(diff)});
    if (const std::size_t missing = count_missing(base_values); missing > 0)
      comparison.missing.push_back({names[k], base_name, missing});
    if (const std::size_t missing = count_missing(alt_values); missing > 0)
      comparison.missing.push_back({names[k], alt_name, missing});
  }
  // Significance marks: the headline KPIs only, with the false-discovery rate controlled over them.
  std::vector<std::size_t> tested;
  std::vector<double> p_values;
  for (std::size_t k = 0; k < comparison.kpis.size(); ++k) {
    PairedKpi& kpi = comparison.kpis[k];
    kpi.headline = model::kpi_catalogue().is_headline(kpi.kpi);
    if (!kpi.headline || kpi.diff.n == 0) continue;
    kpi.p_value = paired_t_p_value(kpi.diff);
    tested.push_back(k);
    p_values.push_back(kpi.p_value);
  }
  const std::vector<bool> reject = benjamini_hochberg(p_values);
  for (std::size_t i = 0; i < tested.size(); ++i) comparison.kpis[tested[i]].significant = reject[i];
  comparison.headline_tests = tested.size();
  return comparison;
}

double paired_difference_variance(std::span<const model::RunResult> a, std::span<const model::RunResult> b,
                                  const std::string& kpi) {
  if (a.size() != b.size())
    throw std::invalid_argument("paired_difference_variance: replication counts differ");
  return paired_difference_variance(kpi_values(a, kpi), kpi_values(b, kpi));
}

}  // namespace ozsim::analysis
