#pragma once
// The pupil model: every simulated pupil moving between regular school, the
// provisions of the onderwijszorgcontinuum and home. It decides what happens
// to pupils; the engine decides when, and stores the events.
//
// Where things live:
//   pupil_model.cpp    events and the pupil life cycle; each pupil has one pending event (schedule_next)
//   initial_state.cpp  the observed state the run starts from
//   routing.cpp        rule matching, destinations, fallbacks, how long a pupil stays
//   waiting_lists.cpp  requests for a place, queue keys, admission, reneging, escalation
//   onset.cpp          when problems start and what they are
//   catchments.cpp     referrals from outside the modelled population (CatchmentInflow)
//   regions_runtime.cpp  whose pupil is whose region, places in a neighbouring region (RegionConfig);
//                      regions.cpp divides a scenario into its regions before the run
//   never_materialised.cpp  pupils to whom nothing but school happens, counted in aggregate
//   ledger.cpp         scoring during the run (counts, pupil-days, flows, spells)
//   costs.cpp          every euro booked
//   kpis.cpp           the reduction of a run to its KPIs; kpi_catalogue.cpp declares them
#include <algorithm>
#include <array>
#include <cstdint>
#include <exception>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "sim/engine/provision.hpp"
#include "sim/engine/random.hpp"
#include "sim/engine/simulator.hpp"
#include "sim/engine/thread_pool.hpp"
#include "sim/model/calendar.hpp"
#include "sim/model/ledger.hpp"
#include "sim/model/onset.hpp"
#include "sim/model/run.hpp"
#include "sim/model/scenario_config.hpp"

namespace ozsim::model {

// The named random streams. Each pupil draws from its own stream per purpose,
// so two scenarios run with one seed give a pupil the same k-th draw of each
// purpose: comparisons measure the policy, not the noise. Never reorder.
enum class Purpose : std::uint32_t {
  Creation = 1,    // age (initial population, in-migrants) and age at startkwalificatie
  AttendingSpell,  // per spell in school: onset threshold (unit exponential), then time until moving away
  Profile,         // problem profile and severity at onset
  Sojourn,         // time spent in a setting
  Routing,         // where a pupil goes next
  ExitRoute,       // startkwalificatie or MBO Entree
  Escalation,      // what the MDO and the RET set going (an education route beside a wait, a RET place)
  // Not a pupil's: the streams of the catchment inflows (CatchmentInflow), so that their referrals leave
  // every pupil's draws as they are.
  Catchment,
};
// The purposes a pupil draws from more than once (one stream per episode, spell or decision): one stream
// counter each in Pupil::draws. Creation and ExitRoute are drawn a fixed number of times (creation: once at
// creation, once more for the initial state's order; exit route: once, at the exit), so they need no counter
// and the pupil keeps room for its serial.
inline constexpr std::size_t COUNTED_PURPOSE_COUNT = 5;
constexpr std::size_t counter_index(Purpose purpose) {
  switch (purpose) {
    case Purpose::AttendingSpell:
      return 0;
    case Purpose::Profile:
      return 1;
    case Purpose::Sojourn:
      return 2;
    case Purpose::Routing:
      return 3;
    case Purpose::Escalation:
      return 4;
    default:
      return COUNTED_PURPOSE_COUNT;  // not counted: PupilModel::stream refuses it
  }
}

struct Pupil {
  static constexpr double NEVER = std::numeric_limits<double>::infinity();

  double birth_day = 0.0;  // simulation day of birth (negative for the initial population)
  double qualification_day = NEVER;
  double spell_start = 0.0;   // entered the current setting
  double home_since = NEVER;  // start of the current home spell
  double absence_since =
      NEVER;  // start of the current absence episode (risicoleerling, thuiszitter, absoluut verzuim)
  double planned_day = NEVER;      // attending: onset; elsewhere: end of the sojourn (NEVER while paused)
  double deadline_day = NEVER;     // attending: moving away; waiting: renege deadline
  float home_days_total = 0.0F;    // cumulative completed home time
  engine::EventHandle pending;     // the one scheduled event of this pupil
  std::int32_t home_slot = -1;     // position in the list of pupils at home, or -1
  std::int16_t provision = -1;     // place held, or -1
  std::int16_t waiting_for = -1;   // waiting list joined, or -1
  std::int16_t assessed_for = -1;  // attending while assessed for this provision (an OZA), or -1
  Setting setting = Setting::Attending;
  Profile profile = Profile::None;
  // Severity is 1-3 (0 = none): two bits, sharing a byte with the spell-referral bits.
  std::uint8_t severity : 2 = 0;
  // One bit per SpellReferralSlot: that lever looked at this episode (SpellReferralConfig).
  std::uint8_t spell_referrals_seen : SPELL_REFERRAL_SLOTS = 0;
  // One bit each, so that the flags levers add keep the pupil at its size.
  bool had_episode : 1 = false;         // relapse hazard applies
  bool escalated : 1 = false;           // queue escalation done for this home spell
  bool mdo_reviewed : 1 = false;        // the MDO discussed this absence episode
  bool norm_rekeyed : 1 = false;        // moved up a "3-month norm first" list in this home spell
  bool sojourn_paused : 1 = false;      // waiting with the search for education on hold
  bool ret_checked : 1 = false;         // the RET looked at this absence episode
  bool on_hold_booked : 1 = false;      // the ledger counts it as waiting with education on hold
  bool exemption_reviewed : 1 = false;  // this vrijstelling 5a had its review (ExemptionReviewConfig)
  std::array<std::uint16_t, COUNTED_PURPOSE_COUNT> draws{};  // stream counters, by counter_index
  // The pupil's number in order of creation, which keys its random streams: the slot in PupilModel's list
  // (its id) is reused after the pupil leaves, the serial never is. Common random numbers follow the serial.
  std::uint32_t serial = 0;
};
// Most pupils only ever have one pending event (leaving school), so a national population of a few million
// pupils at this size fits in memory. Growing it is a decision, not an accident.
static_assert(sizeof(Pupil) == 96, "Pupil changed size: say why in the commit and update this line");

class PupilModel {
 public:
  PupilModel(const ScenarioConfig& config, std::uint64_t seed, const RunOptions& options);
  // The provisions' admission callbacks capture `this`: a copied or moved model would call into the old one.
  PupilModel(const PupilModel&) = delete;
  PupilModel& operator=(const PupilModel&) = delete;
  PupilModel(PupilModel&&) = delete;
  PupilModel& operator=(PupilModel&&) = delete;

