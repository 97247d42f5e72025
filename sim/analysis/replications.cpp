#include "sim/analysis/replications.hpp"

#include <utility>

#include "sim/analysis/thread_pool.hpp"

namespace ozsim::analysis {

namespace {

std::string describe(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}

}  // namespace

ReplicationError::ReplicationError(std::string scenario, std::size_t scenario_index,
                                   std::uint32_t replication, std::string reason, std::exception_ptr cause)
    : std::runtime_error("scenario '" + scenario + "', replication " + std::to_string(replication) + ": " +
                         reason),
      scenario_(std::move(scenario)),
      scenario_index_(scenario_index),
      replication_(replication),
      reason_(std::move(reason)),
      cause_(std::move(cause)) {}

ResultGrid run_replications(const std::vector<std::string>& names, const ReplicationSettings& settings,
                            const ReplicationFn& run) {
  const std::size_t reps = settings.replications;
  ResultGrid results(names.size(), std::vector<model::RunResult>(reps));
  const auto errors = run_slots(names.size() * reps, settings.threads, [&](std::size_t slot) {
    const std::size_t scenario = slot / reps;
    const auto replication = static_cast<std::uint32_t>(slot % reps);
    model::RunResult result = run(scenario, replication);
    if (!settings.keep_series_and_trace) {
      result.series_names.clear();
      result.series_days.clear();
      result.series_values.clear();
      result.trace_csv.clear();
    }
    results[scenario][replication] = std::move(result);
  });
  for (std::size_t slot = 0; slot < errors.size(); ++slot) {
    if (!errors[slot]) continue;
    const std::size_t scenario = slot / reps;
    throw ReplicationError(names[scenario], scenario, static_cast<std::uint32_t>(slot % reps),
                           describe(errors[slot]), errors[slot]);
  }
  return results;
}

}  // namespace ozsim::analysis
