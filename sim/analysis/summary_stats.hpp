#pragma once
// Statistics across replications: means with Student-t intervals, percentiles,
// and paired (common random numbers) differences between two scenarios.
#include <cstddef>
#include <limits>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/model/run.hpp"

namespace ozsim::analysis {

inline constexpr double NOT_AVAILABLE = std::numeric_limits<double>::quiet_NaN();

// Quantile of the standard normal distribution, p in [0, 1] (+-infinity at the ends). Boost.Math.
double normal_quantile(double p);
// P(T <= t) for Student's t with df > 0 degrees of freedom (df = infinity gives the normal).
double student_t_cdf(double t, double df);
// Quantile of Student's t, p in (0, 1), df > 0 (need not be whole; infinity gives the normal).
double student_t_quantile(double p, double df);
// Regularised incomplete beta function I_x(a, b), a, b > 0, x in [0, 1]. Boost.Math.
double incomplete_beta(double x, double a, double b);

// Percentile p in [0, 1] of already sorted values by linear interpolation between
// order statistics (Hyndman-Fan type 7, the R and NumPy default). NaN if empty.
double percentile_sorted(std::span<const double> sorted, double p);

// Summary of one quantity over replications. Fields that need more data than
// there is (sd and interval with n < 2) are NaN, written as "n/a" / null.
struct Summary {
  std::size_t n = 0;
  double mean = NOT_AVAILABLE;
  double sd = NOT_AVAILABLE;    // sample standard deviation (n - 1)
  double lo95 = NOT_AVAILABLE;  // 95% interval for the mean: mean -/+ t(0.975, n-1) sd / sqrt(n)
  double hi95 = NOT_AVAILABLE;
  double p2_5 = NOT_AVAILABLE;  // 2.5th and 97.5th percentiles of the values themselves
  double p97_5 = NOT_AVAILABLE;
};

Summary summarize(std::span<const double> values);

// The range a quantity lives in, so that its interval stays inside it.
enum class ValueRange {
  Real,         // any sign (differences): the Student t interval, symmetric
  NonNegative,  // counts, days, euros: the t interval of log(mean) by the delta method
  Proportion,   // shares in [0, 1]: the t interval of logit(mean) by the delta method
};

// The range of a KPI from the KPI catalogue: a share is a Proportion, a family that cannot be negative is
// NonNegative, anything else (and a name the catalogue does not know) Real.
ValueRange value_range(std::string_view kpi);

// s with its 95% interval for the mean replaced by one that cannot leave `range`: for NonNegative
// mean x exp(-+ t se / mean), for Proportion expit(logit(mean) -+ t se / (mean (1 - mean))), se = sd /
// sqrt(n), t = t(0.975, n - 1). Asymmetric, to the right for a right-skewed quantity, which is where a
// symmetric interval under-covers. A mean on the boundary (all values 0, or all 1) keeps its interval
// of width 0. Real, n < 2 or a value outside the range leave s as it is.
Summary within_range(Summary s, ValueRange range);

// The Summary of values that arrive one at a time, in a fixed order, in
// constant memory; summarize() computes its mean, sd and interval this way too,
// so both give the same bits for the same values in the same order. The mean is
// the first value plus the mean offset from it (identical values give exactly
// that value); sd is Welford's update on those offsets. The percentiles need
// every value and stay NaN here. NaN values are skipped.
class RunningSummary {
 public:
  void add(double value);
  std::size_t count() const noexcept { return n_; }
  Summary summary() const;

 private:
  std::size_t n_ = 0;
  double origin_ = 0.0;       // the first value
  double offset_sum_ = 0.0;   // sum of (value - origin), in arrival order, as summarize() adds them
  double offset_mean_ = 0.0;  // Welford: running mean of the offsets
  double squares_ = 0.0;      // Welford: sum of squared deviations from that mean
};

// Sample variance of the paired differences b[r] - a[r]; NaN with fewer than 2 pairs.
double paired_difference_variance(std::span<const double> a, std::span<const double> b);

// A KPI that is absent where it should be present.
struct MissingKpi {
  std::string kpi;
  std::string scenario;          // where it is missing
  std::size_t replications = 0;  // in how many replications it is missing
};

// Every KPI of one scenario over its replications; each KPI's interval within its value_range().
struct ScenarioSummary {
  std::map<std::string, Summary> kpis;
  // KPIs present in some replications but not all (each summary above then has n < R).
  std::vector<MissingKpi> incomplete;
};

ScenarioSummary summarize_kpis(std::span<const model::RunResult> replications,
                               const std::string& scenario = {});

// summarize_kpis of replications that arrive one at a time, in replication
// order, in memory that grows with the number of KPIs but not with the number
// of replications. Equal to summarize_kpis bit for bit, except that the
// percentiles are NaN (see RunningSummary).
class KpiAccumulator {
 public:
  // `differences`: it accumulates paired differences between scenarios (a sweep point minus its baseline),
  // which can be negative whatever the KPI: their intervals are plain Student-t, not on the KPI's own scale.
  explicit KpiAccumulator(std::string scenario = {}, bool differences = false)
      : scenario_(std::move(scenario)), differences_(differences) {}
  void add(const model::RunResult& replication);
  std::size_t replications() const noexcept { return replications_; }
  ScenarioSummary summary() const;

 private:
  struct Kpi {
    std::string name;
    bool sparse = false;  // absent means 0 (a flow is written only when non-zero)
    ValueRange range = ValueRange::Real;
    std::size_t missing = 0;  // replications without it (or with NaN), when not sparse
    RunningSummary values;
  };
  Kpi new_kpi(const std::string& name) const;
  std::string scenario_;
  bool differences_ = false;
  std::size_t replications_ = 0;
  std::vector<Kpi> kpis_;  // sorted by name, like RunResult::kpis
};

// Values of one KPI per replication; NaN where a replication lacks it.
std::vector<double> kpi_values(std::span<const model::RunResult> replications, const std::string& kpi);

struct PairedKpi {
  std::string kpi;
  Summary base;  // intervals within the KPI's value_range()
  Summary alt;
  Summary diff;  // over replications r where both have the KPI: alt[r] - base[r]
  // The KPI catalogue's headline KPIs are the only ones tested (multiplicity.hpp).
  bool headline = false;
  double p_value = NOT_AVAILABLE;  // paired t test of diff.mean = 0; headline KPIs only
  bool significant = false;        // rejected by Benjamini-Hochberg over this comparison's headline KPIs
};

// ALT versus BASE, replication r paired with replication r (same seed).
struct PairedComparison {
  std::size_t headline_tests = 0;   // headline KPIs tested together (the family Benjamini-Hochberg controls)
  std::vector<PairedKpi> kpis;      // sorted by KPI name; includes KPIs missing on one side (diff.n = 0)
  std::vector<MissingKpi> missing;  // every KPI absent from some replication of either scenario
};

// Throws std::invalid_argument if the two sides have different replication counts.
PairedComparison compare_paired(std::span<const model::RunResult> base, std::span<const model::RunResult> alt,
                                const std::string& base_name = "base", const std::string& alt_name = "alt");

// Variance of the paired difference of one KPI between two result sets, the
// quantity common random numbers are meant to shrink. NaN if the KPI is missing.
double paired_difference_variance(std::span<const model::RunResult> a, std::span<const model::RunResult> b,
                                  const std::string& kpi);

}  // namespace ozsim::analysis
