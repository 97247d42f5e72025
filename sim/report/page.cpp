#include "sim/report/page.hpp"

#include <cmath>

#include "sim/report/page_assets.hpp"

namespace ozsim::report {
namespace {

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

std::string joined(const Json& parts, const char* separator) {
  std::string out;
  for (const Json& part : parts)
    out += (out.empty() ? "" : separator) + (part.is_string() ? part.get<std::string>() : part.dump());
  return out;
}

}  // namespace

std::string text_at(const Json& object, const char* field) {
  if (!object.is_object() || !object.contains(field) || !object[field].is_string()) return {};
  return object[field].get<std::string>();
}

double number_at(const Json& object, const char* field) {
  if (!object.is_object() || !object.contains(field) || !object[field].is_number()) return std::nan("");
  return object[field].get<double>();
}

std::string interval_text(double lo, double hi, const KpiInfo& info, Language language) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {};
  return format_in_unit(lo, info, language) + " – " + format_in_unit(hi, info, language);
}

void Page::heading(int level, const std::string& text) {
  body_ += fmt::format("<h{0}>{1}</h{0}>\n", level, escape_html(text));
}

void Page::paragraph(const std::string& text, const char* css_class) {
  body_ += css_class ? fmt::format("<p class=\"{}\">{}</p>\n", css_class, escape_html(text))
                     : "<p>" + escape_html(text) + "</p>\n";
}

void Page::note(const std::string& text) {
  body_ += "<div class=\"note\">" + escape_html(text) + "</div>\n";
}

void Page::missing(const std::string& what, const std::string& how) {
  body_ += "<div class=\"missing\">" + escape_html(what) +
           (how.empty() ? "" : " <code>" + escape_html(how) + "</code>") + "</div>\n";
}

void Page::chart(const Chart& chart) {
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
  if (chart.clipped) clipped_ = true;
  const std::string data_id = "data-" + chart.id;
  body_ += fmt::format(
      "<figure class=\"chart-block\"><h3>{}</h3>\n<div class=\"chart\" id=\"{}\" data-option=\"{}\" "
      "style=\"height:{}px\" role=\"img\" "
      "aria-label=\"{}\"></div>\n<figcaption>{}{}{}</figcaption></figure>\n",
      escape_html(chart.title), chart.id, data_id, chart.height_px, escape_html(chart.title),
      chart.unit.empty()
          ? ""
          : escape_html(std::string(pick(language_, "Eenheid: ", "Unit: ")) + chart.unit + ". "),
      escape_html(chart.caption), chart.clipped ? "<sup>*</sup>" : "");
  data_ += fmt::format("<script type=\"application/json\" id=\"{}\">{}</script>\n", data_id,
                       script_json(chart.option));
}

std::string Page::html(const std::string& title, const ReportOptions& options) const {
  std::string out;
  out += fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n",
                     params::language_name(language_));
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += fmt::format("<meta name=\"generator\" content=\"ozsim {}\">\n", escape_html(options.ozsim_version));
  out += "<title>" + escape_html(title) + "</title>\n<style>" + std::string(PAGE_STYLE) +
         "</style>\n</head>\n<body>\n";
  out += body_;
  if (clipped_)
    out += "<p class=\"meta footnote\"><sup>*</sup> " +
           escape_html(
               pick(language_,
                    "Een aantal, duur of bedrag kan niet negatief zijn: waar het 95%-interval (gemiddelde "
                    "min t maal de standaardfout) onder nul zou komen, begint het bij 0.",
                    "A count, duration or amount cannot be negative: where the 95% interval (mean minus t "
                    "times the standard error) would reach below zero, it starts at 0.")) +
           "</p>\n";
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

void reproducibility(Page& page, const OutputFolder& folder, const ReportOptions& options,
                     const std::string& command) {
  const Language language = page.language();
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
    row(pick(language, "ozsim-versie van de uitvoer", "ozsim version of the output"),
        text_at(m, "ozsim_version"));
    if (m.contains("command_line")) {
      const Json& c = m["command_line"];
      row(pick(language, "Opdracht", "Command"), c.is_array() ? joined(c, " ") : text_at(m, "command_line"));
    }
    if (m.contains("overrides") && m["overrides"].is_array() && !m["overrides"].empty())
      // "; " between them: a sweep's values are themselves split by commas (provisions.oov.capacity=1,3).
      row("--set", joined(m["overrides"], "; "));
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

}  // namespace ozsim::report
