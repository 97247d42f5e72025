#include "calibration/bridge/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "sim/output/atomic_file.hpp"
#include "sim/params/number_format.hpp"

namespace ozsim::calibration {
namespace {

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

// Appends cells with commas. Written out, rather than chained operator+, because g++ 12 raises a
// false -Wrestrict on "," + std::string at -O3.
void add_cell(std::string& line, std::string_view cell) {
  if (!line.empty() && line.back() != '\n') line += ',';
  line += cell;
}

}  // namespace

std::string exact_number(double x) {
  return params::exact(x);
}

void write_posterior_csv(const std::string& path, const std::vector<std::string>& names,
                         const Population& posterior) {
  std::string out = "particle,weight,distance";
  for (const auto& n : names) add_cell(out, n);
  out += '\n';
  for (std::size_t k = 0; k < posterior.size(); ++k) {
    add_cell(out, std::to_string(k));
    add_cell(out, exact_number(posterior.weights[k]));
    add_cell(out, exact_number(posterior.distances[k]));
    for (double v : posterior.particles[k]) add_cell(out, exact_number(v));
    out += '\n';
  }
  output::write_file_atomically(path, out);
}

Population read_posterior_csv(const std::string& path, std::vector<std::string>& names) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open posterior file");
  std::string line;
  std::size_t line_no = 1;
  if (!std::getline(in, line)) throw std::runtime_error(path + ":1: empty posterior file");
  auto header = split_csv_line(line);
  if (header.size() < 4 || header[0] != "particle" || header[1] != "weight" || header[2] != "distance") {
    throw std::runtime_error(path + ":1: expected header 'particle,weight,distance,<parameters>', found '" +
                             line + "'");
  }
  names.assign(header.begin() + 3, header.end());
  Population pop;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    const auto cells = split_csv_line(line);
    if (cells.size() != header.size()) {
      throw std::runtime_error(path + ":" + std::to_string(line_no) + ": expected " +
                               std::to_string(header.size()) + " columns, found " +
                               std::to_string(cells.size()));
    }
    std::vector<double> values;
    for (std::size_t c = 1; c < cells.size(); ++c) {
      char* end = nullptr;
      const double v = std::strtod(cells[c].c_str(), &end);
      if (cells[c].empty() || end != cells[c].c_str() + cells[c].size()) {
        throw std::runtime_error(path + ":" + std::to_string(line_no) + ": column '" + header[c] +
                                 "': expected a number, found '" + cells[c] + "'");
      }
      values.push_back(v);
    }
    pop.weights.push_back(values[0]);
    pop.distances.push_back(values[1]);
    pop.particles.emplace_back(values.begin() + 2, values.end());
  }
  if (pop.size() == 0) throw std::runtime_error(path + ": no particles");
  double sum = 0.0;
  for (double w : pop.weights) {
    if (!(w >= 0.0)) throw std::runtime_error(path + ": negative weight");
    sum += w;
  }
  if (!(sum > 0.0)) throw std::runtime_error(path + ": weights sum to zero");
  for (double& w : pop.weights) w /= sum;
  return pop;
}

void write_summary_csv(const std::string& path, const std::vector<ParameterSummary>& summary) {
  std::string out = "parameter,mean,sd,median,ci95_low,ci95_high,ci90_low,ci90_high\n";
  for (const auto& s : summary) {
    add_cell(out, s.name);
    for (double v : {s.mean, s.sd, s.median, s.q025, s.q975, s.q05, s.q95}) add_cell(out, exact_number(v));
    out += '\n';
  }
  output::write_file_atomically(path, out);
}

void write_fit_csv(const std::string& path, const std::vector<FitRow>& rows) {
  std::string out =
      "target,kpi,period,group,observed,sigma,prior_mean,prior_sd,prior_low,prior_high,prior_z,inside_prior,"
      "posterior_mean,posterior_sd,posterior_low,posterior_high,posterior_z,inside_posterior,narrowing\n";
  for (const auto& r : rows) {
    for (const auto* text : {&r.target, &r.kpi, &r.period, &r.group}) add_cell(out, *text);
    add_cell(out, exact_number(r.observed));
    add_cell(out, exact_number(r.sigma));
    for (const auto* p : {&r.prior, &r.posterior}) {
      for (double v : {p->mean, p->sd, p->low, p->high, p->z}) add_cell(out, exact_number(v));
      add_cell(out, p->inside ? "yes" : "no");
    }
    add_cell(out, exact_number(r.narrowing));
    out += '\n';
  }
  output::write_file_atomically(path, out);
}

