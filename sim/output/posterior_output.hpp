#pragma once
// compare --posterior's nested results: the effects with their credible intervals for the terminal,
// posterior_effects.csv, ceac.csv (the cost-effectiveness acceptability curve) and compare.json.
#include <nlohmann/json.hpp>
#include <string>

#include "sim/analysis/posterior_compare.hpp"
#include "sim/params/csv.hpp"

namespace ozsim::output {

std::string nested_text(const analysis::NestedComparison& nested, std::size_t width = 100);
// scenario,kpi,unit,mean,credible_lo95,credible_hi95,mc_error,p_below_zero,noise_share,draws
std::string nested_effects_csv(const analysis::NestedComparison& nested,
                               params::CsvDialect dialect = params::CsvDialect::Rfc4180);
// scenario,eur_per_home_month,probability_cost_effective
std::string acceptability_csv(const analysis::NestedComparison& nested,
                              params::CsvDialect dialect = params::CsvDialect::Rfc4180);
nlohmann::ordered_json nested_json(const analysis::NestedComparison& nested);

}  // namespace ozsim::output
