#include "sim/report/html_report.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "sim/report/page.hpp"

namespace ozsim::report {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

void empty_page(Page& page, const OutputFolder& folder) {
  const Language language = page.language();
  page.heading(1, pick(language, "Geen uitvoer van ozsim", "No ozsim output"));
  for (const std::string& problem : folder.problems) page.missing(problem, "");
  page.paragraph(
      pick(language,
           "Deze map bevat geen bestanden die ozsim report kent. Maak er een met een van deze opdrachten:",
           "This folder holds no files that ozsim report knows. Make one with one of these commands:"));
  page.raw("<pre>ozsim run SCENARIO --out " + escape_html(folder.path) + "\nozsim compare BASE ALT --out " +
           escape_html(folder.path) + "\nozsim sweep SCENARIO --set KEY=V1,V2 --out " +
           escape_html(folder.path) + "\nozsim calibrate SCENARIO --targets TARGETS --priors PRIORS --out " +
           escape_html(folder.path) + "\nozsim sensitivity SCENARIO --params PRIORS --out " +
           escape_html(folder.path) + "</pre>\n");
}

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
      run_page(page, folder, options);
      break;
    case FolderKind::Compare:
      compare_page(page, folder, options);
      break;
    case FolderKind::Sweep:
      sweep_page(page, folder, options);
      break;
    case FolderKind::Calibration:
      calibration_page(page, folder, options);
      break;
    case FolderKind::Sensitivity:
      sensitivity_page(page, folder, options);
      break;
    case FolderKind::Empty:
      empty_page(page, folder);
      break;
  }
  if (folder.kind != FolderKind::Empty)
    for (const std::string& problem : folder.problems)
      page.missing(std::string(pick(options.language, "Kon niet lezen: ", "Could not read: ")) + problem, "");
  title = std::string("ozsim ") + folder_kind_name(folder.kind) + " – " + folder.path;
  return page.html(title, options);
}

}  // namespace ozsim::report
