#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <variant>

#include "sim/analysis/finite_results.hpp"
#include "sim/analysis/precision.hpp"
#include "sim/analysis/replications.hpp"
#include "sim/analysis/run_reduction.hpp"
#include "sim/app/cluster.hpp"
#include "sim/app/cmd_report.hpp"
#include "sim/app/commands.hpp"
#include "sim/app/output_flags.hpp"
#include "sim/app/precision_flags.hpp"
#include "sim/engine/thread_pool.hpp"
#include "sim/model/kpi_catalogue.hpp"
#include "sim/model/run.hpp"
#include "sim/output/output_folder.hpp"
#include "sim/output/precision_output.hpp"
#include "sim/output/run_output.hpp"
#include "sim/output/workbook.hpp"
#include "sim/scenario/scenario.hpp"

namespace ozsim::app {
namespace {

std::map<const CLI::App*, std::function<int()>>& actions() {
  static std::map<const CLI::App*, std::function<int()>> table;
  return table;
}

struct RunOptionsCli {
  std::string scenario;
  std::uint64_t seed = 1;
  std::uint32_t replications = 10;
  double years = 0.0;
  std::string out = "ozsim-out";
  bool trace = false;
  bool report = false;
  unsigned threads = 0;
  std::vector<std::string> overrides;
  PrecisionFlags precision;
  OutputFlags output;
};

int run_command(const RunOptionsCli& o) {
  const std::string path = o.scenario.empty() ? scenario::default_scenario_path() : o.scenario;
  std::vector<std::string> overrides = o.overrides;
  if (o.years > 0.0) overrides.push_back("simulation.years=" + std::to_string(o.years));
  const scenario::LoadedScenario scenario = scenario::load_scenario(path, overrides);
  // Threads used: those of the replications, each with the cores they leave for its creation draws.
  const unsigned threads = engine::effective_threads(o.threads, o.replications) *
                           engine::threads_per_task(o.threads, o.replications);
  std::optional<output::OutputFolder> folder;  // rank 0's: only it writes
  if (is_writer()) {
    folder.emplace(
        o.out, output::RunDescription{"run", overrides, o.seed, o.replications, threads, o.output.dialect()});
    output::add_scenario_inputs(*folder, scenario.tree.files());
  }
  const auto started = std::chrono::steady_clock::now();
  analysis::ReplicationSettings settings;
  settings.replications = o.replications;
  settings.threads = o.threads;
  settings.cluster = &cluster();
  model::RunOptions run_options;
  run_options.trace = o.trace;
  run_options.creation_threads = engine::threads_per_task(o.threads, o.replications);
  output::Progress progress("run", "replications", o.output.progress.options());
  settings.on_progress = progress.callback();
  // Each replication is reduced as it finishes, in replication order: memory
  // does not grow with --replications, and the bits do not depend on --threads.
  analysis::RunReduction results(scenario.config.name, scenario.config.discount_rate);
  const analysis::ReplicationFn replicate = [&](std::size_t, std::uint32_t r) {
    return model::run_replication(scenario.config, o.seed, r, run_options);
  };
  const analysis::ReplicationSink reduce = [&](std::size_t, std::uint32_t, model::RunResult&& result) {
    results.add(std::move(result));
  };
  std::optional<analysis::PrecisionReport> precision;
  if (o.precision.precision) {
    // --replications is the minimum; more are added, in replication order, until the watched KPIs are
    // precise enough (analysis/precision.hpp).
    analysis::PrecisionMonitor monitor(
        {scenario.config.name}, watched_kpis(o.precision),
        {*o.precision.precision, o.replications, o.precision.max_replications});
    analysis::stream_until_precise(scenario.config.name, settings, replicate, monitor, reduce);
    precision = monitor.report();
    if (folder) folder->description().replications = precision->replications;
  } else {
    analysis::stream_replications({scenario.config.name}, settings, replicate, reduce);
  }
  progress.finish();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  output::RunMeta meta;
  meta.scenario_name = scenario.config.name;
  meta.scenario_file = path;
  meta.seed = o.seed;
  meta.threads = threads;
  meta.trace = o.trace;
  meta.csv_dialect = o.output.dialect();
  if (const params::ParamEntry* d = scenario.tree.find("description");
      d && d->kind == params::ParamEntry::Kind::Scalar && std::holds_alternative<std::string>(d->scalar))
    meta.description = std::get<std::string>(d->scalar);
  meta.values = output::scenario_values(scenario.tree);
  meta.files = scenario.tree.files();
  meta.precision = precision;
  analysis::check_finite(results.kpi_summary(), scenario.config.name, path);  // before anything is written
  if (!folder) return 0;  // another rank: its share is in rank 0's results
  output::write_run_outputs(folder->staging_dir(), scenario.config, meta, results);
  if (o.output.xlsx)
    output::write_xlsx(output::run_workbook(scenario.config, results), folder->staging_path("run.xlsx"));
  const std::vector<std::string> written = folder->commit();
  std::cout << output::kpi_table(scenario.config, results);
  if (precision) std::cout << output::precision_text(*precision);
  const auto replications = static_cast<std::uint32_t>(results.replications());
  std::printf("%u replication%s in %.2f s; wrote", replications, replications == 1 ? "" : "s", seconds);
  for (const std::string& w : written) std::printf(" %s", w.c_str());
  std::printf("\n");
  if (o.report) std::printf("wrote %s\n", write_report(o.out, "", "nl").c_str());
  return 0;
}

int validate_command(const std::string& scenario_path, const std::vector<std::string>& overrides) {
  const std::string path = scenario_path.empty() ? scenario::default_scenario_path() : scenario_path;
  const scenario::LoadedScenario scenario = scenario::load_scenario(path, overrides);
  std::size_t pupils = 0;
  for (const model::AgeGroup& g : scenario.config.population.initial)
    pupils += static_cast<std::size_t>(g.count);
  // The simulation starts on 1 August: in a school year, which a plain year would not say.
  std::printf("%s: ok (scenario '%s', %zu provisions, %zu initial pupils, %g years from school year %s)\n",
              path.c_str(), scenario.config.name.c_str(), scenario.config.provisions.size(), pupils,
              scenario.config.simulation.years,
              model::school_year_label(scenario.config.simulation.start_year).c_str());
  return 0;
}

}  // namespace

void set_action(CLI::App* subcommand, std::function<int()> action) {
  actions()[subcommand] = std::move(action);
}

int run_selected(CLI::App& app) {
  for (const CLI::App* sub : app.get_subcommands()) {
    const auto it = actions().find(sub);
    if (it != actions().end()) return it->second();
  }
  std::cout << app.help();
  return 0;
}

void add_run_commands(CLI::App& app) {
  auto options = std::make_shared<RunOptionsCli>();
  CLI::App* run =
      app.add_subcommand("run", "Simulate a scenario and write summary.json, timeseries.csv, flows.csv");
  run->add_option("scenario", options->scenario,
                  "Scenario file (default: the bundled scenarios/midden-holland.toml)")
      ->check(CLI::ExistingFile);
  run->add_option("--seed", options->seed, "Master seed; the same seed gives byte-identical outputs")
      ->capture_default_str();
  run->add_option("--replications,-r", options->replications, "Independent replications")
      ->check(CLI::Range(1u, 100000u))
      ->capture_default_str();
  run->add_option("--years", options->years, "Horizon in years (overrides simulation.years)")
      ->check(CLI::PositiveNumber);
  run->add_option("--out,-o", options->out, "Output directory")->capture_default_str();
  run->add_flag("--trace", options->trace, "Also write trace.csv, a per-pupil event log");
  run->add_flag("--report", options->report,
                "Also write the HTML report DIR.html beside the output folder (as `ozsim report DIR`)");
  run->add_option("--threads", options->threads,
                  "Worker threads (default: all cores); results do not depend on it");
  run->add_option("--set", options->overrides, "Override a scenario key, KEY=VALUE (TOML value); repeatable");
  add_precision_flags(run, options->precision);
  add_output_flags(run, options->output);
  run->footer(
      "Examples:\n"
      "  ozsim run\n"
      "  ozsim run scenarios/tiny.toml --seed 42 --replications 20 --out out/tiny\n"
      "  ozsim run scenarios/midden-holland.toml --years 15 --set provisions.oov.capacity=60 --trace");
  set_action(run, [options] { return run_command(*options); });

  auto validate_path = std::make_shared<std::string>();
  auto validate_overrides = std::make_shared<std::vector<std::string>>();
  CLI::App* validate = app.add_subcommand("validate", "Check a scenario file and report the first problem");
  validate->add_option("scenario", *validate_path, "Scenario file (default: the bundled one)");
  validate->add_option("--set", *validate_overrides, "Override a scenario key, KEY=VALUE; repeatable");
  validate->footer("Example:\n  ozsim validate scenarios/tiny.toml");
  set_action(validate, [validate_path, validate_overrides] {
    return validate_command(*validate_path, *validate_overrides);
  });
}

}  // namespace ozsim::app
