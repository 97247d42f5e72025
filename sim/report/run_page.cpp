// The report of a run: scenario, headline cards, flows, provisions over time, time at home, cost, regions
// (of a scenario of several), assumptions and reproducibility.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sim/report/page.hpp"

namespace ozsim::report {

namespace fs = std::filesystem;

namespace {

// A table cell of a KPI: its mean, and its interval below it (cut at zero where the quantity cannot be
// negative, marked for the page's footnote).
std::string mean_and_interval_cell(Page& page, const Json& kpis, const std::string& kpi) {
  const Language language = page.language();
  if (!kpis.contains(kpi)) return "<td class=\"num\">" + std::string(pick(language, "n.b.", "n/a")) + "</td>";
  const KpiInfo info = kpi_info(kpi, language);
  const Json& s = kpis[kpi];
  double lo = number_at(s, "lo95");
  const bool clipped = is_clipped(lo, info);
  if (clipped) page.mark_clipped();
  lo = clip_low(lo, info);
  // Compact ("€ 2,4 mln"): a table of several columns of euros and intervals stays within the page.
  const double hi = number_at(s, "hi95");
  const std::string interval =
      std::isfinite(lo) && std::isfinite(hi)
          ? format_in_unit_compact(lo, info, language) + " – " + format_in_unit_compact(hi, info, language)
          : std::string();
  return "<td class=\"num\">" + escape_html(format_in_unit_compact(number_at(s, "mean"), info, language)) +
         (interval.empty() ? "" : "<br><small>" + escape_html(interval) + (clipped ? "*" : "") + "</small>") +
         "</td>";
}

// A run of several regions: its headline figures per region side by side, and time without education per
// 1,000 pupils, which compares regions of different sizes.
void regions_section(Page& page, const Json& summary, const Json& kpis,
                     const std::vector<std::string>& regions) {
  const Language language = page.language();
  const model::KpiCatalogue& catalogue = model::kpi_catalogue();
  page.raw("<div id=\"regions\">\n");
  page.heading(2, pick(language, "Regio's", "Regions"));
  page.paragraph(
      say(language,
          "Per regio de leerlingen die er wonen, waar hun plek ook is; gemiddelde over de replicaties "
          "met 95%-interval, aantallen op de peildatum. De kosten zijn die van de voorzieningen van de "
          "regio (ook als een buurregio ze gebruikt) en van haar leerlingen. Een voorziening van alle "
          "regio's samen en de programma's van het hele scenario vallen onder geen regio; die staan "
          "alleen in het totaal ({} per jaar).",
          "Per region the pupils who live there, wherever their place is; mean over the replications "
          "with 95% interval, counts on the peildatum. The cost is that of the region's provisions "
          "(also when a neighbouring region uses them) and of its pupils. A provision of all regions "
          "together and the scenario's programmes are in no region; they are only in the total ({} per "
          "year).",
          format_in_unit_compact(number_at(kpis.value(total_cost_kpi(), Json::object()), "mean"),
                                 kpi_info(total_cost_kpi(), language), language)),
      "meta");
  // The columns: a KPI family (with its setting for a count) and its head.
  struct Column {
    model::KpiId id;
    std::optional<model::Setting> setting;
    std::string head;
  };
  const std::vector<Column> columns = {
      {model::KpiId::RegionCount, model::Setting::Attending,
       setting_label(model::setting_name(model::Setting::Attending), language)},
      {model::KpiId::RegionCount, model::Setting::Thuiszitter,
       setting_label(model::setting_name(model::Setting::Thuiszitter), language)},
      {model::KpiId::RegionWaiting, std::nullopt, pick(language, "Wachtenden", "Waiting")},
      {model::KpiId::RegionNoEducationMonthsPerYear, std::nullopt,
       pick(language, "Tijd zonder onderwijs", "Time without education")},
      {model::KpiId::RegionPlacedElsewherePerYear, std::nullopt,
       pick(language, "Geplaatst in een buurregio", "Placed in a neighbouring region")},
      {model::KpiId::RegionCostTotalPerYear, std::nullopt, pick(language, "Kosten", "Cost")}};
  const auto name = [&](const Column& column, const std::string& region) {
    return catalogue.name(column.id, {.setting = column.setting, .region = region});
  };
  std::string html =
      std::string("<table class=\"regions\"><thead><tr><th>") + pick(language, "Regio", "Region") + "</th>";
  for (const Column& column : columns)
    html += "<th class=\"num\">" + escape_html(column.head) + "<br><small>" +
            escape_html(unit_text(kpi_info(name(column, regions.front()), language), language)) +
            "</small></th>";
  html += "</tr></thead><tbody>\n";
  for (const std::string& region : regions) {
    html += "<tr><th>" + escape_html(model::region_label(region)) + "</th>";
    for (const Column& column : columns) html += mean_and_interval_cell(page, kpis, name(column, region));
    html += "</tr>\n";
  }
  page.raw(html + "</tbody></table>\n");
  page.chart(region_no_education_chart(summary, language));
  page.raw("</div>\n");
}

// A run of regions: its kinds of provision side by side before their charts, all regions together over the
// reported years, and the region whose own copy has the longest waiting list: where places run short, at a
// glance. Sums of the regions' means, without intervals (those are per region, in the charts below).
void provision_kinds_table(Page& page, const Json& summary, const Json& kpis,
                           const std::vector<std::string>& regions) {
  const Language language = page.language();
  const model::KpiCatalogue& catalogue = model::kpi_catalogue();
  const auto mean = [&](model::KpiId id, const std::string& provision) {
    const std::string name = catalogue.name(id, {.provision = provision});
    return kpis.contains(name) ? number_at(kpis[name], "mean") : 0.0;
  };
  const KpiInfo pupils = kpi_info(catalogue.name(model::KpiId::Queue, {.provision = "x"}), language);
  const KpiInfo share = kpi_info(catalogue.name(model::KpiId::Utilisation, {.provision = "x"}), language);
  std::string rows;
  for (const ProvisionKind& kind : provision_kinds(summary, regions)) {
    double places = 0.0, occupancy = 0.0, waiting = 0.0, longest = 0.0;
    std::string longest_region;
    for (std::size_t i = 0; i < kind.provisions.size(); ++i) {
      const std::string& provision = kind.provisions[i];
      places += mean(model::KpiId::PlacesPerYear, provision);
      occupancy += mean(model::KpiId::Occupancy, provision);
      const double queue = mean(model::KpiId::Queue, provision);
      waiting += queue;
      if (kind.provisions.size() > 1 && queue > longest) {
        longest = queue;
        longest_region = model::region_label(kind.regions[i]);
      }
    }
    if (!(places > 0.0) && !(occupancy > 0.0) && !(waiting > 0.0)) continue;  // as its charts: left out
    const std::string name = kind.provisions.size() == 1 ? kind.provisions.front() : kind.name;
    rows += "<tr><th>" + escape_html(provision_label(name, language)) + "</th><td class=\"num\">" +
            escape_html(format_in_unit(places, pupils, language)) + "</td><td class=\"num\">" +
            escape_html(format_in_unit(occupancy, pupils, language)) + "</td><td class=\"num\">" +
            (places > 0.0 ? escape_html(format_in_unit(occupancy / places, share, language)) : "–") +
            "</td><td class=\"num\">" + escape_html(format_in_unit(waiting, pupils, language)) + "</td><td>" +
            (longest_region.empty()
                 ? std::string("–")
                 : escape_html(longest_region + " (" + format_in_unit(longest, pupils, language) + ")")) +
            "</td></tr>\n";
  }
  if (rows.empty()) return;
  const std::string in_pupils = "<br><small>" + escape_html(unit_text(pupils, language)) + "</small>";
  page.raw(std::string("<table class=\"provision-kinds\"><thead><tr><th>") +
           pick(language, "Voorziening", "Provision") + "</th><th class=\"num\">" +
           pick(language, "Plaatsen", "Places") + in_pupils + "</th><th class=\"num\">" +
           pick(language, "Bezetting", "Occupancy") + in_pupils + "</th><th class=\"num\">" +
           pick(language, "Benutting", "Utilisation") + "</th><th class=\"num\">" +
           pick(language, "Wachtlijst", "Waiting list") + in_pupils + "</th><th>" +
           pick(language, "Langste wachtlijst", "Longest waiting list") + in_pupils +
           "</th></tr></thead><tbody>\n" + rows + "</tbody></table>\n");
  page.paragraph(
      pick(language,
           "Alle regio's samen, gemiddelden over de verslagjaren (bezetting en wachtlijst als "
           "tijdgemiddelde): de som van de gemiddelden per regio, zonder interval; benutting is "
           "bezetting gedeeld door plaatsen. Langste wachtlijst: de regio met de langste eigen "
           "wachtlijst voor die soort. De intervallen per regio staan in de grafieken hieronder.",
           "All regions together, means over the reported years (occupancy and waiting list as time "
           "averages): the sum of the regions' means, without an interval; utilisation is "
           "occupancy divided by places. Longest waiting list: the region with the longest own "
           "waiting list of that kind. Each region's intervals are in the charts below."),
      "meta");
}

// The cards: the catalogue's headline KPIs, and among them two figures a council asks of one scenario, the
// pupils in individuele begeleiding and the months without education. Those two are no headline KPIs: each
// headline KPI is one more test in the multiplicity correction of a compare, whose stars would change.
std::vector<std::string> card_kpis() {
  const model::KpiCatalogue& catalogue = model::kpi_catalogue();
  std::vector<std::string> cards = headline_kpis();  // the cards leave the per-provision waits to the charts
  const auto insert_after = [&cards](const std::string& neighbour, const std::string& kpi) {
    const auto at = std::find(cards.begin(), cards.end(), neighbour);
    cards.insert(at == cards.end() ? at : at + 1, kpi);
  };
  const auto insert_before = [&cards](const std::string& neighbour, const std::string& kpi) {
    cards.insert(std::find(cards.begin(), cards.end(), neighbour), kpi);
  };
  insert_after(catalogue.name(model::KpiId::Count, {.setting = model::Setting::Dagbesteding}),
               catalogue.name(model::KpiId::Count, {.setting = model::Setting::IndividueleBegeleiding}));
  insert_before(catalogue.name(model::KpiId::HomeMonthsPerYear),
                catalogue.name(model::KpiId::NoEducationMonthsPerYear));
  return cards;
}

}  // namespace

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
  for (const std::string& kpi : card_kpis()) {
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
    // Euros and shares carry their sign in the number; "per jaar" stays beside it, unless the label says it
    // already (a second "per jaar" only wraps under a wide amount).
    const std::string per_year = pick(language, "per jaar", "per year");
    const bool label_says_per_year = info.label.find(per_year) != std::string::npos;
    const std::string unit = info.unit == model::KpiUnit::Euros || info.unit == model::KpiUnit::Share
                                 ? (info.per_year && !label_says_per_year ? per_year : "")
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

  std::vector<std::string> kpi_names;
  for (auto it = kpis.begin(); it != kpis.end(); ++it) kpi_names.push_back(it.key());
  const std::vector<std::string> regions = regions_in(kpi_names);

  page.heading(2, pick(language, "Voorzieningen: bezetting en wachtlijsten",
                       "Provisions: occupancy and waiting lists"));
  if (folder.timeseries && !regions.empty()) {
    // A chart per region's copy would be a chart per kind times the regions: the kinds instead.
    page.paragraph(
        pick(language,
             "Per soort voorziening (SBO, niet de SBO van elke regio apart): eerst een overzicht, "
             "dan per soort alle regio's samen per maand en elke regio apart over de verslagjaren. "
             "Een voorziening die één regio voor meer regio's heeft, of die alle regio's delen, "
             "staat er als zichzelf.",
             "Per kind of provision (SBO, not each region's SBO apart): first an overview, then "
             "per kind all regions together per month and each region on its own over the "
             "reported years. A provision one region has for several regions, or that all regions "
             "share, is shown as itself."),
        "meta");
    provision_kinds_table(page, summary, kpis, regions);
    for (const Chart& chart : provision_kind_charts(*folder.timeseries, summary, regions, language))
      page.chart(chart);
  } else if (folder.timeseries) {
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

  if (!regions.empty()) regions_section(page, summary, kpis, regions);

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
