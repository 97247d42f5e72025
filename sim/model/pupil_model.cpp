#include "sim/model/pupil_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace ozsim::model {
namespace {

constexpr double INF = std::numeric_limits<double>::infinity();
// Month lengths of a school year that starts on 1 August (no leap days: a year is 365 days).
constexpr std::array<int, 12> MONTH_DAYS = {31, 30, 31, 30, 31, 31, 28, 31, 30, 31, 30, 31};
// A queue key that puts escalated (MDO/RET) cases ahead of every ordinary key.
constexpr double ESCALATED_KEY = -1e12;
// Under "3-month norm first", pupils past the norm get this key plus the day they went home, so they come
// after escalated cases, before everyone else, and the longest at home first.
constexpr double NORM_BREACHED_KEY = -1e9;

std::size_t idx(Setting s) { return static_cast<std::size_t>(s); }

std::size_t flow_target(Setting s) { return idx(s); }
std::size_t flow_target(ExitReason r) { return SETTING_COUNT - 1 + static_cast<std::size_t>(r); }

std::string flow_target_name(std::size_t t) {
  if (t < SETTING_COUNT - 1) return setting_name(static_cast<Setting>(t));
  return std::string("exit_") + exit_reason_name(static_cast<ExitReason>(t - (SETTING_COUNT - 1)));
}

std::size_t pick(engine::RandomStream& rng, const std::vector<double>& probability) {
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

}  // namespace

PupilModel::PupilModel(const ScenarioConfig& config, std::uint64_t seed, const RunOptions& options)
    : config_(config), seed_(seed), options_(options) {
  config_.validate();
  horizon_day_ = config.simulation.years * DAYS_PER_YEAR;
  warmup_day_ = config.simulation.warmup_years * DAYS_PER_YEAR;
  years_ = static_cast<int>(std::ceil(config.simulation.years - 1e-9));
  report_first_year_index_ = static_cast<int>(std::ceil(config.simulation.warmup_years - 1e-9));

  for (const FreeSettingRules& f : config.free_settings) free_rules_[idx(f.setting)] = f.rules;
  for (Setting s : config.kpi.home_settings) home_setting_[idx(s)] = true;

  const std::size_t n_provisions = config.provisions.size();
  provisions_.reserve(n_provisions);
  for (std::size_t k = 0; k < n_provisions; ++k) {
    const ProvisionConfig& pc = config.provisions[k];
    // Every list is a priority list so MDO/RET escalation can jump it; with equal keys it is FIFO.
    provisions_.emplace_back(pc.name, pc.capacity, engine::QueueDiscipline::Priority, pc.max_queue);
    provisions_.back().set_on_admit([this, k](const engine::Admission& a) { on_admitted(a, static_cast<int>(k)); });
  }
  overflow_allowance_.assign(n_provisions, 0);

  years_book_.resize(static_cast<std::size_t>(years_));
  for (YearBook& y : years_book_) {
    y.provision_days.assign(n_provisions, 0.0);
    y.capacity_days.assign(n_provisions, 0.0);
    y.flows.assign(SETTING_COUNT, {});
    y.peildatum_waiting.assign(n_provisions, 0);
  }

  for (int y = 0; y <= years_; ++y) incidence_by_year_.push_back(trend(config.trends.incidence_multiplier, y));
  max_incidence_ = *std::max_element(incidence_by_year_.begin(), incidence_by_year_.end());

  sim_.set_kind_names({"onset", "qualified", "aged_out", "moved", "sojourn_end", "leave_at_age", "renege",
                       "escalation", "norm_breach", "school_year_start", "peildatum", "monthly_sample", "warmup_end"});
}

// ---------------------------------------------------------------- set-up and run

RunResult PupilModel::run() {
  const PopulationConfig& pop = config_.population;
  std::int64_t total_initial = 0;
  for (const AgeGroup& g : pop.initial) total_initial += g.count;
  pupils_.reserve(static_cast<std::size_t>(total_initial + (pop.intake_per_year + pop.migration_in_per_year) * years_));

  for (const AgeGroup& g : pop.initial) {
    for (std::int64_t i = 0; i < g.count; ++i) create_pupil(g.age_from, g.age_to);
  }
  for (int y = 0; y < years_; ++y) {
    const double start = y * DAYS_PER_YEAR;
    // Priority -1: the year's capacities and cohort exist before anything else happens that day.
    sim_.schedule_at(start, SchoolYearStart, 0, static_cast<std::uint64_t>(y), -1);
    const double peildatum = start + config_.simulation.peildatum_day;
    if (peildatum < horizon_day_) sim_.schedule_at(peildatum, Peildatum, 0, static_cast<std::uint64_t>(y), 1);
    double month = start;
    for (int m = 0; m < 12 && month < horizon_day_; ++m) {
      sim_.schedule_at(month, MonthlySample, 0, 0, 2);
      month += MONTH_DAYS[static_cast<std::size_t>(m)];
    }
  }
  if (warmup_day_ > 0.0) sim_.schedule_at(warmup_day_, WarmupEnd, 0, 0, -2);

  sim_.run_until(horizon_day_, [this](const engine::Event& e) { dispatch(e); });
  account_counts(horizon_day_);
  if (options_.check_invariants) check_invariants();

  RunResult result;
  collect_kpis(result);
  result.series_days = series_days_;
  result.series_values = std::move(series_values_);
  result.fingerprint = sim_.fingerprint();
  result.events = sim_.events_executed();
  result.trace_csv = std::move(trace_);
  return result;
}

void PupilModel::dispatch(const engine::Event& event) {
  const auto id = static_cast<std::uint32_t>(event.subject);
  current_pupil_ = id;
  account_counts(event.time);
  switch (event.kind) {
    case PupilOnset: {
      Pupil& p = pupils_[id];
      engine::RandomStream rng = stream(id, Purpose::Profile);
      const Level level = level_of(p, sim_.now());
      const auto& shares = config_.onset.profile_share[static_cast<std::size_t>(level)];
      p.profile = static_cast<Profile>(1 + pick(rng, {shares[1], shares[2], shares[3]}));
      const auto& sev = config_.onset.severity_share;
      p.severity = static_cast<std::uint8_t>(1 + pick(rng, {sev[0], sev[1], sev[2]}));
      p.had_episode = true;
      trace(id, "onset", profile_name(p.profile), std::to_string(p.severity));
      route_from_rules(id, config_.onset.routes);
      break;
    }
    case PupilQualified: {
      engine::RandomStream rng = stream(id, Purpose::ExitRoute);
      const bool mbo = rng.uniform01() < config_.population.mbo_entree_share;
      exit_pupil(id, mbo ? ExitReason::Mbo : ExitReason::Startkwalificatie);
      break;
    }
    case PupilAgedOut:
      exit_pupil(id, ExitReason::AgeOut);
      break;
    case PupilMoved:
      exit_pupil(id, ExitReason::Moved);
      break;
    case PupilSojournEnd: {
      Pupil& p = pupils_[id];
      // A pupil that waits while its own setting goes on gives up the list when it moves on.
      if (p.waiting_for >= 0) leave_waiting_list(id);
      const Setting here = p.setting;
      const std::vector<RuleRow>& rules =
          p.provision >= 0 ? config_.provisions[static_cast<std::size_t>(p.provision)].rules : rules_for(here);
      if (p.provision >= 0) leave_place(id);
      route_from_rules(id, rules);
      break;
    }
    case PupilLeaveAtAge: {
      Pupil& p = pupils_[id];
      const ProvisionConfig& pc = config_.provisions[static_cast<std::size_t>(p.provision)];
      leave_place(id);
      go_to(id, *pc.leave_at_age_to);
      break;
    }
    case PupilRenege: {
      Pupil& p = pupils_[id];
      const auto k = static_cast<std::size_t>(p.waiting_for);
      const ProvisionConfig& pc = config_.provisions[k];
      leave_waiting_list(id);
      trace(id, "renege", pc.name, pc.on_renege ? destination_name(config_, *pc.on_renege) : "-");
      if (pc.on_renege)
        go_to(id, *pc.on_renege);
      else
        start_sojourn(id, rules_for(p.setting));
      break;
    }
    case PupilEscalation: {
      Pupil& p = pupils_[id];
      p.escalated = true;
      const int year = year_index_at(sim_.now());
      if (year < years_) ++years_book_[static_cast<std::size_t>(year)].escalations;
      trace(id, "escalation", setting_name(p.setting), "");
      rejoin_list(id, ESCALATED_KEY);
      break;
    }
    case PupilNormBreach: {
      Pupil& p = pupils_[id];
      p.norm_rekeyed = true;
      trace(id, "norm_breach", setting_name(p.setting), "");
      rejoin_list(id, p.escalated ? ESCALATED_KEY : NORM_BREACHED_KEY + p.home_since);
      break;
    }
    case SchoolYearStart:
      on_school_year_start(static_cast<int>(event.payload));
      break;
    case Peildatum:
      on_peildatum(static_cast<int>(event.payload));
      break;
    case MonthlySample:
      on_monthly_sample();
      break;
    case WarmupEnd:
      on_warmup_end();
      break;
    default:
      throw std::logic_error("unknown event kind");
  }
  if (options_.check_invariants) check_invariants();
}

void PupilModel::on_school_year_start(int year_index) {
  const PopulationConfig& pop = config_.population;
  const double now = sim_.now();
  const int calendar_year = config_.simulation.start_year + year_index;
  for (std::size_t k = 0; k < provisions_.size(); ++k) {
    for (const CapacityChange& change : config_.provisions[k].capacity_changes) {
      if (change.year != calendar_year) continue;
      engine::Provision& prov = provisions_[k];
      prov.set_capacity(now, change.capacity);
      overflow_allowance_[k] = std::max<std::int64_t>(0, prov.occupancy() - prov.capacity());
    }
  }
  for (std::int64_t i = 0; i < pop.intake_per_year; ++i) create_pupil(pop.intake_age, pop.intake_age);
  for (std::int64_t i = 0; i < pop.migration_in_per_year; ++i)
    create_pupil(pop.migration_in_age_from, pop.migration_in_age_to);
}

void PupilModel::on_peildatum(int year_index) {
  YearBook& book = years_book_[static_cast<std::size_t>(year_index)];
  book.peildatum_taken = true;
  book.peildatum = count_;
  for (std::size_t k = 0; k < provisions_.size(); ++k) book.peildatum_waiting[k] = static_cast<std::int64_t>(provisions_[k].queue_length());
  const double now = sim_.now();
  std::int64_t over = 0;
  for (std::uint32_t id : home_pupils_)
    if (now - pupils_[id].home_since > config_.kpi.norm_days) ++over;
  book.peildatum_home_over_norm = over;
}

void PupilModel::on_monthly_sample() {
  std::vector<double> row;
  row.reserve(SETTING_COUNT + provisions_.size());
  for (std::size_t s = 0; s + 1 < SETTING_COUNT; ++s) row.push_back(static_cast<double>(count_[s]));
  for (std::size_t k = 0; k < provisions_.size(); ++k) row.push_back(static_cast<double>(provisions_[k].occupancy()));
  for (std::size_t k = 0; k < provisions_.size(); ++k) row.push_back(static_cast<double>(provisions_[k].queue_length()));
  series_days_.push_back(sim_.now());
  series_values_.push_back(std::move(row));
}

void PupilModel::on_warmup_end() {
  const double now = sim_.now();
  for (std::size_t s = 0; s < SETTING_COUNT; ++s) {
    setting_stat_[s].reset(now);
    stay_days_[s].reset();
  }
  for (engine::Provision& prov : provisions_) prov.reset_statistics(now);
  home_spell_days_.reset();
  home_spells_completed_over_norm_ = 0;
}

// ---------------------------------------------------------------- pupil life

engine::RandomStream PupilModel::stream(std::uint32_t id, Purpose purpose) {
  std::uint16_t& counter = pupils_[id].draws[static_cast<std::size_t>(purpose) - 1];
  return engine::RandomStream::for_entity(seed_, static_cast<std::uint32_t>(purpose), id, counter++);
}

std::uint32_t PupilModel::create_pupil(double age_from, double age_to) {
  const auto id = static_cast<std::uint32_t>(pupils_.size());
  pupils_.emplace_back();
  Pupil& p = pupils_.back();
  // One stream for everything fixed at creation, in this order: age, then age at startkwalificatie.
  engine::RandomStream rng = stream(id, Purpose::Creation);
  const double age = age_from + (age_to - age_from) * rng.uniform01();
  const double birth_day = sim_.now() - age * DAYS_PER_YEAR;
  p.birth_day = birth_day;
  p.setting = Setting::Exited;  // set_setting moves it in and counts it
  ++count_[idx(Setting::Exited)];
  const double qualification_age = config_.population.qualification_age.sample(rng);
  p.qualification_day = qualification_age < config_.population.max_age ? birth_day + qualification_age * DAYS_PER_YEAR : INF;
  if (p.qualification_day <= sim_.now()) p.qualification_day = INF;
  enter_attending(id);
  return id;
}

void PupilModel::set_setting(std::uint32_t id, Setting s, std::string_view cause) {
  Pupil& p = pupils_[id];
  const double now = sim_.now();
  const Setting old = p.setting;
  const bool created = old == Setting::Exited;
  if (!created) {
    if (in_report_window(now)) stay_days_[idx(old)].add(now - p.spell_start);
    if (old != s) record_flow(idx(old), flow_target(s));
  }
  const bool counts_change = old != s;
  if (counts_change) {
    --count_[idx(old)];
    ++count_[idx(s)];
    setting_stat_[idx(old)].update(now, static_cast<double>(count_[idx(old)]));
    setting_stat_[idx(s)].update(now, static_cast<double>(count_[idx(s)]));
  }
  const int year = year_index_at(now);
  if (!created && year < years_) {
    YearBook& book = years_book_[static_cast<std::size_t>(year)];
    ++book.entries[idx(s)];
    if (level_of(p, now) == Level::Vo) ++book.entries_vo[idx(s)];
  }
  // A home spell runs while the pupil stays in home settings; it ends with any offer or return to school.
  const bool was_home = !created && is_home(old);
  if (!was_home && is_home(s)) {
    start_home_spell(id);
  } else if (was_home && !is_home(s)) {
    end_home_spell(id);
  }
  const bool was_absent = !created && is_absence(old);
  if (!was_absent && is_absence(s)) {
    p.absence_since = now;
  } else if (was_absent && !is_absence(s)) {
    if (year < years_) {
      YearBook& book = years_book_[static_cast<std::size_t>(year)];
      book.absence_months_sum += (now - p.absence_since) / (DAYS_PER_YEAR / 12.0);
      ++book.absence_episodes;
    }
    p.absence_since = INF;
  }
  p.setting = s;
  p.spell_start = now;
  if (options_.trace) trace(id, cause, created ? "new" : setting_name(old), setting_name(s));
}

void PupilModel::enter_attending(std::uint32_t id) {
  set_setting(id, Setting::Attending, "enter");
  Pupil& p = pupils_[id];
  p.profile = Profile::None;
  p.severity = 0;
  p.sojourn_paused = false;
  // One stream per spell in school, in this order: the onset threshold, then the time until moving away.
  engine::RandomStream rng = stream(id, Purpose::AttendingSpell);
  const double threshold = -std::log(rng.uniform01());
  p.planned_day = onset_day(p, sim_.now(), threshold);
  const double move_rate = config_.population.migration_out_per_year;
  if (move_rate > 0.0) {
    p.deadline_day = sim_.now() - std::log(rng.uniform01()) / move_rate * DAYS_PER_YEAR;
  } else {
    p.deadline_day = INF;
  }
  schedule_next(id);
}

void PupilModel::enter_free_setting(std::uint32_t id, Setting s) {
  if (s == Setting::Attending) {
    enter_attending(id);
    return;
  }
  set_setting(id, s, "enter");
  start_sojourn(id, rules_for(s));
}

void PupilModel::start_sojourn(std::uint32_t id, const std::vector<RuleRow>& rules) {
  Pupil& p = pupils_[id];
  const RuleRow* row = match(rules, p);
  if (row == nullptr) throw std::logic_error(std::string("no rule matches a pupil in ") + setting_name(p.setting));
  engine::RandomStream rng = stream(id, Purpose::Sojourn);
  double duration = row->duration.sample(rng);
  const auto& stretched = config_.trends.duration_settings;
  if (std::find(stretched.begin(), stretched.end(), p.setting) != stretched.end())
    duration *= trend(config_.trends.duration_multiplier, year_index_at(sim_.now()));
  p.planned_day = sim_.now() + std::max(duration, 0.0);
  p.sojourn_paused = false;
  p.deadline_day = INF;
  schedule_next(id);
}

void PupilModel::enter_provision(std::uint32_t id, int k) {
  const ProvisionConfig& pc = config_.provisions[static_cast<std::size_t>(k)];
  Pupil& p = pupils_[id];
  p.provision = static_cast<std::int16_t>(k);
  set_setting(id, pc.setting, pc.name);
  start_sojourn(id, pc.rules);
}

void PupilModel::route_from_rules(std::uint32_t id, const std::vector<RuleRow>& rules) {
  Pupil& p = pupils_[id];
  const RuleRow* row = match(rules, p);
  if (row == nullptr) throw std::logic_error(std::string("no routing rule matches a pupil leaving ") + setting_name(p.setting));
  engine::RandomStream rng = stream(id, Purpose::Routing);
  go_to(id, row->to[pick(rng, row->probability)]);
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
      request_place(id, static_cast<int>(d.index), depth);
      return;
  }
}

