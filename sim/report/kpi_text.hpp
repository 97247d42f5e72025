#pragma once
// What the report says about a KPI: its label, unit and whether it can be
// negative, all from the model's KPI catalogue (sim/model/kpi_catalogue), and
// its numbers in the reader's convention (sim/params/number_format). The
// report keeps no list of KPI, setting or payer names of its own.
#include <string>
#include <vector>

#include "sim/model/kpi_catalogue.hpp"
#include "sim/params/number_format.hpp"

namespace ozsim::report {

using params::Language;

model::Language catalogue_language(Language language);

struct KpiInfo {
  std::string label;  // "Thuiszitters (peildatum)"; the name itself when unknown
  model::KpiUnit unit = model::KpiUnit::Pupils;
  bool per_year = false;
  bool headline = false;
  bool can_be_negative = true;  // unknown KPIs are never clipped
  bool known = false;           // in the catalogue
};

KpiInfo kpi_info(const std::string& kpi, Language language);
// "leerlingen", "dagen", "€ per jaar", "%"; empty for a KPI the catalogue does not know.
std::string unit_text(const KpiInfo& info, Language language);
// A number in the KPI's unit, rounded for people: "€ 21.000", "3,5%", "12,4".
std::string format_in_unit(double value, const KpiInfo& info, Language language);
// The same, with millions of euros shortened ("€ 12,3 mln") for cards.
std::string format_in_unit_compact(double value, const KpiInfo& info, Language language);
// The page script's number formatter for the KPI: "euro", "percent" or "number".
const char* value_format(const KpiInfo& info);

// A difference between two options or points of the same KPI. For a share it is in percentage points, not a
// percentage: 47,2% against 45,3% is -1,9 procentpunt, while "-1,9%" would read as 1,9% less of 47,2%.
// Other units stay as they are.

// "procentpunt" / "percentage points" for a share; otherwise unit_text.
std::string difference_unit_text(const KpiInfo& info, Language language);
// "-1,9 procentpunt" for a share; otherwise format_in_unit.
std::string format_difference(double value, const KpiInfo& info, Language language);
// "-2,8 – -0,9 procentpunt" for a share; otherwise "lo – hi" as format_in_unit writes them. "" when either
// end is missing.
std::string difference_interval_text(double lo, double hi, const KpiInfo& info, Language language);
// The page script's number formatter for such a difference: "points" for a share; otherwise value_format.
const char* difference_value_format(const KpiInfo& info);

// The lower end of a level's interval, never below what the quantity can be: a count's Student-t interval
// reaches below zero when the count is small and noisy, which no count can. Differences are never clipped.
double clip_low(double low, const KpiInfo& info);
// Whether clip_low changes `low`: the page then says so in a footnote.
bool is_clipped(double low, const KpiInfo& info);

// The catalogue's headline KPIs in the order a council reads them, one wait per provision listed.
std::vector<std::string> headline_kpis(const std::vector<std::string>& provisions = {});
// Provisions named in a set of KPI names (from wait_days.<provision>.mean).
std::vector<std::string> provisions_in(const std::vector<std::string>& kpi_names);
// Regions named in a set of KPI names (from region.<region>.cost.total.per_year), in name order; empty for a
// run without regions.
std::vector<std::string> regions_in(const std::vector<std::string>& kpi_names);
// The total cost KPI shown next to the headline KPIs.
std::string total_cost_kpi();

// Labels with a capital, for chart legends and table heads.
std::string setting_label(const std::string& setting, Language language);  // settings and exit_<reason>
std::string provision_label(const std::string& provision, Language language);
std::string payer_label(const std::string& payer, Language language);

}  // namespace ozsim::report
