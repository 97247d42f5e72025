#pragma once
// sweep's outputs: the terminal summary per point and sweep.csv.

#include <string>
#include <vector>

#include "sim/analysis/sweep.hpp"
#include "sim/params/csv.hpp"

namespace ozsim::output {

// The KPIs `ozsim sweep` prints per point: the KPI catalogue's headline KPIs that the results have, in the
// catalogue's reading order; sweep.csv has all of them.
std::vector<std::string> headline_kpis(const analysis::SweepResult& result);

// For the terminal: each point with its overrides, then the mean and 95%
// interval of each of `kpis` that the results have, in lines of at most `width`.
std::string format_sweep(const analysis::SweepResult& result, const std::vector<std::string>& kpis,
                         std::size_t width = 100);

// point,<key 1>,...,<key n>,kpi,unit,mean,lo95,hi95,n: one row per grid point and KPI. A swept value
// that is a number is a number of the dialect, as every other; another TOML value is written as given.
std::string sweep_csv(const analysis::SweepResult& result,
                      params::CsvDialect dialect = params::CsvDialect::Rfc4180);

// Writes sweep.csv into out_dir atomically and returns its path.
std::string write_sweep_csv(const analysis::SweepResult& result, const std::string& out_dir,
                            params::CsvDialect dialect = params::CsvDialect::Rfc4180);

}  // namespace ozsim::output