  RunResult run();

  // For tests: inspect state mid-run. A slot of a pupil that left holds it, exited, until a new pupil
  // takes the slot.
  const std::vector<Pupil>& pupils() const { return pupils_; }
  // Recounts every pupil, place and list entry; throws std::logic_error on the first disagreement.
  void check_invariants() const;

 private:
  enum EventKind : std::uint32_t {
    PupilOnset,
    PupilQualified,
    PupilAgedOut,
    PupilMoved,
    PupilSojournEnd,
    PupilLeaveAtAge,
    PupilRenege,
    PupilEscalation,
    PupilNormBreach,
    SchoolYearStart,
    Peildatum,
    MonthlySample,
    WarmupEnd,
    // Pupil events added later go after the calendar's, so the kinds above keep their numbers (fingerprints).
    PupilMdoReview,
    PupilRetCheck,
    PupilAssessed,
    JosCaseEnd,     // a JOS case closes (payload: the case); not a pupil's event
    JosListExpiry,  // a case on JOS's waiting list was not taken up in time (payload: the case)
    PupilSpellReferral,
    CatchmentArrival,  // a referral from a provision's catchment arrives (payload: the provision)
    CatchmentStayEnd,  // a catchment referral leaves its place (payload: the referral)
    CatchmentRenege,   // a catchment referral gives up the waiting list (payload: the referral)
    PupilCrossRegion,  // a waiting pupil looks for a free place in a neighbouring region (CrossRegionConfig)
  };
  static bool is_pupil_event(std::uint32_t kind) {
    return (kind < SchoolYearStart || kind > WarmupEnd) && kind != JosCaseEnd && kind != JosListExpiry &&
           kind != CatchmentArrival && kind != CatchmentStayEnd && kind != CatchmentRenege;
  }

  // Events (pupil_model.cpp)
  void dispatch(const engine::Event& event);
  // Defence in depth against a routing cycle that closes at one instant (sim/model/zero_time_cycles finds
  // them before a run; floating point can still close one, e.g. a renege after 1e-300 days): a pupil with
  // more than MAX_MOVES_AT_ONE_INSTANT events at one simulated time stops the run, naming its rule.
  void count_move_at_instant(std::uint32_t id);
  std::string describe_stuck_pupil(std::uint32_t id) const;
  void on_onset(std::uint32_t id);
  void on_sojourn_end(std::uint32_t id);
  void on_school_year_start(int year_index);
  // A policy start this school year: the model runs by its scenario from now on.
  void start_policy(const ScenarioConfig& policy, int calendar_year);
  // A new pupil (intake, in-migrant) goes where its one draw falls among `routes`, or stays in school.
  // `what` names the route in the trace.
  void route_on_arrival(std::uint32_t id, const std::vector<IntakeRoute>& routes, std::string_view what);
  void on_peildatum(int year_index);
  void on_monthly_sample();
  void on_warmup_end();

  // JOS (jos_caseload.cpp): the youth workers' caseload and its own waiting list (JosConfig). A case is
  // JOS's, not a place the pupil holds: it runs its course whatever the pupil does meanwhile.
  // At a problem onset: true if JOS took the case up at once and dealt with the problem in school (the pupil
  // keeps attending, with a new spell); `rng` is the onset's stream, drawn after the problem.
  bool jos_takes_up(std::uint32_t id, engine::RandomStream& rng);
  void on_jos_admitted(const engine::Admission& admission);
  void schedule_jos(double day, EventKind kind, std::uint64_t case_id);

