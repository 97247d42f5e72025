#pragma once
// --precision and --max-replications, shared by run and compare (analysis/precision.hpp).
#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/model/scenario_config.hpp"

namespace ozsim::app {

struct PrecisionFlags {
  std::optional<double> precision;  // --precision P
  std::uint32_t max_replications = 1000;
  std::vector<std::string> kpis;  // --precision-kpi: what to watch instead of the default
};

void add_precision_flags(CLI::App* command, PrecisionFlags& flags);

// What --precision watches: the --precision-kpi names (each checked against the KPI catalogue), or by
// default the catalogue's regional headline KPIs (counts, home, total cost). The per-provision waits
// are left out by default: many average a fraction of a day, where a relative goal is out of reach.
std::vector<std::string> watched_kpis(const PrecisionFlags& flags);

}  // namespace ozsim::app
