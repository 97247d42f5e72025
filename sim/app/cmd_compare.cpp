#include "sim/app/cmd_compare.hpp"

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
#include "sim/analysis/thread_pool.hpp"
#include "sim/app/cmd_report.hpp"
#include "sim/app/commands.hpp"
#include "sim/app/output_flags.hpp"
#include "sim/model/run.hpp"
#include "sim/output/compare_output.hpp"
#include "sim/output/output_folder.hpp"
#include "sim/output/sweep_output.hpp"
#include "sim/output/workbook.hpp"
#include "sim/scenario/scenario.hpp"

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
  bool report = false;
  bool all_kpis = false;  // every KPI's difference on the terminal, not only the headline ones
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
  if (o.scenarios.size() < 2)
    throw std::invalid_argument("compare needs a BASE and at least one ALT scenario");
  std::vector<scenario::LoadedScenario> loaded;
  for (const auto& path : o.scenarios) loaded.push_back(scenario::load_scenario(path));
  const std::vector<std::string> names = labels(loaded, o.scenarios);
  output::OutputFolder folder(o.out, {"compare",
                                      {},
                                      o.seed,
                                      o.replications,
                                      analysis::effective_threads(o.threads, loaded.size() * o.replications),
                                      o.output.dialect()});
  for (const auto& scenario : loaded) output::add_scenario_inputs(folder, scenario.tree.files());
  if (!o.posterior.empty()) folder.add_input("posterior", o.posterior);

  // configs[s][r]: without a posterior every replication shares the scenario's
  // config; with one, replication r of every scenario gets posterior draw r.
  std::vector<std::vector<std::shared_ptr<const model::ScenarioConfig>>> configs(loaded.size());
  if (o.posterior.empty()) {
    for (std::size_t s = 0; s < loaded.size(); ++s)
      configs[s].assign(o.replications, std::make_shared<const model::ScenarioConfig>(loaded[s].config));
  } else {
    if (!hooks.posterior)
      throw std::invalid_argument("--posterior: this ozsim was built without calibration support");
    for (std::size_t s = 0; s < loaded.size(); ++s) {
      const auto trees = hooks.posterior(loaded[s].tree, o.posterior, o.replications, o.seed);
      if (trees.size() != o.replications)
        throw std::runtime_error("--posterior: expected " + std::to_string(o.replications) +
                                 " parameter sets, got " + std::to_string(trees.size()));
      for (const auto& tree : trees)
        configs[s].push_back(std::make_shared<const model::ScenarioConfig>(scenario::build_config(tree)));
    }
  }

  analysis::ReplicationSettings settings;
  settings.replications = o.replications;
  settings.threads = o.threads;
  output::Progress progress("compare", "replications", o.output.progress.options());
  settings.on_progress = progress.callback();
  analysis::EconomicsOptions economics;
  // One owner per fact: the scenario states its discount rate; the flag overrides it for this comparison.
  economics.discount_rate = o.discount_rate.value_or(loaded.front().config.discount_rate);
  economics.value_per_home_month = o.value_per_home_month;
  const auto started = std::chrono::steady_clock::now();
  analysis::Comparison comparison = analysis::run_comparison(
      names, settings,
      [&](std::size_t s, std::uint32_t r) { return model::run_replication(*configs[s][r], o.seed, r); },
      o.seed, economics);
  progress.finish();
  const double seconds = seconds_since(started);
  comparison.posterior = o.posterior;
  analysis::check_finite(comparison, o.scenarios);  // before anything is written
  output::write_comparison(comparison, folder.staging_dir(), o.output.dialect());
  if (o.output.xlsx)
    output::write_xlsx(output::comparison_workbook(comparison), folder.staging_path("compare.xlsx"));
  const auto written = folder.commit();
  std::cout << output::format_comparison(comparison, 100, o.all_kpis);
  std::printf("\n%zu scenarios x %u replications in %.2f s; wrote", names.size(), o.replications, seconds);
  for (const auto& path : written) std::printf(" %s", path.c_str());
  std::printf("\n");
  if (o.report) std::printf("wrote %s\n", write_report(o.out, "", "nl").c_str());
  return 0;
}

int sweep_command(const SweepCli& o) {
  const auto axes = analysis::parse_sweep_sets(o.sets);
  const scenario::LoadedScenario base = scenario::load_scenario(o.scenario);
  output::OutputFolder folder(
      o.out, {"sweep", o.sets, o.seed, o.replications, analysis::effective_threads(o.threads, o.replications),
              o.output.dialect()});
  output::add_scenario_inputs(folder, base.tree.files());
  const std::uint64_t seed = o.seed;
  // The baseline runs on the same replication seeds as every point: common random numbers, as in compare.
  analysis::PointRunner baseline;
  if (!o.baseline.empty()) {
    const scenario::LoadedScenario loaded = scenario::load_scenario(o.baseline);
    folder.add_input("baseline", o.baseline);
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
  output::write_sweep_csv(result, folder.staging_dir(), o.output.dialect());
  if (o.output.xlsx) output::write_xlsx(output::sweep_workbook(result), folder.staging_path("sweep.xlsx"));
  const auto written = folder.commit();
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
      ->expected(2, CLI::detail::expected_max_vector_size)
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
      ->add_option(
          "--posterior", c->posterior,
          "posterior.csv from `ozsim calibrate`: replication r of every scenario uses posterior draw r")
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
      "With --posterior FILE (posterior.csv from `ozsim calibrate`), replication r of every scenario uses\n"
      "posterior draw r, so the comparison carries the calibration's parameter uncertainty.");
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
