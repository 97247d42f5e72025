#include "sim/app/cmd_calibrate.hpp"

#include <fmt/format.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "calibration/bridge/checkpoint_file.hpp"
#include "calibration/bridge/model_bridge.hpp"
#include "calibration/bridge/progress_text.hpp"
#include "calibration/bridge/report.hpp"
#include "calibration/bridge/spec_files.hpp"
#include "calibration/inference/abc.hpp"
#include "calibration/inference/posterior.hpp"
#include "sim/analysis/cluster.hpp"
#include "sim/analysis/result_bytes.hpp"
#include "sim/app/cluster.hpp"
#include "sim/app/commands.hpp"
#include "sim/app/output_flags.hpp"
#include "sim/engine/thread_pool.hpp"
#include "sim/model/kpi_catalogue.hpp"
#include "sim/output/atomic_file.hpp"
#include "sim/output/output_folder.hpp"
#include "sim/output/progress.hpp"
#include "sim/output/workbook.hpp"
#include "sim/params/input_error.hpp"
#include "sim/scenario/scenario.hpp"

namespace ozsim::app {
namespace {

using namespace ozsim::calibration;

struct CalibrateOptions {
  std::string scenario;
  std::string targets;
  std::string priors;
  std::vector<std::string> overrides;
  std::size_t particles = 1000;
  std::size_t generations = 20;
  std::size_t replications = 1;
  std::uint64_t seed = 1;
  unsigned threads = 0;
  std::uint64_t max_simulations = 0;  // 0 = 100 x particles x replications
  double wall_clock = 6 * 3600.0;
  std::uint64_t max_attempts = 10'000;
  double target_acceptance = 0.3;
  double min_ess = 0.5;
  std::size_t moves = 3;
  std::size_t predictive_draws = 200;
  std::string out = "out/calibration";
  bool resume = false;
  std::string method = "abc-smc";
  std::string normalisation = "best-seen";
  std::string point = "median";
  OutputFlags output;
};

std::string path_in(const std::string& dir, const char* name) {
  return (std::filesystem::path(dir) / name).string();
}

// The calibration's slots over the ranks of mpirun (one rank: the thread pool alone).
void spread_over_ranks(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& task,
                       const SlotTransfer& transfer) {
  analysis::spread_for(cluster(), count, threads, task, transfer.save, transfer.load, transfer.noun);
}

// The checkpoint to resume from: rank 0 reads the file (`path`, which only it knows), the other ranks
// get its text in an exchange, so that every rank resumes from the same state and only rank 0 touches
// the output folder's files.
Checkpoint checkpoint_of_rank_0(const std::string& path) {
  if (cluster().size() == 1) return read_checkpoint(path);
  std::string mine;
  if (is_writer()) {
    analysis::ByteWriter writer(mine);
    writer.put(std::string_view(path));
    std::ifstream in(path, std::ios::binary);
    if (!in)
      throw params::InputError(params::SourceLocation{path, 0, 0},
                               "cannot open checkpoint (was the run started with this --out?)");
    std::ostringstream text;
    text << in.rdbuf();
    writer.put(std::string_view(text.str()));
  }
  const std::vector<std::string> all = analysis::exchange_or_stop(cluster(), mine);
  analysis::ByteReader reader(all[0]);
  const std::string origin = reader.get_string();
  return checkpoint_from_json(reader.get_string(), origin);
}

int run_calibrate(const CalibrateOptions& o) {
  // Generation 0 runs every particle at least once per replication: a smaller budget stopped the run with
  // exit 1 and "raise the limit" after its first simulations, though the flags alone say so.
  if (o.max_simulations > 0 && o.max_simulations / o.particles < o.replications)
    throw params::InputError(
        params::SourceLocation{"--max-simulations", 0, 0},
        fmt::format("expected at least --particles x --replications = {} x {} model runs (generation 0 runs "
                    "every particle at least once), found {}",
                    o.particles, o.replications, o.max_simulations));
  const std::string scenario_path = o.scenario.empty() ? scenario::default_scenario_path() : o.scenario;
  scenario::LoadedScenario loaded = scenario::load_scenario(scenario_path, o.overrides);
  const std::vector<Target> targets = load_targets_file(o.targets);
  const PriorsFile priors = load_priors_file(o.priors);
  ScenarioModel model(loaded.tree, priors);
  model.check_targets(targets, o.seed);  // fail on a misnamed KPI before hours of simulation
  // Under mpirun every rank runs the calibration in step (each its share of every generation's
  // particles, analysis::spread_for); only rank 0 has the folder and the checkpoint.
  std::optional<output::OutputFolder> folder;
  std::string live_checkpoint;
  if (is_writer()) {
    folder.emplace(
        o.out, output::RunDescription{"calibrate", o.overrides, o.seed, o.replications,
                                      engine::effective_threads(o.threads, o.particles), o.output.dialect()});
    output::add_scenario_inputs(*folder, loaded.tree.files());
    folder->add_input("targets", o.targets);
    folder->add_input("priors", o.priors);
    // The checkpoint lives beside the folder while the calibration runs, so that a
    // killed run can resume; a finished run's checkpoint is part of its set and
    // --resume continues from it when no run was interrupted since.
    live_checkpoint = folder->dir() + ".checkpoint.json";
    if (o.resume && !std::filesystem::exists(live_checkpoint)) {
      if (!folder->previous_has("checkpoint.json"))
        throw params::InputError(params::SourceLocation{"--resume", 0, 0},
                                 "no checkpoint to resume from: neither '" + live_checkpoint + "' nor '" +
                                     folder->final_path("checkpoint.json") + "' exists");
      std::filesystem::copy_file(folder->dir() + "/checkpoint.json", live_checkpoint);
    }
    folder->add_interrupt_note("'" + live_checkpoint +
                               "' keeps the last complete generation (if one was complete): the same "
                               "command with --resume continues from it");
  }

  AbcSettings s;
  s.method = o.method == "rejection"              ? Method::rejection
             : o.method == "synthetic-likelihood" ? Method::synthetic_likelihood
             : o.method == "resample-move"        ? Method::resample_move
                                                  : Method::abc_smc;
  s.moves = o.moves;
  s.normalisation = o.normalisation == "peak" ? Normalisation::peak : Normalisation::best_seen;
  s.particles = o.particles;
  s.max_generations = o.generations;
  s.replications = o.replications;
  s.seed = o.seed;
  s.threads = o.threads;
  s.max_simulations = o.max_simulations > 0 ? o.max_simulations : 100 * o.particles * o.replications;
  s.wall_clock_seconds = o.wall_clock;
  s.max_attempts = o.max_attempts;
  s.target_acceptance = o.target_acceptance;
  s.min_ess_fraction = o.min_ess;
  s.model_digest = content_digest(loaded.tree.to_toml());  // the scenario after its --set overrides
  s.parallel_for = engine::parallel_for;
  s.spread_for = spread_over_ranks;
  if (folder)
    s.save_checkpoint = [&live_checkpoint](const Checkpoint& c) { write_checkpoint(live_checkpoint, c); };
  if (o.resume) s.resume_from = checkpoint_of_rank_0(live_checkpoint);
  output::Progress progress("calibrate", "particles", o.output.progress.options());
  s.on_progress = [&progress, &s](const CalibrationProgress& p) {
    if (p.completed != nullptr)
      progress.note(generation_done_text(*p.completed, p.simulations, s.method));
    else
      progress.show([&](double) { return calibration_progress_text(p, s); }, false);
  };
  // Sparse KPIs (flows) are written only when non-zero: a target on one reads its absence as 0.
  const ModelFunction base = model.function();
  const ModelFunction run_model = [&base, &targets](const std::vector<double>& values, std::uint64_t seed) {
    auto kpis = base(values, seed);
    for (const Target& t : targets) {
      if (kpis.count(t.kpi) != 0) continue;
      if (const auto value = model::kpi_catalogue().value(kpis, t.kpi)) kpis[t.kpi] = *value;
    }
    return kpis;
  };
  const CalibrationResult r = calibrate(priors.space, targets, run_model, s);
  progress.finish();

  const auto summary = summarise_posterior(r.parameter_names, r.posterior);
  PredictiveSettings ps;
  ps.draws = o.predictive_draws;
  ps.seed = o.seed;
  ps.threads = o.threads;
  ps.parallel_for = engine::parallel_for;
  ps.spread_for = spread_over_ranks;
  // fit.csv re-runs the model at prior and posterior draws: a long step of its own, with its own progress.
  output::Progress predictive("calibrate: predictive check", "model runs", o.output.progress.options());
  std::atomic<std::size_t> predictive_runs{0};
  const ModelFunction counted_model = [&](const std::vector<double>& values, std::uint64_t seed) {
    auto kpis = run_model(values, seed);
    predictive.update(++predictive_runs, 2 * ps.draws);
    return kpis;
  };
  const auto fit = predictive_fit(targets, counted_model, priors.space, r.posterior, ps);
  predictive.finish();
  if (!folder) return 0;  // another rank: its share is in rank 0's results

  const std::string out = folder->staging_dir();
  const params::CsvDialect dialect = o.output.dialect();
  write_posterior_csv(path_in(out, "posterior.csv"), r.parameter_names, r.posterior, dialect);
  write_generations_csv(path_in(out, "generations.csv"), r.history, dialect);
  if (r.partial.size() > 0)
    write_posterior_csv(path_in(out, "partial.csv"), r.parameter_names, r.partial, dialect);
  write_summary_csv(path_in(out, "summary.csv"), summary, dialect);
  write_fit_csv(path_in(out, "fit.csv"), fit, dialect);
  if (o.output.xlsx)
    output::write_xlsx(calibration_workbook(r.parameter_names, r.posterior, summary, fit, r.history),
                       path_in(out, "calibrate.xlsx"));
  write_run_report(path_in(out, "calibration.json"), r, s);
  write_priors_json(path_in(out, "priors.json"), priors.space);
  std::vector<double> point;
  for (const auto& p : summary) point.push_back(o.point == "mean" ? p.mean : p.median);
  const std::string header =
      "Calibrated scenario written by ozsim calibrate: posterior " + o.point +
      " of the free keys.\nscenario: " + scenario_path + "\ntargets: " + o.targets + "\npriors: " + o.priors +
      "\nmethod: " + std::string(method_name(s.method)) +
      (s.method == Method::rejection ? std::string() : " (likelihood over the " + o.normalisation + ")") +
      ", seed " + std::to_string(o.seed) + ", " + std::to_string(o.particles) +
      " particles, posterior generation " + std::to_string(r.posterior_generation) + " at temperature " +
      fixed_width(r.posterior_temperature, 0) + "\nstopped: " + r.reason_text;
  output::write_file_atomically(path_in(out, "calibrated.toml"),
                                calibrated_scenario_toml(model, point, header));
  if (std::filesystem::exists(live_checkpoint))
    std::filesystem::copy_file(live_checkpoint, path_in(out, "checkpoint.json"));
  const std::vector<std::string> written = folder->commit();
  std::filesystem::remove(live_checkpoint);

  std::cout << "stopped (" << stop_reason_name(r.reason) << "): " << r.reason_text << "\n"
            << "simulations: " << r.total_simulations << " in complete generations"
            << (r.unfinished_simulations > 0
                    ? ", " + std::to_string(r.unfinished_simulations) +
                          " for the unfinished one's first particles (not part of the posterior)"
                    : std::string())
            << "\n";
  // Proposals above the best-seen normaliser (docs/statistics.md): a bias indicator, 0 or a handful is fine.
  std::uint64_t truncated = 0;
  for (const auto& g : r.history) truncated += g.truncated;
  if (s.method == Method::resample_move)
    std::cout << "distinct particles in the posterior: " << r.history.back().distinct << " of "
              << r.posterior.size() << " (resampling copies particles; accepted moves make them distinct)\n";
  else if (s.method != Method::rejection)
    std::cout << "proposals above the normaliser (" << o.normalisation
              << ", accepted for sure): " << truncated << " in all generations, "
              << r.history.back().truncated << " in the posterior's\n";
  std::cout << "\n"
            << "parameter                                               mean     median   95% interval\n";
  for (const auto& p : summary) {
    std::printf("%-50s %s %s   [%s, %s]\n", p.name.c_str(), fixed_width(p.mean).c_str(),
                fixed_width(p.median).c_str(), fixed_width(p.q025, 0).c_str(),
                fixed_width(p.q975, 0).c_str());
  }
  std::printf("\n%-30s %10s %10s   %-24s %6s   %-24s %6s %7s\n", "target", "observed", "error sd",
              "prior predictive 95%", "z", "posterior predictive 95%", "z", "narrow");
  std::size_t inside_prior = 0;
  std::size_t inside_posterior = 0;
  for (const auto& f : fit) {
    const std::string prior = "[" + fixed_width(f.prior.low, 0) + ", " + fixed_width(f.prior.high, 0) + "]";
    const std::string posterior =
        "[" + fixed_width(f.posterior.low, 0) + ", " + fixed_width(f.posterior.high, 0) + "]";
    std::printf("%-30s %s %s   %-24s %6.2f   %-24s %6.2f %6.0f%%\n", f.target.c_str(),
                fixed_width(f.observed).c_str(), fixed_width(f.sigma).c_str(), prior.c_str(), f.prior.z,
                posterior.c_str(), f.posterior.z, 100.0 * f.narrowing);
    inside_prior += f.prior.inside ? 1 : 0;
    inside_posterior += f.posterior.inside ? 1 : 0;
  }
  std::fflush(stdout);
  std::cout
      << "observations inside their 95% predictive interval: " << inside_posterior << " of " << fit.size()
      << " (posterior), " << inside_prior << " of " << fit.size()
      << " (prior, no fitting); z = (observed - predictive mean) / predictive sd, with observation error\n"
      << "wrote";
  for (const std::string& path : written) std::cout << " " << path;
  std::cout << "\n";
  return 0;
}

}  // namespace

std::string fixed_width(double x, int width) {
  return fmt::format("{:>{}.4g}", x, width);
}

void add_calibrate_command(CLI::App& app) {
  auto c = std::make_shared<CalibrateOptions>();
  CLI::App* cal = app.add_subcommand(
      "calibrate",
      "Fit free scenario keys to observed figures (sigma = observation error) with ABC-SMC; writes "
      "posterior.csv, summary.csv, fit.csv, generations.csv, calibrated.toml");
  cal->add_option("scenario", c->scenario, "Scenario file (default: the bundled midden-holland.toml)")
      ->check(CLI::ExistingFile);
  cal->add_option("--targets", c->targets, "Targets file ([[target]] tables)")
      ->required()
      ->check(CLI::ExistingFile);
  cal->add_option("--priors", c->priors, "Priors file ([[parameter]] and [[constraint]] tables)")
      ->required()
      ->check(CLI::ExistingFile);
  cal->add_option("--particles,-n", c->particles, "Particles per generation")
      ->check(CLI::Range(1ul, 10'000'000ul))
      ->capture_default_str();
  cal->add_option("--generations,-g", c->generations, "Maximum generations (generation 0 samples the prior)")
      ->check(CLI::Range(1ul, 100'000ul))
      ->capture_default_str();
  cal->add_option(
         "--replications,-r", c->replications,
         "Model runs per particle (abc-smc: their acceptance kernels averaged; synthetic-likelihood: >= 2)")
      ->check(CLI::Range(1ul, 100'000ul))
      ->capture_default_str();
  cal->add_option("--seed", c->seed, "Master seed; the same seed gives the same posterior")
      ->capture_default_str();
  cal->add_option("--threads", c->threads,
                  "Worker threads (default: all cores); results do not depend on it");
  cal->add_option("--max-simulations", c->max_simulations,
                  "Stop after this many model runs (default: 100 x particles x replications)");
  cal->add_option("--wall-clock", c->wall_clock, "Stop after this many seconds (0 = no limit)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cal->add_option("--max-attempts", c->max_attempts,
                  "Stop when one particle needs more attempts than this in a generation (0 = no limit)")
      ->capture_default_str();
  cal->add_option(
         "--target-acceptance", c->target_acceptance,
         "Temperature schedule: the next temperature would let the last proposals be accepted at this rate")
      ->check(CLI::Range(0.01, 0.99))
      ->capture_default_str();
  cal->add_option("--min-ess", c->min_ess,
                  "Done once a generation at temperature 1 has ESS >= this share of the particles "
                  "(resample-move: each next temperature keeps this ESS share)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cal->add_option("--moves", c->moves,
                  "resample-move: Metropolis-Hastings steps per particle per generation (one model run x R "
                  "each)")
      ->check(CLI::Range(1ul, 10'000ul))
      ->capture_default_str();
  // At least two draws: fit.csv's predictive sd, intervals and z need a spread.
  cal->add_option("--predictive-draws", c->predictive_draws, "Prior and posterior draws re-run for fit.csv")
      ->check(CLI::Range(2ul, 10'000'000ul))
      ->capture_default_str();
  cal->add_option("--out,-o", c->out, "Output directory; while running, OUT.checkpoint.json beside it")
      ->capture_default_str();
  cal->add_flag("--resume", c->resume,
                "Continue from the checkpoint of an interrupted run (OUT.checkpoint.json) or of OUT");
  cal->add_option("--method", c->method,
                  "abc-smc (noise-aware acceptor, tempered to 1), rejection (prior draws, same acceptor), "
                  "synthetic-likelihood (Gaussian likelihood of R >= 2 runs per particle) or resample-move "
                  "(the abc-smc likelihood, tempered to 1 by resampling and pseudo-marginal "
                  "Metropolis-Hastings moves: for many parameters, where abc-smc's ESS collapses)")
      ->check(CLI::IsMember({"abc-smc", "rejection", "synthetic-likelihood", "resample-move"}))
      ->capture_default_str();
  cal->add_option("--normalisation", c->normalisation,
                  "What the likelihood L is divided by before it is an acceptance probability "
                  "min(1, (L/c)^(1/T)): best-seen (c = the largest L of all earlier generations' proposals; "
                  "reaches T = 1 where the peak cannot) or peak (c = the kernel's peak, L at z = 0). "
                  "Rejection always uses the peak")
      ->check(CLI::IsMember({"best-seen", "peak"}))
      ->capture_default_str();
  cal->add_option("--point", c->point, "Value written to calibrated.toml: median or mean of the posterior")
      ->check(CLI::IsMember({"median", "mean"}))
      ->capture_default_str();
  cal->add_option("--set", c->overrides, "Override a scenario key, KEY=VALUE (TOML value); repeatable");
  add_output_flags(cal, c->output);
  cal->footer(
      "Example:\n  ozsim calibrate scenarios/midden-holland.toml --targets "
      "calibration/midden-holland/targets.toml \\\n"
      "    --priors calibration/midden-holland/priors.toml --particles 20 --generations 2 --max-simulations "
      "200 \\\n"
      "    --out out/cal\n"
      "(a quick look at the files it writes, in seconds: the budget stops it in generation 1, so the "
      "posterior "
      "is the prior; a calibration for a decision uses about 1,000 particles and 6-10 generations, see "
      "README)\n"
      "Each particle is accepted with probability min(1, (L / c)^(1/T)), L = exp(-1/2 sum w z^2),\n"
      "z = (simulated - observed) / sigma, over temperatures T falling to 1; at T = 1 the posterior is\n"
      "exact for 'observed = model + error' whenever c >= every L (--normalisation; generations.csv counts\n"
      "the proposals above c in 'truncated', which should be 0 or a handful; see docs/statistics.md).\n"
      "Progress goes to stderr (--quiet: none). An interrupted run continues with --resume; a changed\n"
      "scenario, --set, targets, priors or settings is refused.");
  set_action(cal, [c] { return run_calibrate(*c); });
}

}  // namespace ozsim::app