void write_generations_csv(const std::string& path, const std::vector<GenerationStats>& history) {
  std::string out = "generation,temperature,simulations,evaluations,proposals,acceptance_rate,ess,seconds\n";
  for (const auto& g : history) {
    add_cell(out, std::to_string(g.generation));
    add_cell(out, exact_number(g.temperature));
    for (std::uint64_t v : {g.simulations, g.evaluations, g.proposals}) add_cell(out, std::to_string(v));
    for (double v : {g.acceptance_rate, g.ess, g.seconds}) add_cell(out, exact_number(v));
    out += '\n';
  }
  output::write_file_atomically(path, out);
}

void write_priors_json(const std::string& path, const ParameterSpace& space) {
  constexpr int GRID_POINTS = 81;
  nlohmann::json parameters = nlohmann::json::array();
  for (const Parameter& p : space.parameters()) {
    const Prior& prior = p.prior;
    const double sd = std::sqrt(prior.variance());
    const double low = std::isfinite(prior.support_low()) ? prior.support_low() : prior.mean() - 4.0 * sd;
    const double high = std::isfinite(prior.support_high()) ? prior.support_high() : prior.mean() + 4.0 * sd;
    nlohmann::json density = nlohmann::json::array();
    for (int i = 0; i < GRID_POINTS; ++i) {
      const double x = low + (high - low) * i / (GRID_POINTS - 1);
      const double log_density = prior.log_density(x);
      // A density infinite at a bound (a beta with alpha < 1) has no point to draw there.
      if (std::isfinite(log_density)) density.push_back({x, std::exp(log_density)});
    }
    parameters.push_back({{"parameter", p.name},
                          {"prior", prior.describe()},
                          {"kind", prior_kind_name(prior.kind())},
                          {"low", low},
                          {"high", high},
                          {"density", density}});
  }
  output::write_file_atomically(path, nlohmann::json{{"parameters", parameters}}.dump(1) + "\n");
}

void write_run_report(const std::string& path, const CalibrationResult& result, const AbcSettings& settings) {
  nlohmann::json j;
  j["method"] = method_name(settings.method);
  j["stop_reason"] = stop_reason_name(result.reason);
  j["stop_reason_text"] = result.reason_text;
  j["seed"] = settings.seed;
  j["particles"] = settings.particles;
  j["replications"] = settings.replications;
  j["target_acceptance"] = settings.target_acceptance;
  j["max_temperature_ratio"] = settings.max_temperature_ratio;
  j["min_ess_fraction"] = settings.min_ess_fraction;
  j["posterior_generation"] = result.posterior_generation;
  j["posterior_temperature"] = result.posterior_temperature;
  j["total_simulations"] = result.total_simulations;
  j["partial_particles"] = result.partial.size();
  j["resumed"] = result.resumed;
  j["parameters"] = result.parameter_names;
  nlohmann::json history = nlohmann::json::array();
  for (const auto& g : result.history) {
    history.push_back({{"generation", g.generation},
                       {"temperature",
                        std::isfinite(g.temperature) ? nlohmann::json(g.temperature) : nlohmann::json("inf")},
                       {"simulations", g.simulations},
                       {"evaluations", g.evaluations},
                       {"proposals", g.proposals},
                       {"acceptance_rate", g.acceptance_rate},
                       {"ess", g.ess},
                       {"seconds", g.seconds}});
  }
  j["generations"] = history;
  output::write_file_atomically(path, j.dump(2) + "\n");
}

void write_morris_csv(const std::string& path, const MorrisResult& result) {
  // One row per parameter and KPI, then per KPI the noise floor's row (parameter "(noise floor)");
  // above_noise: the lower end of mu*'s bootstrap interval is above the noise floor's mu*.
  std::string out =
      "parameter,kpi,mu_star,mu,sigma,effects,mu_star_lo95,mu_star_hi95,noise_floor_mu_star,above_noise\n";
  auto row = [&](const MorrisEffect& e, const MorrisEffect& floor) {
    out += e.parameter;
    out += ',';
    out += e.kpi;
    for (double v : {e.mu_star, e.mu, e.sigma}) {
      out += ',';
      out += exact_number(v);
    }
    out += ',';
    out += std::to_string(e.effects);
    for (double v : {e.mu_star_lo95, e.mu_star_hi95, floor.mu_star}) {
      out += ',';
      out += exact_number(v);
    }
    out += e.mu_star_lo95 > floor.mu_star ? ",yes\n" : ",no\n";
  };
  const std::size_t kpis = result.kpis.size();
  for (std::size_t j = 0; j < result.effects.size(); ++j)
    row(result.effects[j], result.noise_floor[j % kpis]);
  for (const MorrisEffect& floor : result.noise_floor) row(floor, floor);
  output::write_file_atomically(path, out);
}

}  // namespace ozsim::calibration
