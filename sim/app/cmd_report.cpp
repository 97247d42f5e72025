#include "sim/app/cmd_report.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>

#include "sim/app/commands.hpp"
#include "sim/app/version.hpp"
#include "sim/output/atomic_file.hpp"
#include "sim/params/number_format.hpp"
#include "sim/report/html_report.hpp"
#include "sim/report/output_folder.hpp"

namespace ozsim::app {
namespace {

struct ReportCli {
  std::string dir;
  std::string out;
  std::string lang = "nl";
};

}  // namespace

std::string write_report(const std::string& dir, const std::string& out, const std::string& lang) {
  report::ReportOptions options;
  options.language = params::language_from_name(lang);
  options.ozsim_version = VERSION;
  options.echarts = report::find_echarts();
  const report::OutputFolder folder = report::read_output_folder(dir);
  // Beside the folder, not in it: the folder is one unit whose manifest lists exactly its files.
  std::string folder_name = dir;
  while (folder_name.size() > 1 && folder_name.back() == '/') folder_name.pop_back();
  const std::string path = out.empty() ? folder_name + ".html" : out;
  output::write_file_atomically(path, report::render_report(folder, options));
  return path;
}

void add_report_command(CLI::App& app) {
  auto o = std::make_shared<ReportCli>();
  CLI::App* cmd = app.add_subcommand(
      "report", "Write one self-contained HTML report (charts, Dutch by default) of an output folder");
  cmd->add_option("dir", o->dir, "Output folder of run, compare, sweep or calibrate")->required();
  cmd->add_option("--out,-o", o->out, "HTML file to write (default: DIR.html, beside the folder)");
  cmd->add_option("--lang", o->lang, "Language of the report")
      ->check(CLI::IsMember({"nl", "en"}))
      ->capture_default_str();
  cmd->footer(
      "The file opens offline in any browser and prints to PDF; Apache ECharts is inlined.\n"
      "Examples:\n"
      "  ozsim run --out out/mh && ozsim report out/mh     (writes out/mh.html)\n"
      "  ozsim compare scenarios/midden-holland.toml scenarios/opbouwarrangement.toml --out out/oa\n"
      "  ozsim report out/oa -o oa.html --lang en");
  set_action(cmd, [o] {
    const std::string path = write_report(o->dir, o->out, o->lang);
    std::printf("wrote %s\n", path.c_str());
    return 0;
  });
}

}  // namespace ozsim::app
