// The calendar's events: a school year starts (intake, ageing, policies that start that year), the peildatum
// count, the monthly sample and the end of the warm-up.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "sim/model/kpis.hpp"
#include "sim/model/pupil_model.hpp"

namespace ozsim::model {
namespace {

std::size_t idx(Setting s) {
  return static_cast<std::size_t>(s);
}

}  // namespace

void PupilModel::on_school_year_start(int year_index) {
  const double now = sim_.now();
  const int calendar_year = calendar_.calendar_year(year_index);
  // The arrivals drawn ahead during the year before: the thread that drew them reads the policy in force
  // (config_), so it is joined before a policy starts.
  std::vector<DrawnArrival> ahead = take_drawn_ahead(year_index);
  for (const PolicyStart& start : scenario_.policy_starts)
    if (start.year == calendar_year) start_policy(*start.config, calendar_year);
  // The RET's places are a number per school year.
  ret_places_left_ = config_.ret.enabled ? config_.ret.places_per_year : 0;
  for (std::size_t k = 0; k < provisions_.size(); ++k) {
    for (const CapacityChange& change : config_.provisions[k].capacity_changes) {
      if (change.year != calendar_year) continue;
      engine::Provision& prov = provisions_[k];
      prov.set_capacity(now, change.capacity);
      overflow_allowance_[k] = std::max<std::int64_t>(0, prov.occupancy() - prov.capacity());
    }
  }
  // Referrals from outside the region at this year's rate, to the places this year has.
  restart_catchment_arrivals();
  // The initial population is the state on day 0, its youngest year group and its in-migrants included:
  // arrivals on day 0 as well would be a second cohort that moves through the years and leaves at max_age.
  if (year_index > 0) {
    const std::vector<Arrival> arrivals = arrivals_of_year(year_index);
    const std::uint64_t drawn_ahead_before = arrivals_drawn_ahead_;
    std::uint64_t arriving = 0;
    for (std::size_t a = 0; a < arrivals.size(); ++a) {
      arrive(arrivals[a], a < ahead.size() ? &ahead[a] : nullptr);
      arriving += static_cast<std::uint64_t>(arrivals[a].count);
    }
    take_sorted_exits(year_index, arrivals_drawn_ahead_ - drawn_ahead_before == arriving);
  }
  recycle_drawn_ahead(std::move(ahead));
  draw_arrivals_ahead(year_index + 1);
}

void PupilModel::start_policy(const ScenarioConfig& policy, int calendar_year) {
  const double now = sim_.now();
  const bool mdo_starts = policy.mdo.enabled && !active_.mdo.enabled;
  const bool ret_starts = policy.ret.enabled && !active_.ret.enabled;
  bool referrals_start = false;
  for (std::size_t slot = 0; slot < SPELL_REFERRAL_SLOTS; ++slot)
    if (policy.spell_referrals[slot].enabled && !active_.spell_referrals[slot].enabled) {
      spell_referral_from_day_[slot] = now;
      referrals_start = true;
    }
  active_ = policy;
  for (const FreeSettingRules& f : active_.free_settings) free_rules_[idx(f.setting)] = f.rules;
  if (active_.ret.enabled) free_rules_[idx(Setting::Maatwerk)] = {active_.ret.place};
  // Places as the new policy has them this year; its changes in later years follow as usual.
  for (std::size_t k = 0; k < provisions_.size(); ++k) {
    const ProvisionConfig& pc = active_.provisions[k];
    std::int64_t capacity = pc.capacity;
    for (const CapacityChange& change : pc.capacity_changes)
      if (change.year <= calendar_year) capacity = change.capacity;
    engine::Provision& prov = provisions_[k];
    if (capacity == prov.capacity()) continue;
    prov.set_capacity(now, capacity);
    overflow_allowance_[k] = std::max<std::int64_t>(0, prov.occupancy() - prov.capacity());
  }
  // JOS starts, stops or changes size with the policy; cases under way run their course.
  if (active_.jos.places != jos_.capacity()) jos_.set_capacity(now, active_.jos.places);
  // Pupils on a waiting list may now be due an escalation the old policy did not have; pupils absent now are
  // due an MDO review or a RET escalation if they reach its after_days from today on.
  if (mdo_starts) mdo_from_day_ = now;
  if (ret_starts) ret_from_day_ = now;
  const bool reviews_start = mdo_starts || ret_starts;
  // In order of creation: reviews already due are all planned for now, and the event queue takes events
  // at one time in the order they were planned; slots are in the order pupils happened to leave.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> due;  // (serial, id)
  for (std::uint32_t id = 0; id < pupils_.size(); ++id) {
    const Pupil& p = pupils_[id];
    // A pupil that left keeps its last absence start in its slot: it has nothing to plan.
    if (p.setting == Setting::Exited) continue;
    if (p.waiting_for >= 0 || (reviews_start && p.absence_since != Pupil::NEVER) ||
        (referrals_start && p.setting != Setting::Attending))
      due.emplace_back(p.serial, id);
  }
  std::sort(due.begin(), due.end());
  for (const auto& [serial, id] : due) schedule_next(id);
}

void PupilModel::route_on_arrival(std::uint32_t id, const std::vector<IntakeRoute>& routes,
                                  std::string_view what) {
  if (routes.empty()) return;
  // One routing draw each, only where a route exists: a pupil's later draws stay those of a run without.
  const double u = stream(id, Purpose::Routing).uniform01();
  double cumulative = 0.0;
  for (const IntakeRoute& route : routes) {
    cumulative += route.share;
    if (u < cumulative) {
      if (options_.trace) trace(id, what, "attending", destination_name(config_, route.to));
      go_to(id, route.to);
      return;
    }
  }
}

void PupilModel::on_peildatum(int year_index) {
  const double now = sim_.now();
  PeildatumCounts counts;
  for (std::uint32_t id : home_pupils_)
    if (now - pupils_[id].home_since > config_.kpi.norm_days) ++counts.home_over_norm;
  // By level (PO or VO age), which the ledger's counts do not keep: one pass over the pupils a year.
  counts.waiting_by_level.assign(provisions_.size(), {});
  if (ledger_.region_count() > 1) counts.waiting_by_region.assign(ledger_.region_count(), 0);
  for (const Pupil& p : pupils_) {
    if (p.setting == Setting::Exited) continue;
    const auto level = static_cast<std::size_t>(level_of(p, now));
    ++counts.by_level[idx(p.setting)][level];
    if (p.waiting_for >= 0) {
      ++counts.waiting_by_level[static_cast<std::size_t>(p.waiting_for)][level];
      if (!counts.waiting_by_region.empty()) ++counts.waiting_by_region[region_of_serial(p.serial)];
    }
    // The monitors count a thuiszitter after more than 4 weeks of unexcused absence.
    if (p.setting == Setting::Thuiszitter && now - p.spell_start > scenario_.kpi.thuiszitter_after_days)
      ++counts.long_thuiszitters;
  }
  // Pupils counted in aggregate attend, at their level on this peildatum.
  if (!unmaterialised_peildatum_changes_.empty())
    for (int y = 0; y <= year_index; ++y)
      for (std::size_t level = 0; level < LEVEL_COUNT; ++level)
        counts.by_level[idx(Setting::Attending)][level] +=
            unmaterialised_peildatum_changes_[static_cast<std::size_t>(y)][level];
  // Catchment referrals on a list are on it too, by their level.
  for (const CatchmentReferral& r : catchment_referrals_)
    if (r.state == CatchmentReferral::State::Waiting)
      ++counts.waiting_by_level[static_cast<std::size_t>(r.provision)][static_cast<std::size_t>(r.level)];
  ledger_.take_peildatum(year_index, provisions_, std::move(counts));
}

void PupilModel::on_monthly_sample() {
  std::vector<double> row;
  row.reserve(SETTING_COUNT + provisions_.size());
  for (std::size_t s = 0; s + 1 < SETTING_COUNT; ++s) row.push_back(static_cast<double>(ledger_.counts()[s]));
  for (const engine::Provision& prov : provisions_) row.push_back(static_cast<double>(prov.occupancy()));
  for (const engine::Provision& prov : provisions_) row.push_back(static_cast<double>(prov.queue_length()));
  // Each region's pupils per setting (reduce_run names them <setting>@<region>).
  for (std::size_t r = 0; r < scenario_.regions.size(); ++r)
    for (std::size_t s = 0; s + 1 < SETTING_COUNT; ++s)
      row.push_back(static_cast<double>(ledger_.region_count(r, static_cast<Setting>(s))));
  series_days_.push_back(sim_.now());
  series_values_.push_back(std::move(row));
}

void PupilModel::on_warmup_end() {
  const double now = sim_.now();
  ledger_.warmup_ended(now);
  for (engine::Provision& prov : provisions_) prov.reset_statistics(now);
  jos_.reset_statistics(now);
}

}  // namespace ozsim::model
