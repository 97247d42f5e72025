#pragma once
// What `ozsim compare` prints first: the options side by side on the KPI catalogue's headline KPIs (with
// total cost), the table a council decides on. Labels and units come from the catalogue; each cell is
// the option's mean with, below it, the 95% interval the analysis gives for that mean.
#include <cstddef>
#include <string>

#include "sim/analysis/compare.hpp"

namespace ozsim::output {

// The one way every terminal table (run, compare, sweep) shows an amount in euros: whole euros below a
// million ("€92,463", "-€3,500"), millions with one decimal above ("€11.1m"), as the report's cards.
std::string terminal_euros(double value);
// What a terminal table (compare, sweep) calls a KPI: the catalogue's English label with its unit, "Wait
// for treatment (days)" or "Months at home per year (months per year)"; a name the catalogue does not know
// stays as it is.
std::string terminal_kpi_label(const std::string& kpi);
// A KPI's value in its unit for a terminal table: euros as terminal_euros, shares as "3.5%", others rounded
// for people (params::human).
std::string terminal_value(const std::string& kpi, double value);
// A difference of a KPI's values for a terminal table: as terminal_value, but a share's difference in
// percentage points ("-1.9 pp"): "-1.9%" reads as 1.9% less of the share, which is another number.
std::string terminal_difference(const std::string& kpi, double difference);

std::string format_decision_table(const analysis::Comparison& comparison, std::size_t width = 100);

}  // namespace ozsim::output
