// The reports of calibrate (fit per target, generations, parameters, prior versus posterior) and of
// sensitivity (parameters ranked by Morris mu* per KPI).
#include <algorithm>
#include <set>

#include "sim/report/page.hpp"

namespace ozsim::report {

void calibration_page(Page& page, const OutputFolder& folder, const ReportOptions& options) {
  const Language language = options.language;
  page.heading(1, pick(language, "Kalibratie", "Calibration"));
  if (folder.calibration) {
    const Json& cal = *folder.calibration;
    page.paragraph(
        say(language, "Methode {} · {} deeltjes · {} simulaties · gestopt: {}",
            "Method {} · {} particles · {} simulations · stopped: {}", cal.value("method", std::string("?")),
            cal.value("particles", 0), cal.value("total_simulations", 0),
            // A folder from before the Dutch text was written has the English one only.
            text_at(cal, language == Language::Nl && cal.contains("stop_reason_text_nl")
                             ? "stop_reason_text_nl"
                             : "stop_reason_text")),
        "meta");
  }
  if (folder.fit)
    page.chart(fit_chart(*folder.fit, language));
  else
    page.missing(pick(language, "fit.csv ontbreekt (waargenomen tegenover voorspeld). Maak het met:",
                      "fit.csv is missing (observed versus predicted). Make it with:"),
                 "ozsim calibrate SCENARIO --targets TARGETS --priors PRIORS --out " + folder.path);
  if (folder.calibration)
    page.chart(generations_chart(*folder.calibration, language));
  else
    page.missing(pick(language, "calibration.json ontbreekt (tolerantie en ESS per generatie).",
                      "calibration.json is missing (tolerance and ESS per generation)."),
                 "");
  if (folder.parameters) {
    page.heading(2, pick(language, "Parameters na kalibratie", "Parameters after calibration"));
    const CsvTable& p = *folder.parameters;
    std::string html = std::string("<table><thead><tr><th>") + pick(language, "Parameter", "Parameter") +
                       "</th><th class=\"num\">" + pick(language, "Gemiddelde", "Mean") +
                       "</th><th class=\"num\">" + pick(language, "Mediaan", "Median") +
                       "</th><th class=\"num\">" + pick(language, "95%-interval", "95% interval") +
                       "</th></tr></thead><tbody>\n";
    for (std::size_t r = 0; r < p.rows.size(); ++r)
      html +=
          "<tr><td><code>" + escape_html(p.rows[r].front()) + "</code></td><td class=\"num\">" +
          escape_html(params::human(p.number(r, p.column("mean")), language)) + "</td><td class=\"num\">" +
          escape_html(params::human(p.number(r, p.column("median")), language)) + "</td><td class=\"num\">" +
          escape_html(params::human(p.number(r, p.column("ci95_low")), language) + " – " +
                      params::human(p.number(r, p.column("ci95_high")), language)) +
          "</td></tr>\n";
    page.raw(html + "</tbody></table>\n");
  }
  page.heading(
      2, pick(language, "Prior tegenover posterior per parameter", "Prior versus posterior per parameter"));
  if (folder.posterior && folder.priors && folder.priors->contains("parameters")) {
    for (const Json& prior : (*folder.priors)["parameters"])
      page.chart(prior_posterior_chart(*folder.posterior, prior, language));
  } else {
    page.missing(
        pick(language,
             "posterior.csv of priors.json ontbreekt, dus prior en posterior kunnen niet naast elkaar. "
             "Een kalibratie met deze ozsim schrijft beide:",
             "posterior.csv or priors.json is missing, so prior and posterior cannot be shown side by "
             "side. A calibration with this ozsim writes both:"),
        "ozsim calibrate SCENARIO --targets TARGETS --priors PRIORS --out " + folder.path);
  }
  // --targets and --priors are required: without them the command shown would not run.
  reproducibility(page, folder, options,
                  "ozsim calibrate SCENARIO --targets TARGETS --priors PRIORS --out " + folder.path);
}

namespace {

// The KPIs a sensitivity table covers, and those its page shows: with every KPI screened (the default)
// the headline KPIs, with a chosen few those.
std::vector<std::string> shown_kpis(const CsvTable& table, std::set<std::string>& kpis,
                                    std::set<std::string>& parameters) {
  const int c_kpi = table.column("kpi"), c_parameter = table.column("parameter");
  for (const auto& row : table.rows) {
    if (c_kpi >= 0) kpis.insert(row[static_cast<std::size_t>(c_kpi)]);
    if (c_parameter >= 0) parameters.insert(row[static_cast<std::size_t>(c_parameter)]);
  }
  std::vector<std::string> shown;
  for (const std::string& kpi : headline_kpis(provisions_in({kpis.begin(), kpis.end()})))
    if (kpis.count(kpi)) shown.push_back(kpi);
  constexpr std::size_t FEW = 12;
  if (shown.empty() || kpis.size() <= FEW)  // all of them, the headline KPIs first in their reading order
    for (const std::string& kpi : kpis)
      if (std::find(shown.begin(), shown.end(), kpi) == shown.end()) shown.push_back(kpi);
  return shown;
}

}  // namespace

void sensitivity_page(Page& page, const OutputFolder& folder, const ReportOptions& options) {
  const Language language = options.language;
  if (!folder.morris && !folder.sobol) {
    page.heading(1, pick(language, "Gevoeligheidsanalyse", "Sensitivity analysis"));
    page.missing(pick(language, "morris.csv en sobol.csv ontbreken in deze map. Maak een van beide met:",
                      "morris.csv and sobol.csv are missing from this folder. Make one with:"),
                 "ozsim sensitivity SCENARIO --params PRIORS [--method sobol] --out " + folder.path);
  }
  if (folder.morris) {
    const CsvTable& morris = *folder.morris;
    page.heading(1, pick(language, "Gevoeligheidsanalyse (Morris)", "Sensitivity analysis (Morris)"));
    std::set<std::string> kpis, parameters;
    const std::vector<std::string> shown = shown_kpis(morris, kpis, parameters);
    page.paragraph(
        say(language,
            "{} parameters tegen {} kerncijfers; per kerncijfer de parameters gerangschikt naar "
            "invloed (mu*).",
            "{} parameters against {} figures; per figure the parameters ranked by influence (mu*).",
            parameters.size() - parameters.count("(noise floor)"),  // morris.csv's noise rows
            kpis.size()),
        "meta");
    if (shown.size() < kpis.size())
      page.note(say(language, "Getoond: de {} kerncijfers; alle {} staan in morris.csv.",
                    "Shown: the {} headline figures; all {} are in morris.csv.", shown.size(), kpis.size()));
    for (const std::string& kpi : shown) page.chart(sensitivity_chart(morris, kpi, language));
  }
  if (folder.sobol) {
    const CsvTable& sobol = *folder.sobol;
    page.heading(1, pick(language, "Gevoeligheidsanalyse (Sobol)", "Sensitivity analysis (Sobol)"));
    std::set<std::string> kpis, parameters;
    const std::vector<std::string> shown = shown_kpis(sobol, kpis, parameters);
    page.paragraph(
        say(language,
            "{} parameters tegen {} kerncijfers; per kerncijfer het deel van de variantie dat elke "
            "parameter verklaart.",
            "{} parameters against {} figures; per figure the share of the variance each parameter "
            "explains.",
            parameters.size(), kpis.size()),
        "meta");
    if (shown.size() < kpis.size())
      page.note(say(language, "Getoond: de {} kerncijfers; alle {} staan in sobol.csv.",
                    "Shown: the {} headline figures; all {} are in sobol.csv.", shown.size(), kpis.size()));
    for (const std::string& kpi : shown) page.chart(sobol_chart(sobol, kpi, language));
  }
  // Morris is the default method: a Sobol folder is made again only with --method sobol.
  reproducibility(page, folder, options,
                  "ozsim sensitivity SCENARIO --params PRIORS" +
                      std::string(folder.sobol && !folder.morris ? " --method sobol" : "") + " --out " +
                      folder.path);
}

}  // namespace ozsim::report
