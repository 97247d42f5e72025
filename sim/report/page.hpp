#pragma once
// The page a report is built on, and the small helpers every page kind uses
// (run_page, compare_page, sweep_page, calibration_page). Internal to sim/report.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <string>

#include "sim/report/charts.hpp"
#include "sim/report/html_report.hpp"

namespace ozsim::report {

using Json = nlohmann::json;

inline bool nl(Language language) {
  return language == Language::Nl;
}
inline const char* pick(Language language, const char* dutch, const char* english) {
  return nl(language) ? dutch : english;
}
// fmt::format with the Dutch or English pattern.
template <class... Args>
std::string say(Language language, const char* dutch, const char* english, Args&&... args) {
  return fmt::format(fmt::runtime(pick(language, dutch, english)), std::forward<Args>(args)...);
}

// A string field; "" when absent or null.
std::string text_at(const Json& object, const char* field);
// A number field; NaN when absent or not a number.
double number_at(const Json& object, const char* field);
// "lo – hi" in the KPI's unit; "" when either end is missing.
std::string interval_text(double lo, double hi, const KpiInfo& info, Language language);

// The page as it is built: body HTML plus the chart data.
class Page {
 public:
  explicit Page(Language language) : language_(language) {}

  Language language() const { return language_; }
  void raw(const std::string& html) { body_ += html; }
  void heading(int level, const std::string& text);
  void paragraph(const std::string& text, const char* css_class = nullptr);
  void note(const std::string& text);
  void missing(const std::string& what, const std::string& how);
  // A chart with data; a chart without any data point becomes a note that says so.
  void chart(const Chart& chart);
  // An interval of a quantity that cannot be negative was cut at zero somewhere on the page: a footnote
  // at the end says so.
  void mark_clipped() { clipped_ = true; }

  std::string html(const std::string& title, const ReportOptions& options) const;

 private:
  Language language_;
  std::string body_;
  std::string data_;
  bool clipped_ = false;
};

// The reproducibility block: version, folder, command line and --set overrides from manifest.json, and the
// command that makes the folder again.
void reproducibility(Page& page, const OutputFolder& folder, const ReportOptions& options,
                     const std::string& command);

// One page per kind of output folder.
void run_page(Page& page, const OutputFolder& folder, const ReportOptions& options);
void compare_page(Page& page, const OutputFolder& folder, const ReportOptions& options);
void sweep_page(Page& page, const OutputFolder& folder, const ReportOptions& options);
void calibration_page(Page& page, const OutputFolder& folder, const ReportOptions& options);
void sensitivity_page(Page& page, const OutputFolder& folder, const ReportOptions& options);
void empty_page(Page& page, const OutputFolder& folder);

}  // namespace ozsim::report