  // Catchments (catchments.cpp): referrals from outside the modelled population (CatchmentInflow). Each is an
  // entity of its provision's list with an id above every pupil's; it is no pupil and has no setting.
  struct CatchmentReferral {
    enum class State : std::uint8_t { Waiting, Placed, Gone };
    double requested_at = 0.0;
    double stay_days = 0.0;       // drawn on arrival from the provision's rules
    engine::EventHandle pending;  // the end of its stay, or its renege
    std::int16_t provision = -1;
    Level level = Level::Vo;
    Profile profile = Profile::None;
    std::uint8_t severity = 0;
    State state = State::Waiting;
  };
  static constexpr std::uint64_t CATCHMENT_ENTITY_BASE = std::uint64_t{1} << 32;
  static bool is_catchment_entity(std::uint64_t entity) { return entity >= CATCHMENT_ENTITY_BASE; }
  // At each school-year start: the next arrival of each catchment, at this year's rate (none while the
  // provision has no places). A Poisson process is memoryless, so drawing afresh at a change of rate is
  // exact.
  void restart_catchment_arrivals();
  // The catchments' referrals in a place on day 0 (CatchmentInflow::initial_occupants).
  void place_initial_catchments();
  void on_catchment_arrival(int k);
  void on_catchment_admitted(std::uint64_t serial, int k);
  void place_catchment_referral(std::uint64_t serial, int k, bool in_progress = false);
  // A referral from provision k's catchment asks for a place; `in_progress`: its stay was under way on day 0.
  void refer_from_catchment(int k, bool in_progress);
  double catchment_per_year(int k) const;  // the arrival rate now: 0 without a catchment or places
  void on_catchment_stay_end(std::uint64_t serial);
  void on_catchment_renege(std::uint64_t serial);
  engine::RandomStream catchment_stream(int k, bool arrivals);
  void schedule_next(std::uint32_t id);

  // Regions (regions_runtime.cpp; RegionConfig). A pupil's region follows from its serial: pupils are made a
  // region at a time, so a list of (first serial, region) runs holds every pupil's, and the pupil stays at
  // its size.
  std::size_t region_of_serial(std::uint32_t serial) const;
  std::size_t region_of(std::uint32_t id) const { return region_of_serial(pupils_[id].serial); }
  // The provision of provision k's kind that serves `region`; k itself without regions.
  int serving(int k, std::size_t region) const {
    if (serving_.empty()) return k;
    return serving_[region * provisions_.size() + config_.kind_of(static_cast<std::size_t>(k))];
  }
  // When a waiting pupil next looks for a place in a neighbouring region, or NEVER.
  double cross_region_day(std::uint32_t id) const;
  void on_cross_region(std::uint32_t id);
  // The scenario's own, or region r's: its initial population, intake, in-migration, starting stocks.
  const std::vector<AgeGroup>& initial_of(std::size_t r) const;
  const std::vector<YearCount>& intake_of(std::size_t r) const;
  const std::vector<YearCount>& migration_in_of(std::size_t r) const;
  const std::vector<InitialStock>& initial_state_of(std::size_t r) const;

  // Life cycle (pupil_model.cpp)
  // A new attending pupil whose age is drawn uniformly from [age_from, age_to].
  std::uint32_t create_pupil(double age_from, double age_to) {
    return materialise(next_serial(), age_from, age_to);
  }
  // A slot for a new pupil (a new one, or one a pupil left), holding a fresh Pupil.
  std::uint32_t take_slot();
  // The pupil numbered `serial`, made: its draws are its serial's, whenever it is made.
  std::uint32_t materialise(std::uint32_t serial, double age_from, double age_to);
  // The next pupil's serial, in the region being made (creating_region_).
  std::uint32_t next_serial();
  // The birth day and the day of startkwalificatie (NEVER: none before max_age) of pupil `serial`, aged
  // [age_from, age_to] on day `now`: its creation stream's draws. The draws take the day as an argument, not
  // from the clock, so that a spare thread can take them ahead of it (arrivals drawn a year ahead).
  struct Birth {
    double birth_day = 0.0;
    double qualification_day = Pupil::NEVER;
  };
  // `age_only`: the birth day alone (the first draw), without drawing startkwalificatie.
  Birth draw_birth(std::uint32_t serial, double age_from, double age_to, double now,
                   bool age_only = false) const;
  // The initial population and the observed starting state (initial_state.cpp): the scenario's stocks drawn
  // from the initial pupils, each pupil placed in a spell caught in progress, the pupils to whom nothing else
  // happens counted in aggregate. Throws std::invalid_argument when a band has too few pupils.
  void create_initial_population();
  // `stock` names the provision that holds the pupil (not its kind).
  // A sojourn's draws (draw_sojourn).
  struct SojournDraw {
    double duration = 0.0;  // the time left
    double elapsed = 0.0;   // in progress: the time since the spell began
  };
  // With its draws (draw_initial), taken ahead on any thread: its problem unless it was referred, and its
  // spell in progress.
  struct InitialDraws {
    bool problem_drawn = false;
    Onset::Problem problem;
    SojournDraw sojourn;
  };
  InitialDraws draw_initial(const Pupil& made, const InitialStock& stock, double now) const;
  void place_initial(std::uint32_t id, const InitialStock& stock, const InitialDraws& drawn);
  void place_initial(std::uint32_t id, const InitialStock& stock) {
    place_initial(id, stock, draw_initial(pupils_[id], stock, sim_.now()));
  }
  // The youngest age at which a stock's spells can have begun.
  double entry_age(const InitialStock& stock) const;
  // Stream `counter` of `entity` (a pupil's serial) for `purpose`: engine::RandomStream::for_entity's.
  engine::RandomStream entity_stream(Purpose purpose, std::uint64_t entity, std::uint64_t counter) const {
    return engine::RandomStream::for_entity_of(purpose_seeds_[static_cast<std::size_t>(purpose)], entity,
                                               counter);
  }
  // entity_stream(purpose, entity, counter).uniform01() for a stream used for that one draw only.
  double entity_first_uniform01(Purpose purpose, std::uint64_t entity, std::uint64_t counter) const {
    return engine::RandomStream::first_uniform01(
        engine::mix_entity(purpose_seeds_[static_cast<std::size_t>(purpose)], entity, counter));
  }
  // The pupil's next stream of a counted purpose (counter_index).
  engine::RandomStream stream(std::uint32_t id, Purpose purpose);
  // Stream `counter` of an uncounted purpose (Creation, ExitRoute).
  engine::RandomStream fixed_stream(std::uint32_t id, Purpose purpose, std::uint64_t counter) const;
  void enter_attending(std::uint32_t id);
  // A new spell in school for a pupil already attending: a fresh onset threshold and moving-away time.
  void start_attending_spell(std::uint32_t id);
  // A spell in school from day `now` on, its draws (stream `counter` of the pupil's AttendingSpell purpose):
  // when its problems or a referral start (onset), and when it moves away.
  struct AttendingSpell {
    double onset_day = Pupil::NEVER;
    double moving_day = Pupil::NEVER;
  };
  // A caller that only needs an onset before the pupil leaves passes its qualification day: an onset after
  // that or after its moving day is then +infinity (Onset::onset_day's `until`), and is found faster.
  AttendingSpell draw_attending_spell(std::uint32_t serial, std::uint16_t counter, double birth_day,
                                      bool had_episode, double now,
                                      std::optional<double> qualification_day = std::nullopt) const;

