// ozsim: the command line. Only this file turns exceptions into messages and exit codes:
// 0 success, 1 a failure while running, 2 bad input (scenario, flag, targets file).
// Under mpirun (the OZSIM_MPI build) every rank runs this; a failure on any rank is agreed on by all
// of them in one exchange (analysis/cluster.hpp), printed once by rank 0, and every rank exits with it.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/analysis/cluster.hpp"
#include "sim/app/cluster.hpp"
#include "sim/app/cmd_report.hpp"
#include "sim/app/commands.hpp"
#include "sim/app/flag_checks.hpp"
#include "sim/app/version.hpp"
#include "sim/model/kpi_catalogue.hpp"
#include "sim/output/output_folder.hpp"
#include "sim/params/content_hash.hpp"
#include "sim/params/input_error.hpp"
#include "sim/process/allocator.hpp"
#include "sim/scenario/scenario.hpp"
#ifdef OZSIM_MPI
#include "sim/mpi/mpi_session.hpp"
#endif

namespace {

// Every rank ends here, unless an exchange inside the command already stopped them all: one last
// exchange of its failure or none, which also meets the exchange of a rank still inside the command.
// Rank 0 prints a failure once; every rank returns the same exit code.
int conclude(int code, std::optional<ozsim::analysis::Failure> failure) {
  ozsim::analysis::Cluster& ranks = ozsim::app::cluster();
  try {
    if (failure)
      ozsim::analysis::exchange_or_stop(ranks, *failure);
    else
      ozsim::analysis::exchange_or_stop(ranks, std::string{});
  } catch (const ozsim::analysis::RankFailure& agreed) {
    if (ranks.rank() == 0) std::fprintf(stderr, "ozsim: error: %s\n", agreed.what());
    return agreed.exit_code();
  }
  return code;
}

// An exchange inside a command already stopped every rank: print once, no further exchange.
int agreed_failure(const ozsim::analysis::RankFailure& agreed) {
  if (ozsim::app::cluster().rank() == 0) std::fprintf(stderr, "ozsim: error: %s\n", agreed.what());
  return agreed.exit_code();
}

// What a rank was started with: each argument after the program name and, where it names a readable file
// here, that file's content hash. Under mpirun every rank must run the same command on the same files,
// or the ranks would compute different things and the merged result would be no one's.
std::vector<std::string> started_with(int argc, char** argv) {
  std::vector<std::string> arguments;
  for (int i = 1; i < argc; ++i) {
    std::string entry = argv[i];
    entry += '\x1f';
    std::error_code error;
    if (std::filesystem::is_regular_file(argv[i], error)) {
      try {
        entry += ozsim::params::file_content_hash(argv[i]);
      } catch (const std::runtime_error&) {
        entry += "unreadable";
      }
    }
    arguments.push_back(std::move(entry));
  }
  return arguments;
}

// An argument as a rank saw it; `other` is what the other rank saw in its place, so that a file one rank
// can read and the other cannot is said as such.
std::string describe_argument(const std::string& entry, const std::string& other) {
  const std::size_t cut = entry.find('\x1f');
  const std::string hash = entry.substr(cut + 1);
  const bool other_is_file = other.size() > other.find('\x1f') + 1;
  std::string text = "'" + entry.substr(0, cut) + "'";
  if (!hash.empty()) text += " (a file, content hash " + hash + ")";
  if (hash.empty() && other_is_file) text += " (no readable file of that name)";
  return text;
}

// The first rank whose start differs from rank 0's, described; nullopt when all ranks agree. Every rank
// gets the same answer, as every rank sees every rank's start.
std::optional<std::string> differing_start(const std::vector<std::string>& starts) {
  const auto split = [](const std::string& joined) {
    std::vector<std::string> parts;
    std::size_t from = 0;
    for (std::size_t at; (at = joined.find('\0', from)) != std::string::npos; from = at + 1)
      parts.push_back(joined.substr(from, at - from));
    return parts;
  };
  const std::vector<std::string> first = split(starts[0]);
  for (std::size_t r = 1; r < starts.size(); ++r) {
    const std::vector<std::string> theirs = split(starts[r]);
    if (theirs == first) continue;
    std::size_t i = 0;
    while (i < first.size() && i < theirs.size() && first[i] == theirs[i]) ++i;
    const std::string none;
    const std::string& mine = i < first.size() ? first[i] : none;
    const std::string& other = i < theirs.size() ? theirs[i] : none;
    const std::string here = i < theirs.size() ? describe_argument(other, mine) : std::string("nothing");
    const std::string there = i < first.size() ? describe_argument(mine, other) : std::string("nothing");
    return "rank " + std::to_string(r) + ": started with other arguments or files than rank 0: argument " +
           std::to_string(i + 1) + " is " + here + " there and " + there +
           " on rank 0; every rank must run the same command on the same files";
  }
  return std::nullopt;
}

// The commands that spread their work over the ranks; the others would each run in full on every rank.
bool spreads_over_ranks(const CLI::App& app) {
  static const std::set<std::string> spread = {"run", "compare", "sweep", "calibrate"};
  for (const CLI::App* sub : app.get_subcommands())
    if (!spread.contains(sub->get_name())) return false;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  ozsim::process::set_up_allocator();
#ifdef OZSIM_MPI
  ozsim::mpi::Session mpi(argc, argv);
  ozsim::app::set_cluster(mpi);
#endif
  const bool writer = ozsim::app::is_writer();
  CLI::App app{
      "ozsim: discrete-event simulation of the Dutch onderwijszorgcontinuum.\n"
      "Simulates every pupil moving between school, special education, OOV, youth care and home,\n"
      "and estimates what interventions do to time at home, waiting lists and each payer's budget.",
      "ozsim"};
  app.set_version_flag("--version", std::string("ozsim ") + ozsim::VERSION +
                                        "\nallocator: " + ozsim::process::allocator_description());
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
    if (ozsim::app::cluster().size() == 1) return app.exit(e) == 0 ? 0 : 2;
    // --help and --version print once; a bad flag is a failure every rank agrees on.
    if (e.get_exit_code() == 0) return conclude(writer ? app.exit(e) : 0, std::nullopt);
    return conclude(2, ozsim::analysis::Failure{2, e.what()});
  }
  try {
    if (ozsim::app::cluster().size() > 1) {
      std::string mine;
      for (const std::string& entry : started_with(argc, argv)) mine += entry + '\0';
      if (const auto differs =
              differing_start(ozsim::analysis::exchange_or_stop(ozsim::app::cluster(), mine)))
        return conclude(2, ozsim::analysis::Failure{2, *differs});
    }
    if (help_keys) {
      if (writer) std::cout << ozsim::scenario::scenario_key_table().help_text();
      return conclude(0, std::nullopt);
    }
    if (help_kpis) {
      if (writer) std::cout << ozsim::model::kpi_catalogue().help_text();
      return conclude(0, std::nullopt);
    }
    if (app.get_subcommands().empty()) {
      if (writer) std::cout << app.help();
      return conclude(0, std::nullopt);
    }
    if (ozsim::app::cluster().size() > 1 && !spreads_over_ranks(app))
      return conclude(2, ozsim::analysis::Failure{2, app.get_subcommands().front()->get_name() +
                                                         " runs in one process; start it without mpirun "
                                                         "(mpirun spreads run, compare, sweep and "
                                                         "calibrate over its ranks)"});
    return conclude(ozsim::app::run_selected(app), std::nullopt);
  } catch (const ozsim::analysis::RankFailure& e) {
    return agreed_failure(e);
  } catch (const ozsim::params::InputError& e) {
    return conclude(2, ozsim::analysis::Failure{2, e.what()});
  } catch (const std::exception& e) {
    return conclude(1, ozsim::analysis::Failure{1, e.what()});
  }
}
