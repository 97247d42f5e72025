#include "sim/app/precision_flags.hpp"

#include "sim/model/kpi_catalogue.hpp"
#include "sim/params/input_error.hpp"

namespace ozsim::app {

void add_precision_flags(CLI::App* command, PrecisionFlags& flags) {
  command
      ->add_option("--precision", flags.precision,
                   "Add replications (--replications is then the minimum) until each watched KPI's 95% "
                   "half-width is within this fraction of its mean, e.g. 0.05 (Hoad, Robinson & Davies 2010)")
      ->check(CLI::Range(1e-6, 1.0));
  command
      ->add_option("--max-replications", flags.max_replications,
                   "With --precision: stop at this many replications, reached or not")
      ->check(CLI::Range(2U, 100000U))
      ->capture_default_str();
  command->add_option("--precision-kpi", flags.kpis,
                      "With --precision: a KPI to watch (repeatable); default: the headline KPIs but the "
                      "per-provision waits");
}

std::vector<std::string> watched_kpis(const PrecisionFlags& flags) {
  const model::KpiCatalogue& catalogue = model::kpi_catalogue();
  if (!flags.kpis.empty()) {
    for (const std::string& kpi : flags.kpis)
      if (!catalogue.find(kpi))
        throw params::InputError(params::SourceLocation{"--precision-kpi", 0, 0},
                                 "expected a KPI the model writes (ozsim --help-kpis), found '" + kpi + "'");
    return flags.kpis;
  }
  return catalogue.headline_names({});  // no provisions: the per-provision patterns expand to nothing
}

}  // namespace ozsim::app