  // Never-materialised pupils (never_materialised.cpp). Most pupils only attend school until they leave, and
  // that whole future follows at their creation from their own streams: their age and startkwalificatie,
  // their first spell in school (no onset before they leave), no route at arrival. Such a pupil is counted
  // in aggregate (attending, by level and region, its exit by reason) and never made, with the same
  // figures as when it is made: a pupil's draws depend on its serial only, so every other pupil's stay the
  // same (common random numbers).
  //
  // A pupil whose onset comes first, in a later month, is counted the same way until that month begins and
  // only then made (`made_at` below): until its onset nothing but school happens to it either. So a made
  // pupil is one something is happening to, and the pupils and events held at once are those of a month,
  // not every onset of the run waiting years ahead.
  struct Unmaterialised {
    double since = 0.0;  // its arrival: the start of its one spell in school
    double birth_day = 0.0;
    double leave_day = Pupil::NEVER;  // NEVER: still in school at the horizon; if made later: made_at
    ExitReason reason = ExitReason::AgeOut;
    // Made later: the start of its onset's month (NEVER: never made), and its draws as materialise and
    // start_attending_spell take them.
    double made_at = Pupil::NEVER;
    double qualification_day = Pupil::NEVER;
    double onset_day = Pupil::NEVER;
    double moving_day = Pupil::NEVER;
    bool routing_drawn = false;  // an arrival route was drawn for it (route_on_arrival's one draw)
    // Where it is counted, worked out with its draws (on any thread: counting_places) so that counting it
    // in order is a few additions: the school years of its stay in the distinct counts ([first, last]; none
    // if last < first), the years of its peildatum counts (attending from peildatum_first, in VO from
    // peildatum_vo, gone from peildatum_end), and the month it is made in (made later) or its exit's whole
    // day (leaves before the horizon).
    std::int16_t stay_first_year = 0;
    std::int16_t stay_last_year = -1;
    std::int16_t peildatum_first = 0;
    std::int16_t peildatum_vo = 0;
    std::int16_t peildatum_end = 0;
    std::uint32_t made_in_month = 0;
    std::uint32_t exit_whole_day = 0;
  };
  // The future of new pupil `serial` if nothing but school happens to it until it leaves or until its
  // onset's month (made_at), or nullopt if it must be made now (its onset comes this month, or one of
  // `routes` takes it at arrival).
  std::optional<Unmaterialised> only_attends(std::uint32_t serial, double age_from, double age_to,
                                             const std::vector<IntakeRoute>& routes, double now) const;
  // Fills in where `pupil`, arriving now, is counted (the fields after routing_drawn); reads only what no
  // arrival changes.
  void counting_places(Unmaterialised& pupil) const;
  // An exit of a pupil counted in aggregate (unmaterialised_exits_).
  // Packed (12 bytes, not 16): a national run holds two million of them and sorts each day's.
  struct __attribute__((packed)) UnmaterialisedExit {
    double day = 0.0;
    std::uint16_t region = 0;
    std::uint8_t arrival_year = 0;  // it arrived as this school year started: its spell in school began then
    ExitReason reason = ExitReason::AgeOut;
  };
  static_assert(sizeof(UnmaterialisedExit) == 12);
  // A pupil counted in aggregate until its onset's month (deferred_by_month_).
  struct DeferredPupil {
    std::uint32_t serial = 0;
    std::uint16_t region = 0;
    bool routing_drawn = false;  // beside the region, not after the days: 48 bytes, not 56
    double since = 0.0;
    double birth_day = 0.0;
    double qualification_day = Pupil::NEVER;
    double onset_day = Pupil::NEVER;
    double moving_day = Pupil::NEVER;
  };
  static_assert(sizeof(DeferredPupil) == 48);