void PupilModel::request_place(std::uint32_t id, int k, int depth) {
  Pupil& p = pupils_[id];
  const ProvisionConfig& pc = config_.provisions[static_cast<std::size_t>(k)];
  const Level level = level_of(p, sim_.now());
  const bool level_ok = pc.eligible_levels.empty() ||
                        std::find(pc.eligible_levels.begin(), pc.eligible_levels.end(), level) != pc.eligible_levels.end();
  const bool profile_ok = pc.eligible_profiles.empty() || std::find(pc.eligible_profiles.begin(), pc.eligible_profiles.end(),
                                                                     p.profile) != pc.eligible_profiles.end();
  if (!level_ok || !profile_ok) {
    trace(id, "not_eligible", pc.name, "");
    try_fallback(id, k, depth);
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
  // "Care comes first": waiting for treatment means waiting at home with education on hold.
  const bool care_first = pc.is_care && config_.care_first;
  const Setting wait_in = care_first ? Setting::Thuiszitter : pc.wait_in;
  if (p.setting != wait_in) set_setting(id, wait_in, "wait");
  trace(id, "queued", pc.name, setting_name(wait_in));
  if (pc.is_care && !care_first) {
    // The education route goes on while the pupil waits for care.
    start_sojourn(id, rules_for(wait_in));
  } else {
    p.planned_day = INF;
    p.sojourn_paused = true;
  }
  p.deadline_day = pc.max_wait_days ? sim_.now() + *pc.max_wait_days : INF;
  schedule_next(id);
}

void PupilModel::try_fallback(std::uint32_t id, int k, int depth) {
  const ProvisionConfig& pc = config_.provisions[static_cast<std::size_t>(k)];
  // Fallback chains are short in practice; the depth guard turns a configured cycle into a clear error.
  if (depth > 8) throw std::logic_error("fallback chain longer than 8 from provision " + pc.name + " (a cycle?)");
  if (pc.fallback.empty()) {
    enter_free_setting(id, pc.wait_in);
    return;
  }
  go_to(id, pc.fallback.front(), depth + 1);
}

void PupilModel::leave_place(std::uint32_t id) {
  Pupil& p = pupils_[id];
  const auto k = static_cast<std::size_t>(p.provision);
  p.provision = -1;
  engine::Provision& prov = provisions_[k];
  const bool over = overflow_allowance_[k] > 0;
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
  const auto id = static_cast<std::uint32_t>(admission.entity);
  Pupil& p = pupils_[id];
  if (p.waiting_for != k) throw std::logic_error("admitted pupil was not waiting for " + config_.provisions[static_cast<std::size_t>(k)].name);
  p.waiting_for = -1;
  p.sojourn_paused = false;
  enter_provision(id, k);
}

void PupilModel::exit_pupil(std::uint32_t id, ExitReason reason) {
  Pupil& p = pupils_[id];
  sim_.cancel(p.pending);
  if (p.waiting_for >= 0) leave_waiting_list(id);
  if (p.provision >= 0) leave_place(id);
  const double now = sim_.now();
  const Setting old = p.setting;
  if (in_report_window(now)) stay_days_[idx(old)].add(now - p.spell_start);
  record_flow(idx(old), flow_target(reason));
  if (is_home(old)) end_home_spell(id);
  --count_[idx(old)];
  ++count_[idx(Setting::Exited)];
  setting_stat_[idx(old)].update(now, static_cast<double>(count_[idx(old)]));
  p.setting = Setting::Exited;
  p.home_since = INF;
  p.planned_day = INF;
  p.deadline_day = INF;
  if (options_.trace) trace(id, "exit", setting_name(old), exit_reason_name(reason));
}

void PupilModel::start_home_spell(std::uint32_t id) {
  Pupil& p = pupils_[id];
  p.home_since = sim_.now();
  p.escalated = false;
  p.norm_rekeyed = false;
  p.home_slot = static_cast<std::int32_t>(home_pupils_.size());
  home_pupils_.push_back(id);
}

void PupilModel::end_home_spell(std::uint32_t id) {
  Pupil& p = pupils_[id];
  const double now = sim_.now();
  const double length = now - p.home_since;
  p.home_days_total += static_cast<float>(length);
  if (in_report_window(now)) {
    home_spell_days_.add(length);
    if (length > config_.kpi.norm_days) {
      ++home_spells_completed_over_norm_;
      const int year = year_index_at(now);
      if (year < years_) ++years_book_[static_cast<std::size_t>(year)].home_spells_over_norm;
    }
  }
  // Swap-remove keeps the list compact; its order is never used for a decision.
  const auto slot = static_cast<std::size_t>(p.home_slot);
  const std::uint32_t moved = home_pupils_.back();
  home_pupils_[slot] = moved;
  pupils_[moved].home_slot = static_cast<std::int32_t>(slot);
  home_pupils_.pop_back();
  p.home_slot = -1;
  p.home_since = INF;
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
    if (outcome != engine::RequestOutcome::Queued) throw std::logic_error("re-joining a waiting list did not queue");
  }
  schedule_next(id);
}

