#pragma once
// Labels and units of KPIs and settings for the report, in Dutch or English.
//
// CATALOGUE ADAPTER: this is the single place where the KPI catalogue
// (sim/model/kpis, labels nl/en, units, headline flag) plugs in. Until it
// lands, the labels come from the KPI name patterns documented in README.md;
// when it lands, kpi_info() asks the catalogue and falls back to these
// patterns only for names the catalogue does not know.
#include <string>
#include <vector>

#include "sim/params/number_format.hpp"

namespace ozsim::report {

using params::Language;

enum class Unit { Pupils, Days, Months, Euros, EurosPerYear, Share, PerYear, Places, Count };

struct KpiInfo {
  std::string label;  // "Thuiszitters op de peildatum"
  Unit unit = Unit::Count;
  bool headline = false;  // one of the ten KPIs a council decides on
  bool lower_is_better = true;
};

KpiInfo kpi_info(const std::string& kpi, Language language);
// "leerlingen", "dagen", "€ per jaar", ...
std::string unit_text(Unit unit, Language language);
// A number in a unit, rounded for people: "€ 21.000", "3,5%", "12,4".
std::string format_in_unit(double value, Unit unit, Language language);
// The same, with millions of euros shortened ("€ 12,3 mln") for cards.
std::string format_in_unit_compact(double value, Unit unit, Language language);
// The headline KPIs in the order a council reads them.
const std::vector<std::string>& headline_kpis();
// The total cost KPI shown next to the headline KPIs.
inline constexpr const char* TOTAL_COST_KPI = "cost.total.per_year";

// "thuiszitter" -> "Thuiszitter"; "exit_startkwalificatie" -> "Uitstroom met startkwalificatie".
std::string setting_label(const std::string& setting, Language language);
// "gemeente" -> "Gemeente", "swv" -> "Samenwerkingsverband".
std::string payer_label(const std::string& payer, Language language);

}  // namespace ozsim::report