  // New pupils of consecutive serials, all arriving at one moment in one region, their draws taken on any
  // thread (only_attends for each): which of them are made then, and what the others add to the counts,
  // folded so that counting them in order (count_drawn) costs a few additions a run, not a pupil.
  struct DrawnPupils {
    std::uint32_t first_serial = 0;
    std::uint32_t count = 0;
    double since = 0.0;  // their arrival
    std::uint16_t region = 0;
    std::vector<std::uint32_t> made;  // offsets from first_serial of those made on arrival, ascending
    std::int64_t made_later = 0;      // of the others, made as their onset's month begins
    // In order of serial: (whole day, exit) of those leaving before the horizon, (month, pupil) of those
    // made later.
    std::vector<std::pair<std::uint32_t, UnmaterialisedExit>> exits;
    std::vector<std::pair<std::uint32_t, DeferredPupil>> deferred;
    // Per school year: stays in the distinct counts; and the changes of the peildatum counts as
    // unmaterialised_peildatum_changes_ holds them.
    std::vector<std::int64_t> distinct_by_year;
    std::vector<std::array<std::int64_t, LEVEL_COUNT>> peildatum_changes;
  };
  // Pupils [first_serial, first_serial + count) of `region` arriving `now`, aged [age_from, age_to), met by
  // `routes` (as route_on_arrival): `aggregate` false makes every one; a pupil whose serial is in
  // `made_anyway` (indexed from made_anyway_first; may be empty) is made whatever its draws.
  void draw_pupils(std::uint32_t first_serial, std::uint32_t count, double age_from, double age_to,
                   const std::vector<IntakeRoute>& routes, double now, std::uint16_t region, bool aggregate,
                   const std::vector<bool>& made_anyway, std::uint32_t made_anyway_first,
                   DrawnPupils& out) const;
  // Counts `drawn` in order of serial, calling make(serial) for each pupil made on arrival, which must
  // make it with the next serial (create_pupil). Before each, the pupils counted in aggregate ahead of it
  // are in the counts, as if each had been counted on its own.
  template <class Make>
  void count_drawn(const DrawnPupils& drawn, const Make& make) {
    std::uint32_t counted = 0;
    for (std::uint32_t offset : drawn.made) {
      count_aggregate_run(drawn, counted, offset);
      creating_region_ = drawn.region;
      make(drawn.first_serial + offset);
      counted = offset + 1;
      if (pupils_created_ != drawn.first_serial + counted)
        throw std::logic_error("a pupil made on arrival took another serial");
    }
    count_aggregate_run(drawn, counted, drawn.count);
    count_drawn_futures(drawn);
  }
  // New pupils [first_serial, first_serial + count), as draw_pupils takes them, drawn in runs of
  // PUPILS_PER_RUN on the creation threads and counted in order (count_drawn, with `make`).
  template <class Make>
  void draw_and_count(std::uint32_t first_serial, std::int64_t count, double age_from, double age_to,
                      const std::vector<IntakeRoute>& routes, double now, std::uint16_t region,
                      bool aggregate, const std::vector<bool>& made_anyway, std::uint32_t made_anyway_first,
                      const Make& make) {
    const std::vector<AgeGroup> group{AgeGroup{age_from, age_to, count}};
    draw_and_count_regions(first_serial, {RegionGroups{region, &group}}, routes, now, aggregate, made_anyway,
                           made_anyway_first, [&](std::uint32_t serial, const AgeGroup&) { make(serial); });
  }
  // The same for groups of pupils of their own ages with consecutive serials from first_serial on (a
  // region's single years of age), region after region, each group in runs of its own, `make` told the
  // group. One call for all the groups keeps the creation threads drawing: a call per group of a few
  // thousand pupils spends much of its time starting them, and the initial population of every region in
  // one call lets them draw the next region's while the last of one is counted.
  struct RegionGroups {
    std::uint16_t region = 0;
    const std::vector<AgeGroup>* groups = nullptr;
  };
  template <class Make>
  void draw_and_count_regions(std::uint32_t first_serial, const std::vector<RegionGroups>& regions,
                              const std::vector<IntakeRoute>& routes, double now, bool aggregate,
                              const std::vector<bool>& made_anyway, std::uint32_t made_anyway_first,
                              const Make& make) {
    struct Run {
      const AgeGroup* group = nullptr;
      std::uint16_t region = 0;
      std::uint32_t first_serial = 0;
      std::uint32_t count = 0;
    };
    std::vector<Run> runs;
    std::uint32_t serial = first_serial;
    for (const RegionGroups& in : regions)
      for (const AgeGroup& group : *in.groups) {
        for (std::int64_t from = 0; from < group.count; from += PUPILS_PER_RUN)
          runs.push_back(
              {&group, in.region, serial + static_cast<std::uint32_t>(from),
               static_cast<std::uint32_t>(std::min<std::int64_t>(PUPILS_PER_RUN, group.count - from))});
        serial += static_cast<std::uint32_t>(group.count);
      }
    in_order_of_draws<DrawnPupils>(
        static_cast<std::int64_t>(runs.size()),
        [&](std::int64_t i) {
          const Run& run = runs[static_cast<std::size_t>(i)];
          DrawnPupils drawn;
          draw_pupils(run.first_serial, run.count, run.group->age_from, run.group->age_to, routes, now,
                      run.region, aggregate, made_anyway, made_anyway_first, drawn);
          return drawn;
        },
        [&](std::int64_t i, const DrawnPupils& drawn) {
          const AgeGroup& group = *runs[static_cast<std::size_t>(i)].group;
          count_drawn(drawn, [&](std::uint32_t s) { make(s, group); });
        },
        1);
  }
  // The pupils at offsets [from, to) of `drawn`, none made on arrival, take their serials and are counted
  // as attending.
  void count_aggregate_run(const DrawnPupils& drawn, std::uint32_t from, std::uint32_t to);
  // What the pupils of `drawn` counted in aggregate add to the years to come: exits, pupils made later,
  // distinct and peildatum counts.
  void count_drawn_futures(const DrawnPupils& drawn);
  // Files an exit under the whole day it falls on; on the day being played out, among those still to come.
  void add_unmaterialised_exit(std::size_t whole_day, const UnmaterialisedExit& exit);
  // Puts a day's exits in time order; the same input order gives the same output order on any thread.
  static void put_in_time_order(std::vector<UnmaterialisedExit>& exits);
  // On the thread that draws year `year_index`'s arrivals ahead: the exits of the whole days inside that
  // year, with those arrivals' added as count_drawn_futures will add them, in time order (sorted_ahead_).
  void sort_exits_ahead(int year_index);
  // As year `year_index` starts, after its arrivals are counted: those days take the sorted exits, if every
  // arrival was counted from the draws taken ahead (so the days hold what the thread sorted).
  void take_sorted_exits(int year_index, bool every_arrival_drawn_ahead);
  // Makes the pupils counted in aggregate whose onset's month begins at or before `day` (a month start: an
  // event falls on every one), in order of serial, each attending since its arrival with its first event
  // planned.
  void make_deferred(double day);
  // The exits of unmaterialised pupils due at or before `day`, in time order.
  void leave_unmaterialised(double day);
  // Hands draw(i) for i in [0, count) to use(i, draw(i)) in order of i, the draws taken on
  // RunOptions::creation_threads threads (engine::ordered_draws). `draw` must read nothing that `use`
  // changes: it sees the model as it was when the call began.
  // `block`: draws a thread claims at once (engine::ordered_draws).
  template <class Result, class Draw, class Use>
  void in_order_of_draws(std::int64_t count, const Draw& draw, const Use& use,
                         std::int64_t block = 256) const {
    engine::ordered_draws<Result>(count, options_.creation_threads, draw, use, block);
  }
  // One arrival (intake or in-migrants of one region) as a school year starts.
  struct Arrival {
    std::uint16_t region = 0;
    std::int64_t count = 0;
    double age_from = 0.0;
    double age_to = 0.0;
    const std::vector<IntakeRoute>* routes = nullptr;
    std::string_view what;  // the routes' key, for messages
  };
  // School year `year_index`'s arrivals, in the order they arrive: per region, intake then in-migrants.
  std::vector<Arrival> arrivals_of_year(int year_index) const;
  // An arrival's only_attends, taken ahead (see draw_arrivals_ahead).
  struct DrawnArrival {
    std::uint32_t first_serial = 0;
    double day = 0.0;
    std::int64_t count = 0;
    std::vector<DrawnPupils> runs;  // its pupils in runs of PUPILS_PER_RUN
  };
  // Pupils drawn and counted as one DrawnPupils: enough to make a run's bookkeeping small beside its draws,
  // few enough that a region's age group still splits over the creation threads.
  static constexpr std::uint32_t PUPILS_PER_RUN = 256;
  static std::int64_t runs_of(std::int64_t pupils) { return (pupils + PUPILS_PER_RUN - 1) / PUPILS_PER_RUN; }
  // Makes the pupils of one arrival, aged [age_from, age_to): routed as their one draw says, or counted in
  // aggregate when nothing but school happens to them. `ahead`: its draws taken already, if they are this
  // arrival's (the same first serial and day), else null or ignored.
  void arrive(const Arrival& arrival, const DrawnArrival* ahead);
  // With a spare creation thread: takes school year `year_index`'s arrivals' draws on it while this year's
  // events run. They depend on the pupils' serials and their arrival day alone: only school-year starts
  // make pupils, so the serials are those that follow the last one made now. take_drawn_ahead waits for
  // them at that year's start and rethrows what the thread threw.
  void draw_arrivals_ahead(int year_index);
  std::vector<DrawnArrival> take_drawn_ahead(int year_index);
  // Hands used draws back, before the next draw_arrivals_ahead: it draws into their vectors.
  void recycle_drawn_ahead(std::vector<DrawnArrival>&& used);
  void enter_free_setting(std::uint32_t id, Setting s);
  void enter_provision(std::uint32_t id, int k);
  void set_setting(std::uint32_t id, Setting s, std::string_view cause);
  // Tells the ledger whether the pupil now waits for a place with the search for education on hold (time
  // without education); called wherever its next event is planned, which follows every change of state.
  void count_on_hold(std::uint32_t id);
  void exit_pupil(std::uint32_t id, ExitReason reason);
  void start_home_spell(std::uint32_t id);
  void end_home_spell(std::uint32_t id);
  bool is_home(Setting s) const { return home_setting_[static_cast<std::size_t>(s)]; }
  void trace(std::uint32_t id, std::string_view what, std::string_view from, std::string_view to);

