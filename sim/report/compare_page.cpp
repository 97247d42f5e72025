// The report of a compare: decision table, forest plots, budget impact per payer and year, and
// cost-effectiveness in plain sentences.
#include <algorithm>
#include <cmath>
#include <map>

#include "sim/report/page.hpp"

namespace ozsim::report {
namespace {

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

std::string measure_plural(const std::string& measure, Language language) {
  if (measure == "home-month") return pick(language, "maanden thuis", "months at home");
  if (measure == "dagbesteding placement")
    return pick(language, "plaatsingen in dagbesteding", "placements in dagbesteding");
  if (measure == "home spell over 3 months")
    return pick(language, "thuisperiodes van meer dan 3 maanden", "home spells of more than 3 months");
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
  // An effect whose 95% interval includes 0 may as well be none: its sign says nothing, so neither "averts"
  // nor "gives more" may be read into it (cost_effectiveness.csv notes "no detectable effect" then).
  const double averted_lo = number_at(averted, "lo95"), averted_hi = number_at(averted, "hi95");
  if (std::isfinite(averted_lo) && std::isfinite(averted_hi) && averted_lo <= 0 && averted_hi >= 0)
    return say(language,
               "{}: geen aantoonbaar effect op {}: gemiddeld {} per jaar voorkomen, maar het 95%-interval "
               "({} tot {}) bevat 0; daarom geen bedrag per voorkomen {}.",
               "{}: no detectable effect on {}: {} averted a year on average, but the 95% interval ({} to "
               "{}) includes 0; so no amount per {} averted.",
               scenario, measure_plural(text_at(row, "measure"), language), params::human(a, language),
               params::human(averted_lo, language), params::human(averted_hi, language), what);
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

// Referrals from outside the modelled region (a provision's catchment) pay their part of its places; the
// ratios above leave that out, since those pupils count in no effect. A planner still sees what the
// alternative does to that budget, in one sentence below the ratios.
void catchment_budget_paragraph(Page& page, const Json& cost_effectiveness, Language language) {
  if (!cost_effectiveness.contains("catchment_payers")) return;
  const Json& catchment = cost_effectiveness["catchment_payers"];
  const Json payers = catchment.value("payers", Json::array());
  if (payers.empty() || !catchment.contains("incremental_cost_per_year")) return;
  std::string names;
  for (const Json& payer : payers) names += (names.empty() ? "" : ", ") + payer.get<std::string>();
  const Json& cost = catchment["incremental_cost_per_year"];
  const double mean = number_at(cost, "mean"), lo = number_at(cost, "lo95"), hi = number_at(cost, "hi95");
  if (!std::isfinite(mean)) return;
  std::string interval;
  if (std::isfinite(lo) && std::isfinite(hi))
    interval = say(language, " (95%-interval {} tot {})", " (95% interval {} to {})",
                   params::euros(lo, 0, language), params::euros(hi, 0, language));
  const std::string amount = params::euros(std::fabs(mean), 0, language);
  const char* direction = mean >= 0.0 ? pick(language, "meer", "more") : pick(language, "minder", "less");
  page.paragraph(
      say(language,
          "Verwijzers van buiten de regio ({}) betalen ongeveer {} per jaar {}{}: niet in de bedragen "
          "hierboven, want hun leerlingen tellen in geen effect mee.",
          "Referrers from outside the region ({}) pay about {} a year {}{}: not in the amounts "
          "above, since their pupils count in no effect.",
          names, amount, direction, interval));
}

void budget_table(Page& page, const Json& budget, Language language) {
  // One row per school year (and the all-years row), one column per payer: years run long, payers are few.
  const KpiInfo euros = kpi_info(total_cost_kpi(), language);
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
              escape_html(payer == ALL_PAYERS ? pick(language, "Alle betalers", "All payers")
                                              : payer_label(payer, language)) +
              "</th>";
    html += "</tr></thead><tbody>\n";
    std::vector<std::string> keys = years;
    keys.push_back("");
    for (const std::string& y : keys) {
      html += "<tr><th>" +
              (y.empty() ? std::string(discounted ? pick(language, "Contante waarde", "Present value")
                                                  : pick(language, "Som over de jaren", "Sum over the years"))
                         : model::school_year_label(std::stoi(y))) +
              "</th>";
      for (const std::string& payer : payers) {
        const auto it = cells[y].find(payer);
        if (it == cells[y].end()) {
          html += "<td></td>";
          continue;
        }
        const Json& diff = it->second->at(which).at("diff");
        const std::string interval =
            interval_text(number_at(diff, "lo95"), number_at(diff, "hi95"), euros, language);
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

}  // namespace

void compare_page(Page& page, const OutputFolder& folder, const ReportOptions& options) {
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
  const YearSpan years = compared_years(c);
  page.heading(2, pick(language, "Beslistabel", "Decision table"));
  page.paragraph(
      std::string(pick(
          language,
          "Gemiddelde per optie; bij de alternatieven het verschil met de basis en het 95%-interval van dat "
          "verschil. Groen: duidelijk beter, rood: duidelijk slechter. Duidelijk wil zeggen: het verschil "
          "blijft significant nadat is verrekend dat hier veel kerncijfers tegelijk worden vergeleken "
          "(Benjamini-Hochberg), zoals de kolom significant in compare.csv. Een verschil zonder kleur kan "
          "toeval zijn, ook als het interval nul niet bevat.",
          "Mean per option; for the alternatives the difference from the base and the 95% interval of "
          "that difference. Green: clearly better, red: clearly worse. Clearly means: the difference stays "
          "significant after allowing for comparing many headline figures at once (Benjamini-Hochberg), as "
          "the column significant in compare.csv. A difference without a colour may be chance, even when "
          "its interval does not include zero.")) +
          (years.empty() ? std::string() : " " + yearly_mean_caption(years, language)),
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
  std::size_t zero_everywhere = 0;
  for (const std::string& kpi : rows) {
    if (alternatives.empty() || !find_kpi(alternatives[0], kpi)) continue;
    // A wait for a provision no option uses is 0 in every option: a row of zeros says nothing (the
    // terminal table leaves them out too).
    bool all_zero = number_at(find_kpi(alternatives[0], kpi)->at("base"), "mean") == 0.0;
    for (const Json& a : alternatives) {
      const Json* k = find_kpi(a, kpi);
      if (k && (number_at(k->at("alt"), "mean") != 0.0 || number_at(k->at("diff"), "lo95") != 0.0 ||
                number_at(k->at("diff"), "hi95") != 0.0))
        all_zero = false;
    }
    if (all_zero) {
      ++zero_everywhere;
      continue;
    }
    shown.push_back(kpi);
    const KpiInfo info = kpi_info(kpi, language);
    const Json* first = find_kpi(alternatives[0], kpi);
    const std::string years_of_mean = info.per_year ? yearly_mean_text(years, language) : std::string();
    table += "<tr><th>" + escape_html(info.label) + "<br><small>" + escape_html(unit_text(info, language)) +
             (years_of_mean.empty() ? std::string() : ", " + escape_html(years_of_mean)) +
             "</small></th><td class=\"num\">" +
             escape_html(format_in_unit(number_at(first->at("base"), "mean"), info, language)) + "</td>";
    for (const Json& a : alternatives) {
      const Json* k = find_kpi(a, kpi);
      if (!k) {
        table += "<td></td>";
        continue;
      }
      const Json& diff = k->at("diff");
      const double d = number_at(diff, "mean"), lo = number_at(diff, "lo95"), hi = number_at(diff, "hi95");
      // The flag compare.csv, compare.xlsx and the terminal's star show: an interval without zero is not
      // enough once some two dozen headline figures are compared at once: one of them may well miss
      // zero by chance. A folder without the flag gets no colour rather than a weaker test.
      const bool clear =
          k->contains("significant") && k->at("significant").is_boolean() && k->at("significant").get<bool>();
      // Every headline KPI counts something a region wants less of: absence, waits, cost.
      const bool better = clear && d < 0;
      const std::string sign = d > 0 ? "+" : "";
      table += fmt::format("<td class=\"num\">{}<br><span class=\"{}\">{}{}</span><br><small>{}</small></td>",
                           escape_html(format_in_unit(number_at(k->at("alt"), "mean"), info, language)),
                           clear ? (better ? "better" : "worse") : "", sign,
                           escape_html(format_difference(d, info, language)),
                           escape_html(difference_interval_text(lo, hi, info, language)));
    }
    table += "</tr>\n";
  }
  table += "</tbody></table>\n";
  page.raw(table);
  if (zero_everywhere > 0)
    page.paragraph(say(language, "{} kerncijfers zijn 0 in elke optie en staan niet in de tabel.",
                       "{} headline figures are 0 in every option and are not shown.", zero_everywhere),
                   "meta");

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
      // Folders written before the Dutch basis existed have only the English one.
      const Json& ce = a["cost_effectiveness"];
      const std::string basis_nl =
          ce.contains("cost_basis_nl") ? text_at(ce, "cost_basis_nl") : text_at(ce, "cost_basis");
      page.paragraph(
          nl(language)
              ? "Bedragen per jaar: extra kosten per jaar gedeeld door wat per jaar wordt voorkomen (" +
                    basis_nl + ")."
              : "Amounts per year: extra cost per year divided by what is averted per year (" +
                    text_at(ce, "cost_basis") + ").",
          "meta");
      catchment_budget_paragraph(page, a["cost_effectiveness"], language);
    }
  }

  std::string command = "ozsim compare BASE.toml";
  for (std::size_t i = 0; i < alternatives.size(); ++i) command += " ALT" + std::to_string(i + 1) + ".toml";
  command += " --seed " + std::to_string(c.value("master_seed", std::uint64_t{1})) + " --replications " +
             std::to_string(replications) + " --out " + folder.path;
  reproducibility(page, folder, options, command);
}

}  // namespace ozsim::report