// One pending event per pupil: the earliest of everything that could happen to it next.
void PupilModel::schedule_next(std::uint32_t id) {
  Pupil& p = pupils_[id];
  sim_.cancel(p.pending);
  const double age_out = p.birth_day + config_.population.max_age * DAYS_PER_YEAR;
  double when = age_out;
  EventKind kind = PupilAgedOut;
  const auto consider = [&](double t, EventKind k) {
    if (t < when) {
      when = t;
      kind = k;
    }
  };
  if (p.setting == Setting::Attending) {
    consider(p.planned_day, PupilOnset);
    consider(p.qualification_day, PupilQualified);
    consider(p.deadline_day, PupilMoved);
  } else {
    if (!p.sojourn_paused) consider(p.planned_day, PupilSojournEnd);
    if (p.provision >= 0) {
      const ProvisionConfig& pc = config_.provisions[static_cast<std::size_t>(p.provision)];
      if (pc.leave_at_age) consider(p.birth_day + *pc.leave_at_age * DAYS_PER_YEAR, PupilLeaveAtAge);
    }
    if (p.waiting_for >= 0) {
      consider(p.deadline_day, PupilRenege);
      if (config_.escalation.enabled && !p.escalated && p.home_since != INF)
        consider(p.home_since + config_.escalation.after_days, PupilEscalation);
      const bool norm_first =
          config_.provisions[static_cast<std::size_t>(p.waiting_for)].queue_rule == QueueRule::NormFirst;
      if (norm_first && !p.norm_rekeyed && !p.escalated && p.home_since != INF)
        consider(p.home_since + config_.kpi.norm_days, PupilNormBreach);
    }
  }
  when = std::max(when, sim_.now());
  // Events after the horizon never run: leaving them out keeps the calendar small.
  if (when > horizon_day_) {
    p.pending = {};
    return;
  }
  p.pending = sim_.schedule_at(when, kind, id);
}

