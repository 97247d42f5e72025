// Charts of calibrate and sensitivity output folders: fit per target, generations, prior versus posterior,
// parameters ranked by Morris mu*.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "sim/report/chart_common.hpp"
#include "sim/report/charts.hpp"

namespace ozsim::report {

using namespace chart_parts;

Chart fit_chart(const CsvTable& fit, Language language) {
  Chart chart;
  chart.id = "calibration-fit";
  chart.title = nl(language) ? "Voorspeld ten opzichte van waargenomen, per doel"
                             : "Predicted relative to observed, per target";
  chart.unit = nl(language) ? "% van de waargenomen waarde" : "% of the observed value";
  const int c_target = fit.column("target"), c_kpi = fit.column("kpi"), c_obs = fit.column("observed"),
            c_mean = fit.column("posterior_mean"), c_lo = fit.column("posterior_low"),
            c_hi = fit.column("posterior_high");
  // Targets differ in scale (30 thuiszitters, 313 risicoleerlingen): each is shown relative to its
  // observation.
  Json categories = Json::array(), intervals = Json::array(), means = Json::array();
  std::size_t index = 0;
  std::string not_drawn;  // targets observed as 0 (or not a number): no ratio to draw, named in the caption
  for (std::size_t r = 0; r < fit.rows.size(); ++r) {
    const double observed = fit.number(r, c_obs);
    std::string label = c_target >= 0 ? fit.rows[r][static_cast<std::size_t>(c_target)] : std::to_string(r);
    if (!(std::fabs(observed) > 0.0)) {
      not_drawn += (not_drawn.empty() ? "" : ", ") + label;
      continue;
    }
    // The observation in its KPI's unit: a share's 0.6 as 60,0%, euros as euros.
    const std::string kpi = c_kpi >= 0 ? fit.rows[r][static_cast<std::size_t>(c_kpi)] : std::string();
    label += " (" + format_in_unit(observed, kpi_info(kpi, language), language) + ")";
    categories.push_back(label);
    means.push_back({value_or_null(fit.number(r, c_mean) / observed), index});
    intervals.push_back({index++, value_or_null(fit.number(r, c_lo) / observed),
                         value_or_null(fit.number(r, c_hi) / observed),
                         value_or_null(fit.number(r, c_mean) / observed)});
  }
  chart.height_px = 80 + 28 * static_cast<int>(std::max<std::size_t>(1, index));
  chart.option = base_option("percent");
  chart.option["tooltip"] = {{"trigger", "item"}};
  chart.option["grid"] = {{"left", 20}, {"right", 40}, {"top", 10}, {"bottom", 42}, {"containLabel", true}};
  chart.option["xAxis"] = {
      {"type", "value"}, {"name", chart.unit}, {"nameLocation", "middle"}, {"nameGap", 26}};
  chart.option["yAxis"] = {
      {"type", "category"}, {"data", categories}, {"inverse", true}, {"axisLine", {{"onZero", false}}}};
  // The means again, invisible, carry the red line at 100% across the whole plot.
  chart.option["series"] = Json::array({Json{{"type", "scatter"},
                                             {"name", nl(language) ? "waargenomen" : "observed"},
                                             {"data", means},
                                             {"symbolSize", 0},
                                             {"silent", true},
                                             {"tooltip", {{"show", false}}},
                                             {"markLine", vertical_line(1.0, "#c0392b", "dashed")}},
                                        interval_series(nl(language) ? "voorspeld, 95%" : "predicted, 95%",
                                                        intervals, "horizontal", "#1d3557")});
  chart.caption =
      nl(language)
          ? "Punt: gemiddelde van de posterior-voorspellende verdeling, streep: 95% daarvan (fit.csv), beide "
            "gedeeld door de waargenomen waarde (tussen haakjes). Rode lijn: gelijk aan waargenomen."
          : "Dot: mean of the posterior predictive distribution, whisker: 95% of it (fit.csv), both divided "
            "by the observed value (in brackets). Red line: equal to observed.";
  if (!not_drawn.empty())
    chart.caption += (nl(language) ? " Niet getekend, want waargenomen 0 (geen verhouding; zie fit.csv): "
                                   : " Not drawn, as observed 0 (no ratio; see fit.csv): ") +
                     not_drawn + ".";
  return chart;
}

Chart generations_chart(const Json& calibration, Language language) {
  Chart chart;
  chart.id = "calibration-generations";
  chart.title = nl(language) ? "Temperatuur en effectieve steekproefgrootte per generatie"
                             : "Temperature and effective sample size per generation";
  chart.unit = nl(language) ? "temperatuur; deeltjes" : "temperature; particles";
  Json generations = Json::array(), temperature = Json::array(), ess = Json::array(),
       distinct = Json::array();
  // Resample-move's ESS is its reweighting's; how many particles its moves made distinct is drawn beside it.
  const bool moved = calibration.value("method", std::string()) == "resample-move";
  std::uint64_t truncated = 0;  // proposals above the best-seen normaliser, all generations
  std::uint64_t truncated_last = 0;
  if (calibration.contains("generations"))
    for (const Json& g : calibration["generations"]) {
      generations.push_back(g.value("generation", 0));
      truncated_last = g.value("truncated", std::uint64_t{0});
      truncated += truncated_last;
      // The last generation's temperature is "inf" (the exact posterior): no point on a log axis.
      temperature.push_back(value_or_null(field(g, "temperature")));
      ess.push_back(value_or_null(field(g, "ess")));
      distinct.push_back(g.value("distinct", std::uint64_t{0}));
    }
  chart.option = base_option("number");
  chart.option["tooltip"] = {{"trigger", "axis"}};
  chart.option["legend"] = {{"top", 0}};
  chart.option["grid"] = {{"left", 70}, {"right", 70}, {"top", 40}, {"bottom", 40}};
  chart.option["xAxis"] = {{"type", "category"},
                           {"data", generations},
                           {"name", nl(language) ? "generatie" : "generation"},
                           {"nameLocation", "middle"},
                           {"nameGap", 26}};
  chart.option["yAxis"] =
      Json::array({Json{{"type", "value"}, {"name", nl(language) ? "temperatuur" : "temperature"}},
                   Json{{"type", "value"},
                        {"name", moved ? (nl(language) ? "ESS; deeltjes" : "ESS; particles") : "ESS"},
                        {"min", 0}}});
  chart.option["series"] = Json::array({Json{{"type", "line"},
                                             {"name", nl(language) ? "temperatuur" : "temperature"},
                                             {"data", temperature},
                                             {"symbolSize", 6}},
                                        Json{{"type", "bar"},
                                             {"name", "ESS"},
                                             {"yAxisIndex", 1},
                                             {"data", ess},
                                             {"barWidth", moved ? "30%" : "40%"},
                                             {"itemStyle", {{"opacity", 0.5}}}}});
  if (moved) {
    chart.option["series"].push_back(
        Json{{"type", "bar"},
             {"name", nl(language) ? "verschillende deeltjes" : "distinct particles"},
             {"yAxisIndex", 1},
             {"data", distinct},
             {"barWidth", "30%"},
             {"itemStyle", {{"opacity", 0.5}}}});
  }
  // Generation 0 samples the prior at an infinite temperature (not drawn); the schedule then falls to 1,
  // where the posterior is exact.
  // Rejection has no schedule: its one generation accepts prior draws at temperature 1.
  const bool rejection = calibration.value("method", std::string()) == "rejection";
  chart.caption =
      rejection
          ? std::string(
                nl(language)
                    ? "Rejection: één generatie van trekkingen uit de prior, aanvaard bij temperatuur 1, "
                      "waar de posterior exact is; de ESS zegt hoeveel deeltjes effectief meetellen."
                    : "Rejection: one generation of prior draws, accepted at temperature 1, where the "
                      "posterior is exact; the ESS says how many particles effectively count.")
      : nl(language)
          ? "De temperatuur daalt per generatie naar 1, waar de posterior exact is (generatie 0, de prior, "
            "heeft temperatuur oneindig en is niet getekend); de ESS zegt hoeveel deeltjes effectief "
            "meetellen."
          : "The temperature falls each generation to 1, where the posterior is exact (generation 0, the "
            "prior, has an infinite temperature and is not drawn); the ESS says how many particles "
            "effectively count.";
  if (moved)
    chart.caption +=
        nl(language)
            ? " Resample-move: de ESS is die van de herweging naar de volgende temperatuur; de tweede balk "
              "telt de verschillende deeltjes na het herbemonsteren en de Metropolis-Hastings-stappen "
              "(weinig "
              "verschillende deeltjes: de stappen bleven vaak steken, de posterior rust op minder punten)."
            : " Resample-move: the ESS is that of the reweighting to the next temperature; the second bar "
              "counts the distinct particles after resampling and the Metropolis-Hastings moves (few "
              "distinct "
              "particles: the moves often stuck, and the posterior rests on fewer points).";
  if (truncated > 0)
    chart.caption +=
        nl(language)
            ? " " + std::to_string(truncated) + " voorstellen (" + std::to_string(truncated_last) +
                  " in de laatste generatie) hadden een hogere likelihood dan de beste tot dan toe en werden "
                  "zeker aanvaard ('truncated' in generations.csv): een paar is onschuldig, veel betekent "
                  "een iets afgevlakte posterior."
            : " " + std::to_string(truncated) + " proposals (" + std::to_string(truncated_last) +
                  " in the last generation) had a likelihood above the best seen before them and were "
                  "accepted for sure ('truncated' in generations.csv): a few are harmless, many mean a "
                  "slightly flattened posterior.";
  return chart;
}

Chart prior_posterior_chart(const CsvTable& posterior, const Json& prior, Language language) {
  const std::string parameter = prior.value("parameter", std::string());
  Chart chart;
  chart.id = chart_id("prior-posterior-", parameter);
  chart.title = parameter;
  chart.unit = nl(language) ? "kansdichtheid" : "probability density";
  chart.height_px = 220;
  const int c_value = posterior.column(parameter), c_weight = posterior.column("weight");
  const double low = field(prior, "low"), high = field(prior, "high");
  // The posterior as a weighted histogram over the prior's range, scaled to a density so both curves share
  // the axis: 24 bins show the narrowing without the noise of a few hundred particles.
  constexpr int BINS = 24;
  Json histogram = Json::array();
  if (c_value >= 0 && std::isfinite(low) && std::isfinite(high) && high > low) {
    std::vector<double> mass(BINS, 0.0);
    double total = 0.0;
    for (std::size_t r = 0; r < posterior.rows.size(); ++r) {
      const double x = posterior.number(r, c_value);
      const double w = c_weight >= 0 ? posterior.number(r, c_weight) : 1.0;
      if (!std::isfinite(x) || !std::isfinite(w) || w <= 0.0) continue;
      const int bin = std::clamp(static_cast<int>((x - low) / (high - low) * BINS), 0, BINS - 1);
      mass[static_cast<std::size_t>(bin)] += w;
      total += w;
    }
    const double width = (high - low) / BINS;
    if (total > 0.0)
      for (int b = 0; b < BINS; ++b)
        histogram.push_back({low + (b + 0.5) * width, mass[static_cast<std::size_t>(b)] / (total * width)});
  }
  Json density = prior.contains("density") ? prior["density"] : Json::array();
  // Rates like 0.0015 a year: three significant digits, not a fixed number of decimals.
  chart.option = base_option("significant");
  chart.option["tooltip"] = {{"trigger", "axis"}};
  chart.option["legend"] = {{"top", 0}};
  chart.option["grid"] = {{"left", 70}, {"right", 24}, {"top", 34}, {"bottom", 40}};
  // The prior's bounds are the axis ends; their labels would overlap the nearest ticks'.
  chart.option["xAxis"] = {{"type", "value"},   {"min", low},
                           {"max", high},       {"axisLabel", {{"hideOverlap", true}}},
                           {"name", parameter}, {"nameLocation", "middle"},
                           {"nameGap", 26}};
  chart.option["yAxis"] = {{"type", "value"}, {"name", chart.unit}, {"min", 0}};
  chart.option["series"] = Json::array({Json{{"type", "line"},
                                             {"name", "posterior"},
                                             {"data", histogram},
                                             {"step", "middle"},
                                             {"showSymbol", false},
                                             {"itemStyle", {{"color", "#1d3557"}}},
                                             {"areaStyle", {{"opacity", 0.3}}}},
                                        Json{{"type", "line"},
                                             {"name", "prior: " + prior.value("prior", std::string())},
                                             {"data", density},
                                             {"showSymbol", false},
                                             {"itemStyle", {{"color", "#c0392b"}}},
                                             {"lineStyle", {{"type", "dashed"}, {"width", 2}}}}});
  chart.caption = nl(language)
                      ? fmt::format(
                            "Blauw: posterior (gewogen histogram van de {} deeltjes in posterior.csv); rood "
                            "gestreept: de prior (priors.json). Hoe smaller blauw dan rood, hoe meer de "
                            "doelen over deze parameter zeggen.",
                            posterior.rows.size())
                      : fmt::format(
                            "Blue: posterior (weighted histogram of the {} particles in posterior.csv); red "
                            "dashed: the prior (priors.json). The narrower blue is than red, the more the "
                            "targets say about this parameter.",
                            posterior.rows.size());
  return chart;
}

Chart sensitivity_chart(const CsvTable& morris, const std::string& kpi, Language language) {
  const KpiInfo info = kpi_info(kpi, language);
  Chart chart;
  chart.id = chart_id("sensitivity-", kpi);
  chart.title = info.label;
  // mu* and sigma are changes of the KPI: a share's in percentage points, as any difference of shares.
  chart.unit = difference_unit_text(info, language);
  const int c_parameter = morris.column("parameter"), c_kpi = morris.column("kpi"),
            c_mu_star = morris.column("mu_star"), c_sigma = morris.column("sigma");
  struct Row {
    std::string parameter;
    double mu_star, sigma;
  };
  std::vector<Row> rows;
  for (std::size_t r = 0; r < morris.rows.size(); ++r)
    if (c_kpi >= 0 && c_parameter >= 0 && morris.rows[r][static_cast<std::size_t>(c_kpi)] == kpi)
      rows.push_back({morris.rows[r][static_cast<std::size_t>(c_parameter)], morris.number(r, c_mu_star),
                      morris.number(r, c_sigma)});
  // Ranked by influence: the largest mu* on top.
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return (std::isfinite(a.mu_star) ? a.mu_star : -1.0) > (std::isfinite(b.mu_star) ? b.mu_star : -1.0);
  });
  Json categories = Json::array(), mu_star = Json::array(), sigma = Json::array();
  for (const Row& row : rows) {
    // morris.csv's noise-floor row: mu* of a dummy parameter that changes nothing.
    categories.push_back(row.parameter == "(noise floor)" && nl(language) ? "(ruisvloer)" : row.parameter);
    mu_star.push_back(value_or_null(row.mu_star));
    sigma.push_back(value_or_null(row.sigma));
  }
  chart.height_px = 90 + 30 * static_cast<int>(std::max<std::size_t>(1, rows.size()));
  chart.option = base_option(difference_value_format(info));
  chart.option["tooltip"] = {{"trigger", "axis"}, {"axisPointer", {{"type", "shadow"}}}};
  chart.option["legend"] = {{"top", 0}};
  chart.option["grid"] = {{"left", 20}, {"right", 40}, {"top", 34}, {"bottom", 42}, {"containLabel", true}};
  chart.option["xAxis"] = {
      {"type", "value"}, {"name", chart.unit}, {"nameLocation", "middle"}, {"nameGap", 26}, {"min", 0}};
  chart.option["yAxis"] = {{"type", "category"}, {"data", categories}, {"inverse", true}};
  chart.option["series"] = Json::array(
      {Json{{"type", "bar"}, {"name", "mu*"}, {"data", mu_star}, {"itemStyle", {{"color", "#1d3557"}}}},
       Json{{"type", "bar"}, {"name", "sigma"}, {"data", sigma}, {"itemStyle", {{"color", "#a8b8cc"}}}}});
  chart.caption =
      nl(language)
          ? "mu*: gemiddelde absolute verandering van dit kerncijfer als de parameter zijn hele bereik "
            "doorloopt "
            "(Morris); sigma: hoe sterk dat effect wisselt (niet-lineair of samen met andere parameters); "
            "ruisvloer: de mu* van een parameter die niets verandert, dus alleen toeval. "
            "Gerangschikt van groot naar klein."
          : "mu*: mean absolute change of this figure when the parameter runs through its whole range "
            "(Morris); "
            "sigma: how much that effect varies (non-linear or with other parameters); noise floor: the mu* "
            "of "
            "a parameter that changes nothing, so chance alone. Ranked largest first.";
  return chart;
}

