#include "calibration/inference/resample_move.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "calibration/inference/acceptor.hpp"
#include "calibration/inference/kernel.hpp"
#include "calibration/inference/smc_weights.hpp"

namespace ozsim::calibration {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// Normalised weights exp(delta l_i - max), with -infinity entries at 0.
std::vector<double> incremental_weights(const std::vector<double>& log_likelihoods, double delta) {
  double peak = -inf;
  for (double l : log_likelihoods) peak = std::max(peak, delta * l);
  std::vector<double> w(log_likelihoods.size(), 0.0);
  if (!std::isfinite(peak)) {
    // No particle has a finite likelihood, or delta = 0: every finite one counts the same.
    for (std::size_t i = 0; i < w.size(); ++i) w[i] = std::isfinite(log_likelihoods[i]) ? 1.0 : 0.0;
  } else {
    for (std::size_t i = 0; i < w.size(); ++i) {
      w[i] = std::isfinite(log_likelihoods[i]) ? std::exp(delta * log_likelihoods[i] - peak) : 0.0;
    }
  }
  double sum = 0.0;
  for (double x : w) sum += x;
  if (sum > 0.0) {
    for (double& x : w) x /= sum;
  }
  return w;
}

double ess_share(const std::vector<double>& log_likelihoods, double delta) {
  return effective_sample_size(incremental_weights(log_likelihoods, delta)) /
         static_cast<double>(log_likelihoods.size());
}

// What one particle's moves leave behind, as numbers for another process (SlotTransfer).
struct MovedParticle {
  std::vector<double> theta;
  double log_likelihood = -inf;
  double distance = inf;
  double best_log_likelihood = -inf;
  std::uint64_t proposals = 0;
  std::uint64_t evaluations = 0;
  std::uint64_t simulations = 0;
  std::uint64_t accepted = 0;
  bool out_of_time = false;

  std::vector<double> to_numbers() const {
    std::vector<double> out = {log_likelihood,
                               distance,
                               best_log_likelihood,
                               static_cast<double>(proposals),
                               static_cast<double>(evaluations),
                               static_cast<double>(simulations),
                               static_cast<double>(accepted),
                               out_of_time ? 1.0 : 0.0};
    out.insert(out.end(), theta.begin(), theta.end());
    return out;
  }
  static MovedParticle from_numbers(const std::vector<double>& numbers) {
    constexpr std::size_t kFixed = 8;
    if (numbers.size() < kFixed) throw std::logic_error("a moved particle's numbers are truncated");
    MovedParticle m;
    m.log_likelihood = numbers[0];
    m.distance = numbers[1];
    m.best_log_likelihood = numbers[2];
    m.proposals = static_cast<std::uint64_t>(numbers[3]);
    m.evaluations = static_cast<std::uint64_t>(numbers[4]);
    m.simulations = static_cast<std::uint64_t>(numbers[5]);
    m.accepted = static_cast<std::uint64_t>(numbers[6]);
    m.out_of_time = numbers[7] != 0.0;
    m.theta.assign(numbers.begin() + kFixed, numbers.end());
    return m;
  }
};

}  // namespace

double next_inverse_temperature(const std::vector<double>& log_likelihoods, double beta_previous,
                                double ess_fraction) {
  if (log_likelihoods.empty()) throw std::invalid_argument("next temperature: empty population");
  if (beta_previous >= 1.0) return 1.0;
  if (ess_share(log_likelihoods, 1.0 - beta_previous) >= ess_fraction) return 1.0;
  // The ESS falls as beta grows (the weights only sharpen), so bisection finds the crossing; 60 halvings
  // pin it to double precision, and a fixed count keeps the result the same on every machine.
  double low = 0.0;  // increments of beta over beta_previous
  double high = 1.0 - beta_previous;
  for (int i = 0; i < 60; ++i) {
    const double mid = 0.5 * (low + high);
    if (ess_share(log_likelihoods, mid) >= ess_fraction) {
      low = mid;
    } else {
      high = mid;
    }
  }
  // A population whose ESS is below the share at any step still moves on (by the smallest step the
  // bisection resolves) rather than stalling for ever.
  return beta_previous + std::max(low, std::ldexp(1.0 - beta_previous, -60));
}