double PupilModel::queue_key(const Pupil& p, int k) const {
  const double now = sim_.now();
  switch (config_.provisions[static_cast<std::size_t>(k)].queue_rule) {
    case QueueRule::Fifo:
      return 0.0;
    case QueueRule::Severity:
      return -static_cast<double>(p.severity);
    case QueueRule::TimeAtHome: {
      const double current = p.home_since != INF ? now - p.home_since : 0.0;
      return -(static_cast<double>(p.home_days_total) + current);
    }
    case QueueRule::NormFirst:
      // Past the norm: ahead of everyone not past it, longest at home first. The others wait in FIFO order
      // until a PupilNormBreach event moves them up.
      return p.home_since != INF && now - p.home_since > config_.kpi.norm_days ? NORM_BREACHED_KEY + p.home_since
                                                                               : 0.0;
  }
  return 0.0;
}

// ---------------------------------------------------------------- rules

const RuleRow* PupilModel::match(const std::vector<RuleRow>& rules, const Pupil& p) const {
  const Level level = level_of(p, sim_.now());
  for (const RuleRow& row : rules) {
    if (row.level && *row.level != level) continue;
    if (row.profile && *row.profile != p.profile) continue;
    if (p.severity < row.min_severity) continue;
    return &row;
  }
  return nullptr;
}