Chart sobol_chart(const CsvTable& sobol, const std::string& kpi, Language language) {
  const KpiInfo info = kpi_info(kpi, language);
  Chart chart;
  chart.id = chart_id("sobol-", kpi);
  chart.title = info.label;
  chart.unit = nl(language) ? "aandeel van de variantie" : "share of the variance";
  const int c_parameter = sobol.column("parameter"), c_kpi = sobol.column("kpi"),
            c_first = sobol.column("first_order"), c_total = sobol.column("total"),
            c_total_low = sobol.column("total_lo95"), c_total_high = sobol.column("total_hi95");
  struct Row {
    std::string parameter;
    double first, total, total_low, total_high;
  };
  std::vector<Row> rows;
  for (std::size_t r = 0; r < sobol.rows.size(); ++r)
    if (c_kpi >= 0 && c_parameter >= 0 && sobol.rows[r][static_cast<std::size_t>(c_kpi)] == kpi)
      rows.push_back({sobol.rows[r][static_cast<std::size_t>(c_parameter)], sobol.number(r, c_first),
                      sobol.number(r, c_total), sobol.number(r, c_total_low), sobol.number(r, c_total_high)});
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return (std::isfinite(a.total) ? a.total : -1.0) > (std::isfinite(b.total) ? b.total : -1.0);
  });
  Json categories = Json::array(), first = Json::array(), total = Json::array();
  // An estimate outside the axis's 0-1 (a first order of -0.4 from few samples, noise): its bar is not
  // drawn, so the caption gives its value as sobol.csv has it.
  std::string outside;
  const auto note_outside = [&](const std::string& parameter, const char* nl_index, const char* en_index,
                                double value) {
    if (!std::isfinite(value) || (value >= 0.0 && value <= 1.0)) return;
    outside += (outside.empty() ? "" : "; ") + parameter + " (" + (nl(language) ? nl_index : en_index) + " " +
               params::human(value, language) + ")";
  };
  for (const Row& row : rows) {
    // The label carries the total index's interval, which a bar cannot show.
    categories.push_back(row.parameter + " [" + params::human(row.total_low, language) + ", " +
                         params::human(row.total_high, language) + "]");
    first.push_back(value_or_null(row.first));
    total.push_back(value_or_null(row.total));
    note_outside(row.parameter, "eerste orde", "first order", row.first);
    note_outside(row.parameter, "totaal", "total", row.total);
  }
  chart.height_px = 90 + 30 * static_cast<int>(std::max<std::size_t>(1, rows.size()));
  chart.option = base_option("number");
  chart.option["tooltip"] = {{"trigger", "axis"}, {"axisPointer", {{"type", "shadow"}}}};
  chart.option["legend"] = {{"top", 0}};
  chart.option["grid"] = {{"left", 20}, {"right", 40}, {"top", 34}, {"bottom", 42}, {"containLabel", true}};
  chart.option["xAxis"] = {{"type", "value"}, {"name", chart.unit}, {"nameLocation", "middle"},
                           {"nameGap", 26},   {"min", 0},           {"max", 1}};
  chart.option["yAxis"] = {{"type", "category"}, {"data", categories}, {"inverse", true}};
  chart.option["series"] = Json::array({Json{{"type", "bar"},
                                             {"name", nl(language) ? "eerste orde" : "first order"},
                                             {"data", first},
                                             {"itemStyle", {{"color", "#1d3557"}}}},
                                        Json{{"type", "bar"},
                                             {"name", nl(language) ? "totaal" : "total"},
                                             {"data", total},
                                             {"itemStyle", {{"color", "#a8b8cc"}}}}});
  chart.caption =
      nl(language)
          ? "Eerste orde: het deel van de variantie van dit kerncijfer dat de parameter alleen verklaart; "
            "totaal: met alle wisselwerkingen erbij (Sobol). Tussen haken het 95%-interval van het totaal "
            "(bootstrap); sobol.csv heeft ook dat van de eerste orde. Gerangschikt naar het totaal."
          : "First order: the share of this figure's variance the parameter explains alone; total: with "
            "all its interactions (Sobol). In brackets the total's 95% interval (bootstrap); sobol.csv "
            "also has the first order's. Ranked by the total.";
  if (!outside.empty())
    chart.caption +=
        (nl(language) ? " Buiten 0–1 en dus niet getekend (schattingsruis; meer --samples maakt "
                        "die kleiner): "
                      : " Outside 0–1 and so not drawn (estimation noise; more --samples makes it "
                        "smaller): ") +
        outside + ".";
  return chart;
}

}  // namespace ozsim::report
