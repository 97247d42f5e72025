#include "sim/output/precision_output.hpp"

#include <cmath>

#include "sim/output/decision_table.hpp"
#include "sim/output/table.hpp"

namespace ozsim::output {

namespace {

nlohmann::ordered_json number(double value) {
  return std::isfinite(value) ? nlohmann::ordered_json(value) : nlohmann::ordered_json(nullptr);
}

std::string percent(double fraction) {
  return std::isfinite(fraction) ? table::human(fraction * 100.0) + "%" : "n/a";
}

}  // namespace

std::string precision_text(const analysis::PrecisionReport& report) {
  std::string text = "Precision goal: every watched KPI's 95% half-width within " + percent(report.goal) +
                     " of its mean: " + (report.reached ? "reached" : "NOT reached") + " after " +
                     std::to_string(report.replications) + " replications" +
                     (report.reached ? "" : " (the maximum, --max-replications)") + ".\n";
  if (!report.kpis.empty()) {
    const analysis::KpiPrecision& widest = report.kpis.front();
    // By its label and unit, as the tables above it name a KPI, and by the code --precision-kpi takes.
    const std::string label = terminal_kpi_label(widest.kpi);
    text += "Widest: " + (label == widest.kpi ? label : label + " [" + widest.kpi + "]") +
            (widest.scenario.empty() ? "" : " in " + widest.scenario) + ", " + table::human(widest.mean) +
            " +- " + table::human(widest.half_width) + " (" + percent(widest.relative) + ").\n";
  }
  return text;
}

nlohmann::ordered_json precision_json(const analysis::PrecisionReport& report) {
  nlohmann::ordered_json kpis = nlohmann::ordered_json::array();
  for (const analysis::KpiPrecision& k : report.kpis)
    kpis.push_back({{"scenario", k.scenario},
                    {"kpi", k.kpi},
                    {"mean", number(k.mean)},
                    {"half_width", number(k.half_width)},
                    {"relative_half_width", number(k.relative)}});
  return {{"method", "Hoad, Robinson & Davies (2010): sequential, with look-ahead"},
          {"goal_relative_half_width", report.goal},
          {"max_replications", report.max_replications},
          {"reached", report.reached},
          {"replications", report.replications},
          {"kpis", std::move(kpis)}};
}

}  // namespace ozsim::output
