#include "calibration/bridge/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "sim/model/kpi_catalogue.hpp"
#include "sim/output/atomic_file.hpp"
#include "sim/params/number_format.hpp"

namespace ozsim::calibration {
namespace {

std::vector<std::string> split_csv_line(const std::string& line, char separator) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, separator)) out.push_back(cell);
  if (!line.empty() && line.back() == separator) out.emplace_back();
  return out;
}

std::string yes_no(bool value) {
  return value ? "yes" : "no";
}

}  // namespace

std::string exact_number(double x) {
  return params::exact(x);
}

void write_posterior_csv(const std::string& path, const std::vector<std::string>& names,
                         const Population& posterior, CsvDialect dialect) {
  std::string out(params::csv_preamble(dialect));
  std::vector<std::string> header = {"particle", "weight", "distance"};
  header.insert(header.end(), names.begin(), names.end());
  out += params::csv_line(header, dialect);
  for (std::size_t k = 0; k < posterior.size(); ++k) {
    std::vector<std::string> row = {std::to_string(k), params::csv_number(posterior.weights[k], dialect),
                                    params::csv_number(posterior.distances[k], dialect)};
    for (double v : posterior.particles[k]) row.push_back(params::csv_number(v, dialect));
    out += params::csv_line(row, dialect);
  }
  output::write_file_atomically(path, out);
}

