#pragma once
// The data of every chart in a report, as Apache ECharts options (JSON),
// built here so that it can be unit-tested without a browser. The page adds
// only what JSON cannot hold: number formatters in the reader's convention
// and the drawing of interval whiskers (series marked "ozsim_interval").
// One source file per kind of output folder: run_charts, compare_charts,
// sweep_charts, calibration_charts (calibrate and sensitivity).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/report/kpi_text.hpp"
#include "sim/report/output_folder.hpp"

namespace ozsim::report {

struct Chart {
  std::string id;       // unique in the page, [a-z0-9-]
  std::string title;    // what is shown, with the years it covers
  std::string unit;     // of the value axis
  std::string caption;  // how to read it: interval, replications, what is left out
  int height_px = 320;
  bool clipped = false;   // an interval of a quantity that cannot be negative was cut at zero
  nlohmann::json option;  // ECharts option; option["ozsim"] carries hints for the page script
};

// The payer of compare.json's budget rows that sums all payers (analysis::ALL_PAYERS).
inline constexpr const char* ALL_PAYERS = "all payers";

// School years a run reports on, from the per-year KPIs in summary.json ("2019/20–2023/24").
struct YearSpan {
  int first = 0;
  int last = -1;
  bool empty() const { return last < first; }
};
YearSpan reported_years(const nlohmann::json& kpis);
// The same from a list of KPI names.
YearSpan reported_years(const std::vector<std::string>& kpi_names);
std::string school_years_text(const YearSpan& years, Language language);
// The years a per-year KPI is the mean of, for beside its unit: "gemiddeld over schooljaren 2019/20–2027/28";
// "" when the years are unknown.
std::string yearly_mean_text(const YearSpan& years, Language language);

// run: yearly flows between settings as a Sankey (from-settings left, to-settings right).
Chart flows_sankey(const CsvTable& flows, const YearSpan& years, std::size_t replications, Language language);
// run: occupancy and waiting list of one provision per month with their 95% bands (when timeseries.csv
// holds the <column>.lo95 and .hi95 columns), capacity line when known, warm-up shaded.
std::vector<Chart> provision_charts(const CsvTable& timeseries, const nlohmann::json& summary,
                                    Language language);
// A kind of provision in a run of regions (sbo, oov, ...): its region's copy in each region that has one
// (model::regional_name: "sbo@groningen"), or the one provision every region shares, which keeps its plain
// name and has no region ("").
struct ProvisionKind {
  std::string name;
  std::vector<std::string> provisions;
  std::vector<std::string> regions;  // of each provision, in the order of `regions` given below
};
// run of regions: the kinds of summary.json's provisions in their order there, from the run's regions
// (regions_in). A name is a region's copy only when what follows its '@' is one of those regions.
std::vector<ProvisionKind> provision_kinds(const nlohmann::json& summary,
                                           const std::vector<std::string>& regions);
// run of regions: per kind, a chart of its occupancy, waiting list and places summed over its copies per
// month (the sum of the copies' means, without a band: the interval of a sum is not the sum of the
// intervals), and for a kind with copies in several regions the chart of its regions
// (provision_regions_chart). A kind of one provision gets that provision's own chart, band and all.
std::vector<Chart> provision_kind_charts(const CsvTable& timeseries, const nlohmann::json& summary,
                                         const std::vector<std::string>& regions, Language language);
// run of regions: per region its copy of the kind over the reported years, with intervals: mean places
// (a tick), mean occupancy against them, and the mean waiting list beside, on an axis of its own.
Chart provision_regions_chart(const nlohmann::json& summary, const ProvisionKind& kind, Language language);
// run: mean, median and 90th percentile of time at home with the 3-month norm.
Chart home_time_chart(const nlohmann::json& summary, Language language);
// run: cost per payer per school year, stacked, with the total's interval.
Chart cost_per_payer_chart(const nlohmann::json& summary, Language language);
// run of several regions: time without education per year per 1,000 of a region's pupils, one bar per region
// with its interval; regions differ in size, so their totals alone would rank them by size.
Chart region_no_education_chart(const nlohmann::json& summary, Language language);

// compare: the school years its KPIs cover (reported_years of the first alternative's KPIs).
YearSpan compared_years(const nlohmann::json& compare);
// compare: what "per year" means beside a difference: the mean over those years, a year before a lever
// starts (a difference of 0) included.
std::string yearly_mean_caption(const YearSpan& years, Language language);
// compare: the difference of one KPI versus the baseline per alternative, with its interval and a zero
// line across the whole plot; the title names the school years (a per-year KPI's mean over them).
Chart forest_chart(const nlohmann::json& compare, const std::string& kpi, Language language);
// compare: budget impact (alternative minus baseline) per payer per year, discounted or not.
Chart budget_chart(const nlohmann::json& alternative, bool discounted, Language language);

// sweep: whether sweep.csv holds paired differences from a baseline (sweep --baseline).
bool sweep_has_differences(const CsvTable& sweep);
// sweep: the swept keys (the columns between "point" and "kpi").
std::vector<std::string> swept_keys(const CsvTable& sweep);
// sweep: one KPI against the swept values with its interval band; the levels, or with `differences` the
// paired differences from the baseline (diff_mean, diff_lo95, diff_hi95) with a zero line.
Chart sweep_chart(const CsvTable& sweep, const std::string& kpi, Language language, bool differences = false);

// calibrate: observed versus posterior predictive per target.
Chart fit_chart(const CsvTable& fit, Language language);
// calibrate: temperature and effective sample size per generation.
Chart generations_chart(const nlohmann::json& calibration, Language language);
// calibrate: one parameter's posterior (weighted histogram of posterior.csv) over its prior's density (one
// entry of priors.json's "parameters").
Chart prior_posterior_chart(const CsvTable& posterior, const nlohmann::json& prior, Language language);
// sensitivity: parameters ranked by Morris mu* for one KPI (morris.csv), with sigma beside.
Chart sensitivity_chart(const CsvTable& morris, const std::string& kpi, Language language);
// Per parameter the first-order and total Sobol index of one KPI (sobol.csv), ranked by the total index.
Chart sobol_chart(const CsvTable& sobol, const std::string& kpi, Language language);

}  // namespace ozsim::report
