// Speed of the pupil model: one replication of the bundled scenarios, and the
// national scale with memory per pupil. Ratios are against the tiny scenario
// run in the same process, so machine speed cancels out.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>
#include <map>
#include <string>
#include <thread>

#include "sim/model/run.hpp"
#include "sim/process/allocator.hpp"
#include "sim/scenario/scenario.hpp"

namespace {

// As ozsim's main does, before any benchmark runs: the replications are timed as `ozsim run` runs them.
[[maybe_unused]] const bool allocator_set_up = [] {
  ozsim::process::set_up_allocator();
  return true;
}();

const ozsim::model::ScenarioConfig& scenario(const std::string& file, double years) {
  static std::map<std::string, ozsim::model::ScenarioConfig> cache;
  const std::string key = file + "@" + std::to_string(years);
  auto it = cache.find(key);
  if (it == cache.end()) {
    const std::string path = std::string(OZSIM_SOURCE_DIR) + "/scenarios/" + file;
    it = cache
             .emplace(
                 key,
                 ozsim::scenario::load_scenario(path, {"simulation.years=" + std::to_string(years)}).config)
             .first;
  }
  return it->second;
}

std::int64_t pupils_in(const ozsim::model::ScenarioConfig& c) {
  std::int64_t n = 0;
  for (const auto& g : c.population.initial) n += g.count;
  return n;
}

void run_scenario(benchmark::State& state, const std::string& file) {
  const ozsim::model::ScenarioConfig& config = scenario(file, 10.0);
  std::uint32_t replication = 0;
  std::uint64_t events = 0;
  std::uint64_t pupils = 0;
  std::uint64_t made = 0;
  for (auto _ : state) {
    const ozsim::model::RunResult r = ozsim::model::run_replication(config, 1, replication++);
    events += r.events;
    pupils += r.pupils;
    made += r.pupils - r.unmaterialised_pupils;
    benchmark::DoNotOptimize(r.fingerprint);
  }
  // Events per second fell when pupils who only attend school stopped having events (they are counted in
  // aggregate): pupils per second (every pupil's whole run) is the rate to compare across versions.
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["pupils/s"] = benchmark::Counter(static_cast<double>(pupils), benchmark::Counter::kIsRate);
  state.counters["made_share"] = pupils > 0 ? static_cast<double>(made) / static_cast<double>(pupils) : 0.0;
  state.counters["pupils"] = static_cast<double>(pupils_in(config));
}

// Baseline for the ratios below: the same rules on 1/20 of the population.
void BM_TinyReplication10Years(benchmark::State& state) {
  run_scenario(state, "tiny.toml");
}
// Goal: at most 50 ms wall for one replication on one core.
void BM_MiddenHollandReplication10Years(benchmark::State& state) {
  run_scenario(state, "midden-holland.toml");
}

// Goal: 10 years of 2.6 million pupils in 13 regions in at most 1 s and at most 100 bytes of peak memory per
// pupil (issue 15; see README for the figures on the 2-core CI machine). The argument is
// RunOptions::creation_threads: 1, and every core, as `ozsim run -r 1` uses them.
void BM_NederlandReplication10Years(benchmark::State& state) {
  const ozsim::model::ScenarioConfig& config = scenario("nederland.toml", 10.0);
  ozsim::model::RunOptions options;
  options.creation_threads = static_cast<unsigned>(state.range(0));
  rusage before{};
  getrusage(RUSAGE_SELF, &before);
  std::uint64_t made = 0;
  std::uint64_t all = 0;
  std::uint64_t events = 0;
  std::uint64_t drawn_ahead = 0;
  std::uint64_t sorted_ahead = 0;
  // Summed over iterations: where the wall-clock time went.
  double seconds_starting = 0.0;
  double seconds_events = 0.0;
  double seconds_reduction = 0.0;
  for (auto _ : state) {
    const ozsim::model::RunResult r = ozsim::model::run_replication(config, 1, 0, options);
    all += r.pupils;
    made += r.pupils - r.unmaterialised_pupils;
    events += r.events;
    drawn_ahead += r.arrivals_drawn_ahead;
    sorted_ahead += r.exits_sorted_ahead;
    seconds_starting += r.seconds_starting_population;
    seconds_events += r.seconds_event_loop;
    seconds_reduction += r.seconds_reduction;
    benchmark::DoNotOptimize(r.fingerprint);
  }
  state.counters["made_share"] = all > 0 ? static_cast<double>(made) / static_cast<double>(all) : 0.0;
  state.counters["run_pupils"] = static_cast<double>(all);
  state.counters["events"] = static_cast<double>(events);
  // Arrivals whose draws a spare thread took during the year before (none with one thread).
  state.counters["drawn_ahead"] = static_cast<double>(drawn_ahead);
  // Exits of pupils counted in aggregate that the same thread put in time order for the event loop.
  state.counters["sorted_ahead"] = static_cast<double>(sorted_ahead);
  // Where a replication's wall-clock time went (RunResult's diagnostics): what a change to one phase can
  // gain at most. Seconds per replication.
  const auto per_replication = [](double seconds) {
    return benchmark::Counter(seconds, benchmark::Counter::kAvgIterations);
  };
  state.counters["s_starting"] = per_replication(seconds_starting);
  state.counters["s_events"] = per_replication(seconds_events);
  state.counters["s_reduction"] = per_replication(seconds_reduction);
  rusage after{};
  getrusage(RUSAGE_SELF, &after);
  const double pupils = static_cast<double>(pupils_in(config));
  state.counters["pupils"] = pupils;
  // ru_maxrss is the process peak in KiB; this benchmark runs last and dominates it. Its second variant's
  // figure also holds what the first left in the allocator: run one variant alone (--benchmark_filter=
  // 'Nederland.*threads:2') for its own peak.
  state.counters["peak_bytes_per_pupil"] = static_cast<double>(after.ru_maxrss) * 1024.0 / pupils;
}

}  // namespace

BENCHMARK(BM_TinyReplication10Years)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MiddenHollandReplication10Years)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NederlandReplication10Years)
    ->ArgName("creation_threads")
    ->Arg(1)
    ->Arg(static_cast<std::int64_t>(std::max(1U, std::thread::hardware_concurrency())))
    ->Unit(benchmark::kSecond)
    ->Iterations(1)
    ->UseRealTime();
