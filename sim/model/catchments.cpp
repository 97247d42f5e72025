// Referrals from a catchment outside the modelled population (CatchmentInflow): the OOV and the
// opbouwarrangement serve Midden-Holland and Rijnstreek, a regional treatment place a wider area. They
// compete with the region's pupils for places and waiting-list turns, but are no pupils: they have no
// setting, no home time and no flows, and leave the model when their stay ends. Their draws come from streams
// of their own (Purpose::Catchment), so every pupil keeps its own draws.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/model/onset.hpp"
#include "sim/model/pupil_model.hpp"
#include "sim/model/routing.hpp"

namespace ozsim::model {
namespace {

// The day a referral of this level counts as VO in the ledger's split by level: its level does not change
// during the stay (stays are short, and its age is not modelled).
double catchment_vo_day(Level level) {
  return level == Level::Vo ? -std::numeric_limits<double>::infinity()
                            : std::numeric_limits<double>::infinity();
}

}  // namespace

engine::RandomStream PupilModel::catchment_stream(int k, bool arrivals) {
  // Entity 2k is provision k's arrival clock, 2k + 1 its referrals (one stream each): a rate that changes
  // at a school-year start redraws the clock but leaves the referrals' own draws as they were.
  const auto provision = static_cast<std::size_t>(k);
  std::uint64_t& counter =
      arrivals ? catchment_arrival_draws_[provision] : catchment_referral_draws_[provision];
  return entity_stream(Purpose::Catchment, 2 * static_cast<std::uint64_t>(k) + (arrivals ? 0 : 1), counter++);
}

double PupilModel::catchment_per_year(int k) const {
  const auto provision = static_cast<std::size_t>(k);
  const std::optional<CatchmentInflow>& catchment = config_.provisions[provision].catchment;
  // Nobody refers to a provision without places (the opbouwarrangement before it is funded).
  if (!catchment || provisions_[provision].capacity() <= 0) return 0.0;
  const int year = calendar_.calendar_year(SchoolCalendar::year_index_at(sim_.now()));
  return static_cast<double>(count_in_year(catchment->referrals, year));
}

void PupilModel::place_initial_catchments() {
  for (std::size_t k = 0; k < provisions_.size(); ++k) {
    const std::optional<CatchmentInflow>& catchment = config_.provisions[k].catchment;
    if (!catchment) continue;
    for (std::int64_t i = 0; i < catchment->initial_occupants; ++i)
      refer_from_catchment(static_cast<int>(k), true);
  }
}

void PupilModel::restart_catchment_arrivals() {
  for (std::size_t k = 0; k < provisions_.size(); ++k) {
    sim_.cancel(catchment_arrival_[k]);
    catchment_arrival_[k] = {};
    const double per_year = catchment_per_year(static_cast<int>(k));
    if (per_year <= 0.0) continue;
    engine::RandomStream rng = catchment_stream(static_cast<int>(k), true);
    const double when = sim_.now() - std::log(rng.uniform01()) / per_year * DAYS_PER_YEAR;
    if (when <= calendar_.horizon_day())
      catchment_arrival_[k] = sim_.schedule_at(when, CatchmentArrival, 0, k);
  }
}

void PupilModel::refer_from_catchment(int k, bool in_progress) {
  const double now = sim_.now();
  const auto provision = static_cast<std::size_t>(k);
  const ProvisionConfig& pc = config_.provisions[provision];
  if (!pc.catchment)
    throw std::logic_error("a catchment referral arrived at " + pc.name + ", which has none");
  const CatchmentInflow& catchment = *pc.catchment;

  // Who it is, from its own stream, in this order: level, profile (among those the provision admits, in the
  // proportions of a problem onset at that level), severity, the length of its stay.
  engine::RandomStream rng = catchment_stream(k, false);
  CatchmentReferral r;
  r.provision = static_cast<std::int16_t>(k);
  r.requested_at = now;
  r.level = rng.uniform01() < catchment.vo_share ? Level::Vo : Level::Po;
  const auto& shares = config_.onset.profile_share[static_cast<std::size_t>(r.level)];
  std::vector<double> weights;
  for (const Profile profile : PROBLEM_PROFILES) {
    const bool admitted = pc.eligible_profiles.empty() ||
                          std::find(pc.eligible_profiles.begin(), pc.eligible_profiles.end(), profile) !=
                              pc.eligible_profiles.end();
    weights.push_back(admitted ? shares[static_cast<std::size_t>(profile)] : 0.0);
  }
  const std::size_t drawn = pick(rng, weights);
  r.profile = weights[drawn] > 0.0 || pc.eligible_profiles.empty() ? PROBLEM_PROFILES[drawn]
                                                                   : pc.eligible_profiles.front();
  const auto& severity = config_.onset.severity_share;
  r.severity = static_cast<std::uint8_t>(1 + pick(rng, std::array{severity[0], severity[1], severity[2]}));
  const RuleRow* row = match_rule(pc.rules, r.level, r.profile, r.severity);
  if (row == nullptr)
    throw std::logic_error("no rule of " + pc.name + " matches a referral from its catchment " +
                           catchment.name);
  double stay = in_progress ? row->duration.sample_in_progress(rng).remaining : row->duration.sample(rng);
  const auto& stretched = config_.trends.duration_settings;
  if (std::find(stretched.begin(), stretched.end(), pc.setting) != stretched.end() &&
      trend_applies(config_.trends.duration_levels, r.level))
    stay *= trend_multiplier(config_, config_.trends.duration_multiplier, SchoolCalendar::year_index_at(now));
  r.stay_days = std::max(stay, 0.0);

  const std::uint64_t serial = catchment_referrals_.size();
  catchment_referrals_.push_back(r);
  if (!in_progress) ledger_.catchment_referred(now, provision);
  // The queue rule orders it as it would a pupil with what is known of it: its severity; no time at home in
  // the region, and no lever of the region (MDO, RET, the 3-month norm) moves it up.
  const double key = pc.queue_rule == QueueRule::Severity ? -static_cast<double>(r.severity) : 0.0;
  switch (provisions_[provision].request(now, CATCHMENT_ENTITY_BASE + serial, key)) {
    case engine::RequestOutcome::Admitted:
      place_catchment_referral(serial, k, in_progress);
      break;
    case engine::RequestOutcome::Queued:
      ledger_.catchment_waiting(sim_.now(), provision, 1);
      if (pc.max_wait_days && now + *pc.max_wait_days <= calendar_.horizon_day())
        catchment_referrals_[serial].pending =
            sim_.schedule_at(now + *pc.max_wait_days, CatchmentRenege, 0, serial);
      break;
    case engine::RequestOutcome::Rejected:
      catchment_referrals_[serial].state = CatchmentReferral::State::Gone;
      ledger_.catchment_turned_away(now, provision);
      break;
  }
}

void PupilModel::on_catchment_arrival(int k) {
  const double now = sim_.now();
  const auto provision = static_cast<std::size_t>(k);
  refer_from_catchment(k, false);
  const double per_year = catchment_per_year(k);
  catchment_arrival_[provision] = {};
  if (per_year <= 0.0) return;
  engine::RandomStream clock = catchment_stream(k, true);
  const double next = now - std::log(clock.uniform01()) / per_year * DAYS_PER_YEAR;
  if (next <= calendar_.horizon_day())
    catchment_arrival_[provision] = sim_.schedule_at(next, CatchmentArrival, 0, provision);
}

void PupilModel::place_catchment_referral(std::uint64_t serial, int k, bool in_progress) {
  CatchmentReferral& r = catchment_referrals_[serial];
  const double now = sim_.now();
  r.state = CatchmentReferral::State::Placed;
  ledger_.catchment_admitted(now, static_cast<std::size_t>(k), now - r.requested_at,
                             catchment_vo_day(r.level), in_progress);
  const double end = now + r.stay_days;
  r.pending = end <= calendar_.horizon_day() ? sim_.schedule_at(end, CatchmentStayEnd, 0, serial)
                                             : engine::EventHandle{};
}

void PupilModel::on_catchment_admitted(std::uint64_t serial, int k) {
  CatchmentReferral& r = catchment_referrals_.at(serial);
  if (r.state != CatchmentReferral::State::Waiting || r.provision != k)
    throw std::logic_error("admitted catchment referral was not waiting for " +
                           config_.provisions[static_cast<std::size_t>(k)].name);
  sim_.cancel(r.pending);
  ledger_.catchment_waiting(sim_.now(), static_cast<std::size_t>(k), -1);
  place_catchment_referral(serial, k);
}

void PupilModel::on_catchment_stay_end(std::uint64_t serial) {
  CatchmentReferral& r = catchment_referrals_.at(serial);
  const auto k = static_cast<std::size_t>(r.provision);
  r.state = CatchmentReferral::State::Gone;
  r.pending = {};
  ledger_.catchment_left(sim_.now(), k, catchment_vo_day(r.level));
  provisions_[k].release(sim_.now(), CATCHMENT_ENTITY_BASE + serial);  // may admit the next on the list
}

void PupilModel::on_catchment_renege(std::uint64_t serial) {
  CatchmentReferral& r = catchment_referrals_.at(serial);
  const auto k = static_cast<std::size_t>(r.provision);
  r.state = CatchmentReferral::State::Gone;
  r.pending = {};
  if (!provisions_[k].renege(sim_.now(), CATCHMENT_ENTITY_BASE + serial))
    throw std::logic_error("a catchment referral gave up a list of " + config_.provisions[k].name +
                           " it was not on");
  ledger_.catchment_waiting(sim_.now(), k, -1);
  ledger_.catchment_turned_away(sim_.now(), k);
}

}  // namespace ozsim::model
