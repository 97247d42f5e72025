#include "sim/model/routing.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "sim/model/pupil_model.hpp"

namespace ozsim::model {

std::size_t pick(engine::RandomStream& rng, std::span<const double> probability) {
  const double u = rng.uniform01();
  double cumulative = 0.0;
  for (std::size_t i = 0; i < probability.size(); ++i) {
    cumulative += probability[i];
    if (u < cumulative) return i;
  }
  // Rounding can leave the sum a hair below 1: the last non-zero option takes the remainder.
  for (std::size_t i = probability.size(); i-- > 0;)
    if (probability[i] > 0.0) return i;
  return 0;
}

const RuleRow* match_rule(const std::vector<RuleRow>& rules, Level level, Profile profile, int severity) {
  for (const RuleRow& row : rules) {
    if (row.level && *row.level != level) continue;
    if (row.profile && *row.profile != profile) continue;
    if (severity < row.min_severity) continue;
    return &row;
  }
  return nullptr;
}

const RuleRow* PupilModel::match(const std::vector<RuleRow>& rules, const Pupil& p) const {
  return match_rule(rules, level_of(p, sim_.now()), p.profile, p.severity);
}

const std::vector<RuleRow>& PupilModel::rules_for(Setting s) const {
  const std::vector<RuleRow>& rules = free_rules_[static_cast<std::size_t>(s)];
  if (rules.empty()) throw std::logic_error(std::string("no rules for setting ") + setting_name(s));
  return rules;
}

Level PupilModel::level_of(const Pupil& p, double day) const {
  return SchoolCalendar::age_in_years(p.birth_day, day) < config_.population.po_vo_age ? Level::Po
                                                                                       : Level::Vo;
}

double PupilModel::vo_day(const Pupil& p) const {
  return p.birth_day + SchoolCalendar::years_to_days(config_.population.po_vo_age);
}

// How long the pupil stays where it now is: the matching row's duration, stretched by the duration trend.
void PupilModel::start_sojourn(std::uint32_t id, const std::vector<RuleRow>& rules, double* elapsed,
                               double min_elapsed, double max_elapsed, Purpose purpose) {
  Pupil& p = pupils_[id];
  if (counter_index(purpose) >= COUNTED_PURPOSE_COUNT)
    throw std::logic_error("start_sojourn(): purpose without a counter");
  const SojournDraw drawn = draw_sojourn(p, p.setting, rules, p.draws[counter_index(purpose)],
                                         elapsed != nullptr, min_elapsed, max_elapsed, purpose, sim_.now());
  ++p.draws[counter_index(purpose)];
  if (elapsed != nullptr) *elapsed = drawn.elapsed;
  begin_sojourn(id, drawn.duration);
  schedule_next(id);
}

PupilModel::SojournDraw PupilModel::draw_sojourn(const Pupil& p, Setting setting,
                                                 const std::vector<RuleRow>& rules, std::uint16_t counter,
                                                 bool in_progress, double min_elapsed, double max_elapsed,
                                                 Purpose purpose, double now) const {
  const Level level = level_of(p, now);
  const RuleRow* row = match_rule(rules, level, p.profile, p.severity);
  if (row == nullptr)
    throw std::logic_error(std::string("no rule matches a pupil in ") + setting_name(setting));
  engine::RandomStream rng = entity_stream(purpose, p.serial, counter);
  SojournDraw drawn;
  if (in_progress) {
    // Rejection on the joint law of (elapsed, remaining); after a few dozen misses the spell is taken to
    // have begun at the nearest end of its window.
    constexpr int TRIES = 64;
    const auto outside = [&](double e) { return e > max_elapsed || e < min_elapsed; };
    engine::Distribution::InProgress spell = row->duration.sample_in_progress(rng);
    for (int attempt = 1; attempt < TRIES && outside(spell.elapsed); ++attempt)
      spell = row->duration.sample_in_progress(rng);
    spell.elapsed = std::clamp(spell.elapsed, min_elapsed, max_elapsed);
    drawn.duration = spell.remaining;
    drawn.elapsed = spell.elapsed;
  } else {
    drawn.duration = row->duration.sample(rng);
  }
  const auto& stretched = config_.trends.duration_settings;
  if (std::find(stretched.begin(), stretched.end(), setting) != stretched.end() &&
      trend_applies(config_.trends.duration_levels, level)) {
    const double multiplier =
        trend_multiplier(config_, config_.trends.duration_multiplier, SchoolCalendar::year_index_at(now));
    drawn.duration *= multiplier;
    if (in_progress) drawn.elapsed *= multiplier;
  }
  for (const StayTrend& trend : config_.trends.stays) {
    if (std::find(trend.settings.begin(), trend.settings.end(), setting) == trend.settings.end() ||
        !trend_applies(trend.levels, level))
      continue;
    const double multiplier = series_multiplier(trend.years, trend.multiplier,
                                                calendar_.calendar_year(SchoolCalendar::year_index_at(now)));
    drawn.duration *= multiplier;
    if (in_progress) drawn.elapsed *= multiplier;
  }
  return drawn;
}

void PupilModel::begin_sojourn(std::uint32_t id, double duration) {
  Pupil& p = pupils_[id];
  p.planned_day = sim_.now() + std::max(duration, 0.0);
  p.sojourn_paused = false;
  p.deadline_day = Pupil::NEVER;
}

bool PupilModel::route_trend_applies(const RuleRow& row, const Pupil& p) const {
  for (const RouteTrend& trend : config_.trends.routes)
    if (std::find(row.to.begin(), row.to.end(), trend.to) != row.to.end() &&
        trend_applies(trend.levels, level_of(p, sim_.now())))
      return true;
  return false;
}

void PupilModel::apply_route_trends(const std::vector<Destination>& to, std::vector<double>& probability,
                                    const Pupil& p) const {
  const int year = calendar_.calendar_year(SchoolCalendar::year_index_at(sim_.now()));
  const Level level = level_of(p, sim_.now());
  for (const RouteTrend& trend : config_.trends.routes) {
    const auto at = std::find(to.begin(), to.end(), trend.to);
    if (at == to.end() || !trend_applies(trend.levels, level)) continue;
    const auto i = static_cast<std::size_t>(at - to.begin());
    const double before = probability[i];
    const double after = std::min(1.0, before * series_multiplier(trend.years, trend.multiplier, year));
    const double rest = 1.0 - before;
    for (std::size_t j = 0; j < probability.size(); ++j)
      if (j != i) probability[j] = rest > 0.0 ? probability[j] * (1.0 - after) / rest : 0.0;
    probability[i] = after;
  }
}

void PupilModel::route_from_rules(std::uint32_t id, const std::vector<RuleRow>& rules) {
  Pupil& p = pupils_[id];
  const RuleRow* row = match(rules, p);
  if (row == nullptr)
    throw std::logic_error(std::string("no routing rule matches a pupil leaving ") + setting_name(p.setting));
  engine::RandomStream rng = stream(id, Purpose::Routing);
  const double back_to_school = mdo_back_to_school_share(p);
  const bool trended = route_trend_applies(*row, p);
  if (back_to_school <= 0.0 && !trended) {
    go_to(id, row->to[pick(rng, row->probability)]);
    return;
  }
  // The changed row goes into buffers kept between calls (a routing a pupil in ten is changed: an allocation
  // each was a tenth of routing). go_to may route again, into the same buffers, so it gets a copy of the
  // destination.
  std::vector<Destination>& to = route_to_buffer_;
  std::vector<double>& probability = route_probability_buffer_;
  to.assign(row->to.begin(), row->to.end());
  probability.assign(row->probability.begin(), row->probability.end());
  if (trended) apply_route_trends(to, probability, p);
  if (back_to_school <= 0.0) {
    const Destination chosen = to[pick(rng, probability)];
    go_to(id, chosen);
    return;
  }
  // The same single draw picks from the row with the MDO's share moved to school: a pupil the MDO did not
  // turn round goes where it would have gone without it.
  const Destination school{Destination::Type::Setting, static_cast<std::uint16_t>(Setting::Attending)};
  double moved = 0.0;
  for (std::size_t i = 0; i < to.size(); ++i) {
    if (to[i] == school) continue;
    moved += probability[i] * back_to_school;
    probability[i] *= 1.0 - back_to_school;
  }
  const auto at = std::find(to.begin(), to.end(), school);
  if (at == to.end()) {
    to.push_back(school);
    probability.push_back(moved);
  } else {
    probability[static_cast<std::size_t>(at - to.begin())] += moved;
  }
  const Destination chosen = to[pick(rng, probability)];
  go_to(id, chosen);
}

void PupilModel::go_to(std::uint32_t id, const Destination& d, int depth) {
  switch (d.type) {
    case Destination::Type::Setting:
      enter_free_setting(id, static_cast<Setting>(d.index));
      return;
    case Destination::Type::Exit:
      exit_pupil(id, static_cast<ExitReason>(d.index));
      return;
    case Destination::Type::Provision:
      // Rules name a provision's kind: the pupil asks the one that serves its region.
      request_place(id, serving(static_cast<int>(d.index), region_of(id)), depth);
      return;
  }
}

// Not eligible, or the list is full: the provision's first fallback, else its waiting setting.
void PupilModel::try_fallback(std::uint32_t id, int k, int depth) {
  const ProvisionConfig& pc = config_.provisions[static_cast<std::size_t>(k)];
  // Fallback chains are short in practice; the depth guard turns a configured cycle into a clear error.
  if (depth > 8)
    throw std::logic_error("fallback chain longer than 8 from provision " + pc.name + " (a cycle?)");
  if (pc.fallback.empty()) {
    enter_free_setting(id, pc.wait_in);
    return;
  }
  go_to(id, pc.fallback.front(), depth + 1);
}

}  // namespace ozsim::model
