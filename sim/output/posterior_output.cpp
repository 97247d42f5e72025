#include "sim/output/posterior_output.hpp"

#include <cmath>

#include "sim/model/kpi_catalogue.hpp"
#include "sim/output/table.hpp"

namespace ozsim::output {

namespace {

using Json = nlohmann::ordered_json;

Json number(double value) {
  return std::isfinite(value) ? Json(value) : Json(nullptr);
}

std::string unit_of(const std::string& kpi) {
  const std::optional<model::KpiName> found = model::kpi_catalogue().find(kpi);
  return found ? model::unit_text(*found->family) : "";
}

}  // namespace

std::string nested_text(const analysis::NestedComparison& nested, std::size_t width) {
  std::string out = "\nWith parameter uncertainty: " + std::to_string(nested.draws) + " posterior draws x " +
                    std::to_string(nested.replications_per_draw) +
                    " paired replications each. Effect = mean over the draws; 95% credible interval from the "
                    "draws' mean effects; MC error = its Monte Carlo standard error.\n";
  for (const auto& alt : nested.alternatives) {
    out += alt.scenario + "\n";
    std::string header = table::pad_right("  KPI", 44) + table::pad_left("effect", 12) +
                         table::pad_left("MC error", 12) + table::pad_left("P(< 0)", 9) + "  95% credible";
    out += header.substr(0, width) + "\n";
    for (const auto& e : alt.effects) {
      std::string line = table::pad_right("  " + e.kpi, 44) + table::pad_left(table::human(e.mean), 12) +
                         table::pad_left(table::human(e.mc_error), 12) +
                         table::pad_left(table::human(e.p_below_zero * 100.0) + "%", 9) + "  [" +
                         table::human(e.lo95) + ", " + table::human(e.hi95) + "]";
      out += line + "\n";
    }
    if (!alt.acceptability.empty()) {
      // Where the curve crosses one half: the value at which the alternative is more likely than not
      // worth its cost.
      std::string crossing = "never, up to " + table::human(alt.acceptability.back().value_per_home_month);
      for (const auto& point : alt.acceptability)
        if (point.probability > 0.5) {
          crossing = "from about " + table::human(point.value_per_home_month);
          break;
        }
      out += "  Cost-effective in more than half of the draws at a value per home-month averted " + crossing +
             " euros (curve in ceac.csv).\n";
    }
  }
  return out;
}

std::string nested_effects_csv(const analysis::NestedComparison& nested, params::CsvDialect dialect) {
  const auto n = [dialect](double v) { return params::csv_number(v, dialect); };
  std::string csv(params::csv_preamble(dialect));
  csv += params::csv_line({"scenario", "kpi", "unit", "mean", "credible_lo95", "credible_hi95", "mc_error",
                           "p_below_zero", "noise_share", "draws"},
                          dialect);
  for (const auto& alt : nested.alternatives)
    for (const auto& e : alt.effects)
      csv += params::csv_line({alt.scenario, e.kpi, unit_of(e.kpi), n(e.mean), n(e.lo95), n(e.hi95),
                               n(e.mc_error), n(e.p_below_zero), n(e.noise_share), std::to_string(e.draws)},
                              dialect);
  return csv;
}

std::string acceptability_csv(const analysis::NestedComparison& nested, params::CsvDialect dialect) {
  std::string csv(params::csv_preamble(dialect));
  csv += params::csv_line({"scenario", "eur_per_home_month", "probability_cost_effective"}, dialect);
  for (const auto& alt : nested.alternatives)
    for (const auto& point : alt.acceptability)
      csv += params::csv_line({alt.scenario, params::csv_number(point.value_per_home_month, dialect),
                               params::csv_number(point.probability, dialect)},
                              dialect);
  return csv;
}

Json nested_json(const analysis::NestedComparison& nested) {
  Json alternatives = Json::array();
  for (const auto& alt : nested.alternatives) {
    Json effects = Json::array();
    for (const auto& e : alt.effects)
      effects.push_back({{"kpi", e.kpi},
                         {"mean", number(e.mean)},
                         {"credible_lo95", number(e.lo95)},
                         {"credible_hi95", number(e.hi95)},
                         {"mc_error", number(e.mc_error)},
                         {"p_below_zero", number(e.p_below_zero)},
                         {"noise_share", number(e.noise_share)},
                         {"draws", e.draws}});
    Json curve = Json::array();
    for (const auto& point : alt.acceptability)
      curve.push_back({{"eur_per_home_month", point.value_per_home_month},
                       {"probability_cost_effective", number(point.probability)}});
    alternatives.push_back(
        {{"scenario", alt.scenario}, {"effects", std::move(effects)}, {"ceac", std::move(curve)}});
  }
  return {{"method", "nested: posterior draws x paired replications (O'Hagan, Stevenson & Madan 2007)"},
          {"draws", nested.draws},
          {"replications_per_draw", nested.replications_per_draw},
          {"alternatives", std::move(alternatives)}};
}

}  // namespace ozsim::output