  // Routing (routing.cpp)
  const RuleRow* match(const std::vector<RuleRow>& rules, const Pupil& p) const;
  const std::vector<RuleRow>& rules_for(Setting s) const;
  // Whether a [[trends.routes]] trend changes this row's shares for this pupil, and the changed shares.
  bool route_trend_applies(const RuleRow& row, const Pupil& p) const;
  void apply_route_trends(const std::vector<Destination>& to, std::vector<double>& probability,
                          const Pupil& p) const;
  // A vrijstelling 5a whose sojourn ends at or past the review age and was not reviewed yet.
  bool exemption_review_due(const Pupil& p) const;
  Level level_of(const Pupil& p, double day) const;
  double vo_day(const Pupil& p) const;  // the day level_of turns to VO
  // With `elapsed` given, the spell was under way when the run started: its remaining time is drawn from the
  // equilibrium residual-life distribution of the stay, jointly with the time it has already run (which goes
  // to `elapsed`), given that this lies in [min_elapsed, max_elapsed] (a pupil of 7 has not been anywhere for
  // 3 years; a VSO pupil of 17 who came from SO at 12 has been there 5).
  // `purpose` is the stream the duration is drawn from (a lever's own, so the pupil's other draws stay put).
  void start_sojourn(std::uint32_t id, const std::vector<RuleRow>& rules, double* elapsed = nullptr,
                     double min_elapsed = 0.0, double max_elapsed = Pupil::NEVER,
                     Purpose purpose = Purpose::Sojourn);
  // start_sojourn's draws for pupil `p` in `setting` on day `now`, from stream `counter` of `purpose`: they
  // read only the pupil's age, profile and severity and the scenario, so any thread may take them.
  SojournDraw draw_sojourn(const Pupil& p, Setting setting, const std::vector<RuleRow>& rules,
                           std::uint16_t counter, bool in_progress, double min_elapsed, double max_elapsed,
                           Purpose purpose, double now) const;
  // The sojourn's end `duration` from now (the caller schedules it).
  void begin_sojourn(std::uint32_t id, double duration);
  void route_from_rules(std::uint32_t id, const std::vector<RuleRow>& rules);
  void go_to(std::uint32_t id, const Destination& d, int depth = 0);
  void try_fallback(std::uint32_t id, int k, int depth);