std::vector<std::size_t> systematic_resample(const std::vector<double>& weights, double u) {
  const std::size_t n = weights.size();
  double total = 0.0;
  for (double w : weights) total += w;
  if (!(total > 0.0)) throw std::invalid_argument("resampling: every weight is 0");
  std::vector<std::size_t> picked(n);
  double cumulative = weights[0] / total;
  std::size_t j = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double point = (static_cast<double>(i) + u) / static_cast<double>(n);
    while (point > cumulative && j + 1 < n) cumulative += weights[++j] / total;
    picked[i] = j;
  }
  return picked;
}

std::uint64_t move_generation_simulations(const AbcSettings& settings) {
  return static_cast<std::uint64_t>(settings.particles) * settings.moves * settings.replications;
}

Abort run_move_generation(const GenerationContext& context, std::size_t g, double previous_temperature,
                          Population& population, std::uint64_t& total_simulations, GenerationStats& stats) {
  const ParameterSpace& space = context.space;
  const ParameterTransform& transform = context.transform;
  const std::vector<Target>& targets = context.targets;
  const AbcSettings& settings = context.settings;
  const auto generation_start = Clock::now();
  const std::size_t n = population.size();
  if (n == 0) throw std::logic_error("resample-move: empty population");

  // 1. The next temperature, and the weights that take the population there.
  const double beta_previous = std::isfinite(previous_temperature) ? 1.0 / previous_temperature : 0.0;
  const double beta =
      next_inverse_temperature(population.log_likelihoods, beta_previous, settings.min_ess_fraction);
  std::vector<double> weights = incremental_weights(population.log_likelihoods, beta - beta_previous);
  for (std::size_t i = 0; i < n; ++i) weights[i] *= population.weights[i];
  double sum = 0.0;
  for (double w : weights) sum += w;
  if (!(sum > 0.0)) {
    throw std::runtime_error("generation " + std::to_string(g) +
                             ": no particle has a finite likelihood; every simulated target is missing or "
                             "infinite");
  }
  for (double& w : weights) w /= sum;

  // The random walk's covariance: (2.38^2 / d) x the reweighted population's on the unbounded scale
  // (Roberts & Rosenthal 2001), ridged when degenerate.
  std::vector<std::vector<double>> unbounded;
  unbounded.reserve(n);
  for (const auto& p : population.particles) unbounded.push_back(transform.to_unbounded(p));
  const double d = static_cast<double>(space.size());
  Eigen::MatrixXd covariance = (2.38 * 2.38 / d) * weighted_covariance(unbounded, weights);
  bool regularised = false;
  const Eigen::MatrixXd lower = regularised_cholesky(covariance, transform.unbounded_scale(), regularised);

  // 2. Resample.
  Rng resample_rng = Rng::for_indices(settings.seed, StreamPurpose::resample, g);
  const std::vector<std::size_t> ancestors = systematic_resample(weights, resample_rng.uniform());

  // 3. Move every particle.
  std::vector<MovedParticle> moved(n);
  std::atomic<bool> out_of_time{false};
  std::atomic<std::size_t> done{0};
  std::atomic<std::uint64_t> progress_total{total_simulations};
  const auto log_target_density = [&](const std::vector<double>& theta) {
    // prior x |dx/du| on the unbounded scale, where the random walk is symmetric.
    return space.log_prior(theta) - transform.log_jacobian(theta);
  };
  const SlotTransfer transfer{"particle", [&](std::size_t i) { return moved[i].to_numbers(); },
                              [&](std::size_t i, const std::vector<double>& numbers) {
                                moved[i] = MovedParticle::from_numbers(numbers);
                              }};
  run_spread(
      settings.spread_for, settings.parallel_for, n, settings.threads,
      [&](std::size_t i) {
        MovedParticle& here = moved[i];
        const std::size_t a = ancestors[i];
        here.theta = population.particles[a];
        here.log_likelihood = population.log_likelihoods[a];
        here.distance = population.distances[a];
        here.best_log_likelihood = here.log_likelihood;
        std::vector<double> u = unbounded[a];
        double log_density = log_target_density(here.theta);
        const auto p = static_cast<Eigen::Index>(u.size());
        for (std::size_t step = 0; step < settings.moves; ++step) {
          if (out_of_time.load(std::memory_order_relaxed)) return;
          Rng rng = Rng::for_indices(settings.seed, StreamPurpose::move, g, i, step);
          Eigen::VectorXd z(p);
          for (Eigen::Index k = 0; k < p; ++k) z(k) = rng.normal();
          const Eigen::VectorXd jump = lower.triangularView<Eigen::Lower>() * z;
          std::vector<double> u_new = u;
          for (Eigen::Index k = 0; k < p; ++k) u_new[static_cast<std::size_t>(k)] += jump(k);
          std::vector<double> theta = transform.from_unbounded(u_new);
          ++here.proposals;
          // A proposal outside the support or against a constraint has prior 0: rejected without a run.
          if (!space.admissible(theta)) continue;
          const double log_density_new = log_target_density(theta);
          if (!std::isfinite(log_density_new)) continue;
          ++here.evaluations;
          const auto [runs, mean] = run_proposal(
              context, theta, [&](std::size_t r) { return proposal_seed(settings.seed, g, i, step, r); });
          here.simulations += settings.replications;
          progress_total.fetch_add(settings.replications, std::memory_order_relaxed);
          if (settings.wall_clock_seconds > 0.0 &&
              seconds_since(context.start) > settings.wall_clock_seconds) {
            here.out_of_time = true;
            out_of_time.store(true);
            return;
          }
          // The mean of the R runs' kernels: an unbiased estimate of L, which is what makes the
          // pseudo-marginal chain exact.
          const double log_likelihood = log_noise_aware_acceptance(targets, runs, 1.0);
          here.best_log_likelihood = std::max(here.best_log_likelihood, log_likelihood);
          const double log_ratio =
              log_density_new - log_density +
              (std::isfinite(here.log_likelihood) ? beta * (log_likelihood - here.log_likelihood)
                                                  : (std::isfinite(log_likelihood) ? inf : -inf));
          if (!(log_ratio >= 0.0 || std::log(rng.uniform()) < log_ratio)) continue;
          ++here.accepted;
          here.theta = std::move(theta);
          u = std::move(u_new);
          log_density = log_density_new;
          here.log_likelihood = log_likelihood;
          here.distance = distance(targets, mean);
        }
        context.progress.in_generation(done.fetch_add(1) + 1, progress_total.load());
      },
      transfer);

  stats = GenerationStats{};
  stats.generation = g;
  stats.temperature = 1.0 / beta;
  stats.ess = effective_sample_size(weights);  // log_normaliser and truncated stay 0: nothing is divided
  std::uint64_t accepted = 0;
  bool stopped = false;
  for (const MovedParticle& m : moved) {
    stopped = stopped || m.out_of_time;
    stats.simulations += m.simulations;
    stats.evaluations += m.evaluations;
    stats.proposals += m.proposals;
    stats.best_log_likelihood = std::max(stats.best_log_likelihood, m.best_log_likelihood);
    accepted += m.accepted;
  }
  stats.acceptance_rate =
      stats.evaluations > 0 ? static_cast<double>(accepted) / static_cast<double>(stats.evaluations) : 0.0;
  stats.seconds = seconds_since(generation_start);
  if (stopped || out_of_time.load()) return Abort::wall_clock;

  Population next;
  next.particles.reserve(n);
  for (MovedParticle& m : moved) {
    next.particles.push_back(std::move(m.theta));
    next.log_likelihoods.push_back(m.log_likelihood);
    next.distances.push_back(m.distance);
  }
  next.weights.assign(n, 1.0 / static_cast<double>(n));
  // The abc-smc schedule reads proposal_log_likelihoods; here they are the particles' own, so a
  // checkpoint has the same shape whichever method wrote it.
  next.proposal_log_likelihoods = next.log_likelihoods;
  population = std::move(next);
  stats.distinct = distinct_particles(population);
  total_simulations += stats.simulations;
  return Abort::none;
}

}  // namespace ozsim::calibration
