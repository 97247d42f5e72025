#pragma once
// The pupil model: every simulated pupil moving between regular school, the
// provisions of the onderwijszorgcontinuum and home. It decides what happens
// to pupils; the engine decides when, and stores the events.
#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "sim/engine/provision.hpp"
#include "sim/engine/random.hpp"
#include "sim/engine/simulator.hpp"
#include "sim/engine/statistics.hpp"
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
};
inline constexpr std::size_t PURPOSE_COUNT = 6;

// A pupil costs about 80 bytes; most of them only ever have one pending event
// (leaving school), so a national population fits in memory and time.
struct Pupil {
  static constexpr double NEVER = std::numeric_limits<double>::infinity();

  double birth_day = 0.0;          // simulation day of birth (negative for the initial population)
  double qualification_day = NEVER;
  double spell_start = 0.0;        // entered the current setting
  double home_since = NEVER;       // start of the current home spell
  double absence_since = NEVER;    // start of the current absence episode (risicoleerling, thuiszitter, absoluut verzuim)
  double planned_day = NEVER;      // attending: onset; elsewhere: end of the sojourn (NEVER while paused)
  double deadline_day = NEVER;     // attending: moving away; waiting: renege deadline
  float home_days_total = 0.0F;    // cumulative completed home time
  engine::EventHandle pending;     // the one scheduled event of this pupil
  std::int32_t home_slot = -1;     // position in the list of pupils at home, or -1
  std::int16_t provision = -1;     // place held, or -1
  std::int16_t waiting_for = -1;   // waiting list joined, or -1
  Setting setting = Setting::Attending;
  Profile profile = Profile::None;
  std::uint8_t severity = 0;
  bool had_episode = false;        // relapse hazard applies
  bool escalated = false;          // MDO/RET escalation done for this home spell
  bool norm_rekeyed = false;       // moved up a "3-month norm first" list in this home spell
  bool sojourn_paused = false;     // waiting with the search for education on hold
  std::array<std::uint16_t, PURPOSE_COUNT> draws{};  // per-purpose stream counters
};

// Mean of completed spells without keeping every value (a national run completes millions).
struct MeanAccumulator {
  double sum = 0.0;
  std::uint64_t count = 0;
  void add(double x) {
    sum += x;
    ++count;
  }
  double mean() const { return count > 0 ? sum / static_cast<double>(count) : 0.0; }
  void reset() { *this = {}; }
};

class PupilModel {
 public:
  PupilModel(const ScenarioConfig& config, std::uint64_t seed, const RunOptions& options);
  RunResult run();

