// `ozsim sensitivity`: Morris screening of free scenario keys, or with --method sobol their Sobol indices.
#include <atomic>
#include <charconv>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "calibration/bridge/model_bridge.hpp"
#include "calibration/bridge/report.hpp"
#include "calibration/bridge/spec_files.hpp"
#include "calibration/inference/morris.hpp"
#include "calibration/inference/sobol.hpp"
#include "sim/app/cmd_calibrate.hpp"
#include "sim/app/commands.hpp"
#include "sim/app/output_flags.hpp"
#include "sim/engine/thread_pool.hpp"
#include "sim/model/kpi_catalogue.hpp"
#include "sim/model/run.hpp"
#include "sim/output/output_folder.hpp"
#include "sim/output/progress.hpp"
#include "sim/params/input_error.hpp"
#include "sim/params/key_table.hpp"
#include "sim/scenario/scenario.hpp"

namespace ozsim::app {
namespace {

using namespace ozsim::calibration;

struct SensitivityOptions {
  std::string scenario;
  std::string params;
  std::vector<std::string> overrides;
  std::vector<std::string> kpis;
  std::size_t trajectories = MorrisSettings{}.trajectories;
  std::size_t levels = 4;
  std::string method = "morris";
  std::size_t samples = SobolSettings{}.samples;
  std::size_t replications = 1;
  std::uint64_t seed = 1;
  unsigned threads = 0;
  std::string out = "out/sensitivity";
  OutputFlags output;
};

// The model function every point runs, counting the runs for the progress line.
ModelFunction counted_model(const ModelFunction& base, output::Progress& progress,
                            std::atomic<std::size_t>& done, std::size_t runs) {
  return [&base, &progress, &done, runs](const std::vector<double>& values, std::uint64_t seed) {
    auto kpis = base(values, seed);
    progress.update(++done, runs);
    return kpis;
  };
}

// A --kpi that the model does not report would stop Morris or Sobol only after every model run, with no
// word of the flag: one run of the scenario as written says which KPIs it reports (an absent sparse flow
// reads as 0, as in the screening), as calibrate checks its targets.
void check_kpis(const std::vector<std::string>& kpis, const params::ParamTree& scenario, std::uint64_t seed) {
  if (kpis.empty()) return;
  const auto reported = model::run_replication(scenario::build_config(scenario), seed, 0).kpis;
  std::vector<std::string> names;
  for (const auto& [name, value] : reported) names.push_back(name);
  for (const std::string& kpi : kpis) {
    if (reported.count(kpi) != 0 || model::kpi_catalogue().value({}, kpi)) continue;
    const auto hint = params::closest_match(kpi, names);
    throw params::InputError(params::SourceLocation{"--kpi", 0, 0},
                             "expected a KPI this scenario reports (ozsim --help-kpis lists every family), "
                             "found \"" +
                                 kpi + "\"" + (hint ? " (did you mean '" + *hint + "'?)" : std::string()));
  }
}

int run_sobol_command(const SensitivityOptions& o, const PriorsFile& priors, const ScenarioModel& model,
                      output::OutputFolder& folder) {
  SobolSettings s;
  s.samples = o.samples;
  s.replications = o.replications;
  s.seed = o.seed;
  s.threads = o.threads;
  s.parallel_for = engine::parallel_for;
  s.kpis = o.kpis;
  s.absent_kpi = [](const std::string& kpi) { return model::kpi_catalogue().value({}, kpi); };
  // Saltelli's design: A, B and one matrix per parameter, each point run --replications times.
  const std::size_t runs = o.samples * (priors.space.size() + 2) * o.replications;
  output::Progress progress("sensitivity", "model runs", o.output.progress.options());
  std::atomic<std::size_t> done{0};
  const ModelFunction base = model.function();
  const SobolResult r = run_sobol(priors.space, counted_model(base, progress, done, runs), s);
  progress.finish();
  write_sobol_csv(folder.staging_path("sobol.csv"), r, o.output.dialect());
  const std::vector<std::string> written = folder.commit();
  if (!o.kpis.empty()) {
    for (std::size_t k = 0; k < r.kpis.size(); ++k) {
      std::cout
          << r.kpis[k]
          << "\n  parameter                                          first order  95% (bootstrap)        "
             "total  95% (bootstrap)\n";
      for (std::size_t i = 0; i < r.parameters.size(); ++i) {
        const SobolIndex& e = r.at(i, k);
        std::printf("  %-50s %s  [%s, %s] %s  [%s, %s]\n", e.parameter.c_str(),
                    fixed_width(e.first_order).c_str(), fixed_width(e.first_order_lo95, 0).c_str(),
                    fixed_width(e.first_order_hi95, 0).c_str(), fixed_width(e.total).c_str(),
                    fixed_width(e.total_lo95, 0).c_str(), fixed_width(e.total_hi95, 0).c_str());
      }
      std::fflush(stdout);
    }
  }
  std::cout << "Sobol indices: " << r.parameters.size() << " parameters x " << r.kpis.size() << " KPIs, "
            << r.samples << " samples, " << r.simulations << " simulations; wrote";
  for (const std::string& path : written) std::cout << " " << path;
  std::cout << "\n";
  return 0;
}

int run_sensitivity(const SensitivityOptions& o) {
  const std::string scenario_path = o.scenario.empty() ? scenario::default_scenario_path() : o.scenario;
  scenario::LoadedScenario loaded = scenario::load_scenario(scenario_path, o.overrides);
  const PriorsFile priors = load_priors_file(o.params);
  const ScenarioModel model(loaded.tree, priors);
  check_kpis(o.kpis, loaded.tree, o.seed);
  // The threads are spread over the design's points (a Morris trajectory's or a Saltelli row's: one per
  // parameter and two more); counting trajectories alone recorded too few in manifest.json when there were
  // fewer of them than cores, and with --method sobol counted trajectories it did not run.
  const std::size_t per_row = priors.space.size() + 2;
  const std::size_t points = (o.method == "sobol" ? o.samples : o.trajectories) * per_row;
  output::OutputFolder folder(o.out, {"sensitivity", o.overrides, o.seed, o.replications,
                                      engine::effective_threads(o.threads, points), o.output.dialect()});
  output::add_scenario_inputs(folder, loaded.tree.files());
  folder.add_input("parameters", o.params);
  if (o.method == "sobol") return run_sobol_command(o, priors, model, folder);
  MorrisSettings s;
  s.trajectories = o.trajectories;
  s.levels = o.levels;
  s.replications = o.replications;
  s.seed = o.seed;
  s.threads = o.threads;
  s.parallel_for = engine::parallel_for;
  s.kpis = o.kpis;
  // The model writes a flow only when it is non-zero, so a flow some points lack is 0 there.
  s.absent_kpi = [](const std::string& kpi) { return model::kpi_catalogue().value({}, kpi); };
  // Every trajectory has two points more than there are parameters (the start and the noise-floor
  // dummy's step); each point runs --replications times.
  const std::size_t runs = o.trajectories * (priors.space.size() + 2) * o.replications;
  output::Progress progress("sensitivity", "model runs", o.output.progress.options());
  std::atomic<std::size_t> done{0};
  const ModelFunction base = model.function();
  const MorrisResult r = run_morris(priors.space, counted_model(base, progress, done, runs), s);
  progress.finish();
  write_morris_csv(folder.staging_path("morris.csv"), r, o.output.dialect());
  const std::vector<std::string> written = folder.commit();
  if (!o.kpis.empty()) {
    for (std::size_t k = 0; k < r.kpis.size(); ++k) {
      std::cout << r.kpis[k]
                << "\n  parameter                                               mu*      sigma  mu* 95% "
                   "(bootstrap)\n";
      for (std::size_t i = 0; i <= r.parameters.size(); ++i) {
        const auto& e = i < r.parameters.size() ? r.at(i, k) : r.noise_floor[k];
        std::printf("  %-50s %s %s  [%s, %s]%s\n", e.parameter.c_str(), fixed_width(e.mu_star).c_str(),
                    fixed_width(e.sigma).c_str(), fixed_width(e.mu_star_lo95).c_str(),
                    fixed_width(e.mu_star_hi95).c_str(),
                    i < r.parameters.size() && !(e.mu_star_lo95 > r.noise_floor[k].mu_star)
                        ? "  (within noise)"
                        : "");
      }
      std::fflush(stdout);
    }
  }
  std::cout << "Morris screening: " << r.parameters.size() << " parameters x " << r.kpis.size() << " KPIs, "
            << r.simulations << " simulations; wrote";
  for (const std::string& path : written) std::cout << " " << path;
  std::cout << "\n";
  return 0;
}

}  // namespace

void add_sensitivity_command(CLI::App& app) {
  auto m = std::make_shared<SensitivityOptions>();
  CLI::App* sens = app.add_subcommand(
      "sensitivity",
      "Morris elementary-effects screening of free scenario keys against every KPI (morris.csv), or with "
      "--method sobol their first-order and total Sobol indices (sobol.csv)");
  sens->add_option("scenario", m->scenario, "Scenario file (default: the bundled midden-holland.toml)")
      ->check(CLI::ExistingFile);
  sens->add_option("--params", m->params, "Priors file naming the keys to screen and their ranges")
      ->required()
      ->check(CLI::ExistingFile);
  sens->add_option(
          "--method", m->method,
          "morris (elementary effects: a cheap ranking, trajectories x (parameters + 2) runs) or sobol "
          "(variance shares with bootstrap intervals, samples x (parameters + 2) runs)")
      ->check(CLI::IsMember({"morris", "sobol"}))
      ->capture_default_str();
  sens->add_option("--samples", m->samples, "Sobol: base samples N (rows of Saltelli's matrices A and B)")
      ->check(CLI::Range(2ul, 10'000'000ul))
      ->capture_default_str();
  sens->add_option("--trajectories", m->trajectories, "Morris trajectories r")
      ->check(CLI::Range(2ul, 100'000ul))
      ->capture_default_str();
  sens->add_option("--levels", m->levels, "Grid levels p (even)")
      ->check(CLI::Range(2ul, 1000ul))
      ->check(CLI::Validator(
          [](const std::string& value) {
            // Morris's grid steps by half its levels: an odd count was refused only after the output
            // folder was opened, with exit 1 and no word of the flag.
            std::size_t levels = 0;
            const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), levels);
            return error == std::errc{} && end == value.data() + value.size() && levels % 2 == 0
                       ? std::string()
                       : "expected an even number from 2 to 1000, found " + value;
          },
          "EVEN"))
      ->capture_default_str();
  sens->add_option("--replications,-r", m->replications, "Model runs per point, averaged")
      ->check(CLI::Range(1ul, 100'000ul))
      ->capture_default_str();
  sens->add_option("--seed", m->seed, "Master seed")->capture_default_str();
  sens->add_option("--threads", m->threads, "Worker threads (default: all cores)");
  sens->add_option("--kpi", m->kpis, "Only these KPIs (repeatable); also printed as a table");
  sens->add_option("--out,-o", m->out, "Output directory")->capture_default_str();
  sens->add_option("--set", m->overrides, "Override a scenario key, KEY=VALUE (TOML value); repeatable");
  add_dialect_and_progress_flags(sens, m->output);
  set_action(sens, [m] { return run_sensitivity(*m); });
}

}  // namespace ozsim::app