  // Waiting lists (waiting_lists.cpp)
  // `assessed`: the provision's assessment (assessment_days) is done; a pupil asking from school without it
  // stays in school for the assessment first.
  void request_place(std::uint32_t id, int k, int depth, bool assessed = false);
  void on_assessed(std::uint32_t id);
  double queue_key(const Pupil& p, int k) const;
  void leave_place(std::uint32_t id);
  void leave_waiting_list(std::uint32_t id);
  void on_admitted(const engine::Admission& admission, int k);
  void on_renege(std::uint32_t id);
  void on_escalation(std::uint32_t id);
  // The MDO discusses a stuck case (MdoConfig): a shorter remaining spell, an education route for a pupil
  // waiting with education on hold.
  void on_mdo_review(std::uint32_t id);
  // The RET takes up a stuck case in a bespoke place, while the school year has places left (RetConfig).
  void on_ret_check(std::uint32_t id);
  // A lever that refers out of a running spell looks at the pupil (SpellReferralConfig).
  void on_spell_referral(std::uint32_t id);
  // When the slot's lever looks at the pupil's current episode, or NEVER if it does not apply to it.
  double spell_referral_day(const Pupil& p, std::size_t slot) const;
  // The MDO's extra share back to school on a move out of absence, or 0.
  double mdo_back_to_school_share(const Pupil& p) const;
  void on_norm_breach(std::uint32_t id);
  void rejoin_list(std::uint32_t id, double key);

