#pragma once
// Budget impact per payer and year, and cost-effectiveness of an alternative
// against the baseline, from paired replications (replication r of both
// scenarios ran on the same seed).
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sim/analysis/summary_stats.hpp"
#include "sim/model/kpi_catalogue.hpp"
#include "sim/model/run.hpp"

namespace ozsim::analysis {

inline constexpr double DUTCH_DISCOUNT_RATE = 0.0225;  // standard rate for Dutch social cost-benefit analysis
inline constexpr const char* ALL_PAYERS = "all payers";

struct EconomicsOptions {
  double discount_rate = DUTCH_DISCOUNT_RATE;
  std::optional<int> first_year;               // discounted with factor 1; default: earliest year with costs
  std::optional<double> value_per_home_month;  // euros; the net monetary benefit needs it
  // Effect KPIs, all "per year" means over the reported years of a replication.
  std::string home_months_kpi = model::kpi_catalogue().name(model::KpiId::HomeMonthsPerYear);
  std::string dagbesteding_kpi =
      model::kpi_catalogue().name(model::KpiId::EntriesPerYear, {.setting = model::Setting::Dagbesteding});
  // Without that KPI: the sum of flow.<from>.<this setting>.per_year.
  std::string dagbesteding_setting = model::setting_name(model::Setting::Dagbesteding);
  std::string long_home_spells_kpi = model::kpi_catalogue().name(model::KpiId::HomeSpellsOverNormPerYear);
  // Annual cost on the same basis as the effect KPIs, used when there are no cost lines (then nothing
  // is discounted). With cost lines, costs and effects are discounted year by year as the budget is.
  std::string cost_kpi = model::kpi_catalogue().name(model::KpiId::CostTotalPerYear);
};

// 1 / (1 + rate)^(year - first_year).
double discount_factor(double rate, int year, int first_year);

struct BudgetCell {
  Summary base;
  Summary alt;
  Summary diff;  // alt - base, paired by replication
};

struct BudgetRow {
  std::string payer;        // a payer from the cost lines, or ALL_PAYERS
  std::optional<int> year;  // empty: the sum over all years (discounted: the present value)
  double discount_factor = 1.0;
  BudgetCell undiscounted;
  BudgetCell discounted;
};

// What a budget row's year is. Costs are booked per school year (1 August to 31 July, named by the
// calendar year it starts in); a gemeente budgets per calendar year. A calendar year takes each school
// year's euros in proportion to its days in that year (Jan-Jul of the school year before, Aug-Dec of the
// one that starts in it): an assumption that a school year's costs are spread evenly over its days. Only
// calendar years that lie wholly inside the booked school years get a row.
enum class YearBasis { SchoolYear, CalendarYear };
const char* to_string(YearBasis basis);  // "school year", "calendar year"
// "2019/20" for a school year, "2020" for a calendar year, as budget.csv and costs.csv write them.
std::string period_label(YearBasis basis, int year);
// Share of a school year's days in the calendar year it starts in (August to December: 153 of 365).
double school_year_share_in_starting_calendar_year();

struct BudgetImpact {
  YearBasis basis = YearBasis::SchoolYear;
  int first_year = 0;
  double discount_rate = DUTCH_DISCOUNT_RATE;
  std::vector<int> years;           // every year from the first to the last with costs
  std::vector<std::string> payers;  // sorted; ALL_PAYERS not included
  // Per payer (sorted, then ALL_PAYERS): one row per year, then the all-years row.
  std::vector<BudgetRow> rows;
};

// Costs missing for a (payer, year) in a replication count as zero euros. With the calendar-year basis,
// options.first_year (the year discounted with factor 1) is a calendar year; by default the first one.
BudgetImpact budget_impact(std::span<const model::RunResult> base, std::span<const model::RunResult> alt,
                           const EconomicsOptions& options = {}, YearBasis basis = YearBasis::SchoolYear);

enum class RatioMethod {
  RatioOfMeans,  // mean incremental cost / mean effect averted, with Fieller's 95% interval
  NotDefined,    // no detectable effect (its 95% interval includes 0), or an input is missing: see `note`
};

const char* to_string(RatioMethod method);

// Cost-effectiveness is computed on discounted annual equivalents, so that it agrees with the budget:
// per replication, costs (from the cost lines of the modelled region's payers) and effects (from the effect
// KPI's per-year family, e.g. home.months.<year>) are discounted to the budget's first year with the budget's
// factors, summed, and divided by the sum of the factors. At a discount rate of 0 these are the plain yearly
// means. An effect without a per-year KPI is taken as its yearly mean in every year (said in the note).
struct CostEffectivenessRow {
  std::string measure;       // "home-month", "dagbesteding placement", "home spell over 3 months"
  std::string source;        // the KPI (or KPI pattern) the effect came from
  Summary incremental_cost;  // alt - base, euros per year (discounted annual equivalent)
  Summary averted;           // base - alt, per year (discounted alike); positive when the alternative helps
  RatioMethod method = RatioMethod::NotDefined;
  // Euros per unit averted: mean = ratio of the mean differences, lo95/hi95 = Fieller's interval, n =
  // replications; sd and percentiles NaN. NaN throughout when the method is NotDefined.
  Summary ratio;
  std::string note;  // why the ratio is not defined, or what to keep in mind
};

struct CostEffectiveness {
  std::string cost_basis;     // how the annual incremental cost was obtained, and how it was discounted
  std::string cost_basis_nl;  // the same in Dutch, for the report a planner reads
  // The ratios and the net monetary benefit count the cost of the modelled region's payers only: their
  // effects count the region's pupils, and a catchment's referrals (CatchmentInflow) are no pupils of it.
  // What the alternative changes in the catchments' budgets (model::CostLine::catchment) is reported
  // here instead: alt - base, euros per year, discounted as the rows; n = 0 when no catchment booked any.
  std::vector<std::string> catchment_payers;  // sorted
  Summary catchment_incremental_cost;
  std::vector<CostEffectivenessRow> rows;
  std::optional<double> value_per_home_month;
  // value x home-months averted - incremental cost, euros per year, discounted like the rows.
  Summary net_monetary_benefit;
  std::string net_monetary_benefit_note;
};

// The catchments' row of cost_effectiveness.csv and the workbook: "catchment budget: rijnstreek", and why it
// has no ratio.
std::string catchment_measure(const CostEffectiveness& ce);
inline constexpr const char* CATCHMENT_NOTE =
    "what the alternative changes in the budget of payers outside the modelled region (referrals from its "
    "catchment); not in the ratios or the net monetary benefit, whose effects count the region's pupils only";

CostEffectiveness cost_effectiveness(std::span<const model::RunResult> base,
                                     std::span<const model::RunResult> alt,
                                     const EconomicsOptions& options = {});

// Effect of one measure per replication: the KPI, or for the dagbesteding
// measure the sum of the matching flows; NaN where neither is present.
std::vector<double> measure_values(std::span<const model::RunResult> replications, const std::string& kpi,
                                   const std::string& flow_target = {});

}  // namespace ozsim::analysis
