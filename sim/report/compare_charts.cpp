// Charts of a compare output folder: forest plots of the differences and the budget impact per payer.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "sim/report/chart_common.hpp"
#include "sim/report/charts.hpp"

namespace ozsim::report {

using namespace chart_parts;

namespace {

Json zero_line_series(const Json& points, const std::string& name) {
  // The means again, drawn invisibly, carry the vertical zero line: a mark line on a plain cartesian series
  // spans the whole plot, while one on the custom whisker series is clipped to the whiskers' extent.
  return Json{{"type", "scatter"},
              {"name", name},
              {"data", points},
              {"symbolSize", 0},
              {"silent", true},
              {"tooltip", {{"show", false}}},
              {"markLine", vertical_line(0.0, "#666", "solid")}};
}

}  // namespace

std::string yearly_mean_caption(const YearSpan& years, Language language) {
  const std::string span = school_years_text(years, language);
  return nl(language)
             ? "Per jaar: het gemiddelde over " + span +
                   ", elk jaar even zwaar, ook een jaar waarin een alternatief nog niets verandert; het "
                   "budgeteffect per schooljaar staat verderop."
             : "Per year: the mean over " + span +
                   ", each year counting alike, years in which an alternative changes nothing yet "
                   "included; the budget impact per school year is further down.";
}

YearSpan compared_years(const Json& compare) {
  std::vector<std::string> names;
  const Json& alternatives = compare.at("alternatives");
  if (!alternatives.empty())
    for (const Json& k : alternatives[0].at("kpis")) names.push_back(k.value("kpi", std::string()));
  return reported_years(names);
}

Chart forest_chart(const Json& compare, const std::string& kpi, Language language) {
  const KpiInfo info = kpi_info(kpi, language);
  Chart chart;
  chart.id = chart_id("forest-", kpi);
  // A per-year figure is the mean over every reported year, those before a lever starts (a difference of 0)
  // too: a planner reading "€ per jaar" as the yearly cost once it runs would take it too low.
  const YearSpan years = compared_years(compare);
  chart.title = info.label;
  if (!years.empty())
    chart.title +=
        ", " + (info.per_year ? yearly_mean_text(years, language) : school_years_text(years, language));
  chart.unit = difference_unit_text(info, language);
  Json categories = Json::array(), intervals = Json::array(), means = Json::array();
  std::size_t index = 0;
  for (const Json& alt : compare.at("alternatives")) {
    for (const Json& k : alt.at("kpis")) {
      if (k.value("kpi", std::string()) != kpi) continue;
      const Json& diff = k.at("diff");
      categories.push_back(alt.value("scenario", std::string()));
      means.push_back({value_or_null(field(diff, "mean")), index});
      intervals.push_back({index++, value_or_null(field(diff, "lo95")), value_or_null(field(diff, "hi95")),
                           value_or_null(field(diff, "mean"))});
    }
  }
  chart.height_px = 80 + 36 * static_cast<int>(std::max<std::size_t>(1, index));
  chart.option = base_option(difference_value_format(info));
  chart.option["tooltip"] = {{"trigger", "item"}};
  chart.option["grid"] = {{"left", 20}, {"right", 40}, {"top", 14}, {"bottom", 42}, {"containLabel", true}};
  chart.option["xAxis"] = {
      {"type", "value"},
      {"name", (nl(language) ? "verschil met basis, " : "difference from base, ") + chart.unit},
      {"nameLocation", "middle"},
      {"nameGap", 26},
      {"scale", false}};
  // The category axis stays on the left; the zero line is a mark line of its own.
  chart.option["yAxis"] = {
      {"type", "category"}, {"data", categories}, {"inverse", true}, {"axisLine", {{"onZero", false}}}};
  if (info.per_year && !years.empty()) chart.caption = yearly_mean_caption(years, language);
  chart.option["series"] =
      Json::array({zero_line_series(means, nl(language) ? "geen verschil" : "no difference"),
                   interval_series(nl(language) ? "verschil, 95%-interval" : "difference, 95% interval",
                                   intervals, "horizontal", "#1d3557")});
  return chart;
}

Chart budget_chart(const Json& alternative, bool discounted, Language language) {
  const Json& budget = alternative.at("budget_impact");
  const std::string scenario = alternative.value("scenario", std::string());
  Chart chart;
  chart.id = chart_id(discounted ? "budget-discounted-" : "budget-undiscounted-", scenario);
  chart.unit = nl(language) ? "€ per jaar" : "€ per year";
  std::vector<int> years;
  for (const Json& y : budget.at("years")) years.push_back(y.get<int>());
  const YearSpan span = years.empty() ? YearSpan{} : YearSpan{years.front(), years.back()};
  chart.title = std::string(nl(language) ? "Budgeteffect per betaler, " : "Budget impact per payer, ") +
                (discounted ? (nl(language) ? "verdisconteerd" : "discounted")
                            : (nl(language) ? "niet verdisconteerd" : "undiscounted")) +
                ", " + school_years_text(span, language);
  const char* cell = discounted ? "discounted" : "undiscounted";
  Json categories = Json::array();
  for (int y : years) categories.push_back(school_year(y));
  Json series = Json::array(), intervals = Json::array();
  std::map<std::string, Json> by_payer;
  for (const Json& row : budget.at("rows")) {
    if (!row.contains("year") || !row["year"].is_number()) continue;  // the all-years row is in the table
    const std::string payer = row.value("payer", std::string());
    const auto at = std::find(years.begin(), years.end(), row["year"].get<int>());
    if (at == years.end()) continue;
    const std::size_t i = static_cast<std::size_t>(at - years.begin());
    const Json& diff = row.at(cell).at("diff");
    if (payer == ALL_PAYERS) {
      intervals.push_back({i, value_or_null(field(diff, "lo95")), value_or_null(field(diff, "hi95")),
                           value_or_null(field(diff, "mean"))});
      continue;
    }
    Json& data = by_payer[payer];
    if (data.is_null()) data = Json(std::vector<Json>(years.size(), Json(nullptr)));
    data[i] = value_or_null(field(diff, "mean"));
  }
  for (auto& [payer, data] : by_payer)
    series.push_back(
        {{"type", "bar"}, {"name", payer_label(payer, language)}, {"stack", "diff"}, {"data", data}});
  series.push_back(interval_series(nl(language) ? "alle betalers, 95%-interval" : "all payers, 95% interval",
                                   intervals, "vertical", "#222"));
  chart.option = base_option("euro");
  chart.option["tooltip"] = {{"trigger", "axis"}};
  chart.option["legend"] = {{"top", 0}};
  chart.option["grid"] = {{"left", 90}, {"right", 20}, {"top", 40}, {"bottom", 30}};
  chart.option["xAxis"] = {{"type", "category"}, {"data", categories}};
  chart.option["yAxis"] = {{"type", "value"}, {"name", chart.unit}};
  chart.option["series"] = series;
  const double rate = budget.value("discount_rate", 0.0);
  const std::string first_year = std::to_string(budget.value("first_year", 0));
  chart.caption =
      nl(language)
          ? fmt::format(
                "{} min basis, per betaler gestapeld; boven nul kost het alternatief meer. Zwarte streep: "
                "{} voor alle betalers samen.{}",
                scenario, interval_words(language),
                discounted ? " Verdisconteerd met " + params::percent(rate, 2, language) +
                                 " per jaar vanaf " + first_year + "."
                           : std::string())
          : fmt::format(
                "{} minus base, stacked by payer; above zero the alternative costs more. Black whisker: {} "
                "for all payers together.{}",
                scenario, interval_words(language),
                discounted ? " Discounted at " + params::percent(rate, 2, language) + " a year from " +
                                 first_year + "."
                           : std::string());
  return chart;
}

}  // namespace ozsim::report
