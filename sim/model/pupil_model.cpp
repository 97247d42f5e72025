#include "sim/model/pupil_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iterator>
#include <limits>
#include <optional>
#include <stdexcept>

#include "sim/model/kpis.hpp"

namespace ozsim::model {
namespace {

constexpr double NEVER = Pupil::NEVER;

std::size_t idx(Setting s) {
  return static_cast<std::size_t>(s);
}

// Members built from the config may rely on it being consistent.
const ScenarioConfig& validated(const ScenarioConfig& config) {
  config.validate();
  return config;
}

}  // namespace

PupilModel::PupilModel(const ScenarioConfig& config, std::uint64_t seed, const RunOptions& options)
    : scenario_(validated(config)),
      active_(config),
      config_(active_),
      seed_(seed),
      options_(options),
      calendar_(config.simulation),
      onset_(config, calendar_),
      ledger_(calendar_, config.provisions.size(), config.kpi.norm_days, config.kpi.thuiszitter_after_days,
              config.region_count()),
      jos_("jos", config.jos.places) {
  jos_.set_on_admit([this](const engine::Admission& a) { on_jos_admitted(a); });
  jos_.set_keep_waiting_times(false);  // as every provision below: the KPIs take the mean wait
  for (std::size_t purpose = 0; purpose < purpose_seeds_.size(); ++purpose)
    purpose_seeds_[purpose] = engine::mix_purpose(seed_, static_cast<std::uint32_t>(purpose));
  for (const FreeSettingRules& f : config.free_settings) free_rules_[idx(f.setting)] = f.rules;
  if (config.ret.enabled) free_rules_[idx(Setting::Maatwerk)] = {config.ret.place};
  for (Setting s : config.kpi.home_settings) home_setting_[idx(s)] = true;

  const std::size_t n_provisions = config.provisions.size();
  provisions_.reserve(n_provisions);
  for (std::size_t k = 0; k < n_provisions; ++k) {
    const ProvisionConfig& pc = config.provisions[k];
    // A capacity change before the first simulated year (a closure in 2019, a run from 2021) is in force.
    std::int64_t capacity = pc.capacity;
    int latest = std::numeric_limits<int>::min();
    for (const CapacityChange& change : pc.capacity_changes)
      if (change.year < config.simulation.start_year && change.year >= latest) {
        capacity = change.capacity;
        latest = change.year;
      }
    // Every list is a priority list so MDO/RET escalation can jump it; with equal keys it is FIFO.
    provisions_.emplace_back(pc.name, capacity, engine::QueueDiscipline::Priority, pc.max_queue);
    // The KPIs take the mean wait; the spread of waits comes from waiting_spells. Each kept wait is 8 bytes
    // an admission, millions of them in a national run.
    provisions_.back().set_keep_waiting_times(false);
    // A pupil's place is Pupil::provision, and check_invariants recounts each provision's occupants from
    // the pupils: a second record in the provision, a cache miss at each admission and release, adds
    // nothing.
    provisions_.back().set_keep_occupants(false);
    provisions_.back().set_on_admit(
        [this, k](const engine::Admission& a) { on_admitted(a, static_cast<int>(k)); });
  }
  overflow_allowance_.assign(n_provisions, 0);
  if (!config.regions.empty()) {
    serving_.assign(config.regions.size() * n_provisions, -1);
    for (std::size_t k = 0; k < n_provisions; ++k)
      for (std::size_t r = 0; r < config.regions.size(); ++r)
        if (config.serves_region(k, r)) serving_[r * n_provisions + config.kind_of(k)] = static_cast<int>(k);
  }
  catchment_arrival_.assign(n_provisions, {});
  catchment_arrival_draws_.assign(n_provisions, 0);
  catchment_referral_draws_.assign(n_provisions, 0);

  sim_.set_kind_names({"onset",
                       "qualified",
                       "aged_out",
                       "moved",
                       "sojourn_end",
                       "leave_at_age",
                       "renege",
                       "escalation",
                       "norm_breach",
                       "school_year_start",
                       "peildatum",
                       "monthly_sample",
                       "warmup_end",
                       "mdo_review",
                       "ret_check",
                       "assessed",
                       "jos_case_end",
                       "jos_list_expiry",
                       "spell_referral",
                       "catchment_arrival",
                       "catchment_stay_end",
                       "catchment_renege",
                       "cross_region"});
}

// ---------------------------------------------------------------- run and events

RunResult PupilModel::run() {
  const PopulationConfig& pop = config_.population;
  const int years = calendar_.years();
  // Slots for the pupils alive at once: the initial population (with the VSO pupils past qualification age
  // that place_initial_state makes) and two years' arrivals (a year's cohort arrives on 1 August, before the
  // last one has left; two years is room for a growing population). Reserving them keeps the vector from
  // doubling: at national scale a doubling holds both copies, half again the run's peak memory. More
  // pupils than this only cost a reallocation.
  std::int64_t initial_pupils = 0;
  for (const AgeGroup& g : pop.initial) initial_pupils += g.count;
  for (const InitialStock& stock : scenario_.initial_state)
    if (stock.age_from >= pop.max_age) initial_pupils += stock.count;
  std::int64_t arrivals = 0;
  std::int64_t most_in_a_year = 0;
  for (int y = 1; y < years; ++y) {
    const int calendar_year = calendar_.calendar_year(y);
    const std::int64_t year_arrivals =
        count_in_year(pop.intake, calendar_year) + count_in_year(pop.migration_in, calendar_year);
    arrivals += year_arrivals;
    most_in_a_year = std::max(most_in_a_year, year_arrivals);
  }
  const auto slots = static_cast<std::size_t>(initial_pupils + std::min(arrivals, 2 * most_in_a_year));
  pupils_.reserve(slots);
  ledger_.reserve_pupils(slots);
  // A pupil has at most one pending event; the year's own events (year starts, peildata, months) come on top.
  constexpr std::size_t YEAR_EVENTS = 16;
  sim_.reserve(slots + YEAR_EVENTS * static_cast<std::size_t>(years) + 16);
  // Half a pupil's events are a year or more ahead (ageing out, a long stay); parked by month, they cost an
  // append each instead of a cache miss in a calendar of every pending event.
  sim_.park_events_beyond(DAYS_PER_MONTH);

  for (int y = 0; y < years; ++y)
    for (double month : calendar_.month_start_days(y)) month_starts_.push_back(month);
  deferred_by_month_.resize(month_starts_.size());
  using Clock = std::chrono::steady_clock;
  const auto seconds_since = [](Clock::time_point from) {
    return std::chrono::duration<double>(Clock::now() - from).count();
  };
  Clock::time_point phase_start = Clock::now();
  create_initial_population();
  place_initial_catchments();
  const double seconds_starting_population = seconds_since(phase_start);
  phase_start = Clock::now();
  const double horizon = calendar_.horizon_day();
  for (int y = 0; y < years; ++y) {
    // Priority -1: the year's capacities and cohort exist before anything else happens that day.
    sim_.schedule_at(SchoolCalendar::year_start_day(y), SchoolYearStart, 0, static_cast<std::uint64_t>(y),
                     -1);
    const double peildatum = calendar_.peildatum_day(y);
    if (peildatum < horizon) sim_.schedule_at(peildatum, Peildatum, 0, static_cast<std::uint64_t>(y), 1);
    for (double month : calendar_.month_start_days(y)) sim_.schedule_at(month, MonthlySample, 0, 0, 2);
  }
  if (calendar_.warmup_day() > 0.0) sim_.schedule_at(calendar_.warmup_day(), WarmupEnd, 0, 0, -2);

  sim_.run_until(horizon, [this](const engine::Event& e) { dispatch(e); });
  const double seconds_event_loop = seconds_since(phase_start);
  phase_start = Clock::now();
  take_drawn_ahead(-1);  // every year's are used by now; joins the thread if a year was not reached
  // Every onset of the run comes before the horizon, in a month that began before it.
  if (deferred_waiting_ != 0) throw std::logic_error("pupils counted until their onset were never made");
  leave_unmaterialised(horizon);
  ledger_.integrate(horizon, provisions_);
  if (options_.check_invariants) check_invariants();
  for (std::uint32_t id = 0; id < pupils_.size(); ++id)
    if (pupils_[id].setting != Setting::Exited)
      ledger_.stay_running(id, horizon, pupils_[id].setting, pupils_[id].spell_start);

  std::vector<double> running_home_spells;
  running_home_spells.reserve(home_pupils_.size());
  for (std::uint32_t id : home_pupils_) running_home_spells.push_back(sim_.now() - pupils_[id].home_since);
  RunResult result;
  reduce_run(scenario_, calendar_, ledger_, {sim_.now(), &provisions_, &jos_, running_home_spells}, result);
  result.series_days = series_days_;
  result.series_values = std::move(series_values_);
  result.fingerprint = sim_.fingerprint();
  result.events = sim_.events_executed();
  result.pupils = pupils_created_;
  result.unmaterialised_pupils = static_cast<std::uint64_t>(unmaterialised_created_);
  result.pupils_made_at_onset_month = static_cast<std::uint64_t>(deferred_made_);
  result.arrivals_drawn_ahead = arrivals_drawn_ahead_;
  result.exits_sorted_ahead = exits_sorted_ahead_;
  result.starting_candidates_kept = starting_candidates_kept_;
  result.starting_stock_redraws = starting_stock_redraws_;
  result.seconds_starting_population = seconds_starting_population;
  result.seconds_event_loop = seconds_event_loop;
  result.seconds_reduction = seconds_since(phase_start);
  result.trace_csv = std::move(trace_);
  return result;
}

void PupilModel::dispatch(const engine::Event& event) {
  const auto id = static_cast<std::uint32_t>(event.subject);
  if (is_pupil_event(event.kind)) {
    // At national scale the pupil and its ledger entry are cache misses; asked for now, they arrive while
    // the aggregate exits and the integrals below are worked out.
    const auto* pupil = reinterpret_cast<const char*>(pupils_.data() + id);
    __builtin_prefetch(pupil);
    __builtin_prefetch(pupil + sizeof(Pupil) - 1);
    ledger_.prefetch_pupil(id);
    count_move_at_instant(id);
  }
  leave_unmaterialised(event.time);
  ledger_.integrate(event.time, provisions_);
  if (next_deferred_month_ < month_starts_.size() && month_starts_[next_deferred_month_] <= event.time)
    make_deferred(event.time);
  switch (event.kind) {
    case PupilOnset:
      on_onset(id);
      break;
    case PupilQualified: {
      engine::RandomStream rng = fixed_stream(id, Purpose::ExitRoute, 0);  // drawn once: the pupil leaves
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
    case PupilSojournEnd:
      on_sojourn_end(id);
      break;
    case PupilLeaveAtAge: {
      const ProvisionConfig& pc = config_.provisions[static_cast<std::size_t>(pupils_[id].provision)];
      leave_place(id);
      go_to(id, *pc.leave_at_age_to);
      break;
    }
    case PupilRenege:
      on_renege(id);
      break;
    case PupilEscalation:
      on_escalation(id);
      break;
    case PupilNormBreach:
      on_norm_breach(id);
      break;
    case PupilMdoReview:
      on_mdo_review(id);
      break;
    case PupilRetCheck:
      on_ret_check(id);
      break;
    case PupilAssessed:
      on_assessed(id);
      break;
    case PupilSpellReferral:
      on_spell_referral(id);
      break;
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
    case JosCaseEnd:
      jos_.release(sim_.now(), event.payload);
      break;
    case JosListExpiry:
      jos_.renege(sim_.now(), event.payload);  // false when JOS took the case up meanwhile
      break;
    case CatchmentArrival:
      on_catchment_arrival(static_cast<int>(event.payload));
      break;
    case CatchmentStayEnd:
      on_catchment_stay_end(event.payload);
      break;
    case CatchmentRenege:
      on_catchment_renege(event.payload);
      break;
    case PupilCrossRegion:
      on_cross_region(id);
      break;
    default:
      throw std::logic_error("unknown event kind");
  }
  // The pupil of the event after this one, most likely, asked for now: at the start of its own event it
  // would arrive too late (a subject that is no pupil is passed over).
  if (const std::optional<std::uint64_t> next = sim_.next_subject_hint(); next && *next < pupils_.size()) {
    const auto* pupil = reinterpret_cast<const char*>(pupils_.data() + *next);
    __builtin_prefetch(pupil);
    __builtin_prefetch(pupil + sizeof(Pupil) - 1);
  }
  if (options_.check_invariants) check_invariants();
}

void PupilModel::on_onset(std::uint32_t id) {
  Pupil& p = pupils_[id];
  engine::RandomStream rng = stream(id, Purpose::Profile);
  // The first draw says whether this is a referral (SBO, SO/VSO for learning or developmental needs) or a
  // problem onset; the rest draw the problem.
  const int referral = onset_.cause(p.birth_day, p.had_episode, sim_.now(), rng.uniform01());
  if (referral >= 0) {
    const Destination& to = scenario_.onset.referrals[static_cast<std::size_t>(referral)].to;
    if (options_.trace) trace(id, "referral", "attending", destination_name(config_, to));
    go_to(id, to);
    return;
  }
  const Onset::Problem problem = onset_.draw_problem(rng, level_of(p, sim_.now()));
  p.profile = problem.profile;
  p.severity = problem.severity & 3U;  // 1-3: fits the two bits
  p.had_episode = true;
  trace(id, "onset", profile_name(p.profile), std::to_string(p.severity));
  if (jos_takes_up(id, rng)) return;
  route_from_rules(id, config_.onset.routes);
}

void PupilModel::on_sojourn_end(std::uint32_t id) {
  Pupil& p = pupils_[id];
  // A pupil that waits while its own setting goes on gives up the list when it moves on.
  if (p.waiting_for >= 0) leave_waiting_list(id);
  const bool reviewed_now = p.provision < 0 && exemption_review_due(p);
  if (reviewed_now) p.exemption_reviewed = true;
  const std::vector<RuleRow>& rules = p.provision >= 0
                                          ? config_.provisions[static_cast<std::size_t>(p.provision)].rules
                                      : reviewed_now ? active_.exemption_review.rules
                                                     : rules_for(p.setting);
  if (p.provision >= 0) leave_place(id);
  route_from_rules(id, rules);
}

bool PupilModel::exemption_review_due(const Pupil& p) const {
  // Half a day of slack: a yearly renewal reaches exactly 730 days, give or take rounding.
  constexpr double SLACK_DAYS = 0.5;
  return active_.exemption_review.enabled && p.setting == Setting::Vrijstelling5a && !p.exemption_reviewed &&
         sim_.now() - p.spell_start >= active_.exemption_review.after_days - SLACK_DAYS;
}

// One pending event per pupil: the earliest of everything that could happen to it next.
void PupilModel::schedule_next(std::uint32_t id) {
  Pupil& p = pupils_[id];
  count_on_hold(id);
  sim_.cancel(p.pending);
  // Placed pupils leave at their provision's maximum age (VSO: 20), everyone else when qualification duty
  // ends.
  const std::optional<double> provision_max_age =
      p.provision >= 0 ? config_.provisions[static_cast<std::size_t>(p.provision)].max_age : std::nullopt;
  double when =
      p.birth_day + SchoolCalendar::years_to_days(provision_max_age.value_or(config_.population.max_age));
  EventKind kind = PupilAgedOut;
  const auto consider = [&](double t, EventKind k) {
    if (t < when) {
      when = t;
      kind = k;
    }
  };
  if (p.setting == Setting::Attending) {
    // While assessed for a place (an OZA) the pupil stays in school; planned_day is the assessment's end.
    consider(p.planned_day, p.assessed_for >= 0 ? PupilAssessed : PupilOnset);
    consider(p.qualification_day, PupilQualified);
    consider(p.deadline_day, PupilMoved);
  } else {
    if (!p.sojourn_paused) consider(p.planned_day, PupilSojournEnd);
    if (p.provision >= 0) {
      const ProvisionConfig& pc = config_.provisions[static_cast<std::size_t>(p.provision)];
      if (pc.leave_at_age)
        consider(p.birth_day + SchoolCalendar::years_to_days(*pc.leave_at_age), PupilLeaveAtAge);
    }
    if (p.waiting_for >= 0) {
      consider(p.deadline_day, PupilRenege);
      if (config_.escalation.enabled && !p.escalated && p.home_since != NEVER)
        consider(p.home_since + config_.escalation.after_days, PupilEscalation);
      const bool norm_first =
          config_.provisions[static_cast<std::size_t>(p.waiting_for)].queue_rule == QueueRule::NormFirst;
      if (norm_first && !p.norm_rekeyed && !p.escalated && p.home_since != NEVER)
        consider(p.home_since + config_.kpi.norm_days, PupilNormBreach);
      if (config_.cross_region.enabled) consider(cross_region_day(id), PupilCrossRegion);
    }
    // Absence episodes only: absence_since is NEVER elsewhere.
    if (config_.mdo.enabled && !p.mdo_reviewed && p.absence_since != NEVER) {
      const double review = p.absence_since + config_.mdo.after_days;
      if (review >= mdo_from_day_) consider(review, PupilMdoReview);
    }
    if (config_.ret.enabled && !p.ret_checked && p.absence_since != NEVER) {
      const double escalation = p.absence_since + config_.ret.after_days;
      if (escalation >= ret_from_day_) consider(escalation, PupilRetCheck);
    }
    for (std::size_t slot = 0; slot < SPELL_REFERRAL_SLOTS; ++slot)
      consider(spell_referral_day(p, slot), PupilSpellReferral);
  }
  when = std::max(when, sim_.now());
  // Events after the horizon never run: leaving them out keeps the calendar small.
  if (when > calendar_.horizon_day()) {
    p.pending = {};
    return;
  }
  p.pending = sim_.schedule_at(when, kind, id);
}

// ---------------------------------------------------------------- pupil life

engine::RandomStream PupilModel::stream(std::uint32_t id, Purpose purpose) {
  const std::size_t index = counter_index(purpose);
  if (index >= COUNTED_PURPOSE_COUNT) throw std::logic_error("stream(): purpose without a counter");
  Pupil& p = pupils_[id];
  std::uint16_t& counter = p.draws[index];
  return entity_stream(purpose, p.serial, counter++);
}

engine::RandomStream PupilModel::fixed_stream(std::uint32_t id, Purpose purpose,
                                              std::uint64_t counter) const {
  return entity_stream(purpose, pupils_[id].serial, counter);
}

std::uint32_t PupilModel::next_serial() {
  const std::uint32_t serial = pupils_created_++;
  if (region_runs_.empty() || region_runs_.back().second != creating_region_) {
    region_runs_.emplace_back(serial, creating_region_);
    // Every block that starts before this run is final now: no later run starts in it.
    const auto runs = static_cast<std::uint32_t>(region_runs_.size());
    while (region_runs_.size() > 1 &&
           (static_cast<std::uint64_t>(region_run_at_block_.size()) << REGION_BLOCK_BITS) < serial) {
      const std::uint64_t block_start = static_cast<std::uint64_t>(region_run_at_block_.size())
                                        << REGION_BLOCK_BITS;
      std::uint32_t run = region_run_at_block_.empty() ? 0 : region_run_at_block_.back();
      while (run + 1 < runs && region_runs_[run + 1].first <= block_start) ++run;
      region_run_at_block_.push_back(run);
    }
  }
  return serial;
}

PupilModel::Birth PupilModel::draw_birth(std::uint32_t serial, double age_from, double age_to, double now,
                                         bool age_only) const {
  // One stream for everything fixed at creation, in this order: age, then age at startkwalificatie.
  Birth birth;
  if (age_only) {
    const double age = age_from + (age_to - age_from) * entity_first_uniform01(Purpose::Creation, serial, 0);
    birth.birth_day = now - SchoolCalendar::years_to_days(age);
    return birth;
  }
  engine::RandomStream rng = entity_stream(Purpose::Creation, serial, 0);
  const double age = age_from + (age_to - age_from) * rng.uniform01();
  birth.birth_day = now - SchoolCalendar::years_to_days(age);
  // A pupil still in school at this age has not qualified yet: its qualification age is drawn given that it
  // lies ahead (rejection; a pupil for whom a few dozen draws find none stays until max_age). Drawing it
  // unconditionally would keep the already-qualified share of the older year groups until max_age.
  double qualification_age = Pupil::NEVER;
  constexpr int QUALIFICATION_TRIES = 64;
  for (int attempt = 0; attempt < QUALIFICATION_TRIES; ++attempt) {
    const double draw = config_.population.qualification_age.sample(rng);
    if (draw > age) {
      qualification_age = draw;
      break;
    }
  }
  if (qualification_age < config_.population.max_age)
    birth.qualification_day = birth.birth_day + SchoolCalendar::years_to_days(qualification_age);
  return birth;
}

std::uint32_t PupilModel::take_slot() {
  // The most recently freed slot first: it is the one most likely still in cache.
  if (free_slots_.empty()) {
    pupils_.emplace_back();
    return static_cast<std::uint32_t>(pupils_.size() - 1);
  }
  const std::uint32_t id = free_slots_.back();
  free_slots_.pop_back();
  pupils_[id] = Pupil{};
  return id;
}

std::uint32_t PupilModel::materialise(std::uint32_t serial, double age_from, double age_to) {
  const std::uint32_t id = take_slot();
  Pupil& p = pupils_[id];
  p.serial = serial;
  const Birth birth = draw_birth(serial, age_from, age_to, sim_.now());
  p.birth_day = birth.birth_day;
  p.qualification_day = birth.qualification_day;
  p.setting = Setting::Exited;  // set_setting moves it in and scores it
  ledger_.pupil_created(id);
  enter_attending(id);
  return id;
}

void PupilModel::set_setting(std::uint32_t id, Setting s, std::string_view cause) {
  Pupil& p = pupils_[id];
  const double now = sim_.now();
  const Setting old = p.setting;
  const bool created = old == Setting::Exited;
  // Waiting with education on hold is counted in the setting waited in: the count leaves with the pupil, and
  // schedule_next counts it again if it waits on in the new one.
  if (p.on_hold_booked) {
    ledger_.education_on_hold(old, -1, now, region_of(id));
    p.on_hold_booked = false;
  }
  // A move into the setting the pupil is in (a vrijstelling renewed for another year) continues its spell:
  // the spell's start, its stay and the monitors' counts go on as one, so the exemption's age is known.
  if (!created && old == s) {
    if (options_.trace) trace(id, cause, setting_name(old), setting_name(s));
    return;
  }
  ledger_.setting_changed(id, now, old, s, level_of(p, now), p.spell_start, region_of(id));
  // A home spell runs while the pupil stays in home settings; it ends with any offer or return to school.
  const bool was_home = !created && is_home(old);
  if (!was_home && is_home(s)) {
    start_home_spell(id);
  } else if (was_home && !is_home(s)) {
    end_home_spell(id);
  }
  const bool was_absent = !created && is_absence_setting(old);
  if (!was_absent && is_absence_setting(s)) {
    p.absence_since = now;
    p.mdo_reviewed = false;
    p.ret_checked = false;
  } else if (was_absent && !is_absence_setting(s)) {
    ledger_.absence_ended(now, p.absence_since);
    p.absence_since = NEVER;
  }
  // An absence episode goes on through absence settings; every other move starts a new episode.
  if (!(was_absent && is_absence_setting(s))) p.spell_referrals_seen = 0;
  p.exemption_reviewed = false;
  p.setting = s;
  p.spell_start = now;
  if (options_.trace) trace(id, cause, created ? "new" : setting_name(old), setting_name(s));
}

void PupilModel::count_on_hold(std::uint32_t id) {
  Pupil& p = pupils_[id];
  // A pupil waiting in school (SBO, structuurgroep: wait_in = attending) has its education meanwhile.
  const bool on_hold = p.sojourn_paused && p.setting != Setting::Attending && p.setting != Setting::Exited;
  if (on_hold == p.on_hold_booked) return;
  ledger_.education_on_hold(p.setting, on_hold ? 1 : -1, sim_.now(), region_of(id));
  p.on_hold_booked = on_hold;
}

void PupilModel::enter_attending(std::uint32_t id) {
  set_setting(id, Setting::Attending, "enter");
  start_attending_spell(id);
}

void PupilModel::start_attending_spell(std::uint32_t id) {
  Pupil& p = pupils_[id];
  p.profile = Profile::None;
  p.severity = 0;
  p.sojourn_paused = false;
  if (made_for_a_stock_) {
    // Placed at once (place_initial draws and schedules its spell there): this spell's stream is used, as
    // it would be, but its onset search and its event, cancelled at the placement, are left out.
    ++p.draws[counter_index(Purpose::AttendingSpell)];
    return;
  }
  const AttendingSpell spell = draw_attending_spell(
      p.serial, p.draws[counter_index(Purpose::AttendingSpell)]++, p.birth_day, p.had_episode, sim_.now());
  p.planned_day = spell.onset_day;
  p.deadline_day = spell.moving_day;
  schedule_next(id);
}

PupilModel::AttendingSpell PupilModel::draw_attending_spell(std::uint32_t serial, std::uint16_t counter,
                                                            double birth_day, bool had_episode, double now,
                                                            std::optional<double> qualification_day) const {
  // One stream per spell in school, in this order: the onset threshold, then the time until moving away.
  engine::RandomStream rng = entity_stream(Purpose::AttendingSpell, serial, counter);
  AttendingSpell spell;
  const double threshold = -std::log(rng.uniform01());
  const double move_rate = config_.population.migration_out_per_year;
  if (move_rate > 0.0) spell.moving_day = now - std::log(rng.uniform01()) / move_rate * DAYS_PER_YEAR;
  // An onset on the moving day itself still comes first (schedule_next's order), so the search goes that far.
  spell.onset_day =
      onset_.onset_day(birth_day, had_episode, now, threshold,
                       qualification_day ? std::min(*qualification_day, spell.moving_day) : Pupil::NEVER);
  return spell;
}

void PupilModel::enter_free_setting(std::uint32_t id, Setting s) {
  if (s == Setting::Attending) {
    enter_attending(id);
    return;
  }
  set_setting(id, s, "enter");
  start_sojourn(id, rules_for(s));
}

void PupilModel::enter_provision(std::uint32_t id, int k) {
  const ProvisionConfig& pc = config_.provisions[static_cast<std::size_t>(k)];
  Pupil& p = pupils_[id];
  p.provision = static_cast<std::int16_t>(k);
  ledger_.place_taken(sim_.now(), static_cast<std::size_t>(k), vo_day(p));
  if (const std::size_t region = region_of(id); !config_.serves_region(static_cast<std::size_t>(k), region))
    ledger_.out_of_region(sim_.now(), region, 1, /*placed=*/true);
  set_setting(id, pc.setting, pc.name);
  start_sojourn(id, pc.rules);
}

void PupilModel::exit_pupil(std::uint32_t id, ExitReason reason) {
  Pupil& p = pupils_[id];
  sim_.cancel(p.pending);
  if (p.waiting_for >= 0) leave_waiting_list(id);
  if (p.provision >= 0) leave_place(id);
  const double now = sim_.now();
  const Setting old = p.setting;
  if (p.on_hold_booked) {
    ledger_.education_on_hold(old, -1, now, region_of(id));
    p.on_hold_booked = false;
  }
  ledger_.pupil_exited(id, now, old, reason, p.spell_start, region_of(id));
  if (is_home(old)) end_home_spell(id);
  p.setting = Setting::Exited;
  p.assessed_for = -1;
  p.home_since = NEVER;
  p.planned_day = NEVER;
  p.deadline_day = NEVER;
  if (options_.trace) trace(id, "exit", setting_name(old), exit_reason_name(reason));
  // Nothing refers to the pupil any more (its event cancelled, its place and list entry left), so the
  // next pupil made may take the slot.
  free_slots_.push_back(id);
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
  ledger_.home_spell_ended(now, length);
  // Swap-remove keeps the list compact; its order is never used for a decision.
  const auto slot = static_cast<std::size_t>(p.home_slot);
  const std::uint32_t moved = home_pupils_.back();
  home_pupils_[slot] = moved;
  pupils_[moved].home_slot = static_cast<std::int32_t>(slot);
  home_pupils_.pop_back();
  p.home_slot = -1;
  p.home_since = NEVER;
}

void PupilModel::trace(std::uint32_t id, std::string_view what, std::string_view from, std::string_view to) {
  if (!options_.trace) return;
  // Days to a thousandth (under two minutes): a log line per event, not a value to compute with.
  // The serial, not the slot: a pupil is one line of the trace's story however often slots are reused.
  fmt::format_to(std::back_inserter(trace_), "{:.3f},{},{},{},{}\n", sim_.now(), pupils_[id].serial, what,
                 from, to);
}

}  // namespace ozsim::model