const std::vector<RuleRow>& PupilModel::rules_for(Setting s) const {
  const std::vector<RuleRow>& rules = free_rules_[idx(s)];
  if (rules.empty()) throw std::logic_error(std::string("no rules for setting ") + setting_name(s));
  return rules;
}

Level PupilModel::level_of(const Pupil& p, double day) const {
  return age_at(p, day) < config_.population.po_vo_age ? Level::Po : Level::Vo;
}

int PupilModel::year_index_at(double day) const { return static_cast<int>(std::floor(day / DAYS_PER_YEAR)); }

double PupilModel::trend(const std::vector<double>& multipliers, int year_index) const {
  const std::vector<int>& years = config_.trends.years;
  if (years.empty() || multipliers.empty()) return 1.0;
  const int calendar_year = config_.simulation.start_year + year_index;
  std::size_t chosen = 0;
  for (std::size_t i = 0; i < years.size(); ++i)
    if (years[i] <= calendar_year) chosen = i;
  return multipliers[chosen];
}

// Inverts the cumulative onset hazard, piecewise constant between level and
// school-year boundaries: the pupil's problems start when it reaches the
// pupil's own unit-exponential threshold. Returns NEVER if that is past 18.
double PupilModel::onset_day(const Pupil& p, double from, double threshold) const {
  const double end = std::min(horizon_day_, p.birth_day + config_.population.max_age * DAYS_PER_YEAR);
  const double vo_start = p.birth_day + config_.population.po_vo_age * DAYS_PER_YEAR;
  const double relapse = p.had_episode ? config_.onset.relapse_multiplier : 1.0;
  // Most pupils never reach their threshold before leaving: an upper bound on the hazard mass rules them out
  // without walking the segments.
  const double max_hazard = std::max(config_.onset.hazard_per_year[0], config_.onset.hazard_per_year[1]) * relapse *
                            max_incidence_ / DAYS_PER_YEAR;
  if (max_hazard * (end - from) < threshold) return INF;
  double t = from;
  double remaining = threshold;
  while (t < end) {
    const int year = year_index_at(t);
    double segment_end = std::min(end, (year + 1) * DAYS_PER_YEAR);
    if (t < vo_start) segment_end = std::min(segment_end, vo_start);
    const std::size_t level = t < vo_start ? 0 : 1;
    const double per_day = config_.onset.hazard_per_year[level] * relapse *
                           incidence_by_year_[static_cast<std::size_t>(std::min(year, years_))] / DAYS_PER_YEAR;
    const double mass = per_day * (segment_end - t);
    if (per_day > 0.0 && mass >= remaining) return t + remaining / per_day;
    remaining -= mass;
    // Guard against a segment of zero length at a boundary so the loop always advances.
    t = segment_end > t ? segment_end : std::nextafter(t, INF);
  }
  return INF;
}

