#pragma once
// Parameter sweeps: `--set KEY=V1,V2,...` options become the full grid of
// override combinations; every grid point runs its replications and each KPI
// is summarised into sweep.csv.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/analysis/replications.hpp"
#include "sim/analysis/summary_stats.hpp"

namespace ozsim::analysis {

// One --set option: a scenario key and the value texts (TOML values) it takes.
struct SweepAxis {
  std::string key;
  std::vector<std::string> values;
};

// Parses "KEY=V1,V2,...". Commas inside [arrays], {tables} or "strings" do not
// split, so KEY=[1,2],[3,4] gives two values. Whitespace around key and values
// is dropped. Throws std::invalid_argument for a missing '=', an empty key or
// value, unbalanced brackets or quotes, or a value given twice. Whether the key
// exists and the values have its type is checked later by the scenario layer.
SweepAxis parse_sweep_set(std::string_view text);

// Parses every --set and rejects a key given in two of them.
std::vector<SweepAxis> parse_sweep_sets(const std::vector<std::string>& texts);

// (key, value text) pairs for params::ParamTree::set_override, in --set order.
using Overrides = std::vector<std::pair<std::string, std::string>>;

struct SweepPoint {
  std::size_t index = 0;
  Overrides overrides;
};

// Largest grid sweep_grid builds; beyond it the user has almost surely mistyped.
inline constexpr std::size_t MAX_SWEEP_POINTS = 100000;

// The cartesian product of all axes; the first axis varies slowest, the last
// fastest. No axes give one point without overrides. Throws std::invalid_argument
// above MAX_SWEEP_POINTS.
std::vector<SweepPoint> sweep_grid(const std::vector<SweepAxis>& axes);

// "a=1, b=x": a grid point's overrides for messages.
std::string describe_point(const SweepPoint& point);

// Runs replication r of one prepared point; called concurrently, must only read shared state.
using PointRunner = std::function<model::RunResult(std::uint32_t replication)>;
// Prepares a point (copy the scenario tree, apply the overrides, build the
// config) and returns its runner. Called once per point, in order, on the
// calling thread, before anything runs, so a bad value stops the sweep at once.
using PointFactory = std::function<PointRunner(const SweepPoint& point)>;

struct SweepPointResult {
  SweepPoint point;
  ScenarioSummary summary;
  // With a baseline: each KPI's paired difference (point minus baseline, replication r with replication r,
  // same seeds); empty without one.
  std::map<std::string, Summary> differences;
};

struct SweepResult {
  std::vector<SweepAxis> axes;
  std::size_t replications = 0;
  std::uint64_t master_seed = 0;
  bool has_baseline = false;
  std::vector<SweepPointResult> points;
};

// Prepares every point, then runs points x replications on the thread pool.
// Errors name the point: "sweep point 2 (a=1, b=x): ..."; an InputError from
// `prepare` passes unchanged (it names the key and value already).
// With a `baseline` runner (sweep --baseline), its replications run beside the points' on the same seeds
// (common random numbers, as in compare) and every point also gets its paired differences from it.
SweepResult run_sweep(const std::vector<SweepAxis>& axes, const PointFactory& prepare,
                      const ReplicationSettings& settings, std::uint64_t master_seed,
                      const PointRunner& baseline = {});

}  // namespace ozsim::analysis