Population read_posterior_csv(const std::string& path, std::vector<std::string>& names) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open posterior file");
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const CsvDialect dialect = params::csv_dialect_of(text);
  const char separator = params::csv_separator(dialect);
  std::istringstream lines(text.substr(params::csv_preamble(dialect).size()));
  std::string line;
  std::size_t line_no = 1;
  if (!std::getline(lines, line)) throw std::runtime_error(path + ":1: empty posterior file");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  auto header = split_csv_line(line, separator);
  if (header.size() < 4 || header[0] != "particle" || header[1] != "weight" || header[2] != "distance") {
    const std::string sep(1, separator);
    throw std::runtime_error(path + ":1: expected header 'particle" + sep + "weight" + sep + "distance" +
                             sep + "<parameters>', found '" + line + "'");
  }
  names.assign(header.begin() + 3, header.end());
  Population pop;
  while (std::getline(lines, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto cells = split_csv_line(line, separator);
    if (cells.size() != header.size()) {
      throw std::runtime_error(path + ":" + std::to_string(line_no) + ": expected " +
                               std::to_string(header.size()) + " columns, found " +
                               std::to_string(cells.size()));
    }
    std::vector<double> values;
    for (std::size_t c = 1; c < cells.size(); ++c) {
      double v = 0.0;
      if (!params::csv_parse_number(cells[c], dialect, v)) {
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

void write_summary_csv(const std::string& path, const std::vector<ParameterSummary>& summary,
                       CsvDialect dialect) {
  std::string out(params::csv_preamble(dialect));
  out += params::csv_line(
      {"parameter", "mean", "sd", "median", "ci95_low", "ci95_high", "ci90_low", "ci90_high"}, dialect);
  for (const auto& s : summary) {
    std::vector<std::string> row = {s.name};
    for (double v : {s.mean, s.sd, s.median, s.q025, s.q975, s.q05, s.q95})
      row.push_back(params::csv_number(v, dialect));
    out += params::csv_line(row, dialect);
  }
  output::write_file_atomically(path, out);
}

namespace {

const std::vector<std::string> FIT_COLUMNS = {
    "target",         "kpi",          "period",           "group",        "observed",
    "sigma",          "prior_mean",   "prior_sd",         "prior_low",    "prior_high",
    "prior_z",        "inside_prior", "posterior_mean",   "posterior_sd", "posterior_low",
    "posterior_high", "posterior_z",  "inside_posterior", "narrowing"};

}  // namespace

void write_fit_csv(const std::string& path, const std::vector<FitRow>& rows, CsvDialect dialect) {
  std::string out(params::csv_preamble(dialect));
  out += params::csv_line(FIT_COLUMNS, dialect);
  for (const auto& r : rows) {
    std::vector<std::string> row = {r.target,
                                    r.kpi,
                                    r.period,
                                    r.group,
                                    params::csv_number(r.observed, dialect),
                                    params::csv_number(r.sigma, dialect)};
    for (const auto* p : {&r.prior, &r.posterior}) {
      for (double v : {p->mean, p->sd, p->low, p->high, p->z}) row.push_back(params::csv_number(v, dialect));
      row.push_back(yes_no(p->inside));
    }
    row.push_back(params::csv_number(r.narrowing, dialect));
    out += params::csv_line(row, dialect);
  }
  output::write_file_atomically(path, out);
}

void write_generations_csv(const std::string& path, const std::vector<GenerationStats>& history,
                           CsvDialect dialect) {
  std::string out(params::csv_preamble(dialect));
  out += params::csv_line(
      {"generation", "temperature", "simulations", "evaluations", "proposals", "acceptance_rate", "ess",
       "seconds", "log_normaliser", "best_log_likelihood", "truncated", "distinct"},
      dialect);
  for (const auto& g : history) {
    std::vector<std::string> row = {std::to_string(g.generation), params::csv_number(g.temperature, dialect)};
    for (std::uint64_t v : {g.simulations, g.evaluations, g.proposals}) row.push_back(std::to_string(v));
    for (double v : {g.acceptance_rate, g.ess, g.seconds, g.log_normaliser, g.best_log_likelihood})
      row.push_back(params::csv_number(v, dialect));
    row.push_back(std::to_string(g.truncated));
    row.push_back(std::to_string(g.distinct));
    out += params::csv_line(row, dialect);
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
  // Rejection divides by the peak whatever was asked (it has no earlier generation).
  // Resample-move divides by nothing: its weights are ratios of likelihoods.
  j["normalisation"] = settings.method == Method::rejection ? std::string_view("peak")
                       : settings.method == Method::resample_move
                           ? std::string_view("none")
                           : normalisation_name(settings.normalisation);
  j["stop_reason"] = stop_reason_name(result.reason);
  j["stop_reason_text"] = result.reason_text;
  j["stop_reason_text_nl"] = result.reason_text_nl;
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
    history.push_back(
        {{"generation", g.generation},
         {"temperature",
          std::isfinite(g.temperature) ? nlohmann::json(g.temperature) : nlohmann::json("inf")},
         {"simulations", g.simulations},
         {"evaluations", g.evaluations},
         {"proposals", g.proposals},
         {"acceptance_rate", g.acceptance_rate},
         {"ess", g.ess},
         {"seconds", g.seconds},
         {"log_normaliser", g.log_normaliser},
         // -inf (no finite likelihood) is not JSON: null then.
         {"best_log_likelihood", std::isfinite(g.best_log_likelihood) ? nlohmann::json(g.best_log_likelihood)
                                                                      : nlohmann::json(nullptr)},
         {"truncated", g.truncated},
         {"distinct", g.distinct}});
  }
  j["generations"] = history;
  output::write_file_atomically(path, j.dump(2) + "\n");
}

void write_morris_csv(const std::string& path, const MorrisResult& result, CsvDialect dialect) {
  // One row per parameter and KPI, then per KPI the noise floor's row (parameter "(noise floor)");
  // above_noise: the lower end of mu*'s bootstrap interval is above the noise floor's mu*.
  std::string out(params::csv_preamble(dialect));
  out += params::csv_line({"parameter", "kpi", "mu_star", "mu", "sigma", "effects", "mu_star_lo95",
                           "mu_star_hi95", "noise_floor_mu_star", "above_noise"},
                          dialect);
  auto row = [&](const MorrisEffect& e, const MorrisEffect& floor) {
    std::vector<std::string> cells = {e.parameter, e.kpi};
    for (double v : {e.mu_star, e.mu, e.sigma}) cells.push_back(params::csv_number(v, dialect));
    cells.push_back(std::to_string(e.effects));
    for (double v : {e.mu_star_lo95, e.mu_star_hi95, floor.mu_star})
      cells.push_back(params::csv_number(v, dialect));
    cells.push_back(yes_no(e.mu_star_lo95 > floor.mu_star));
    out += params::csv_line(cells, dialect);
  };
  const std::size_t kpis = result.kpis.size();
  for (std::size_t j = 0; j < result.effects.size(); ++j)
    row(result.effects[j], result.noise_floor[j % kpis]);
  for (const MorrisEffect& floor : result.noise_floor) row(floor, floor);
  output::write_file_atomically(path, out);
}

void write_sobol_csv(const std::string& path, const SobolResult& result, CsvDialect dialect) {
  std::string out(params::csv_preamble(dialect));
  out += params::csv_line({"parameter", "kpi", "first_order", "first_order_lo95", "first_order_hi95", "total",
                           "total_lo95", "total_hi95", "kpi_variance", "samples"},
                          dialect);
  for (std::size_t i = 0; i < result.parameters.size(); ++i)
    for (std::size_t q = 0; q < result.kpis.size(); ++q) {
      const SobolIndex& e = result.at(i, q);
      std::vector<std::string> cells = {e.parameter, e.kpi};
      for (double v : {e.first_order, e.first_order_lo95, e.first_order_hi95, e.total, e.total_lo95,
                       e.total_hi95, result.variance[q]})
        cells.push_back(params::csv_number(v, dialect));
      cells.push_back(std::to_string(result.samples));
      out += params::csv_line(cells, dialect);
    }
  output::write_file_atomically(path, out);
}

output::Workbook calibration_workbook(const std::vector<std::string>& names, const Population& posterior,
                                      const std::vector<ParameterSummary>& summary,
                                      const std::vector<FitRow>& fit,
                                      const std::vector<GenerationStats>& history) {
  using output::CellStyle;
  using output::number_cell;
  using output::text_cell;
  const auto decimal = [](double v) { return number_cell(v, CellStyle::Decimal); };
  // A free key's values are of any scale (a hazard of 0.004, a capacity of 60), and so are the weights.
  const auto general = [](double v) { return number_cell(v, CellStyle::General); };
  const auto whole = [](double v) { return number_cell(v, CellStyle::Whole); };
  output::Workbook book;

  output::Sheet& parameters = book.sheets.emplace_back();
  parameters.name = "summary";
  parameters.header = {"parameter", "mean", "sd", "median", "ci95_low", "ci95_high", "ci90_low", "ci90_high"};
  for (const auto& s : summary) {
    std::vector<output::Cell> row = {text_cell(s.name)};
    for (double v : {s.mean, s.sd, s.median, s.q025, s.q975, s.q05, s.q95}) row.push_back(general(v));
    parameters.rows.push_back(std::move(row));
  }

  output::Sheet& targets = book.sheets.emplace_back();
  targets.name = "fit";
  targets.header = FIT_COLUMNS;
  targets.header.insert(targets.header.begin() + 2, {"label_nl", "label_en", "unit"});
  for (const auto& r : fit) {
    const std::optional<model::KpiName> kpi = model::kpi_catalogue().find(r.kpi);
    const CellStyle style = output::kpi_style(r.kpi);
    std::vector<output::Cell> row = {text_cell(r.target),
                                     text_cell(r.kpi),
                                     text_cell(kpi ? kpi->label(model::Language::Dutch) : ""),
                                     text_cell(kpi ? kpi->label(model::Language::English) : ""),
                                     text_cell(kpi ? model::unit_text(*kpi->family) : ""),
                                     text_cell(r.period),
                                     text_cell(r.group),
                                     number_cell(r.observed, style),
                                     number_cell(r.sigma, style)};
    for (const auto* p : {&r.prior, &r.posterior}) {
      for (double v : {p->mean, p->sd, p->low, p->high}) row.push_back(number_cell(v, style));
      row.push_back(decimal(p->z));
      row.push_back(text_cell(yes_no(p->inside)));
    }
    row.push_back(number_cell(r.narrowing, CellStyle::Share));
    targets.rows.push_back(std::move(row));
  }

  output::Sheet& generations = book.sheets.emplace_back();
  generations.name = "generations";
  generations.header = {"generation",     "temperature",         "simulations", "evaluations",
                        "proposals",      "acceptance_rate",     "ess",         "seconds",
                        "log_normaliser", "best_log_likelihood", "truncated",   "distinct"};
  for (const auto& g : history) {
    // Generation 0 accepts every prior draw: an infinite temperature, which a cell cannot hold.
    std::vector<output::Cell> row = {whole(static_cast<double>(g.generation)), std::isfinite(g.temperature)
                                                                                   ? decimal(g.temperature)
                                                                                   : text_cell("inf")};
    for (std::uint64_t v : {g.simulations, g.evaluations, g.proposals})
      row.push_back(whole(static_cast<double>(v)));
    row.push_back(number_cell(g.acceptance_rate, CellStyle::Share));
    row.push_back(decimal(g.ess));
    row.push_back(decimal(g.seconds));
    row.push_back(decimal(g.log_normaliser));
    row.push_back(std::isfinite(g.best_log_likelihood) ? decimal(g.best_log_likelihood) : text_cell("-inf"));
    row.push_back(whole(static_cast<double>(g.truncated)));
    row.push_back(whole(static_cast<double>(g.distinct)));
    generations.rows.push_back(std::move(row));
  }

  output::Sheet& particles = book.sheets.emplace_back();
  particles.name = "posterior";
  particles.header = {"particle", "weight", "distance"};
  particles.header.insert(particles.header.end(), names.begin(), names.end());
  for (std::size_t k = 0; k < posterior.size(); ++k) {
    std::vector<output::Cell> row = {whole(static_cast<double>(k)), general(posterior.weights[k]),
                                     general(posterior.distances[k])};
    for (double v : posterior.particles[k]) row.push_back(general(v));
    particles.rows.push_back(std::move(row));
  }
  return book;
}

}  // namespace ozsim::calibration
