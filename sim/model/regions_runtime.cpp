// Regions during a run (RegionConfig): whose pupil is whose, which provision serves a region, and places in a
// neighbouring region for pupils who have waited long enough in their own (CrossRegionConfig).
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/model/pupil_model.hpp"

namespace ozsim::model {

std::size_t PupilModel::region_of_serial(std::uint32_t serial) const {
  if (region_runs_.size() <= 1) return region_runs_.empty() ? 0 : region_runs_.front().second;
  // The last run that starts at or before the serial: from the run in force at its block's start, if the
  // block is tabled, on through the few runs that start within the block.
  const std::size_t block = serial >> REGION_BLOCK_BITS;
  if (block >= region_run_at_block_.size()) {
    const auto after = std::upper_bound(region_runs_.begin(), region_runs_.end(), serial,
                                        [](std::uint32_t s, const auto& run) { return s < run.first; });
    return std::prev(after)->second;
  }
  std::size_t run = region_run_at_block_[block];
  while (run + 1 < region_runs_.size() && region_runs_[run + 1].first <= serial) ++run;
  return region_runs_[run].second;
}

const std::vector<AgeGroup>& PupilModel::initial_of(std::size_t r) const {
  return scenario_.regions.empty() ? scenario_.population.initial : scenario_.regions[r].initial;
}
const std::vector<YearCount>& PupilModel::intake_of(std::size_t r) const {
  return scenario_.regions.empty() ? scenario_.population.intake : scenario_.regions[r].intake;
}
const std::vector<YearCount>& PupilModel::migration_in_of(std::size_t r) const {
  return scenario_.regions.empty() ? scenario_.population.migration_in : scenario_.regions[r].migration_in;
}
const std::vector<InitialStock>& PupilModel::initial_state_of(std::size_t r) const {
  return scenario_.regions.empty() ? scenario_.initial_state : scenario_.regions[r].initial_state;
}

double PupilModel::cross_region_day(std::uint32_t id) const {
  const Pupil& p = pupils_[id];
  if (!config_.cross_region.enabled || p.waiting_for < 0 || scenario_.regions.empty()) return Pupil::NEVER;
  const auto k = static_cast<std::size_t>(p.waiting_for);
  // One pool serves every region: there is nowhere else to look.
  if (config_.provisions[k].serves.empty()) return Pupil::NEVER;
  if (scenario_.regions[region_of(id)].neighbours.empty()) return Pupil::NEVER;
  const std::optional<double> since = provisions_[k].waiting_since(id);
  if (!since) return Pupil::NEVER;
  // After after_days on the list, and again every after_days while the pupil waits on. The slack keeps a
  // look made at its own day from planning itself for that day again.
  const double every = config_.cross_region.after_days;
  const double looks_done = std::floor((sim_.now() - *since) / every + 1e-9);
  return *since + every * std::max(1.0, looks_done + 1.0);
}

void PupilModel::on_cross_region(std::uint32_t id) {
  Pupil& p = pupils_[id];
  const double now = sim_.now();
  const std::size_t region = region_of(id);
  const int own = p.waiting_for;
  if (own < 0) throw std::logic_error("a cross-region look for a pupil that is not waiting");
  for (const std::uint16_t neighbour : scenario_.regions[region].neighbours) {
    const int k = serving(own, neighbour);
    // A provision the neighbour shares with the pupil's region is the one it waits for.
    if (config_.serves_region(static_cast<std::size_t>(k), region)) continue;
    engine::Provision& prov = provisions_[static_cast<std::size_t>(k)];
    // Only a place nobody of that region waits for: a full neighbouring region is a real constraint.
    if (prov.occupancy() >= prov.capacity() || prov.queue_length() > 0) continue;
    trace(id, "cross_region", config_.provisions[static_cast<std::size_t>(own)].name,
          config_.provisions[static_cast<std::size_t>(k)].name);
    leave_waiting_list(id);
    p.waiting_for = static_cast<std::int16_t>(k);  // so an admission reported during request finds the pupil
    if (prov.request(now, id, queue_key(p, k)) != engine::RequestOutcome::Admitted)
      throw std::logic_error("a free place of " + prov.name() + " did not admit a pupil from another region");
    p.waiting_for = -1;
    enter_provision(id, k);
    return;
  }
  schedule_next(id);
}

}  // namespace ozsim::model
