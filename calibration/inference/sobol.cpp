#include "calibration/inference/sobol.hpp"

#include <cmath>
#include <map>
#include <set>
#include <stdexcept>

#include "calibration/inference/random.hpp"
#include "calibration/inference/smc_weights.hpp"

namespace ozsim::calibration {
namespace {

constexpr std::size_t MAX_ROW_REDRAWS = 10'000;
// Stream indices of the design's draws, the model seeds and the bootstrap, apart from each other.
constexpr std::uint64_t SEED_INDEX = 1'000'000'000ull;
constexpr std::uint64_t BOOTSTRAP_INDEX = 2'000'000'000ull;

std::vector<double> to_parameters(const ParameterSpace& space, const std::vector<double>& unit) {
  std::vector<double> out(space.size());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = space.parameters()[i].prior.from_unit(unit[i]);
  return out;
}

// Jansen's estimators on the rows with multiplicity counts[j] (all 1: the estimate itself).
struct Sums {
  double first_order = 0.0, total = 0.0;
};

double variance_of(const std::vector<double>& f_a, const std::vector<double>& f_b,
                   const std::vector<std::size_t>& counts) {
  double n = 0.0, sum = 0.0;
  for (std::size_t j = 0; j < f_a.size(); ++j) {
    const auto c = static_cast<double>(counts[j]);
    n += 2.0 * c;
    sum += c * (f_a[j] + f_b[j]);
  }
  const double mean = sum / n;
  double squares = 0.0;
  for (std::size_t j = 0; j < f_a.size(); ++j)
    squares += static_cast<double>(counts[j]) *
               ((f_a[j] - mean) * (f_a[j] - mean) + (f_b[j] - mean) * (f_b[j] - mean));
  return squares / (n - 1.0);
}

Sums jansen(const std::vector<double>& f_a, const std::vector<double>& f_b, const std::vector<double>& f_ab,
            const std::vector<std::size_t>& counts, double variance) {
  if (!(variance > 0.0)) return {};
  double n = 0.0, first = 0.0, total = 0.0;
  for (std::size_t j = 0; j < f_a.size(); ++j) {
    const auto c = static_cast<double>(counts[j]);
    n += c;
    first += c * (f_b[j] - f_ab[j]) * (f_b[j] - f_ab[j]);
    total += c * (f_a[j] - f_ab[j]) * (f_a[j] - f_ab[j]);
  }
  return {1.0 - first / (2.0 * n * variance), total / (2.0 * n * variance)};
}

}  // namespace

std::vector<SobolEstimate> sobol_estimates(const std::vector<double>& f_a, const std::vector<double>& f_b,
                                           const std::vector<std::vector<double>>& f_ab,
                                           std::size_t bootstrap, std::uint64_t seed, double* variance) {
  const std::size_t n = f_a.size();
  if (n < 2 || f_b.size() != n) throw std::invalid_argument("Sobol: f(A) and f(B) need the same N >= 2 rows");
  for (const auto& column : f_ab)
    if (column.size() != n) throw std::invalid_argument("Sobol: every f(AB_i) needs N rows");
  const std::vector<std::size_t> once(n, 1);
  const double v = variance_of(f_a, f_b, once);
  if (variance != nullptr) *variance = v;
  std::vector<SobolEstimate> out;
  // The bootstrap resamples whole rows, the same resamples for every parameter.
  std::vector<std::vector<std::size_t>> counts(bootstrap, std::vector<std::size_t>(n, 0));
  std::vector<double> boot_v(bootstrap);
  for (std::size_t b = 0; b < bootstrap; ++b) {
    Rng rng = Rng::for_indices(seed, StreamPurpose::sobol, BOOTSTRAP_INDEX + b);
    for (std::size_t j = 0; j < n; ++j) ++counts[b][rng.below(n)];
    boot_v[b] = variance_of(f_a, f_b, counts[b]);
  }
  const std::vector<double> equal(bootstrap, 1.0);
  std::vector<double> first(bootstrap), total(bootstrap);
  for (const auto& column : f_ab) {
    const Sums point = jansen(f_a, f_b, column, once, v);
    SobolEstimate e{point.first_order, point.first_order, point.first_order,
                    point.total,       point.total,       point.total};
    if (bootstrap > 0 && v > 0.0) {
      for (std::size_t b = 0; b < bootstrap; ++b) {
        const Sums s = jansen(f_a, f_b, column, counts[b], boot_v[b]);
        first[b] = s.first_order;
        total[b] = s.total;
      }
      e.first_order_lo95 = weighted_quantile(first, equal, 0.025);
      e.first_order_hi95 = weighted_quantile(first, equal, 0.975);
      e.total_lo95 = weighted_quantile(total, equal, 0.025);
      e.total_hi95 = weighted_quantile(total, equal, 0.975);
    }
    out.push_back(e);
  }
  return out;
}

SobolResult run_sobol(const ParameterSpace& space, const ModelFunction& model,
                      const SobolSettings& settings) {
  const std::size_t k = space.size();
  const std::size_t n = settings.samples;
  if (k == 0) throw std::invalid_argument("no free parameters to analyse");
  if (n < 2) throw std::invalid_argument("Sobol needs at least 2 samples");
  if (settings.replications == 0) throw std::invalid_argument("replications must be at least 1");

  // Row j: a_j and b_j in [0, 1]^k, drawn together and redrawn until every point of the row (A, B and each
  // AB_i) is admissible, so a row's points always share their seeds.
  std::vector<std::vector<double>> points;  // per row: A, B, AB_0, ..., AB_{k-1}
  points.reserve(n * (k + 2));
  for (std::size_t j = 0; j < n; ++j) {
    for (std::size_t attempt = 0;; ++attempt) {
      if (attempt >= MAX_ROW_REDRAWS)
        throw std::runtime_error("Sobol: no sample satisfies the constraints after " +
                                 std::to_string(MAX_ROW_REDRAWS) + " draws");
      Rng rng = Rng::for_indices(settings.seed, StreamPurpose::sobol, j, attempt);
      std::vector<double> a(k), b(k);
      for (double& x : a) x = rng.uniform();
      for (double& x : b) x = rng.uniform();
      std::vector<std::vector<double>> row = {to_parameters(space, a), to_parameters(space, b)};
      for (std::size_t i = 0; i < k; ++i) {
        std::vector<double> ab = a;
        ab[i] = b[i];
        row.push_back(to_parameters(space, ab));
      }
      bool ok = true;
      for (const auto& p : row) ok = ok && space.admissible(p);
      if (!ok) continue;
      for (auto& p : row) points.push_back(std::move(p));
      break;
    }
  }
  std::vector<std::map<std::string, double>> outputs(points.size());
  settings.parallel_for(points.size(), settings.threads, [&](std::size_t p) {
    const std::size_t row = p / (k + 2);
    const std::uint64_t stream = p % (k + 2) == 1 ? 1 : 0;  // B's own seeds; A and every AB_i share theirs
    std::map<std::string, double> mean;
    for (std::size_t r = 0; r < settings.replications; ++r) {
      const std::uint64_t seed =
          derive_seed(settings.seed, StreamPurpose::sobol, SEED_INDEX + row, r, stream);
      for (const auto& [name, value] : model(points[p], seed)) mean[name] += value;
    }
    for (auto& [name, value] : mean) value /= static_cast<double>(settings.replications);
    outputs[p] = std::move(mean);
  });

  SobolResult result;
  result.parameters = space.names();
  result.samples = n;
  result.simulations = points.size() * settings.replications;
  if (settings.kpis.empty()) {
    std::set<std::string> names;  // sorted, whatever point reported what
    for (const auto& output : outputs)
      for (const auto& [name, value] : output) names.insert(name);
    result.kpis.assign(names.begin(), names.end());
  } else {
    result.kpis = settings.kpis;
  }
  const auto value_of = [&](std::size_t point, const std::string& kpi) {
    const auto it = outputs[point].find(kpi);
    if (it != outputs[point].end()) return it->second;
    if (settings.absent_kpi)
      if (const std::optional<double> value = settings.absent_kpi(kpi)) return *value;
    throw std::runtime_error("Sobol: the model did not report KPI '" + kpi + "'");
  };
  result.indices.resize(k * result.kpis.size());
  for (std::size_t q = 0; q < result.kpis.size(); ++q) {
    const std::string& kpi = result.kpis[q];
    std::vector<double> f_a(n), f_b(n);
    std::vector<std::vector<double>> f_ab(k, std::vector<double>(n));
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t base = j * (k + 2);
      f_a[j] = value_of(base, kpi);
      f_b[j] = value_of(base + 1, kpi);
      for (std::size_t i = 0; i < k; ++i) f_ab[i][j] = value_of(base + 2 + i, kpi);
    }
    double variance = 0.0;
    const std::vector<SobolEstimate> estimates =
        sobol_estimates(f_a, f_b, f_ab, settings.bootstrap, settings.seed, &variance);
    result.variance.push_back(variance);
    for (std::size_t i = 0; i < k; ++i) {
      const SobolEstimate& e = estimates[i];
      result.indices[i * result.kpis.size() + q] = {
          result.parameters[i], kpi,     e.first_order, e.first_order_lo95,
          e.first_order_hi95,   e.total, e.total_lo95,  e.total_hi95};
    }
  }
  return result;
}

}  // namespace ozsim::calibration