  const ScenarioConfig&
      scenario_;           // as given, with its policy starts: costs and onset hazards read it per year
  ScenarioConfig active_;  // the policy in force now (a later policy start replaces it)
  const ScenarioConfig& config_;  // = active_: what every rule, list and capacity decision reads
  std::uint64_t seed_;
  // Per Purpose, seed_'s half of every stream's seed chain (engine::mix_purpose), done once.
  std::array<std::uint64_t, static_cast<std::size_t>(Purpose::Catchment) + 1> purpose_seeds_{};
  RunOptions options_;
  SchoolCalendar calendar_;
  Onset onset_;
  Ledger ledger_;
  engine::Simulator sim_;
  // Indexed by id, which is a slot: a pupil that leaves frees its slot (free_slots_) for the next pupil made,
  // so the list holds the pupils alive at once, not every pupil of the run (at national scale, half the
  // memory). A free slot holds its last pupil, exited.
  std::vector<Pupil> pupils_;
  // The pupil being made is one drawn for a starting stock, placed before the run starts
  // (start_attending_spell).
  bool made_for_a_stock_ = false;
  std::vector<std::uint32_t> free_slots_;
  // route_from_rules' copy of a row it changes (trends, the MDO's share), reused from call to call.
  std::vector<Destination> route_to_buffer_;
  std::vector<double> route_probability_buffer_;
  std::uint32_t pupils_created_ = 0;  // the next pupil's serial
  std::vector<engine::Provision> provisions_;
  engine::Provision jos_;  // JOS's caseload places (capacity JosConfig::places) and its own waiting list
  std::uint64_t next_jos_case_ = 0;
  std::vector<CatchmentReferral> catchment_referrals_;   // every catchment referral of the run, by serial
  std::vector<engine::EventHandle> catchment_arrival_;   // per provision: its catchment's next arrival
  std::vector<std::uint64_t> catchment_arrival_draws_;   // per provision: stream counter of the arrival clock
  std::vector<std::uint64_t> catchment_referral_draws_;  // per provision: referrals drawn so far
  std::array<std::vector<RuleRow>, SETTING_COUNT> free_rules_;
  std::array<bool, SETTING_COUNT> home_setting_{};
  std::vector<std::int64_t> overflow_allowance_;  // occupancy above a lowered capacity
  std::vector<int> serving_;  // [region * provisions + kind]: the provision serving it; empty without regions
  std::vector<std::pair<std::uint32_t, std::uint16_t>> region_runs_;  // (first serial, region), ascending
  // Per block of 2^REGION_BLOCK_BITS serials that wholly precedes the last run's first serial: the run in
  // force at the block's first serial. A national run asks a pupil's region a few million times; a search
  // over its few hundred runs each time was 1.5% of the run's instructions.
  static constexpr unsigned REGION_BLOCK_BITS = 12;
  std::vector<std::uint32_t> region_run_at_block_;
  // Never-materialised pupils: their exits to come, how many attend now (in all,
  // and per region), and per school year how many attend on its peildatum by level.
  // By the whole day they fall on, so that adding one and finding the next are cheap at millions; a day's are
  // put in time order when the run reaches it.
  std::vector<std::vector<UnmaterialisedExit>> unmaterialised_exits_;  // per whole day of the run
  std::size_t exit_day_ = 0;                                           // the day being played out
  std::size_t exit_position_ = 0;                                      // within it, the next exit
  bool exit_day_sorted_ = false;
  // Whole days [sorted_from_day_, sorted_to_day_) whose exits are in time order already (take_sorted_exits).
  // Sorting a national year's 190,000 exits took a twentieth of the event loop's thread; the thread that
  // draws the next year's arrivals ahead sorts them instead, while the loop plays out this year.
  std::size_t sorted_from_day_ = 0;
  std::size_t sorted_to_day_ = 0;
  // Written by that thread (sort_exits_ahead), read once it is joined: the year, the first day, the days.
  int sorted_ahead_year_ = -1;
  std::size_t sorted_ahead_first_day_ = 0;
  std::vector<std::vector<UnmaterialisedExit>> sorted_ahead_;
  std::uint64_t starting_candidates_kept_ = 0;  // RunResult::starting_candidates_kept
  std::uint64_t starting_stock_redraws_ = 0;    // RunResult::starting_stock_redraws
  std::int64_t unmaterialised_created_ = 0;
  std::int64_t unmaterialised_attending_ = 0;
  std::vector<std::int64_t> unmaterialised_by_region_;
  // Per school year (and one past the last), by level: the change in the number counted in aggregate on
  // its peildatum from the year before (count_drawn_futures).
  std::vector<std::array<std::int64_t, LEVEL_COUNT>> unmaterialised_peildatum_changes_;
  // Pupils counted in aggregate until their onset's month (Unmaterialised::made_at): per month of the run
  // (month_starts_), in order of serial; how many wait; the next month to make.
  std::vector<double> month_starts_;
  std::vector<std::vector<DeferredPupil>> deferred_by_month_;
  std::int64_t deferred_waiting_ = 0;
  std::int64_t deferred_made_ = 0;
  std::size_t next_deferred_month_ = 0;
  std::uint16_t creating_region_ = 0;       // the region of pupils made now
  std::vector<std::uint32_t> home_pupils_;  // pupils in a home spell, for peildatum counts
  double mdo_from_day_ = 0.0;               // the MDO reviews cases that reach after_days from this day on
  double ret_from_day_ = 0.0;               // the RET escalates cases that reach after_days from this day on
  std::int64_t ret_places_left_ = 0;        // this school year's RET places not yet used
  // Per SpellReferralSlot: the day its lever started (episodes already past after_days are looked at then).
  std::array<double, SPELL_REFERRAL_SLOTS> spell_referral_from_day_{};
  std::vector<double> series_days_;
  std::vector<std::vector<double>> series_values_;
  std::string trace_;
  // Moves at the current instant: a cheap count of all pupil events, and per pupil only once that count
  // is large (pupils rarely share an event time, so normal runs never fill the map).
  double instant_day_ = -1.0;
  std::uint64_t pupil_events_at_instant_ = 0;
  std::unordered_map<std::uint32_t, std::uint32_t> moves_at_instant_;
  // Arrivals drawn ahead (draw_arrivals_ahead): their year, the draws, what the thread threw, how many
  // pupils' draws were used (RunResult::arrivals_drawn_ahead). The thread comes last, so that it is joined
  // before anything it reads is destroyed.
  int drawn_ahead_year_ = -1;
  std::vector<DrawnArrival> drawn_ahead_;
  std::exception_ptr drawn_ahead_failure_;
  std::uint64_t arrivals_drawn_ahead_ = 0;
  std::uint64_t exits_sorted_ahead_ = 0;  // RunResult::exits_sorted_ahead
  std::jthread drawn_ahead_thread_;
};

}  // namespace ozsim::model