// ---------------------------------------------------------------- accounting

void PupilModel::account_counts(double now) {
  // Integrate pupil-days per setting and provision into school-year books, split at year boundaries.
  double t = last_account_day_;
  while (t < now) {
    const int year = year_index_at(t);
    if (year >= years_) break;
    const double segment_end = std::min(now, (year + 1) * DAYS_PER_YEAR);
    const double dt = segment_end - t;
    YearBook& book = years_book_[static_cast<std::size_t>(year)];
    for (std::size_t s = 0; s < SETTING_COUNT; ++s) book.setting_days[s] += static_cast<double>(count_[s]) * dt;
    for (std::size_t k = 0; k < provisions_.size(); ++k) {
      book.provision_days[k] += static_cast<double>(provisions_[k].occupancy()) * dt;
      book.capacity_days[k] += static_cast<double>(provisions_[k].capacity()) * dt;
    }
    t = segment_end;
  }
  last_account_day_ = std::max(last_account_day_, now);
}

void PupilModel::record_flow(std::size_t from, std::size_t to) {
  const int year = year_index_at(sim_.now());
  if (year < 0 || year >= years_) return;
  ++years_book_[static_cast<std::size_t>(year)].flows[from][to];
}

void PupilModel::trace(std::uint32_t id, std::string_view what, std::string_view from, std::string_view to) {
  if (!options_.trace) return;
  char day[32];
  std::snprintf(day, sizeof day, "%.3f", sim_.now());
  trace_ += day;
  trace_ += ',';
  trace_ += std::to_string(id);
  trace_ += ',';
  trace_ += what;
  trace_ += ',';
  trace_ += from;
  trace_ += ',';
  trace_ += to;
  trace_ += '\n';
}

void PupilModel::check_invariants() const {
  std::array<std::int64_t, SETTING_COUNT> recount{};
  std::vector<std::int64_t> occupying(provisions_.size(), 0);
  std::vector<std::int64_t> waiting(provisions_.size(), 0);
  for (std::size_t id = 0; id < pupils_.size(); ++id) {
    const Pupil& p = pupils_[id];
    ++recount[idx(p.setting)];
    if (p.provision >= 0) {
      const auto k = static_cast<std::size_t>(p.provision);
      ++occupying[k];
      if (config_.provisions[k].setting != p.setting)
        throw std::logic_error("pupil " + std::to_string(id) + " holds a place in " + config_.provisions[k].name +
                               " but is in " + setting_name(p.setting));
    }
    if (p.waiting_for >= 0) ++waiting[static_cast<std::size_t>(p.waiting_for)];
    const bool at_home = p.setting != Setting::Exited && is_home(p.setting);
    if (at_home != (p.home_slot >= 0) || (at_home && home_pupils_[static_cast<std::size_t>(p.home_slot)] != id))
      throw std::logic_error("pupil " + std::to_string(id) + " is missing from, or wrongly in, the list of pupils at home");
    if (p.setting == Setting::Exited && (p.provision >= 0 || p.waiting_for >= 0))
      throw std::logic_error("exited pupil " + std::to_string(id) + " still holds a place or waits");
  }
  std::int64_t total = 0;
  for (std::size_t s = 0; s < SETTING_COUNT; ++s) {
    if (recount[s] != count_[s])
      throw std::logic_error(std::string("count of ") + setting_name(static_cast<Setting>(s)) + " is " +
                             std::to_string(count_[s]) + " but " + std::to_string(recount[s]) + " pupils are there");
    total += count_[s];
  }
  if (total != static_cast<std::int64_t>(pupils_.size())) throw std::logic_error("pupils lost or duplicated");
  for (std::size_t k = 0; k < provisions_.size(); ++k) {
    const engine::Provision& prov = provisions_[k];
    prov.check_invariants();
    if (prov.occupancy() != occupying[k])
      throw std::logic_error("provision " + prov.name() + " occupancy " + std::to_string(prov.occupancy()) + " but " +
                             std::to_string(occupying[k]) + " pupils hold a place");
    if (prov.occupancy() > prov.capacity() + overflow_allowance_[k])
      throw std::logic_error("provision " + prov.name() + " over capacity");
    if (static_cast<std::int64_t>(prov.queue_length()) != waiting[k])
      throw std::logic_error("provision " + prov.name() + " waiting list disagrees with the pupils waiting");
  }
}

