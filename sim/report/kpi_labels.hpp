#pragma once
// Labels and units of KPIs and settings for the report, in Dutch or English.
//
// CATALOGUE ADAPTER: the single place where the KPI catalogue
// (sim/model/kpi_catalogue: labels nl/en, units, headline flag) plugs into
// the report. kpi_info() asks the catalogue first; the name patterns below are
// only a fallback for names the catalogue does not know (an output folder
// written by an older ozsim).
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
// The catalogue's headline KPIs in the order a council reads them; a pattern
// with <provision> gives one KPI per provision listed.
std::vector<std::string> headline_kpis(const std::vector<std::string>& provisions = {});
// Provisions named in a set of KPI names (from wait_days.<provision>.mean).
std::vector<std::string> provisions_in(const std::vector<std::string>& kpi_names);
// The total cost KPI shown next to the headline KPIs.
inline constexpr const char* TOTAL_COST_KPI = "cost.total.per_year";

// "thuiszitter" -> "Thuiszitter"; "exit_startkwalificatie" -> "Uitstroom met startkwalificatie".
std::string setting_label(const std::string& setting, Language language);
// "gemeente" -> "Gemeente", "swv" -> "Samenwerkingsverband".
std::string payer_label(const std::string& payer, Language language);

}  // namespace ozsim::report