  // For tests: inspect state mid-run.
  const std::vector<Pupil>& pupils() const { return pupils_; }
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
    KIND_COUNT
  };

  // Event handling
  void dispatch(const engine::Event& event);
  void on_school_year_start(int year_index);
  void on_peildatum(int year_index);
  void on_monthly_sample();
  void on_warmup_end();

  // Pupil life
  // A new attending pupil whose age is drawn uniformly from [age_from, age_to].
  std::uint32_t create_pupil(double age_from, double age_to);
  engine::RandomStream stream(std::uint32_t id, Purpose purpose);
  void enter_attending(std::uint32_t id);
  void enter_free_setting(std::uint32_t id, Setting s);
  void enter_provision(std::uint32_t id, int k);
  void set_setting(std::uint32_t id, Setting s, std::string_view cause);
  void go_to(std::uint32_t id, const Destination& d, int depth = 0);
  void request_place(std::uint32_t id, int k, int depth);
  void try_fallback(std::uint32_t id, int k, int depth);
  void leave_place(std::uint32_t id);
  void leave_waiting_list(std::uint32_t id);
  void exit_pupil(std::uint32_t id, ExitReason reason);
  void on_admitted(const engine::Admission& admission, int k);
  void route_from_rules(std::uint32_t id, const std::vector<RuleRow>& rules);
  void start_sojourn(std::uint32_t id, const std::vector<RuleRow>& rules);
  void schedule_next(std::uint32_t id);
  void rejoin_list(std::uint32_t id, double key);
  double queue_key(const Pupil& p, int k) const;

  // Rules
  const RuleRow* match(const std::vector<RuleRow>& rules, const Pupil& p) const;
  const std::vector<RuleRow>& rules_for(Setting s) const;
  Level level_of(const Pupil& p, double day) const;
  double age_at(const Pupil& p, double day) const { return (day - p.birth_day) / DAYS_PER_YEAR; }
  double onset_day(const Pupil& p, double from, double threshold) const;
  int year_index_at(double day) const;
  double trend(const std::vector<double>& multipliers, int year_index) const;
  bool is_home(Setting s) const { return home_setting_[static_cast<std::size_t>(s)]; }
  bool is_absence(Setting s) const {
    return s == Setting::Risicoleerling || s == Setting::Thuiszitter || s == Setting::AbsoluutVerzuim;
  }

  // Accounting
  void account_counts(double now);
  void record_flow(std::size_t from, std::size_t to);
  void start_home_spell(std::uint32_t id);
  void end_home_spell(std::uint32_t id);
  void trace(std::uint32_t id, std::string_view what, std::string_view from, std::string_view to);
  bool in_report_window(double day) const { return day >= warmup_day_; }
  void collect_kpis(RunResult& result);

 public:
  static constexpr double DAYS_PER_YEAR = 365.0;
  static constexpr std::size_t FLOW_TARGETS = SETTING_COUNT - 1 + EXIT_REASON_COUNT;  // settings but exited, then exits

 private:
  const ScenarioConfig& config_;
  std::uint64_t seed_;
  RunOptions options_;
  engine::Simulator sim_;
  std::vector<Pupil> pupils_;
  std::vector<engine::Provision> provisions_;
  std::array<std::vector<RuleRow>, SETTING_COUNT> free_rules_;
  std::array<bool, SETTING_COUNT> home_setting_{};
  std::array<std::int64_t, SETTING_COUNT> count_{};            // pupils per setting, incl. exited
  std::vector<std::int64_t> overflow_allowance_;                // occupancy above a lowered capacity
  double horizon_day_ = 0.0;
  double warmup_day_ = 0.0;
  int years_ = 0;
  int report_first_year_index_ = 0;

  // Per school-year accumulators (index = year since start).
  struct YearBook {
    std::array<double, SETTING_COUNT> setting_days{};        // pupil-days per setting
    std::vector<double> provision_days;                       // occupied pupil-days per provision
    std::vector<double> capacity_days;                        // available place-days per provision
    std::vector<std::array<std::uint64_t, FLOW_TARGETS>> flows;  // [from setting][to]
    std::array<std::uint64_t, SETTING_COUNT> entries{};
    std::array<std::uint64_t, SETTING_COUNT> entries_vo{};
    std::uint64_t escalations = 0;
    std::uint64_t home_spells_over_norm = 0;
    double absence_months_sum = 0.0;
    std::uint64_t absence_episodes = 0;
    std::array<std::int64_t, SETTING_COUNT> peildatum{};
    std::vector<std::int64_t> peildatum_waiting;
    std::int64_t peildatum_home_over_norm = 0;
    bool peildatum_taken = false;
  };
  std::vector<YearBook> years_book_;
  double last_account_day_ = 0.0;

  std::array<engine::TimeWeighted, SETTING_COUNT> setting_stat_;
  std::array<MeanAccumulator, SETTING_COUNT> stay_days_;  // completed spells, report window
  std::vector<double> incidence_by_year_;                 // trend multiplier per simulated school year
  double max_incidence_ = 1.0;
  std::vector<std::uint32_t> home_pupils_;                // pupils in a home spell, for peildatum counts
  engine::Tally home_spell_days_;
  std::uint64_t home_spells_completed_over_norm_ = 0;

  std::vector<double> series_days_;
  std::vector<std::vector<double>> series_values_;
  int month_index_ = 0;
  std::string trace_;
  std::uint32_t current_pupil_ = 0;
};

}  // namespace ozsim::model
