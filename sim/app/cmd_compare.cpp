#include "sim/app/cmd_compare.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>

#include "sim/analysis/compare.hpp"
#include "sim/analysis/finite_results.hpp"
#include "sim/analysis/sweep.hpp"
#include "sim/app/cluster.hpp"
#include "sim/app/cmd_report.hpp"
#include "sim/app/commands.hpp"
#include "sim/app/output_flags.hpp"
#include "sim/app/precision_flags.hpp"
#include "sim/engine/thread_pool.hpp"
#include "sim/model/run.hpp"
#include "sim/output/compare_output.hpp"
#include "sim/output/output_folder.hpp"
#include "sim/output/posterior_output.hpp"
#include "sim/output/precision_output.hpp"
#include "sim/output/sweep_output.hpp"
#include "sim/output/workbook.hpp"
#include "sim/params/input_error.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/scenario_apply.hpp"

namespace ozsim::app {
namespace {

struct CompareCli {
  std::vector<std::string> scenarios;
  std::uint32_t replications = 20;
  std::uint64_t seed = 1;
  unsigned threads = 0;
  std::string out = "ozsim-out";
  std::optional<double> value_per_home_month;
  std::optional<double> discount_rate;  // default: the BASE scenario's costs.discount_rate
  std::string posterior;
  std::uint32_t draws = 20;  // with --posterior: parameter sets; --replications is then per draw
  bool report = false;
  bool all_kpis = false;  // every KPI's difference on the terminal, not only the headline ones
  PrecisionFlags precision;
  std::vector<std::string> apply;  // --apply LEVER.toml: an ALT made of BASE plus the file's levers
  OutputFlags output;
};

struct SweepCli {
  std::string scenario;
  std::vector<std::string> sets;
  std::string baseline;  // --baseline: every point also as its paired difference from this scenario
  std::uint32_t replications = 10;
  std::uint64_t seed = 1;
  unsigned threads = 0;
  std::string out = "ozsim-out";
  bool report = false;
  OutputFlags output;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Scenario names label the table and the files; two files may share a name
// (a calibrated copy, say), and then only the paths tell them apart.
std::vector<std::string> labels(const std::vector<scenario::LoadedScenario>& loaded,
                                const std::vector<std::string>& paths) {
  std::vector<std::string> names;
  std::set<std::string> unique;
  for (const auto& scenario : loaded) {
    names.push_back(scenario.config.name.empty() ? std::string("unnamed") : scenario.config.name);
    unique.insert(names.back());
  }
  if (unique.size() != names.size()) return paths;
  return names;
}

int compare_command(const CompareCli& o, const CompareHooks& hooks) {
  if (o.precision.precision && !o.posterior.empty())
    throw params::InputError(params::SourceLocation{"--precision", 0, 0},
                             "cannot be combined with --posterior: with a posterior, --draws and "
                             "--replications (per draw) fix the design");
  std::vector<scenario::LoadedScenario> loaded;
  for (const auto& path : o.scenarios) loaded.push_back(scenario::load_scenario(path));
  // An ALT that differs from BASE in more than its interventions reports those differences as the
  // policy's effect (a lever built on the uncalibrated base, compared with a calibrated one). Said after
  // the results, so that it is the last thing on the screen.
  std::vector<std::string> warnings;
  for (std::size_t s = 1; s < loaded.size(); ++s) {
    const auto differences = scenario::differences_besides_interventions(loaded[0].tree, loaded[s].tree);
    if (!differences.empty())
      warnings.push_back(
          o.scenarios[s] + " differs from BASE " + o.scenarios[0] + " in " +
          std::to_string(differences.size()) + (differences.size() == 1 ? " key" : " keys") +
          " besides its interventions, and the comparison counts them as the policy's effect: " +
          scenario::describe_differences(differences) + ". To compare only the levers, use `--apply " +
          o.scenarios[s] + "` on BASE.");
  }
  std::vector<std::string> paths = o.scenarios;
  for (const auto& lever : o.apply) {
    loaded.push_back(scenario::apply_levers(loaded.front(), lever));
    paths.push_back(o.scenarios.front() + " + " + lever);
  }
  const std::vector<std::string> names = labels(loaded, paths);
  std::optional<output::OutputFolder> folder;  // rank 0's: only it writes
  if (is_writer()) {
    folder.emplace(
        o.out, output::RunDescription{"compare",
                                      {},
                                      o.seed,
                                      o.replications,
                                      // with those that take creation draws inside a replication
                                      engine::effective_threads(o.threads, loaded.size() * o.replications) *
                                          engine::threads_per_task(o.threads, loaded.size() * o.replications),
                                      o.output.dialect()});
    for (const auto& scenario : loaded) output::add_scenario_inputs(*folder, scenario.tree.files());
    if (!o.posterior.empty()) folder->add_input("posterior", o.posterior);
  }

  // configs[s][r]: without a posterior every replication shares the scenario's config; with one,
  // replication r of every scenario runs on posterior draw r / R (R = --replications per draw), the same
  // draw and the same seed in every scenario (nested analysis, analysis/posterior_compare.hpp).
  std::vector<std::vector<std::shared_ptr<const model::ScenarioConfig>>> configs(loaded.size());
  const std::uint32_t per_draw = o.replications;
  const std::uint32_t total = o.posterior.empty() ? o.replications : o.draws * per_draw;
  if (folder) folder->description().replications = total;
  if (o.posterior.empty()) {
    for (std::size_t s = 0; s < loaded.size(); ++s)
      configs[s].assign(total, std::make_shared<const model::ScenarioConfig>(loaded[s].config));
  } else {
    if (!hooks.posterior)
      throw std::invalid_argument("--posterior: this ozsim was built without calibration support");
    for (std::size_t s = 0; s < loaded.size(); ++s) {
      const auto trees = hooks.posterior(loaded[s].tree, o.posterior, o.draws, o.seed);
      if (trees.size() != o.draws)
        throw std::runtime_error("--posterior: expected " + std::to_string(o.draws) +
                                 " parameter sets, got " + std::to_string(trees.size()));
      for (const auto& tree : trees) {
        const auto config = std::make_shared<const model::ScenarioConfig>(scenario::build_config(tree));
        for (std::uint32_t r = 0; r < per_draw; ++r) configs[s].push_back(config);
      }
    }
  }

  analysis::ReplicationSettings settings;
  settings.replications = total;
  settings.threads = o.threads;
  settings.cluster = &cluster();
  output::Progress progress("compare", "replications", o.output.progress.options());
  settings.on_progress = progress.callback();
  analysis::EconomicsOptions economics;
  // One owner per fact: the scenario states its discount rate; the flag overrides it for this comparison.
  economics.discount_rate = o.discount_rate.value_or(loaded.front().config.discount_rate);
  economics.value_per_home_month = o.value_per_home_month;
  const auto started = std::chrono::steady_clock::now();
  analysis::Comparison comparison;
  // Spare cores (fewer runs than cores) take each replication's creation draws.
  model::RunOptions run_options;
  run_options.creation_threads = engine::threads_per_task(o.threads, names.size() * o.replications);
  if (o.precision.precision) {
    // Every scenario's watched KPIs must reach the goal; all run on the same replication seeds.
    analysis::PrecisionMonitor monitor(
        names, watched_kpis(o.precision),
        {*o.precision.precision, o.replications, o.precision.max_replications});
    settings.keep_series_and_trace = false;
    const analysis::ResultGrid grid = analysis::replicate_until_precise(
        names, settings,
        [&](std::size_t s, std::uint32_t r) {
          return model::run_replication(*configs[s].front(), o.seed, r, run_options);
        },
        monitor);
    comparison = analysis::compare_scenarios(names, grid, o.seed, economics);
    comparison.precision = monitor.report();
    if (folder) folder->description().replications = comparison.replications;
  } else {
    settings.keep_series_and_trace = false;  // a comparison reads KPIs and costs only
    const analysis::ResultGrid grid =
        analysis::run_replications(names, settings, [&](std::size_t s, std::uint32_t r) {
          return model::run_replication(*configs[s][r], o.seed, r, run_options);
        });
    comparison = analysis::compare_scenarios(names, grid, o.seed, economics);
    if (!o.posterior.empty())
      comparison.nested = analysis::nested_comparison(names, grid, o.draws, per_draw, economics);
  }
  progress.finish();
  const double seconds = seconds_since(started);
  comparison.posterior = o.posterior;
  analysis::check_finite(comparison, o.scenarios);  // before anything is written
  if (!folder) return 0;                            // another rank: its share is in rank 0's comparison
  output::write_comparison(comparison, folder->staging_dir(), o.output.dialect());
  if (o.output.xlsx)
    output::write_xlsx(output::comparison_workbook(comparison), folder->staging_path("compare.xlsx"));
  const auto written = folder->commit();
  std::cout << output::format_comparison(comparison, 100, o.all_kpis);
  if (comparison.nested) std::cout << output::nested_text(*comparison.nested);
  if (comparison.precision) std::cout << "\n" << output::precision_text(*comparison.precision);
  std::printf("\n%zu scenarios x %zu replications in %.2f s; wrote", names.size(), comparison.replications,
              seconds);
  for (const auto& path : written) std::printf(" %s", path.c_str());
  std::printf("\n");
  if (o.report) std::printf("wrote %s\n", write_report(o.out, "", "nl").c_str());
  std::fflush(stdout);
  for (const std::string& warning : warnings) std::fprintf(stderr, "ozsim: warning: %s\n", warning.c_str());
  return 0;
}

int sweep_command(const SweepCli& o) {
  const auto axes = analysis::parse_sweep_sets(o.sets);
  const scenario::LoadedScenario base = scenario::load_scenario(o.scenario);
  std::optional<output::OutputFolder> folder;  // rank 0's: only it writes
  if (is_writer()) {
    folder.emplace(o.out, output::RunDescription{"sweep", o.sets, o.seed, o.replications,
                                                 engine::effective_threads(o.threads, o.replications),
                                                 o.output.dialect()});
    output::add_scenario_inputs(*folder, base.tree.files());
  }
  const std::uint64_t seed = o.seed;
  // The baseline runs on the same replication seeds as every point: common random numbers, as in compare.
  analysis::PointRunner baseline;
  if (!o.baseline.empty()) {
    const scenario::LoadedScenario loaded = scenario::load_scenario(o.baseline);
    if (folder) folder->add_input("baseline", o.baseline);
    auto config = std::make_shared<const model::ScenarioConfig>(loaded.config);
    baseline = [config, seed](std::uint32_t r) { return model::run_replication(*config, seed, r); };
  }
  // Each point gets its own copy of the tree, so the overrides of one point never leak into the next.
  auto prepare = [&](const analysis::SweepPoint& point) -> analysis::PointRunner {
    params::ParamTree tree = base.tree;
    for (const auto& [key, value] : point.overrides) tree.set_override(key, value);
    auto config = std::make_shared<const model::ScenarioConfig>(scenario::build_config(tree));
    return [config, seed](std::uint32_t r) { return model::run_replication(*config, seed, r); };
  };
  analysis::ReplicationSettings settings;
  settings.replications = o.replications;
  settings.threads = o.threads;
  settings.cluster = &cluster();
  output::Progress progress("sweep", "replications", o.output.progress.options());
  settings.on_progress = progress.callback();
  const auto started = std::chrono::steady_clock::now();
  const analysis::SweepResult result = analysis::run_sweep(axes, prepare, settings, o.seed, baseline);
  progress.finish();
  const double seconds = seconds_since(started);
  for (const analysis::SweepPointResult& point : result.points)  // before anything is written
    analysis::check_finite(point.summary,
                           "sweep point " + std::to_string(point.point.index) + " (" +
                               analysis::describe_point(point.point) + ")",
                           o.scenario);
  if (!folder) return 0;  // another rank: its share is in rank 0's result
  output::write_sweep_csv(result, folder->staging_dir(), o.output.dialect());
  if (o.output.xlsx) output::write_xlsx(output::sweep_workbook(result), folder->staging_path("sweep.xlsx"));
  const auto written = folder->commit();
  std::cout << output::format_sweep(result, output::headline_kpis(result));
  std::printf("%zu points x %u replications in %.2f s; wrote", result.points.size(), o.replications, seconds);
  for (const auto& path : written) std::printf(" %s", path.c_str());
  std::printf("\n");
  if (o.report) std::printf("wrote %s\n", write_report(o.out, "", "nl").c_str());
  return 0;
}

}  // namespace

void add_compare_commands(CLI::App& app, CompareHooks hooks) {
  auto c = std::make_shared<CompareCli>();
  CLI::App* compare = app.add_subcommand(
      "compare",
      "Compare alternatives with a baseline on common random numbers; write compare.csv, budget.csv,\n"
      "cost_effectiveness.csv, compare.json");
  compare->add_option("scenarios", c->scenarios, "BASE scenario file, then one or more ALT scenario files")
      ->required()
      ->expected(1, CLI::detail::expected_max_vector_size)
      ->check(CLI::ExistingFile);
  compare->add_option("--replications,-r", c->replications, "Replications per scenario, paired by seed")
      ->check(CLI::Range(2U, 100000U))
      ->capture_default_str();
  compare->add_option("--seed", c->seed, "Master seed; replication r uses the same seed in every scenario")
      ->capture_default_str();
  compare->add_option("--threads", c->threads,
                      "Worker threads (default: all cores); results do not depend on it");
  compare->add_option("--out,-o", c->out, "Output directory")->capture_default_str();
  compare
      ->add_option("--value-per-home-month", c->value_per_home_month,
                   "Euros a month at home averted is worth; gives the net monetary benefit")
      ->check(CLI::NonNegativeNumber);
  compare
      ->add_option("--discount-rate", c->discount_rate,
                   "Yearly discount rate for the budget impact (default: BASE's costs.discount_rate)")
      ->check(CLI::Range(0.0, 1.0));
  compare->add_flag("--report", c->report,
                    "Also write the HTML report DIR.html beside the output folder (as `ozsim report DIR`)");
  compare
      ->add_option("--posterior", c->posterior,
                   "posterior.csv from `ozsim calibrate`: a nested analysis, --draws parameter sets x "
                   "--replications paired replications per set; writes posterior_effects.csv and ceac.csv")
      ->check(CLI::ExistingFile);
  compare->add_option("--draws", c->draws, "With --posterior: posterior draws (parameter sets)")
      ->check(CLI::Range(2U, 100000U))
      ->capture_default_str();
  add_precision_flags(compare, c->precision);
  compare
      ->add_option("--apply", c->apply,
                   "LEVER.toml: one more ALT, BASE with the levers the file switches on (its "
                   "[interventions.NAME] sections); repeatable")
      ->check(CLI::ExistingFile);
  compare->add_flag("--all-kpis", c->all_kpis,
                    "Print every KPI's difference, not only the headline KPIs' (compare.csv has them all)");
  add_output_flags(compare, c->output);
  compare->footer(
      "Difference = ALT - BASE per replication, with a 95% interval for its mean.\n"
      "Examples:\n"
      "  ozsim compare scenarios/midden-holland.toml scenarios/opbouwarrangement.toml\n"
      "  ozsim compare scenarios/midden-holland.toml scenarios/oov-12-months.toml \\\n"
      "      scenarios/cluster4-extra-group.toml --replications 40 --seed 7 --out out/oov "
      "--value-per-home-month 2500\n"
      "With --posterior FILE (posterior.csv from `ozsim calibrate`), every scenario runs --replications "
      "paired\n"
      "replications on each of --draws posterior draws: the effects get credible intervals that carry the\n"
      "calibration's parameter uncertainty, P(effect < 0) and an acceptability curve (ceac.csv).\n"
      "compare warns when an ALT differs from BASE in more than its interventions; --apply LEVER.toml puts "
      "a\n"
      "lever scenario's levers on BASE instead (e.g. on a calibrated base):\n"
      "  ozsim compare scenarios/tiny.toml --apply scenarios/opbouwarrangement.toml --replications 4");
  // A usage error, reported before any scenario is read.
  compare->callback([c] {
    if (c->scenarios.size() + c->apply.size() < 2)
      throw CLI::ValidationError("scenarios",
                                 "a BASE and at least one ALT scenario or --apply LEVER.toml "
                                 "are needed, received 1 scenario");
  });
  set_action(compare, [c, hooks] { return compare_command(*c, hooks); });

  auto s = std::make_shared<SweepCli>();
  CLI::App* sweep =
      app.add_subcommand("sweep", "Run every combination of --set values with replications; write sweep.csv");
  sweep->add_option("scenario", s->scenario, "Scenario file")->required()->check(CLI::ExistingFile);
  sweep
      ->add_option("--set", s->sets,
                   "KEY=V1,V2,... (TOML values); repeat for more keys, the first varies slowest")
      ->required()
      ->allow_extra_args(false);
  // Malformed --set options are usage errors, reported before any scenario is read.
  sweep->callback([s] {
    try {
      analysis::parse_sweep_sets(s->sets);
    } catch (const std::invalid_argument& e) {
      throw CLI::ValidationError(e.what());
    }
  });
  sweep
      ->add_option("--baseline", s->baseline,
                   "Baseline scenario: sweep.csv also holds each point minus the baseline, paired by "
                   "replication (same seeds)")
      ->check(CLI::ExistingFile);
  sweep->add_option("--replications,-r", s->replications, "Replications per grid point")
      ->check(CLI::Range(1U, 100000U))
      ->capture_default_str();
  sweep->add_option("--seed", s->seed, "Master seed; replication r uses the same seed at every point")
      ->capture_default_str();
  sweep->add_option("--threads", s->threads,
                    "Worker threads (default: all cores); results do not depend on it");
  sweep->add_option("--out,-o", s->out, "Output directory")->capture_default_str();
  sweep->add_flag("--report", s->report,
                  "Also write the HTML report DIR.html beside the output folder (as `ozsim report DIR`)");
  add_output_flags(sweep, s->output);
  sweep->footer(
      "Rows of sweep.csv: point, one column per key, kpi, unit, mean, lo95, hi95, n; with --baseline also\n"
      "diff_mean, diff_lo95, diff_hi95 (point minus baseline; a point equal to the baseline gives exactly "
      "0).\n"
      "Examples:\n"
      "  ozsim sweep scenarios/midden-holland.toml --set provisions.dagbesteding.capacity=150,180,210\n"
      "  ozsim sweep scenarios/midden-holland.toml --set provisions.treatment.capacity=8,12 \\\n"
      "      --set provisions.dagbesteding.capacity=160,200 --replications 10 --out out/sweep\n"
      "  ozsim sweep scenarios/tiny.toml --set provisions.oov.capacity=1,3,5 --baseline scenarios/tiny.toml "
      "\\\n"
      "      --replications 4 --out out/sweep-diff");
  set_action(sweep, [s] { return sweep_command(*s); });
}

}  // namespace ozsim::app
