// Calibration speed: model runs per second during ABC-SMC on the bundled Midden-Holland scenario with
// the ten free keys of calibration/midden-holland/priors.toml, and the overhead of the ABC machinery
// itself on a toy model.
#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <vector>

#include "calibration/bridge/model_bridge.hpp"
#include "calibration/bridge/spec_files.hpp"
#include "calibration/inference/abc.hpp"
#include "sim/engine/thread_pool.hpp"
#include "sim/scenario/scenario.hpp"

namespace {

// Built with append, not "p" + to_string(i): g++ 12 raises a false -Wrestrict on the latter.
std::string param_name(std::size_t i) {
  std::string name = "p";
  name += std::to_string(i);
  return name;
}

using namespace ozsim::calibration;

#ifndef OZSIM_SOURCE_DIR
#define OZSIM_SOURCE_DIR "."
#endif

// Generation 0 of a calibration (prior draws, every one simulated): simulations per second.
void BM_CalibrationMiddenHolland(benchmark::State& state) {
  const std::string root = OZSIM_SOURCE_DIR;
  const auto loaded = ozsim::scenario::load_scenario(root + "/scenarios/midden-holland.toml");
  const auto priors = load_priors_file(root + "/calibration/midden-holland/priors.toml");
  const auto targets = load_targets_file(root + "/calibration/midden-holland/targets.toml");
  ScenarioModel model(loaded.tree, priors);
  model.check_targets(targets, 1);  // as `ozsim calibrate` does: a sparse flow target absent from a run is 0
  AbcSettings s;
  s.particles = static_cast<std::size_t>(state.range(0));
  s.max_generations = 1;
  s.threads = 0;
  s.parallel_for = ozsim::engine::parallel_for;
  std::uint64_t sims = 0;
  for (auto _ : state) {
    const auto r = calibrate(priors.space, targets, model.function(), s);
    sims += r.total_simulations;
    benchmark::DoNotOptimize(r.posterior.weights.data());
  }
  state.counters["simulations_per_s"] =
      benchmark::Counter(static_cast<double>(sims), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CalibrationMiddenHolland)->Arg(16)->Unit(benchmark::kMillisecond)->UseRealTime();

// ABC-SMC bookkeeping (kernel, weights, quantiles) with a model that costs nothing: 10 parameters.
void BM_AbcSmcOverhead(benchmark::State& state) {
  ParameterSpace space;
  std::vector<Target> targets(10);
  for (std::size_t i = 0; i < 10; ++i) {
    space.add(param_name(i), Prior::uniform(0.0, 1.0));
    targets[i].name = targets[i].kpi = param_name(i);
    targets[i].observed = 0.5;
    targets[i].sigma = 0.1;
  }
  const ModelFunction model = [](const std::vector<double>& p, std::uint64_t) {
    std::map<std::string, double> out;
    for (std::size_t i = 0; i < p.size(); ++i) out[param_name(i)] = p[i];
    return out;
  };
  AbcSettings s;
  s.particles = static_cast<std::size_t>(state.range(0));
  s.max_generations = 4;
  for (auto _ : state) {
    const auto r = calibrate(space, targets, model, s);
    benchmark::DoNotOptimize(r.posterior.weights.data());
  }
}
BENCHMARK(BM_AbcSmcOverhead)->Range(100, 1000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
