// Waiting lists: asking a provision for a place, waiting (and where), being
// admitted, giving up, leaving a place, and moving up a list (MDO/RET
// escalation, the 3-month norm). Every list is an engine priority list; the
// key decides the order and equal keys keep arrival order.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "sim/model/pupil_model.hpp"

namespace ozsim::model {
namespace {

// A queue key that puts escalated (MDO/RET) cases ahead of every ordinary key.
constexpr double ESCALATED_KEY = -1e12;
// Under "3-month norm first", pupils past the norm get this key plus the day they went home, so they come
// after escalated cases, before everyone else, and the longest at home first.
constexpr double NORM_BREACHED_KEY = -1e9;

}  // namespace

void PupilModel::request_place(std::uint32_t id, int k, int depth, bool assessed) {
  Pupil& p = pupils_[id];
  const ProvisionConfig& pc = config_.provisions[static_cast<std::size_t>(k)];
  const Level level = level_of(p, sim_.now());
  const bool level_ok =
      pc.eligible_levels.empty() ||
      std::find(pc.eligible_levels.begin(), pc.eligible_levels.end(), level) != pc.eligible_levels.end();
  const bool profile_ok = pc.eligible_profiles.empty() ||
                          std::find(pc.eligible_profiles.begin(), pc.eligible_profiles.end(), p.profile) !=
                              pc.eligible_profiles.end();
  if (!level_ok || !profile_ok) {
    trace(id, "not_eligible", pc.name, "");
    try_fallback(id, k, depth);
    return;
  }
  if (pc.assessment_days && !assessed && p.setting == Setting::Attending) {
    // The application term (an OZA's 6 weeks) is the wait, and the pupil keeps its education meanwhile: it
    // stays in school, and asks for the place when the assessment is done.
    p.assessed_for = static_cast<std::int16_t>(k);
    p.planned_day = sim_.now() + *pc.assessment_days;
    trace(id, "assessment", pc.name, "attending");
    schedule_next(id);
    return;
  }
  engine::Provision& prov = provisions_[static_cast<std::size_t>(k)];
  p.waiting_for = static_cast<std::int16_t>(k);  // so an admission reported during request finds the pupil
  const engine::RequestOutcome outcome = prov.request(sim_.now(), id, queue_key(p, k));
  switch (outcome) {
    case engine::RequestOutcome::Admitted:
      p.waiting_for = -1;
      enter_provision(id, k);
      return;
    case engine::RequestOutcome::Rejected:
      p.waiting_for = -1;
      trace(id, "list_full", pc.name, "");
      try_fallback(id, k, depth);
      return;
    case engine::RequestOutcome::Queued:
      break;
  }
  // "Care comes first": waiting for treatment means waiting at home with education on hold, with the
  // absence status the pupil has (excused unless it was already an unexcused thuiszitter or not enrolled).
  const bool care_first = pc.is_care && config_.care_first;
  const bool unexcused = p.setting == Setting::Thuiszitter || p.setting == Setting::AbsoluutVerzuim;
  const Setting wait_in = !care_first                         ? pc.wait_in
                          : !config_.care_waiters_keep_status ? Setting::Thuiszitter
                          : unexcused                         ? p.setting
                                                              : Setting::Risicoleerling;
  if (p.setting != wait_in) set_setting(id, wait_in, "wait");
  trace(id, "queued", pc.name, setting_name(wait_in));
  if (pc.is_care && !care_first) {
    // The education route goes on while the pupil waits for care.
    start_sojourn(id, rules_for(wait_in));
  } else {
    p.planned_day = Pupil::NEVER;
    p.sojourn_paused = true;
  }
  p.deadline_day = pc.max_wait_days ? sim_.now() + *pc.max_wait_days : Pupil::NEVER;
  schedule_next(id);
}

double PupilModel::queue_key(const Pupil& p, int k) const {
  const double now = sim_.now();
  switch (config_.provisions[static_cast<std::size_t>(k)].queue_rule) {
    case QueueRule::Fifo:
      return 0.0;
    case QueueRule::Severity:
      return -static_cast<double>(p.severity);
    case QueueRule::TimeAtHome: {
      const double current = p.home_since != Pupil::NEVER ? now - p.home_since : 0.0;
      return -(static_cast<double>(p.home_days_total) + current);
    }
    case QueueRule::NormFirst:
      // Past the norm: ahead of everyone not past it, longest at home first. The others wait in FIFO order
      // until a PupilNormBreach event moves them up.
      return p.home_since != Pupil::NEVER && now - p.home_since > config_.kpi.norm_days
                 ? NORM_BREACHED_KEY + p.home_since
                 : 0.0;
  }
  return 0.0;
}

void PupilModel::leave_place(std::uint32_t id) {
  Pupil& p = pupils_[id];
  const auto k = static_cast<std::size_t>(p.provision);
  p.provision = -1;
  engine::Provision& prov = provisions_[k];
  const bool over = overflow_allowance_[k] > 0;
  ledger_.place_left(sim_.now(), k, vo_day(p));
  if (const std::size_t region = region_of(id); !config_.serves_region(k, region))
    ledger_.out_of_region(sim_.now(), region, -1);
  prov.release(sim_.now(), id);  // may admit the next waiting pupil through on_admitted
  if (over) overflow_allowance_[k] = std::max<std::int64_t>(0, prov.occupancy() - prov.capacity());
}

void PupilModel::leave_waiting_list(std::uint32_t id) {
  Pupil& p = pupils_[id];
  const auto k = static_cast<std::size_t>(p.waiting_for);
  provisions_[k].renege(sim_.now(), id);
  p.waiting_for = -1;
  p.sojourn_paused = false;
}

void PupilModel::on_admitted(const engine::Admission& admission, int k) {
  if (is_catchment_entity(admission.entity)) {
    on_catchment_admitted(admission.entity - CATCHMENT_ENTITY_BASE, k);
    return;
  }
  const auto id = static_cast<std::uint32_t>(admission.entity);
  Pupil& p = pupils_[id];
  if (p.waiting_for != k)
    throw std::logic_error("admitted pupil was not waiting for " +
                           config_.provisions[static_cast<std::size_t>(k)].name);
  p.waiting_for = -1;
  p.sojourn_paused = false;
  enter_provision(id, k);
}

void PupilModel::on_renege(std::uint32_t id) {
  Pupil& p = pupils_[id];
  const ProvisionConfig& pc = config_.provisions[static_cast<std::size_t>(p.waiting_for)];
  leave_waiting_list(id);
  trace(id, "renege", pc.name, pc.on_renege ? destination_name(config_, *pc.on_renege) : "-");
  if (pc.on_renege)
    go_to(id, *pc.on_renege);
  else
    start_sojourn(id, rules_for(p.setting));
}

void PupilModel::on_escalation(std::uint32_t id) {
  Pupil& p = pupils_[id];
  p.escalated = true;
  ledger_.escalated(sim_.now(), level_of(p, sim_.now()));
  trace(id, "escalation", setting_name(p.setting), "");
  rejoin_list(id, ESCALATED_KEY);
}

void PupilModel::on_mdo_review(std::uint32_t id) {
  Pupil& p = pupils_[id];
  const MdoConfig& mdo = config_.mdo;
  const double now = sim_.now();
  p.mdo_reviewed = true;
  ledger_.mdo_case(now, level_of(p, now));
  trace(id, "mdo_review", setting_name(p.setting), "");
  if (p.sojourn_paused) {
    // Waiting for a place with education on hold: the MDO gets the search for education going again beside
    // the wait (as with care_first = false); where that route ends, the pupil leaves the list. The spell is
    // drawn from the pupil's MDO stream, so its own later draws are those of the run without the MDO.
    const double deadline = p.deadline_day;
    start_sojourn(id, rules_for(p.setting), nullptr, 0.0, Pupil::NEVER, Purpose::Escalation);
    p.deadline_day = deadline;
  }
  if (p.planned_day != Pupil::NEVER && p.planned_day > now)
    p.planned_day = now + mdo.remaining_duration_factor * (p.planned_day - now);
  schedule_next(id);
}

void PupilModel::on_assessed(std::uint32_t id) {
  Pupil& p = pupils_[id];
  const int k = p.assessed_for;
  p.assessed_for = -1;
  request_place(id, k, 0, true);
}

void PupilModel::on_ret_check(std::uint32_t id) {
  Pupil& p = pupils_[id];
  p.ret_checked = true;
  if (ret_places_left_ <= 0) {
    trace(id, "ret_full", setting_name(p.setting), "");
    schedule_next(id);
    return;
  }
  // Doorzettingsmacht: a place found outside existing provisions, so it takes no provision's place and the
  // pupil gives up any list it was on.
  --ret_places_left_;
  ledger_.ret_case(sim_.now(), level_of(p, sim_.now()));
  trace(id, "ret", setting_name(p.setting), setting_name(Setting::Maatwerk));
  if (p.waiting_for >= 0) leave_waiting_list(id);
  set_setting(id, Setting::Maatwerk, "ret");
  start_sojourn(id, rules_for(Setting::Maatwerk), nullptr, 0.0, Pupil::NEVER, Purpose::Escalation);
}

double PupilModel::spell_referral_day(const Pupil& p, std::size_t slot) const {
  const SpellReferralConfig& r = config_.spell_referrals[slot];
  // Provisions by kind: a region's own copy is the arrangement, or one to refer from.
  const int held =
      p.provision >= 0 ? static_cast<int>(config_.kind_of(static_cast<std::size_t>(p.provision))) : -1;
  if (!r.enabled || ((p.spell_referrals_seen >> slot) & 1U) != 0 || held == r.provision) return Pupil::NEVER;
  const bool from_setting = p.provision < 0 && std::find(r.from_settings.begin(), r.from_settings.end(),
                                                         p.setting) != r.from_settings.end();
  const bool from_provision =
      p.provision >= 0 &&
      std::find(r.from_provisions.begin(), r.from_provisions.end(), held) != r.from_provisions.end();
  if (!from_setting && !from_provision) return Pupil::NEVER;
  const double since = from_setting && p.absence_since != Pupil::NEVER ? p.absence_since : p.spell_start;
  return std::max(since + r.after_days, spell_referral_from_day_[slot]);
}

void PupilModel::on_spell_referral(std::uint32_t id) {
  Pupil& p = pupils_[id];
  const double now = sim_.now();
  for (std::size_t slot = 0; slot < SPELL_REFERRAL_SLOTS; ++slot) {
    if (spell_referral_day(p, slot) > now) continue;
    p.spell_referrals_seen = (p.spell_referrals_seen | (1U << slot)) & 7U;  // SPELL_REFERRAL_SLOTS bits
    const SpellReferralConfig& r = config_.spell_referrals[slot];
    const int k = serving(r.provision, region_of(id));
    const ProvisionConfig& pc = config_.provisions[static_cast<std::size_t>(k)];
    const Level level = level_of(p, now);
    const bool eligible =
        (pc.eligible_levels.empty() || std::find(pc.eligible_levels.begin(), pc.eligible_levels.end(),
                                                 level) != pc.eligible_levels.end()) &&
        (pc.eligible_profiles.empty() || std::find(pc.eligible_profiles.begin(), pc.eligible_profiles.end(),
                                                   p.profile) != pc.eligible_profiles.end());
    // Only the target group draws, so a pupil outside it keeps every draw of the run without the lever.
    if (!eligible || stream(id, Purpose::Escalation).uniform01() >= r.share) continue;
    engine::Provision& prov = provisions_[static_cast<std::size_t>(k)];
    if (prov.occupancy() >= prov.capacity() || prov.queue_length() > 0) {
      trace(id, "referral_full", setting_name(p.setting), pc.name);
      continue;
    }
    trace(id, "spell_referral", setting_name(p.setting), pc.name);
    if (p.waiting_for >= 0) leave_waiting_list(id);
    if (p.provision >= 0) leave_place(id);
    p.waiting_for = static_cast<std::int16_t>(k);
    if (prov.request(now, id, queue_key(p, k)) != engine::RequestOutcome::Admitted)
      throw std::logic_error("a free place of " + pc.name + " did not admit a referred pupil");
    p.waiting_for = -1;
    enter_provision(id, k);
    return;
  }
  schedule_next(id);
}

double PupilModel::mdo_back_to_school_share(const Pupil& p) const {
  if (!config_.mdo.enabled || !p.mdo_reviewed || !is_absence_setting(p.setting)) return 0.0;
  return config_.mdo.extra_back_to_school_share;
}

void PupilModel::on_norm_breach(std::uint32_t id) {
  Pupil& p = pupils_[id];
  p.norm_rekeyed = true;
  trace(id, "norm_breach", setting_name(p.setting), "");
  rejoin_list(id, p.escalated ? ESCALATED_KEY : NORM_BREACHED_KEY + p.home_since);
}

// Re-joining with a new key moves a waiting pupil ahead of those with larger keys.
void PupilModel::rejoin_list(std::uint32_t id, double key) {
  Pupil& p = pupils_[id];
  if (p.waiting_for >= 0) {
    const int k = p.waiting_for;
    engine::Provision& prov = provisions_[static_cast<std::size_t>(k)];
    prov.renege(sim_.now(), id);
    const engine::RequestOutcome outcome = prov.request(sim_.now(), id, key);
    // Nobody waits while a place is free, so re-joining cannot be admitted or rejected.
    if (outcome != engine::RequestOutcome::Queued)
      throw std::logic_error("re-joining a waiting list did not queue");
  }
  schedule_next(id);
}

}  // namespace ozsim::model
