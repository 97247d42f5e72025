// The report of a run: scenario, headline cards, flows, provisions over time, time at home, cost,
// assumptions and reproducibility.
#include <cmath>
#include <filesystem>

#include "sim/report/page.hpp"

namespace ozsim::report {

namespace fs = std::filesystem;

void run_page(Page& page, const OutputFolder& folder, const ReportOptions& options) {
  const Language language = options.language;
  if (!folder.summary) {
    page.heading(1, pick(language, "Scenario", "Scenario"));
    page.missing(
        pick(language, "summary.json ontbreekt in deze map, dus er zijn geen kerncijfers. Maak het met:",
             "summary.json is missing from this folder, so there are no headline figures. Make it with:"),
        "ozsim run SCENARIO --out " + folder.path);
    return;
  }
  const Json& summary = *folder.summary;
  const Json empty_kpis = Json::object();
  const Json& kpis = summary.contains("kpis") ? summary["kpis"] : empty_kpis;
  const std::string name = summary.value("scenario", std::string("?"));
  const YearSpan years = reported_years(kpis);
  const std::size_t replications = summary.value("replications", std::size_t{0});
  page.heading(1, std::string(pick(language, "Scenario: ", "Scenario: ")) + name);
  if (summary.contains("description") && summary["description"].is_string() &&
      !summary["description"].get<std::string>().empty())
    page.paragraph(summary["description"].get<std::string>(), "lead");
  page.paragraph(
      fmt::format("{} · {} {} · seed {}", school_years_text(years, language), replications,
                  pick(language, "replicaties", "replications"), summary.value("seed", std::uint64_t{0})),
      "meta");

  // What this scenario changes versus its base: the values written in its own file.
  if (summary.contains("scenario_files") && summary["scenario_files"].size() > 1 &&
      summary.contains("scenario_values")) {
    const std::string own = summary["scenario_files"][0].get<std::string>() + ":";
    const std::string base_file = summary["scenario_files"][1].get<std::string>();
    std::string items;
    for (const Json& v : summary["scenario_values"]) {
      const std::string key = text_at(v, "key");
      if (text_at(v, "location").rfind(own, 0) != 0 || key == "name" || key == "description" || key == "base")
        continue;
      items += "<li><code>" + escape_html(key) + " = " + escape_html(text_at(v, "value")) + "</code>" +
               (text_at(v, "basis") == "assumption" ? std::string(" <span class=\"tag\">") +
                                                          pick(language, "aanname", "assumption") + "</span>"
                                                    : std::string()) +
               "</li>\n";
    }
    if (!items.empty()) {
      page.heading(2, pick(language, "Wat dit scenario verandert", "What this scenario changes"));
      page.paragraph(std::string(pick(language, "Ten opzichte van ", "Compared with ")) +
                         fs::path(base_file).filename().string() + ":",
                     "meta");
      page.raw("<ul>\n" + items + "</ul>\n");
    }
  }

  page.heading(2, pick(language, "Kerncijfers", "Headline figures"));
  page.paragraph(
      std::string(pick(language,
                       "Gemiddelde over de replicaties met 95%-interval (Student-t, op logschaal voor "
                       "aantallen en bedragen, op logitschaal voor aandelen), ",
                       "Mean over the replications with 95% interval (Student t, on the log scale for counts "
                       "and amounts, on the logit scale for shares), ")) +
          school_years_text(years, language) +
          pick(language, "; aantallen op de peildatum 1 oktober.", "; counts on the peildatum, 1 October."),
      "meta");
  std::string cards = "<div class=\"cards\">\n";
  const std::vector<std::string> shown =
      headline_kpis();  // the cards leave the per-provision waits to the charts
  for (const std::string& kpi : shown) {
    if (!kpis.contains(kpi)) continue;
    const KpiInfo info = kpi_info(kpi, language);
    const Json& s = kpis[kpi];
    const double hi = number_at(s, "hi95");
    double lo = number_at(s, "lo95");
    const bool clipped = is_clipped(lo, info);
    if (clipped) page.mark_clipped();
    lo = clip_low(lo, info);
    const std::string interval = std::isfinite(lo) && std::isfinite(hi)
                                     ? format_in_unit_compact(lo, info, language) + " – " +
                                           format_in_unit_compact(hi, info, language) + (clipped ? "*" : "")
                                     : std::string();
    // Euros and shares carry their sign in the number; "per jaar" stays beside it.
    const std::string unit = info.unit == model::KpiUnit::Euros || info.unit == model::KpiUnit::Share
                                 ? (info.per_year ? pick(language, "per jaar", "per year") : "")
                                 : unit_text(info, language);
    cards += fmt::format(
        "<div class=\"card\"><div class=\"label\">{}</div><div class=\"value\">{}<span "
        "class=\"unit\">{}</span></div>"
        "<div class=\"interval\">95%: {}</div></div>\n",
        escape_html(info.label), escape_html(format_in_unit_compact(number_at(s, "mean"), info, language)),
        escape_html(unit), escape_html(interval.empty() ? pick(language, "n.b.", "n/a") : interval));
  }
  cards += "</div>\n";
  page.raw(cards);

  page.heading(2, pick(language, "Stromen", "Flows"));
  if (folder.flows)
    page.chart(flows_sankey(*folder.flows, years, replications, language));
  else
    page.missing(pick(language, "flows.csv ontbreekt. Maak het met:", "flows.csv is missing. Make it with:"),
                 "ozsim run SCENARIO --out " + folder.path);

  page.heading(2, pick(language, "Voorzieningen: bezetting en wachtlijsten",
                       "Provisions: occupancy and waiting lists"));
  if (folder.timeseries) {
    for (const Chart& chart : provision_charts(*folder.timeseries, summary, language)) page.chart(chart);
  } else {
    page.missing(
        pick(language, "timeseries.csv ontbreekt. Maak het met:", "timeseries.csv is missing. Make it with:"),
        "ozsim run SCENARIO --out " + folder.path);
  }

  page.heading(2, pick(language, "Tijd thuis", "Time at home"));
  page.chart(home_time_chart(summary, language));

  page.heading(2, pick(language, "Kosten", "Cost"));
  page.chart(cost_per_payer_chart(summary, language));

  page.heading(2, pick(language, "Aannames in het scenario", "Assumptions in the scenario"));
  if (summary.contains("scenario_values") && summary["scenario_values"].is_array()) {
    std::size_t assumptions = 0, sourced = 0;
    std::string rows;
    for (const Json& v : summary["scenario_values"]) {
      const std::string basis = text_at(v, "basis");
      if (basis == "assumption") ++assumptions;
      if (basis == "source") ++sourced;
      // The table holds what rests on a guess or on the command line; sourced values are counted only.
      if (basis != "assumption" && basis != "override") continue;
      rows += fmt::format(
          "<tr><td><code>{}</code><br><small>{}</small></td><td "
          "class=\"value\">{}</td><td>{}</td><td>{}</td></tr>\n",
          escape_html(text_at(v, "key")), escape_html(fs::path(text_at(v, "location")).filename().string()),
          escape_html(text_at(v, "value")),
          basis == "assumption"
              ? std::string("<span class=\"tag\">") + pick(language, "aanname", "assumption") + "</span>"
          : basis == "source"
              ? std::string("<span class=\"tag source\">") + pick(language, "bron", "source") + "</span>"
              : escape_html(basis),
          escape_html(text_at(v, "note")));
    }
    page.paragraph(
        say(language,
            "{} van de {} waarden rusten op een aanname (geel), {} noemen een bron (groen); bij de overige "
            "staat geen toelichting in het scenariobestand.",
            "{} of the {} values rest on an assumption (yellow), {} cite a source (green); the others have "
            "no note in the scenario file.",
            assumptions, summary["scenario_values"].size(), sourced),
        "meta");
    page.raw(std::string("<table class=\"assumptions\"><thead><tr><th>") + pick(language, "Sleutel", "Key") +
             "</th><th>" + pick(language, "Waarde", "Value") + "</th><th>" +
             pick(language, "Basis", "Basis") + "</th><th>" + pick(language, "Toelichting", "Note") +
             "</th></tr></thead><tbody>\n" + rows + "</tbody></table>\n");
  } else {
    page.missing(
        pick(
            language,
            "De waarden van het scenario (met 'assumption' of bron) staan niet in summary.json van deze map; "
            "een run met deze ozsim schrijft ze. Opnieuw draaien:",
            "The scenario values (with 'assumption' or source) are not in this folder's summary.json; a run "
            "with this ozsim writes them. Run again:"),
        "ozsim run " + summary.value("scenario_file", std::string("SCENARIO")) + " --out " + folder.path);
  }

  std::string command = "ozsim run " + summary.value("scenario_file", std::string("SCENARIO")) + " --seed " +
                        std::to_string(summary.value("seed", std::uint64_t{1})) + " --replications " +
                        std::to_string(replications) + " --out " + folder.path;
  reproducibility(page, folder, options, command);
  if (summary.contains("fingerprints") && summary["fingerprints"].is_array()) {
    std::string prints;
    for (const Json& f : summary["fingerprints"])
      prints += (prints.empty() ? "" : " ") + f.get<std::string>();
    page.paragraph(std::string(pick(language, "Vingerafdrukken per replicatie (gelijk = identieke run): ",
                                    "Fingerprints per replication (equal = identical run): ")) +
                       prints,
                   "meta");
  }
}

}  // namespace ozsim::report