void PupilModel::collect_kpis(RunResult& result) {
  auto& kpi = result.kpis;
  const double now = sim_.now();
  const int first = report_first_year_index_;
  const int last = years_ - 1;
  std::vector<int> peil_years;
  for (int y = first; y <= last; ++y)
    if (years_book_[static_cast<std::size_t>(y)].peildatum_taken) peil_years.push_back(y);
  // Years whose whole school year lies inside the report window.
  std::vector<int> full_years;
  for (int y = first; y <= last; ++y)
    if ((y + 1) * DAYS_PER_YEAR <= horizon_day_ + 1e-9) full_years.push_back(y);
  const double n_full = std::max<double>(1.0, static_cast<double>(full_years.size()));
  const auto year_label = [&](int y) { return std::to_string(config_.simulation.start_year + y); };

  for (std::size_t s = 0; s + 1 < SETTING_COUNT; ++s) {
    const std::string name = setting_name(static_cast<Setting>(s));
    double sum = 0.0;
    for (int y : peil_years) {
      const auto c = static_cast<double>(years_book_[static_cast<std::size_t>(y)].peildatum[s]);
      kpi["count." + name + "." + year_label(y)] = c;
      sum += c;
    }
    kpi["count." + name] = peil_years.empty() ? 0.0 : sum / static_cast<double>(peil_years.size());
    kpi["average." + name] = setting_stat_[s].mean(now);
    kpi["stay_days." + name + ".mean"] = stay_days_[s].mean();
    double entries = 0.0;
    for (int y : full_years) entries += static_cast<double>(years_book_[static_cast<std::size_t>(y)].entries[s]);
    kpi["entries." + name + ".per_year"] = entries / n_full;
    for (int y = first; y <= last; ++y) {
      const YearBook& book = years_book_[static_cast<std::size_t>(y)];
      kpi["entries." + name + "." + year_label(y)] = static_cast<double>(book.entries[s]);
      kpi["entries." + name + ".vo." + year_label(y)] = static_cast<double>(book.entries_vo[s]);
    }
  }
  double home_over_norm = 0.0;
  for (int y : peil_years) {
    const auto c = static_cast<double>(years_book_[static_cast<std::size_t>(y)].peildatum_home_over_norm);
    kpi["count.home_over_norm." + year_label(y)] = c;
    home_over_norm += c;
  }
  kpi["count.home_over_norm"] = peil_years.empty() ? 0.0 : home_over_norm / static_cast<double>(peil_years.size());

  for (std::size_t k = 0; k < provisions_.size(); ++k) {
    const engine::Provision& prov = provisions_[k];
    const std::string& name = prov.name();
    double sum = 0.0;
    for (int y : peil_years) {
      const auto c = static_cast<double>(years_book_[static_cast<std::size_t>(y)].peildatum_waiting[k]);
      kpi["waiting." + name + "." + year_label(y)] = c;
      sum += c;
    }
    kpi["waiting." + name] = peil_years.empty() ? 0.0 : sum / static_cast<double>(peil_years.size());
    kpi["wait_days." + name + ".mean"] = prov.waiting_time().count() > 0 ? prov.waiting_time().mean() : 0.0;
    kpi["occupancy." + name] = prov.occupancy_stat().mean(now);
    kpi["queue." + name] = prov.queue_stat().mean(now);
    kpi["admitted." + name + ".per_year"] = static_cast<double>(prov.admitted()) / n_full;
  }

  // Home spells still running at the end count as they stand: a spell already past the norm certainly breaches it.
  engine::Tally spells = home_spell_days_;
  std::uint64_t over = home_spells_completed_over_norm_;
  for (std::uint32_t id : home_pupils_) {
    const double length = now - pupils_[id].home_since;
    spells.add(length);
    if (length > config_.kpi.norm_days) ++over;
  }
  kpi["home.mean_days"] = spells.count() > 0 ? spells.mean() : 0.0;
  kpi["home.median_days"] = spells.count() > 0 ? spells.quantile(0.5) : 0.0;
  kpi["home.p90_days"] = spells.count() > 0 ? spells.quantile(0.9) : 0.0;
  kpi["home.spells"] = static_cast<double>(spells.count());
  kpi["home.share_over_3m_without_offer"] =
      spells.count() > 0 ? static_cast<double>(over) / static_cast<double>(spells.count()) : 0.0;
  double home_days = 0.0;
  double spells_over = 0.0;
  for (int y : full_years) {
    const YearBook& book = years_book_[static_cast<std::size_t>(y)];
    for (Setting s : config_.kpi.home_settings) home_days += book.setting_days[idx(s)];
    spells_over += static_cast<double>(book.home_spells_over_norm);
  }
  kpi["home.months.per_year"] = home_days / (DAYS_PER_YEAR / 12.0) / n_full;
  kpi["home.spells_over_3m.per_year"] = spells_over / n_full;

  for (int y = first; y <= last; ++y) {
    const YearBook& book = years_book_[static_cast<std::size_t>(y)];
    kpi["risk.mean_absence_months." + year_label(y)] =
        book.absence_episodes > 0 ? book.absence_months_sum / static_cast<double>(book.absence_episodes) : 0.0;
  }

  // Flows: per year into flows.csv and KPIs, plus the mean per year.
  std::vector<std::array<double, FLOW_TARGETS>> flow_sum(SETTING_COUNT);
  for (int y = first; y <= last; ++y) {
    const YearBook& book = years_book_[static_cast<std::size_t>(y)];
    const bool full = std::find(full_years.begin(), full_years.end(), y) != full_years.end();
    for (std::size_t from = 0; from + 1 < SETTING_COUNT; ++from) {
      for (std::size_t to = 0; to < FLOW_TARGETS; ++to) {
        const std::uint64_t c = book.flows[from][to];
        if (from == to) continue;
        const std::string name = std::string(setting_name(static_cast<Setting>(from))) + "." + flow_target_name(to);
        kpi["flow." + name + "." + year_label(y)] = static_cast<double>(c);
        if (full) flow_sum[from][to] += static_cast<double>(c);
        if (c > 0)
          result.flows.push_back({config_.simulation.start_year + y, setting_name(static_cast<Setting>(from)),
                                  flow_target_name(to), c});
      }
    }
  }
  for (std::size_t from = 0; from + 1 < SETTING_COUNT; ++from)
    for (std::size_t to = 0; to < FLOW_TARGETS; ++to)
      if (from != to)
        kpi["flow." + std::string(setting_name(static_cast<Setting>(from))) + "." + flow_target_name(to) + ".per_year"] =
            flow_sum[from][to] / n_full;

  // Costs per payer per school year.
  std::map<std::string, std::map<int, double>> by_payer;
  const auto book_cost = [&](int y, const std::string& item, double euros, const std::vector<PayerShare>& payers) {
    if (euros == 0.0) return;
    const int year = config_.simulation.start_year + y;
    for (const PayerShare& share : payers) {
      const double part = euros * share.share;
      by_payer[share.payer][year] += part;
      result.costs.push_back({year, share.payer, item, part});
    }
  };
  for (int y : full_years) {
    const YearBook& book = years_book_[static_cast<std::size_t>(y)];
    for (std::size_t k = 0; k < provisions_.size(); ++k) {
      const ProvisionConfig& pc = config_.provisions[k];
      const double euros = pc.cost.per_pupil_day * book.provision_days[k] +
                           pc.cost.per_place_year * book.capacity_days[k] / DAYS_PER_YEAR;
      book_cost(y, pc.name, euros, pc.cost.payers);
      if (y == full_years.front() && pc.cost.startup != 0.0 && book.capacity_days[k] > 0.0)
        book_cost(y, pc.name + ".startup", pc.cost.startup, pc.cost.payers);
    }
    for (const FreeSettingRules& f : config_.free_settings)
      book_cost(y, setting_name(f.setting), f.cost.per_pupil_day * book.setting_days[idx(f.setting)], f.cost.payers);
    for (const ProgrammeCost& programme : config_.programme_costs)
      if (config_.simulation.start_year + y >= programme.first_year)
        book_cost(y, programme.name, programme.per_year, programme.payers);
    if (config_.escalation.enabled)
      book_cost(y, "escalation", config_.escalation.cost_per_case * static_cast<double>(book.escalations),
                config_.escalation.payers);
    kpi["escalations." + year_label(y)] = static_cast<double>(book.escalations);
  }
  double total = 0.0;
  std::map<int, double> total_by_year;
  for (const auto& [payer, years] : by_payer) {
    double payer_total = 0.0;
    for (const auto& [year, euros] : years) {
      kpi["cost." + payer + "." + std::to_string(year)] = euros;
      payer_total += euros;
      total_by_year[year] += euros;
    }
    kpi["cost." + payer + ".per_year"] = payer_total / n_full;
    total += payer_total;
  }
  for (const auto& [year, euros] : total_by_year) kpi["cost.total." + std::to_string(year)] = euros;
  kpi["cost.total.per_year"] = total / n_full;

  result.series_names.clear();
  for (std::size_t s = 0; s + 1 < SETTING_COUNT; ++s) result.series_names.push_back(setting_name(static_cast<Setting>(s)));
  for (const engine::Provision& prov : provisions_) result.series_names.push_back("occupancy." + prov.name());
  for (const engine::Provision& prov : provisions_) result.series_names.push_back("waiting." + prov.name());
}

}  // namespace ozsim::model
