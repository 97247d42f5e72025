#pragma once
// `ozsim report`: one self-contained HTML file for an output folder of run,
// compare, sweep, calibrate or sensitivity. Apache ECharts is inlined, the chart data is
// JSON in the page, charts render as SVG, and a print stylesheet keeps every
// chart on one page. Dutch by default.
#include <string>

#include "sim/params/number_format.hpp"
#include "sim/report/output_folder.hpp"

namespace ozsim::report {

struct EchartsSource {
  std::string library;       // echarts.min.js
  std::string dutch_locale;  // langNL.js (time axis month names); may be empty
};

// Finds echarts.min.js: $OZSIM_ECHARTS (a file), next to the executable's
// source tree (web/report/node_modules/echarts/dist, installed by
// scripts/setup.sh with `npm ci`) or its install (<prefix>/share/ozsim).
// Throws std::runtime_error saying how to install it.
EchartsSource find_echarts();

struct ReportOptions {
  params::Language language = params::Language::Nl;
  std::string ozsim_version;
  EchartsSource echarts;
};

std::string render_report(const OutputFolder& folder, const ReportOptions& options);

// HTML text escaping (&, <, >, ").
std::string escape_html(const std::string& text);

}  // namespace ozsim::report
