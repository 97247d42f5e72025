// Conservation, checked from scratch: every pupil recounted, every place and
// waiting-list entry matched to a pupil, no provision over its capacity. Tests
// run it after every event (RunOptions::check_invariants).
#include <array>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/model/pupil_model.hpp"

namespace ozsim::model {

void PupilModel::check_invariants() const {
  std::array<std::int64_t, SETTING_COUNT> recount{};
  std::vector<std::int64_t> occupying(provisions_.size(), 0);
  std::vector<std::int64_t> waiting(provisions_.size(), 0);
  std::array<std::int64_t, SETTING_COUNT> on_hold{};
  std::vector<std::array<std::int64_t, SETTING_COUNT>> by_region(
      ledger_.region_count() > 1 ? ledger_.region_count() : 0);
  for (std::size_t id = 0; id < pupils_.size(); ++id) {
    const Pupil& p = pupils_[id];
    ++recount[static_cast<std::size_t>(p.setting)];
    // Time without education counts a waiting pupil with education on hold where it waits, never in school.
    const bool waits_on_hold =
        p.sojourn_paused && p.setting != Setting::Attending && p.setting != Setting::Exited;
    if (p.on_hold_booked != waits_on_hold)
      throw std::logic_error("pupil " + std::to_string(p.serial) +
                             (waits_on_hold ? " waits" : " does not wait") +
                             " with education on hold, but the ledger counts it the other way");
    if (p.on_hold_booked) ++on_hold[static_cast<std::size_t>(p.setting)];
    if (p.provision >= 0) {
      const auto k = static_cast<std::size_t>(p.provision);
      ++occupying[k];
      if (config_.provisions[k].setting != p.setting)
        throw std::logic_error("pupil " + std::to_string(p.serial) + " holds a place in " +
                               config_.provisions[k].name + " but is in " + setting_name(p.setting));
    }
    if (p.waiting_for >= 0) ++waiting[static_cast<std::size_t>(p.waiting_for)];
    const bool at_home = p.setting != Setting::Exited && is_home(p.setting);
    if (at_home != (p.home_slot >= 0) ||
        (at_home && home_pupils_[static_cast<std::size_t>(p.home_slot)] != id))
      throw std::logic_error("pupil " + std::to_string(p.serial) +
                             " is missing from, or wrongly in, the list of pupils at home");
    if (p.setting == Setting::Exited && (p.provision >= 0 || p.waiting_for >= 0))
      throw std::logic_error("exited pupil " + std::to_string(p.serial) + " still holds a place or waits");
    if (ledger_.region_count() > 1 && p.setting != Setting::Exited) {
      const std::size_t region = region_of(static_cast<std::uint32_t>(id));
      ++by_region[region][static_cast<std::size_t>(p.setting)];
      // A pupil waits only on its own region's lists, and holds a place elsewhere only as [cross_region]
      // lets.
      if (p.waiting_for >= 0 && !config_.serves_region(static_cast<std::size_t>(p.waiting_for), region))
        throw std::logic_error("pupil " + std::to_string(p.serial) + " waits for a place of another region");
      if (p.provision >= 0 && !config_.cross_region.enabled &&
          !config_.serves_region(static_cast<std::size_t>(p.provision), region))
        throw std::logic_error("pupil " + std::to_string(p.serial) +
                               " holds a place of another region without cross-region placement");
    }
  }
  // Pupils counted in aggregate attend school (never_materialised.cpp).
  recount[static_cast<std::size_t>(Setting::Attending)] += unmaterialised_attending_;
  for (std::size_t r = 0; r < by_region.size() && r < unmaterialised_by_region_.size(); ++r)
    by_region[r][static_cast<std::size_t>(Setting::Attending)] += unmaterialised_by_region_[r];
  // Every region's pupils, as the ledger counts them (no pupil lost or counted in two regions).
  for (std::size_t r = 0; r < by_region.size(); ++r)
    for (std::size_t s = 0; s < SETTING_COUNT; ++s)
      if (static_cast<Setting>(s) != Setting::Exited &&
          by_region[r][s] != ledger_.region_count(r, static_cast<Setting>(s)))
        throw std::logic_error("region " + std::to_string(r) + " has " + std::to_string(by_region[r][s]) +
                               " pupils in " + setting_name(static_cast<Setting>(s)) + ", the ledger " +
                               std::to_string(ledger_.region_count(r, static_cast<Setting>(s))));
  // Catchment referrals hold places and wait beside the pupils (CatchmentInflow).
  std::vector<std::int64_t> catchment_occupying(provisions_.size(), 0);
  std::vector<std::int64_t> catchment_waiting(provisions_.size(), 0);
  for (std::size_t serial = 0; serial < catchment_referrals_.size(); ++serial) {
    const CatchmentReferral& r = catchment_referrals_[serial];
    const auto k = static_cast<std::size_t>(r.provision);
    const std::uint64_t entity = CATCHMENT_ENTITY_BASE + serial;
    const bool placed = r.state == CatchmentReferral::State::Placed;
    const bool waits = r.state == CatchmentReferral::State::Waiting;
    // Its place is counted below (occupancy against pupils and referrals placed): the provisions keep no
    // table of their occupants (set_keep_occupants).
    if (provisions_[k].is_waiting(entity) != waits)
      throw std::logic_error("catchment referral " + std::to_string(serial) + " of " + provisions_[k].name() +
                             ": its list entry disagrees with the provision");
    if (placed) ++catchment_occupying[k];
    if (waits) ++catchment_waiting[k];
  }
  // Every free slot holds an exited pupil, once; every exited pupil's slot is free.
  std::vector<bool> free(pupils_.size(), false);
  for (std::uint32_t id : free_slots_) {
    if (id >= pupils_.size() || free[id] || pupils_[id].setting != Setting::Exited)
      throw std::logic_error("slot " + std::to_string(id) + " is free twice, or free while a pupil is in it");
    free[id] = true;
  }
  if (static_cast<std::int64_t>(free_slots_.size()) != recount[static_cast<std::size_t>(Setting::Exited)])
    throw std::logic_error("an exited pupil's slot was not freed");
  // The ledger counts every pupil that left; the slots hold the ones whose slot no new pupil has taken yet,
  // and pupils counted in aggregate never had one.
  // Pupils counted in aggregate until their onset's month are in unmaterialised_attending_ until made.
  const auto made = static_cast<std::int64_t>(pupils_created_) - unmaterialised_created_ - deferred_waiting_;
  const std::int64_t reused_slots = made - static_cast<std::int64_t>(pupils_.size());
  recount[static_cast<std::size_t>(Setting::Exited)] +=
      reused_slots + (unmaterialised_created_ + deferred_waiting_ - unmaterialised_attending_);
  std::int64_t total = 0;
  for (std::size_t s = 0; s < SETTING_COUNT; ++s) {
    const std::int64_t counted = ledger_.counts()[s];
    if (recount[s] != counted)
      throw std::logic_error(std::string("count of ") + setting_name(static_cast<Setting>(s)) + " is " +
                             std::to_string(counted) + " but " + std::to_string(recount[s]) +
                             " pupils are there");
    total += counted;
    if (on_hold[s] != ledger_.on_hold(static_cast<Setting>(s)))
      throw std::logic_error(std::string("pupils waiting with education on hold in ") +
                             setting_name(static_cast<Setting>(s)) + ": the ledger counts " +
                             std::to_string(ledger_.on_hold(static_cast<Setting>(s))) + " but " +
                             std::to_string(on_hold[s]) + " are");
  }
  if (total != static_cast<std::int64_t>(pupils_created_))
    throw std::logic_error("pupils lost or duplicated");
  for (std::size_t k = 0; k < provisions_.size(); ++k) {
    const engine::Provision& prov = provisions_[k];
    prov.check_invariants();
    if (catchment_occupying[k] != ledger_.catchment_occupants(k) ||
        catchment_waiting[k] != ledger_.catchment_waiting(k))
      throw std::logic_error("provision " + prov.name() + ": the ledger's catchment referrals disagree");
    if (prov.occupancy() != occupying[k] + catchment_occupying[k])
      throw std::logic_error("provision " + prov.name() + " occupancy " + std::to_string(prov.occupancy()) +
                             " but " + std::to_string(occupying[k]) + " pupils and " +
                             std::to_string(catchment_occupying[k]) + " catchment referrals hold a place");
    if (ledger_.place_occupants(k) != prov.occupancy())
      throw std::logic_error("provision " + prov.name() + ": the ledger's occupants by level disagree");
    if (prov.occupancy() > prov.capacity() + overflow_allowance_[k])
      throw std::logic_error("provision " + prov.name() + " over capacity");
    if (static_cast<std::int64_t>(prov.queue_length()) != waiting[k] + catchment_waiting[k])
      throw std::logic_error("provision " + prov.name() + " waiting list disagrees with the pupils waiting");
  }
  jos_.check_invariants();
}

}  // namespace ozsim::model
