#include "sim/analysis/finite_results.hpp"

#include <cmath>

#include "sim/params/input_error.hpp"

namespace ozsim::analysis {
namespace {

// The first field of a summary that should be a number and is not, or nothing.
const char* non_finite_field(const Summary& s, double& value) {
  const auto bad = [&](double v) {
    value = v;
    return !std::isfinite(v);
  };
  if (s.n >= 1 && bad(s.mean)) return "mean";
  if (s.n >= 2 && bad(s.sd)) return "standard deviation";
  if (s.n >= 2 && bad(s.lo95)) return "95% interval";
  if (s.n >= 2 && bad(s.hi95)) return "95% interval";
  return nullptr;
}

[[noreturn]] void fail(const std::string& file, const std::string& what, const std::string& kpi,
                       const char* field, double value, std::size_t n) {
  throw params::InputError(
      params::SourceLocation{file, 0, 0},
      what + "KPI '" + kpi + "': its " + field + " over " + std::to_string(n) + " replication" +
          (n == 1 ? "" : "s") + " came out " + (std::isnan(value) ? "not a number" : "infinite") +
          " although every input is finite; a scenario value is too large for the arithmetic (doubles end "
          "near 1.8e308: look for costs, counts or capacities near that), so nothing was written");
}

}  // namespace

void check_finite(const ScenarioSummary& summary, const std::string& scenario_name,
                  const std::string& scenario_file) {
  for (const auto& [kpi, s] : summary.kpis) {
    double value = 0.0;
    if (const char* field = non_finite_field(s, value))
      fail(scenario_file, "scenario '" + scenario_name + "': ", kpi, field, value, s.n);
  }
}

void check_finite(const Comparison& comparison, const std::vector<std::string>& scenario_files) {
  for (std::size_t a = 0; a < comparison.alternatives.size(); ++a) {
    const AltComparison& alt = comparison.alternatives[a];
    const std::string base_file = scenario_files.empty() ? std::string() : scenario_files.front();
    const std::string alt_file = a + 1 < scenario_files.size() ? scenario_files[a + 1] : base_file;
    for (const PairedKpi& kpi : alt.paired.kpis) {
      double value = 0.0;
      if (const char* field = non_finite_field(kpi.base, value))
        fail(base_file, "scenario '" + comparison.base + "': ", kpi.kpi, field, value, kpi.base.n);
      if (const char* field = non_finite_field(kpi.alt, value))
        fail(alt_file, "scenario '" + alt.scenario + "': ", kpi.kpi, field, value, kpi.alt.n);
      if (const char* field = non_finite_field(kpi.diff, value))
        fail(alt_file, "'" + alt.scenario + "' minus '" + comparison.base + "': ", kpi.kpi, field, value,
             kpi.diff.n);
    }
  }
}

}  // namespace ozsim::analysis
