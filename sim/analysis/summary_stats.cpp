#include "sim/analysis/summary_stats.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numbers>
#include <stdexcept>

<<<<<<< HEAD
#include "sim/model/kpi_catalogue.hpp"
=======
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/special_functions/beta.hpp>
>>>>>>> 351eb97 (Engine contract and one owner per fact: EventSet concept, distribution names read in params, Boost.Math, install package)

namespace ozsim::analysis {

namespace {

constexpr double INF = std::numeric_limits<double>::infinity();

<<<<<<< HEAD
// Wichura (1988), algorithm AS 241 (PPND16), then one Halley step against erfc
// so that a slip in a coefficient could not go unnoticed beyond 1e-15.
double normal_quantile_as241(double p) {
  const double q = p - 0.5;
  if (std::fabs(q) <= 0.425) {
    const double r = 0.180625 - q * q;
    return q *
           (((((((2.5090809287301226727e+3 * r + 3.3430575583588128105e+4) * r + 6.7265770927008700853e+4) *
                    r +
                4.5921953931549871457e+4) *
                   r +
               1.3731693765509461125e+4) *
                  r +
              1.9715909503065514427e+3) *
                 r +
             1.3314166789178437745e+2) *
                r +
            3.3871328727963666080e0) /
           (((((((5.2264952788528545610e+3 * r + 2.8729085735721942674e+4) * r + 3.9307895800092710610e+4) *
                    r +
                2.1213794301586595867e+4) *
                   r +
               5.3941960214247511077e+3) *
                  r +
              6.8718700749205790830e+2) *
                 r +
             4.2313330701600911252e+1) *
                r +
            1.0);
  }
  double r = q < 0 ? p : 1.0 - p;
  r = std::sqrt(-std::log(r));
  double value = 0;
  if (r <= 5.0) {
    r -= 1.6;
    value =
        (((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r + 2.41780725177450611770e-1) *
                 r +
             1.27045825245236838258e0) *
                r +
            3.64784832476320460504e0) *
               r +
           5.76949722146069140550e0) *
              r +
          4.63033784615654529590e0) *
             r +
         1.42343711074968357734e0) /
        (((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r + 1.51986665636164571966e-2) *
                 r +
             1.48103976427480074590e-1) *
                r +
            6.89767334985100004550e-1) *
               r +
           1.67638483018380384940e0) *
              r +
          2.05319162663775882187e0) *
             r +
         1.0);
  } else {
    r -= 5.0;
    value =
        (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 1.24266094738807843860e-3) *
                 r +
             2.65321895265761230930e-2) *
                r +
            2.96560571828504891230e-1) *
               r +
           1.78482653991729133580e0) *
              r +
          5.46378491116411436990e0) *
             r +
         6.65790464350110377720e0) /
        (((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r + 1.84631831751005468180e-5) *
                 r +
             7.86869131145613259100e-4) *
                r +
            1.48753612908506148525e-2) *
               r +
           1.36929880922735805310e-1) *
              r +
          5.99832206555887937690e-1) *
             r +
         1.0);
  }
  return q < 0 ? -value : value;
}

// Continued fraction for the incomplete beta (modified Lentz), valid for x < (a + 1) / (a + b + 2).
double beta_continued_fraction(double a, double b, double x) {
  constexpr double TINY = 1e-300;
  constexpr double EPS = 1e-16;
  const double qab = a + b;
  const double qap = a + 1.0;
  const double qam = a - 1.0;
  double c = 1.0;
  double d = 1.0 - qab * x / qap;
  if (std::fabs(d) < TINY) d = TINY;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= 100000; ++m) {
    const double dm = m;
    const double m2 = 2.0 * dm;
    double aa = dm * (b - dm) * x / ((qam + m2) * (a + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < TINY) d = TINY;
    c = 1.0 + aa / c;
    if (std::fabs(c) < TINY) c = TINY;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + dm) * (qab + dm) * x / ((a + m2) * (qap + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < TINY) d = TINY;
    c = 1.0 + aa / c;
    if (std::fabs(c) < TINY) c = TINY;
    d = 1.0 / d;
    const double step = d * c;
    h *= step;
    if (std::fabs(step - 1.0) < EPS) break;
  }
  return h;
}

// I_x(a, b) given log(x^a y^b / B(a, b)), with y = 1 - x passed separately: for
// the t distribution near t = 0, y = t^2 / (df + t^2) is exact while 1 - x
// would have lost its digits.
double incomplete_beta_core(double x, double y, double a, double b, double log_front) {
  if (x <= 0.0) return 0.0;
  if (y <= 0.0) return 1.0;
  const double front = std::exp(log_front);
  if (x < (a + 1.0) / (a + b + 2.0)) return front * beta_continued_fraction(a, b, x) / a;
  return 1.0 - front * beta_continued_fraction(b, a, y) / b;
}

