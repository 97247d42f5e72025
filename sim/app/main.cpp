// ozsim: the command line. Only this file turns exceptions into messages and exit codes:
// 0 success, 1 a failure while running, 2 bad input (scenario, flag, targets file).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "sim/app/cmd_report.hpp"
#include "sim/app/commands.hpp"
#include "sim/app/flag_checks.hpp"
#include "sim/app/version.hpp"
#include "sim/model/kpi_catalogue.hpp"
#include "sim/output/output_folder.hpp"
#include "sim/params/input_error.hpp"
#include "sim/scenario/scenario.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "ozsim: discrete-event simulation of the Dutch onderwijszorgcontinuum.\n"
      "Simulates every pupil moving between school, special education, OOV, youth care and home,\n"
      "and estimates what interventions do to time at home, waiting lists and each payer's budget.",
      "ozsim"};
  app.set_version_flag("--version", std::string("ozsim ") + ozsim::VERSION);
  bool help_keys = false;
  app.add_flag("--help-keys", help_keys, "List every scenario key with its type, range, default and source");
  bool help_kpis = false;
  app.add_flag("--help-kpis", help_kpis,
               "List every KPI family with its unit, Dutch and English label and meaning");
  app.require_subcommand(0, 1);
  app.footer(
      "Examples:\n"
      "  ozsim run                                   run the bundled Midden-Holland scenario\n"
      "  ozsim run scenarios/tiny.toml --seed 7 --replications 5 --out out/tiny\n"
      "  ozsim validate scenarios/opbouwarrangement.toml\n"
      "  ozsim compare scenarios/midden-holland.toml scenarios/opbouwarrangement.toml\n"
      "  ozsim report ozsim-out                      HTML report of an output folder (Dutch; --lang en)\n"
      "  ozsim --help-keys\n"
      "  ozsim --help-kpis");

  ozsim::app::add_run_commands(app);
  ozsim::app::add_extra_commands(app);
  ozsim::app::guard_numeric_flags(app);
  ozsim::app::add_report_command(app);

  ozsim::output::set_program_identity(ozsim::VERSION, std::vector<std::string>(argv, argv + argc));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    if (help_keys) {
      std::cout << ozsim::scenario::scenario_key_table().help_text();
      return 0;
    }
    if (help_kpis) {
      std::cout << ozsim::model::kpi_catalogue().help_text();
      return 0;
    }
    if (app.get_subcommands().empty()) {
      std::cout << app.help();
      return 0;
    }
    return ozsim::app::run_selected(app);
  } catch (const ozsim::params::InputError& e) {
    std::fprintf(stderr, "ozsim: error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ozsim: error: %s\n", e.what());
    return 1;
  }
}
