#include "sim/report/html_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "sim/report/charts.hpp"
#include "sim/report/kpi_labels.hpp"
#include "sim/report/page_assets.hpp"

namespace ozsim::report {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using params::Language;

bool nl(Language language) {
  return language == Language::Nl;
}
const char* pick(Language language, const char* dutch, const char* english) {
  return nl(language) ? dutch : english;
}

// fmt::format with the Dutch or English pattern.
template <class... Args>
std::string say(Language language, const char* dutch, const char* english, Args&&... args) {
  return fmt::format(fmt::runtime(pick(language, dutch, english)), std::forward<Args>(args)...);
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A JSON text safe inside <script>: "</" would end the element early.
std::string script_json(const Json& value) {
  std::string text = value.dump();
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '<' && i + 1 < text.size() && text[i + 1] == '/') {
      out += "<\\/";
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

// A string field; "" when absent or null.
std::string text_at(const Json& object, const char* field) {
  if (!object.is_object() || !object.contains(field) || !object[field].is_string()) return {};
  return object[field].get<std::string>();
}

double number_at(const Json& object, const char* field) {
  if (!object.is_object() || !object.contains(field) || !object[field].is_number()) return std::nan("");
  return object[field].get<double>();
}

// The page as it is built: body HTML plus the chart data.
class Page {
 public:
  explicit Page(Language language) : language_(language) {}

  void raw(const std::string& html) { body_ += html; }
  void heading(int level, const std::string& text) {
    body_ += fmt::format("<h{0}>{1}</h{0}>\n", level, escape_html(text));
  }
  void paragraph(const std::string& text, const char* css_class = nullptr) {
    body_ += css_class ? fmt::format("<p class=\"{}\">{}</p>\n", css_class, escape_html(text))
                       : "<p>" + escape_html(text) + "</p>\n";
  }
  void note(const std::string& text) { body_ += "<div class=\"note\">" + escape_html(text) + "</div>\n"; }
  void missing(const std::string& what, const std::string& how) {
    body_ += "<div class=\"missing\">" + escape_html(what) +
             (how.empty() ? "" : " <code>" + escape_html(how) + "</code>") + "</div>\n";
  }

  // A chart with data; a chart without any data point becomes a note that says so.
  void chart(const Chart& chart) {
    std::size_t points = 0;
    if (chart.option.contains("series"))
      for (const Json& s : chart.option["series"]) {
        if (s.contains("data"))
          for (const Json& d : s["data"]) points += d.is_null() ? 0 : 1;
        if (s.contains("links")) points += s["links"].size();
      }
    if (points == 0) {
      note(chart.title + ": " + pick(language_, "geen gegevens in deze map.", "no data in this folder."));
      return;
    }
    const std::string data_id = "data-" + chart.id;
    body_ += fmt::format(
        "<figure class=\"chart-block\"><h3>{}</h3>\n<div class=\"chart\" id=\"{}\" data-option=\"{}\" "
        "style=\"height:{}px\" role=\"img\" "
        "aria-label=\"{}\"></div>\n<figcaption>{}{}</figcaption></figure>\n",
        escape_html(chart.title), chart.id, data_id, chart.height_px, escape_html(chart.title),
        chart.unit.empty()
            ? ""
            : escape_html(std::string(pick(language_, "Eenheid: ", "Unit: ")) + chart.unit + ". "),
        escape_html(chart.caption));
    data_ += fmt::format("<script type=\"application/json\" id=\"{}\">{}</script>\n", data_id,
                         script_json(chart.option));
  }

  std::string html(const std::string& title, const ReportOptions& options) const {
    std::string out;
    out += fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n",
                       params::language_name(language_));
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out +=
        fmt::format("<meta name=\"generator\" content=\"ozsim {}\">\n", escape_html(options.ozsim_version));
    out += "<title>" + escape_html(title) + "</title>\n<style>" + std::string(PAGE_STYLE) +
           "</style>\n</head>\n<body>\n";
    out += body_;
    out += data_;
    if (!data_.empty()) {
      out += "<script>" + options.echarts.library + "\n</script>\n";
      if (!options.echarts.dutch_locale.empty())
        out += "<script>" + options.echarts.dutch_locale + "\necharts.ozsimHasNL = true;\n</script>\n";
      out += "<script>" + std::string(PAGE_SCRIPT) + "</script>\n";
    } else {
      out +=
          "<script>window.ozsimReport = { charts: [], errors: [] }; document.body.dataset.ready = "
          "'yes';</script>\n";
    }
    out += "</body>\n</html>\n";
    return out;
  }

 private:
  Language language_;
  std::string body_;
  std::string data_;
};

std::string interval_text(double lo, double hi, Unit unit, Language language) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {};
  return format_in_unit(lo, unit, language) + " – " + format_in_unit(hi, unit, language);
}

void reproducibility(Page& page, const OutputFolder& folder, const ReportOptions& options, Language language,
                     const std::string& command) {
  page.heading(2, pick(language, "Reproduceerbaarheid", "Reproducibility"));
  std::string rows;
  const auto row = [&](const std::string& key, const std::string& value) {
    if (!value.empty())
      rows += "<tr><th>" + escape_html(key) + "</th><td>" + escape_html(value) + "</td></tr>\n";
  };
  row(pick(language, "Rapport gemaakt met", "Report made with"), "ozsim " + options.ozsim_version);
  row(pick(language, "Map", "Folder"), folder.path);
  if (folder.manifest) {
    const Json& m = *folder.manifest;
    if (m.contains("ozsim_version") && m["ozsim_version"].is_string())
      row(pick(language, "ozsim-versie van de uitvoer", "ozsim version of the output"),
          m["ozsim_version"].get<std::string>());
    if (m.contains("command_line")) {
      const Json& c = m["command_line"];
      if (c.is_string()) row(pick(language, "Opdracht", "Command"), c.get<std::string>());
      if (c.is_array()) {
        std::string joined;
        for (const Json& part : c)
          joined += (joined.empty() ? "" : " ") + (part.is_string() ? part.get<std::string>() : part.dump());
        row(pick(language, "Opdracht", "Command"), joined);
      }
    }
    if (m.contains("overrides") && m["overrides"].is_array() && !m["overrides"].empty()) {
      std::string joined;
      for (const Json& o : m["overrides"])
        joined += (joined.empty() ? "" : ", ") + (o.is_string() ? o.get<std::string>() : o.dump());
      row("--set", joined);
    }
  }
  page.raw("<table class=\"facts\">\n" + rows + "</table>\n");
  if (!folder.manifest)
    page.note(
        pick(language,
             "Geen manifest.json in deze map: de exacte opdrachtregel en eventuele --set-waarden zijn niet "
             "vastgelegd. Opnieuw maken met:",
             "No manifest.json in this folder: the exact command line and any --set overrides were not "
             "recorded. To make it again:"));
  page.raw("<pre>" + escape_html(command) + "</pre>\n");
}

// ---------------------------------------------------------------- run

void run_report(Page& page, const OutputFolder& folder, const ReportOptions& options) {
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
      std::string(pick(language, "Gemiddelde over de replicaties met 95%-interval (Student-t), ",
                       "Mean over the replications with 95% interval (Student t), ")) +
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
    const double lo = number_at(s, "lo95"), hi = number_at(s, "hi95");
    const std::string interval = std::isfinite(lo) && std::isfinite(hi)
                                     ? format_in_unit_compact(lo, info.unit, language) + " – " +
                                           format_in_unit_compact(hi, info.unit, language)
                                     : std::string();
    cards += fmt::format(
        "<div class=\"card\"><div class=\"label\">{}</div><div class=\"value\">{}<span "
        "class=\"unit\">{}</span></div>"
        "<div class=\"interval\">95%: {}</div></div>\n",
        escape_html(info.label),
        escape_html(format_in_unit_compact(number_at(s, "mean"), info.unit, language)),
        info.unit == Unit::Euros || info.unit == Unit::EurosPerYear || info.unit == Unit::Share
            ? (info.unit == Unit::EurosPerYear ? escape_html(pick(language, "per jaar", "per year")) : "")
            : escape_html(unit_text(info.unit, language)),
        escape_html(interval.empty() ? pick(language, "n.b.", "n/a") : interval));
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
    page.raw(std::string("<table><thead><tr><th>") + pick(language, "Sleutel", "Key") + "</th><th>" +
             pick(language, "Waarde", "Value") + "</th><th>" + pick(language, "Basis", "Basis") +
             "</th><th>" + pick(language, "Toelichting", "Note") + "</th></tr></thead><tbody>\n" + rows +
             "</tbody></table>\n");
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
  reproducibility(page, folder, options, language, command);
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

// ---------------------------------------------------------------- compare

const Json* find_kpi(const Json& alternative, const std::string& kpi) {
  for (const Json& k : alternative.at("kpis"))
    if (text_at(k, "kpi") == kpi) return &k;
  return nullptr;
}

std::string measure_words(const std::string& measure, Language language) {
  if (measure == "home-month") return pick(language, "maand thuis", "month at home");
  if (measure == "dagbesteding placement")
    return pick(language, "plaatsing in dagbesteding", "placement in dagbesteding");
  if (measure == "home spell over 3 months")
    return pick(language, "thuisperiode van meer dan 3 maanden", "home spell of more than 3 months");
  return measure;
}

std::string cost_effectiveness_sentence(const Json& row, const std::string& scenario, Language language) {
  const std::string what = measure_words(text_at(row, "measure"), language);
  const Json empty = Json::object();
  const Json& ratio = row.contains("euros_per_unit_averted") ? row["euros_per_unit_averted"] : empty;
  const Json& averted = row.contains("averted_per_year") ? row["averted_per_year"] : empty;
  const Json& cost = row.contains("incremental_cost_per_year") ? row["incremental_cost_per_year"] : empty;
  const double r = number_at(ratio, "mean"), lo = number_at(ratio, "lo95"), hi = number_at(ratio, "hi95");
  const double a = number_at(averted, "mean"), c = number_at(cost, "mean");
  const std::string method = text_at(row, "method");
  const std::string money = params::euros(std::fabs(c), 0, language);
  const std::string units = params::human(std::fabs(a), language);
  if (std::isfinite(a) && std::isfinite(c) && a > 0 && c <= 0)
    return say(language, "{}: bespaart ongeveer {} per jaar én voorkomt ongeveer {} keer een {} per jaar.",
               "{}: saves about {} a year and averts about {} of a {} a year.", scenario, money, units, what);
  if (std::isfinite(a) && std::isfinite(c) && a < 0 && c >= 0)
    return say(language,
               "{}: kost ongeveer {} per jaar meer én geeft ongeveer {} keer een {} per jaar "
               "méér; er valt niets te voorkomen, dus geen prijs per eenheid.",
               "{}: costs about {} a year more and gives about {} more of a {} a year; nothing is "
               "averted, so no price per unit.",
               scenario, money, units, what);
  if (method == "not defined" || !std::isfinite(r))
    return say(language, "{}: geen bedrag per voorkomen {} ({}).", "{}: no amount per {} averted ({}).",
               scenario, what, text_at(row, "note"));
  std::string interval;
  if (std::isfinite(lo) && std::isfinite(hi))
    interval = say(language, " (95%-interval {} tot {})", " (95% interval {} to {})",
                   params::euros(lo, 0, language), params::euros(hi, 0, language));
  else if (method == "ratio of mean differences")
    interval = pick(
        language,
        " (verhouding van de gemiddelde verschillen; geen interval, want het effect wisselt per replicatie "
        "te sterk van grootte of teken)",
        " (ratio of the mean differences; no interval, because the effect varies too much in size or sign "
        "between replications)");
  return say(language, "{}: elke voorkomen {} kost ongeveer {}{}.", "{}: each {} averted costs about {}{}.",
             scenario, what, params::euros(r, 0, language), interval);
}

void budget_table(Page& page, const Json& budget, Language language) {
  // One row per school year (and the all-years row), one column per payer: years run long, payers are few.
  std::map<std::string, std::map<std::string, const Json*>> cells;  // year ("" all years) -> payer -> row
  std::vector<std::string> years;
  for (const Json& y : budget.at("years")) years.push_back(std::to_string(y.get<int>()));
  std::vector<std::string> payers;
  for (const Json& row : budget.at("rows")) {
    const std::string payer = text_at(row, "payer");
    if (std::find(payers.begin(), payers.end(), payer) == payers.end()) payers.push_back(payer);
    cells[row.contains("year") && row["year"].is_number() ? std::to_string(row["year"].get<int>()) : ""]
         [payer] = &row;
  }
  for (const char* which : {"undiscounted", "discounted"}) {
    const bool discounted = std::string(which) == "discounted";
    std::string html =
        std::string("<table><thead><tr><th>") + pick(language, "Schooljaar", "School year") + "</th>";
    for (const std::string& payer : payers)
      html += "<th class=\"num\">" +
              escape_html(payer == "all payers" ? pick(language, "Alle betalers", "All payers")
                                                : payer_label(payer, language)) +
              "</th>";
    html += "</tr></thead><tbody>\n";
    std::vector<std::string> keys = years;
    keys.push_back("");
    for (const std::string& y : keys) {
      html += "<tr><th>" +
              (y.empty() ? std::string(discounted ? pick(language, "Contante waarde", "Present value")
                                                  : pick(language, "Som over de jaren", "Sum over the years"))
                         : y + "/" + fmt::format("{:02}", (std::stoi(y) + 1) % 100)) +
              "</th>";
      for (const std::string& payer : payers) {
        const auto it = cells[y].find(payer);
        if (it == cells[y].end()) {
          html += "<td></td>";
          continue;
        }
        const Json& diff = it->second->at(which).at("diff");
        const std::string interval =
            interval_text(number_at(diff, "lo95"), number_at(diff, "hi95"), Unit::Euros, language);
        html += "<td class=\"num\">" + escape_html(params::euros(number_at(diff, "mean"), 0, language)) +
                (interval.empty() ? "" : "<br><small>" + escape_html(interval) + "</small>") + "</td>";
      }
      html += "</tr>\n";
    }
    html += "</tbody></table>\n";
    page.heading(
        3, discounted ? pick(language, "Verdisconteerd (€, alternatief min basis, 95%-interval eronder)",
                             "Discounted (€, alternative minus base, 95% interval below)")
                      : pick(language, "Niet verdisconteerd (€, alternatief min basis, 95%-interval eronder)",
                             "Undiscounted (€, alternative minus base, 95% interval below)"));
    page.raw(html);
  }
}

void compare_report(Page& page, const OutputFolder& folder, const ReportOptions& options) {
  const Language language = options.language;
  const Json& c = *folder.compare;
  const std::string base = c.value("base", std::string("?"));
  const Json& alternatives = c.at("alternatives");
  std::string alt_names;
  for (const Json& a : alternatives) alt_names += (alt_names.empty() ? "" : ", ") + text_at(a, "scenario");
  const std::size_t replications = c.value("replications", std::size_t{0});
  page.heading(1,
               say(language, "Vergelijking: {} tegenover {}", "Comparison: {} against {}", alt_names, base));
  page.paragraph(say(language, "{} gepaarde replicaties (zelfde toevalsgetallen per replicatie) · seed {}{}",
                     "{} paired replications (same random numbers per replication) · seed {}{}", replications,
                     c.value("master_seed", std::uint64_t{0}),
                     text_at(c, "posterior").empty()
                         ? std::string()
                         : std::string(pick(language, " · parameters uit ", " · parameters from ")) +
                               text_at(c, "posterior")),
                 "meta");

  // Decision table: the options side by side.
  page.heading(2, pick(language, "Beslistabel", "Decision table"));
  page.paragraph(
      pick(language,
           "Gemiddelde per optie; bij de alternatieven het verschil met de basis en het 95%-interval van dat "
           "verschil. Groen: duidelijk beter, rood: duidelijk slechter (interval zonder nul).",
           "Mean per option; for the alternatives the difference from the base and the 95% interval of "
           "that difference. Green: clearly better, red: clearly worse (interval without zero)."),
      "meta");
  std::string table = std::string("<table><thead><tr><th>") +
                      pick(language, "Kerncijfer", "Headline figure") + "</th><th class=\"num\">" +
                      escape_html(base) + "<br><small>" + pick(language, "basis", "base") + "</small></th>";
  for (const Json& a : alternatives)
    table += "<th class=\"num\">" + escape_html(text_at(a, "scenario")) + "</th>";
  table += "</tr></thead><tbody>\n";
  std::vector<std::string> compared;
  if (!alternatives.empty())
    for (const Json& k : alternatives[0].at("kpis")) compared.push_back(text_at(k, "kpi"));
  const std::vector<std::string> rows = headline_kpis(provisions_in(compared));
  std::vector<std::string> shown;
  for (const std::string& kpi : rows) {
    if (alternatives.empty() || !find_kpi(alternatives[0], kpi)) continue;
    shown.push_back(kpi);
    const KpiInfo info = kpi_info(kpi, language);
    const Json* first = find_kpi(alternatives[0], kpi);
    table += "<tr><th>" + escape_html(info.label) + "<br><small>" +
             escape_html(unit_text(info.unit, language)) + "</small></th><td class=\"num\">" +
             escape_html(format_in_unit(number_at(first->at("base"), "mean"), info.unit, language)) + "</td>";
    for (const Json& a : alternatives) {
      const Json* k = find_kpi(a, kpi);
      if (!k) {
        table += "<td></td>";
        continue;
      }
      const Json& diff = k->at("diff");
      const double d = number_at(diff, "mean"), lo = number_at(diff, "lo95"), hi = number_at(diff, "hi95");
      const bool clear = std::isfinite(lo) && std::isfinite(hi) && (lo > 0 || hi < 0);
      const bool better = clear && ((d < 0) == info.lower_is_better);
      const std::string sign = d > 0 ? "+" : "";
      table += fmt::format("<td class=\"num\">{}<br><span class=\"{}\">{}{}</span><br><small>{}</small></td>",
                           escape_html(format_in_unit(number_at(k->at("alt"), "mean"), info.unit, language)),
                           clear ? (better ? "better" : "worse") : "", sign,
                           escape_html(format_in_unit(d, info.unit, language)),
                           escape_html(interval_text(lo, hi, info.unit, language)));
    }
    table += "</tr>\n";
  }
  table += "</tbody></table>\n";
  page.raw(table);

  page.heading(2, pick(language, "Verschil met de basis per kerncijfer",
                       "Difference from the base per headline figure"));
  page.paragraph(
      pick(language,
           "Punt: gemiddeld verschil (alternatief min basis) over gepaarde replicaties; streep: 95%-interval "
           "(Student-t). Grijze lijn: geen verschil.",
           "Dot: mean difference (alternative minus base) over paired replications; whisker: 95% interval "
           "(Student t). Grey line: no difference."),
      "meta");
  for (const std::string& kpi : shown) page.chart(forest_chart(c, kpi, language));

  for (const Json& a : alternatives) {
    const std::string scenario = text_at(a, "scenario");
    page.heading(2, std::string(pick(language, "Budgeteffect: ", "Budget impact: ")) + scenario);
    if (a.contains("budget_impact") && !a["budget_impact"].value("rows", Json::array()).empty()) {
      page.chart(budget_chart(a, false, language));
      page.chart(budget_chart(a, true, language));
      budget_table(page, a["budget_impact"], language);
    } else {
      page.note(pick(language, "Geen kosten in deze vergelijking.", "No costs in this comparison."));
    }
    page.heading(3, std::string(pick(language, "Kosteneffectiviteit: ", "Cost-effectiveness: ")) + scenario);
    if (a.contains("cost_effectiveness") && a["cost_effectiveness"].contains("rows")) {
      std::string list = "<ul class=\"sentences\">\n";
      for (const Json& row : a["cost_effectiveness"]["rows"])
        list += "<li>" + escape_html(cost_effectiveness_sentence(row, scenario, language)) + "</li>\n";
      list += "</ul>\n";
      page.raw(list);
      page.paragraph(
          nl(language)
              ? "Bedragen per jaar: extra kosten per jaar gedeeld door wat per jaar wordt voorkomen (" +
                    text_at(a["cost_effectiveness"], "cost_basis") + ")."
              : "Amounts per year: extra cost per year divided by what is averted per year (" +
                    text_at(a["cost_effectiveness"], "cost_basis") + ").",
          "meta");
    }
  }

  std::string command = "ozsim compare BASE.toml";
  for (std::size_t i = 0; i < alternatives.size(); ++i) command += " ALT" + std::to_string(i + 1) + ".toml";
  command += " --seed " + std::to_string(c.value("master_seed", std::uint64_t{1})) + " --replications " +
             std::to_string(replications) + " --out " + folder.path;
  reproducibility(page, folder, options, language, command);
}

// ---------------------------------------------------------------- sweep and calibration

void sweep_report(Page& page, const OutputFolder& folder, const ReportOptions& options) {
  const Language language = options.language;
  const CsvTable& sweep = *folder.sweep;
  page.heading(1, pick(language, "Gevoeligheid: kerncijfers bij verschillende waarden",
                       "Sweep: headline figures across values"));
  const int c_kpi = sweep.column("kpi"), c_point = sweep.column("point");
  std::string keys;
  for (int col = c_point + 1; col < c_kpi; ++col)
    keys += (keys.empty() ? "" : ", ") + sweep.header[static_cast<std::size_t>(col)];
  page.paragraph(std::string(pick(language, "Gevarieerd: ", "Varied: ")) + keys, "meta");
  std::set<std::string> present;
  for (const auto& row : sweep.rows)
    if (c_kpi >= 0) present.insert(row[static_cast<std::size_t>(c_kpi)]);
  const std::vector<std::string> kpis =
      headline_kpis(provisions_in(std::vector<std::string>(present.begin(), present.end())));
  for (const std::string& kpi : kpis)
    if (present.count(kpi)) page.chart(sweep_chart(sweep, kpi, language));
  reproducibility(page, folder, options, language,
                  "ozsim sweep SCENARIO --set KEY=V1,V2,... --out " + folder.path);
}

void calibration_report(Page& page, const OutputFolder& folder, const ReportOptions& options) {
  const Language language = options.language;
  page.heading(1, pick(language, "Kalibratie", "Calibration"));
  if (folder.calibration) {
    const Json& cal = *folder.calibration;
    page.paragraph(
        say(language, "Methode {} · {} deeltjes · {} simulaties · gestopt: {}",
            "Method {} · {} particles · {} simulations · stopped: {}", cal.value("method", std::string("?")),
            cal.value("particles", 0), cal.value("total_simulations", 0), text_at(cal, "stop_reason_text")),
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
  page.note(pick(
      language,
      "Prior tegenover posterior per parameter: de prior staat niet in de uitvoermap, dus die grafiek "
      "ontbreekt nog.",
      "Prior versus posterior per parameter: the prior is not in the output folder, so that chart is not "
      "drawn yet."));
  reproducibility(page, folder, options, language, "ozsim calibrate SCENARIO --out " + folder.path);
}

void empty_report(Page& page, const OutputFolder& folder, Language language) {
  page.heading(1, pick(language, "Geen uitvoer van ozsim", "No ozsim output"));
  for (const std::string& problem : folder.problems) page.missing(problem, "");
  page.paragraph(
      pick(language,
           "Deze map bevat geen bestanden die ozsim report kent. Maak er een met een van deze opdrachten:",
           "This folder holds no files that ozsim report knows. Make one with one of these commands:"));
  page.raw("<pre>ozsim run SCENARIO --out " + escape_html(folder.path) + "\nozsim compare BASE ALT --out " +
           escape_html(folder.path) + "\nozsim sweep SCENARIO --set KEY=V1,V2 --out " +
           escape_html(folder.path) + "\nozsim calibrate SCENARIO --out " + escape_html(folder.path) +
           "</pre>\n");
}

}  // namespace

std::string escape_html(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

EchartsSource find_echarts() {
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("OZSIM_ECHARTS"); env && *env) candidates.emplace_back(env);
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec)
    for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
      candidates.push_back(dir / "web" / "report" / "node_modules" / "echarts" / "dist" / "echarts.min.js");
      candidates.push_back(dir / "share" / "ozsim" / "echarts.min.js");
    }
  for (const fs::path& candidate : candidates) {
    if (!fs::is_regular_file(candidate, ec)) continue;
    EchartsSource source;
    source.library = read_file(candidate);
    for (const fs::path& nl_file : {candidate.parent_path() / "langNL.js",
                                    candidate.parent_path().parent_path() / "i18n" / "langNL.js"})
      if (fs::is_regular_file(nl_file, ec)) {
        source.dutch_locale = read_file(nl_file);
        break;
      }
    return source;
  }
  throw std::runtime_error(
      "report: Apache ECharts (echarts.min.js) was not found next to ozsim; run `bash scripts/setup.sh` (npm "
      "ci in "
      "web/report) or set OZSIM_ECHARTS to the file");
}

std::string render_report(const OutputFolder& folder, const ReportOptions& options) {
  Page page(options.language);
  std::string title;
  switch (folder.kind) {
    case FolderKind::Run:
      run_report(page, folder, options);
      break;
    case FolderKind::Compare:
      compare_report(page, folder, options);
      break;
    case FolderKind::Sweep:
      sweep_report(page, folder, options);
      break;
    case FolderKind::Calibration:
      calibration_report(page, folder, options);
      break;
    case FolderKind::Empty:
      empty_report(page, folder, options.language);
      break;
  }
  if (folder.kind != FolderKind::Empty)
    for (const std::string& problem : folder.problems)
      page.missing(std::string(pick(options.language, "Kon niet lezen: ", "Could not read: ")) + problem, "");
  title = std::string("ozsim ") + folder_kind_name(folder.kind) + " – " + folder.path;
  return page.html(title, options);
}

}  // namespace ozsim::report