// log Gamma(a + 1/2) - log Gamma(a). For large a the two lgamma values are huge
// and nearly equal, so the asymptotic series keeps the digits their difference loses.
double log_gamma_half_ratio(double a) {
  if (a < 1000.0) return std::lgamma(a + 0.5) - std::lgamma(a);
  const double inv = 1.0 / a;
  const double inv2 = inv * inv;
  return 0.5 * std::log(a) - inv / 8.0 +
         inv * inv2 * (1.0 / 192.0 + inv2 * (1.0 / 640.0 - inv2 * 17.0 / 14336.0));
}

// P(T > t) for t >= 0, df below LARGE_DF.
double student_t_upper(double t, double df) {
  const double t2 = t * t;
  const double x = df / (df + t2);
  const double y = t2 / (df + t2);
  const double a = 0.5 * df;
  // log(x^a y^(1/2) / B(a, 1/2)) with B(a, 1/2) = Gamma(a) Gamma(1/2) / Gamma(a + 1/2).
  const double log_front = -a * std::log1p(t2 / df) + 0.5 * std::log(y) + log_gamma_half_ratio(a) -
                           0.5 * std::log(std::numbers::pi);
  return 0.5 * incomplete_beta_core(x, y, a, 0.5, log_front);
}

double student_t_density(double t, double df) {
  return std::exp(log_gamma_half_ratio(0.5 * df) - 0.5 * std::log(0.5 * df) -
                  0.5 * std::log(2.0 * std::numbers::pi) - 0.5 * (df + 1.0) * std::log1p(t * t / df));
}

// Abramowitz & Stegun 26.7.5: exact enough for large df, and a starting point otherwise.
double cornish_fisher(double z, double df) {
  const double z2 = z * z;
  const double g1 = (z2 + 1.0) * z / 4.0;
  const double g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0;
  const double g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0;
  const double g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92160.0;
  return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
}

// Beyond this the fifth Cornish-Fisher term is below 1e-20, and lgamma of df/2
// would start to cost the bisection its last digits.
constexpr double LARGE_DF = 1e5;
=======
// Boost.Math's defaults throw on p = 0 or 1 and promote double to long double;
// these give +-infinity at the ends and compute in double, as the callers expect.
using Policy = boost::math::policies::policy<boost::math::policies::overflow_error<boost::math::policies::ignore_error>,
                                             boost::math::policies::promote_double<false>>;
>>>>>>> 351eb97 (Engine contract and one owner per fact: EventSet concept, distribution names read in params, Boost.Math, install package)

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
<<<<<<< HEAD
  if (x == 0.0 || x == 1.0) return x;
  const double y = 1.0 - x;
  const double log_front =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log(y);
  return incomplete_beta_core(x, y, a, b, log_front);
=======
  return boost::math::ibeta(a, b, x, Policy());
>>>>>>> 351eb97 (Engine contract and one owner per fact: EventSet concept, distribution names read in params, Boost.Math, install package)
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
  std::vector<double> kept;
  kept.reserve(values.size());
  for (double v : values)
    if (!std::isnan(v)) kept.push_back(v);
  Summary s;
  s.n = kept.size();
  if (kept.empty()) return s;
  // Mean as first value plus mean offset: identical values give that value
  // exactly, so a scenario compared with itself has differences of exactly 0.
  const double origin = kept.front();
  double offset = 0.0;
  for (double v : kept) offset += v - origin;
  s.mean = origin + offset / static_cast<double>(s.n);
  std::sort(kept.begin(), kept.end());
  s.p2_5 = percentile_sorted(kept, 0.025);
  s.p97_5 = percentile_sorted(kept, 0.975);
  if (s.n < 2) return s;
  double squares = 0.0;
  for (double v : kept) squares += (v - s.mean) * (v - s.mean);
  s.sd = std::sqrt(squares / static_cast<double>(s.n - 1));
  const double half_width = t_975(s.n - 1) * s.sd / std::sqrt(static_cast<double>(s.n));
  s.lo95 = s.mean - half_width;
  s.hi95 = s.mean + half_width;
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
    summary.kpis.emplace_hint(summary.kpis.end(), names[k], summarize(values[k]));
    if (const std::size_t missing = count_missing(values[k]); missing > 0)
      summary.incomplete.push_back({names[k], scenario, missing});
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
    comparison.kpis.push_back({names[k], summarize(base_values), summarize(alt_values), summarize(diff)});
    if (const std::size_t missing = count_missing(base_values); missing > 0)
      comparison.missing.push_back({names[k], base_name, missing});
    if (const std::size_t missing = count_missing(alt_values); missing > 0)
      comparison.missing.push_back({names[k], alt_name, missing});
  }
  return comparison;
}

double paired_difference_variance(std::span<const model::RunResult> a, std::span<const model::RunResult> b,
                                  const std::string& kpi) {
  if (a.size() != b.size())
    throw std::invalid_argument("paired_difference_variance: replication counts differ");
  return paired_difference_variance(kpi_values(a, kpi), kpi_values(b, kpi));
}

}  // namespace ozsim::analysis
