#pragma once
// Scoring during the run: the model tells the ledger what happened (a pupil
// changed setting, a home spell ended, a peildatum came), and the ledger keeps
// the counts, pupil-days, flows and spell statistics that costs and KPIs are
// later reduced from. The ledger decides nothing; no rule reads it.
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "sim/engine/provision.hpp"
#include "sim/engine/statistics.hpp"
#include "sim/engine/survival.hpp"
#include "sim/model/calendar.hpp"
#include "sim/model/names.hpp"

namespace ozsim::model {

// Where a counted move goes: a setting other than exited, or an exit reason.
inline constexpr std::size_t FLOW_TARGET_COUNT = SETTING_COUNT - 1 + EXIT_REASON_COUNT;
inline std::size_t flow_target(Setting s) {
  return static_cast<std::size_t>(s);
}
inline std::size_t flow_target(ExitReason r) {
  return SETTING_COUNT - 1 + static_cast<std::size_t>(r);
}
std::string flow_target_name(std::size_t target);  // a setting name, or "exit_<reason>"

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

// A provision's referrals from its catchment outside the modelled population (CatchmentInflow) in one school
// year. They are in the provision's own figures too (provision_days, served, the waiting list).
struct CatchmentYear {
  double place_days = 0.0;          // pupil-days in places
  double waiting_days = 0.0;        // days on the waiting list
  std::uint64_t referrals = 0;      // arrived
  std::uint64_t admitted = 0;       // took a place (at once or from the list)
  std::uint64_t turned_away = 0;    // found the list full, or gave it up after max_wait_days
  double admitted_wait_days = 0.0;  // the waits of those admitted
};

// One region's pupils in one school year, in a scenario of several regions (RegionConfig).
struct RegionYear {
  std::array<double, SETTING_COUNT> setting_days{};  // pupil-days per setting
  std::array<double, SETTING_COUNT> on_hold_days{};  // waiting with education on hold, by setting waited in
  double out_of_region_days = 0.0;                   // pupil-days in a place of another region (travel)
  std::uint64_t placed_out_of_region = 0;            // places taken in another region (CrossRegionConfig)
  std::array<std::uint64_t, SETTING_COUNT> entries{};
  std::vector<std::array<std::uint64_t, FLOW_TARGET_COUNT>> flows;  // [from setting][flow target]
  std::array<std::int64_t, SETTING_COUNT> peildatum{};
  std::int64_t peildatum_waiting = 0;  // its pupils on a waiting list, whichever region's
};

// What happened in one school year (index = year since the start).
struct YearBook {
  std::array<double, SETTING_COUNT> setting_days{};  // pupil-days per setting
  std::vector<double> provision_days;                // occupied pupil-days per provision
  std::vector<double> capacity_days;                 // available place-days per provision (held ones too)
  // Occupied pupil-days per provision by the occupant's level: an SWV PO and an SWV VO pay from separate
  // budgets, and a pupil in a mixed provision (SO/VSO) changes level while it stays.
  std::vector<std::array<double, LEVEL_COUNT>> provision_days_by_level;
  std::vector<std::uint64_t> provision_served;  // pupils holding a place at some time in the year
  std::vector<CatchmentYear> catchment;         // per provision
  std::vector<std::array<std::uint64_t, FLOW_TARGET_COUNT>> flows;  // [from setting][flow target]
  std::array<std::uint64_t, SETTING_COUNT> entries{};
  std::array<std::uint64_t, SETTING_COUNT> entries_vo{};
  std::uint64_t escalations = 0;  // cases moved up a waiting list
  std::array<std::uint64_t, LEVEL_COUNT> escalations_by_level{};
  std::uint64_t mdo_cases = 0;  // cases the MDO discussed
  std::array<std::uint64_t, LEVEL_COUNT> mdo_cases_by_level{};
  std::uint64_t ret_cases = 0;  // cases the RET placed
  std::array<std::uint64_t, LEVEL_COUNT> ret_cases_by_level{};
  std::uint64_t jos_cases = 0;      // cases JOS took up (at onset or from its list)
  std::uint64_t jos_prevented = 0;  // of those, problems dealt with in school
  std::uint64_t home_spells_over_norm = 0;
  double absence_months_sum = 0.0;
  std::uint64_t absence_episodes = 0;
  // Pupil-days waiting for a place with the search for education on hold, by the setting waited in.
  std::array<double, SETTING_COUNT> on_hold_days{};
  // Pupils in the setting at some time in the year, each counted once, as leerplicht and OCW count them; a
  // thuiszitter only once its spell is past the monitors' threshold (kpi.thuiszitter_after_days).
  std::array<std::uint64_t, SETTING_COUNT> distinct{};
  // The peildatum snapshot.
  bool peildatum_taken = false;
  std::array<std::int64_t, SETTING_COUNT> peildatum{};
  std::vector<std::int64_t> peildatum_waiting;
  std::int64_t peildatum_home_over_norm = 0;
  std::int64_t peildatum_long_thuiszitters = 0;
  std::array<std::array<std::int64_t, LEVEL_COUNT>, SETTING_COUNT> peildatum_by_level{};
  std::vector<std::array<std::int64_t, LEVEL_COUNT>> peildatum_waiting_by_level;  // per provision
  std::vector<RegionYear> regions;  // per region; empty without regions
};

// What the model counts on a peildatum from its pupils (one pass), beside the ledger's own counts.
struct PeildatumCounts {
  std::int64_t home_over_norm = 0;     // in a home spell longer than kpi.norm_days
  std::int64_t long_thuiszitters = 0;  // thuiszitters past kpi.thuiszitter_after_days in their spell
  std::array<std::array<std::int64_t, LEVEL_COUNT>, SETTING_COUNT> by_level{};
  std::vector<std::array<std::int64_t, LEVEL_COUNT>> waiting_by_level;  // per provision
  std::vector<std::int64_t> waiting_by_region;                          // per region, with regions
};

class Ledger {
 public:
  // `region_count` > 1: the pupils' figures are kept per region too (YearBook::regions).
  Ledger(const SchoolCalendar& calendar, std::size_t provision_count, double norm_days,
         double thuiszitter_after_days, std::size_t region_count = 1);

  // A new pupil in slot `id` (a new slot or one a pupil left): counted as exited until its first setting is
  // scored, and seen nowhere yet.
  void pupil_created(std::uint32_t id) {
    change_count(static_cast<std::size_t>(Setting::Exited), 1);
    if (id < seen_.size()) {
      seen_[id] = SeenInYear{};
    } else {
      seen_.resize(std::size_t{id} + 1);
    }
  }
  void reserve_pupils(std::size_t slots) { seen_.reserve(slots); }
  // Asks for slot id's entry to be brought into the cache ahead of the pupil's event (a hint only).
  void prefetch_pupil(std::uint32_t id) const {
    if (id < seen_.size()) __builtin_prefetch(&seen_[id]);
  }
  // A pupil counted in aggregate so far (unmaterialised_arrived without its stay) is made in slot `id`,
  // attending: counted already, and seen nowhere yet.
  void pupil_made_attending(std::uint32_t id) {
    if (id < seen_.size()) {
      seen_[id] = SeenInYear{};
    } else {
      seen_.resize(std::size_t{id} + 1);
    }
  }
  // A pupil moves from `from` (Exited for a new pupil) to `to`, after a spell that began on spell_start.
  // `region`: the pupil's (RegionConfig), 0 without regions.
  void setting_changed(std::uint32_t id, double now, Setting from, Setting to, Level level,
                       double spell_start, std::size_t region = 0);
  void pupil_exited(std::uint32_t id, double now, Setting from, ExitReason reason, double spell_start,
                    std::size_t region = 0);
  // The school years [first, last] a stay in school from `now` until `leaves` (or the end of the run) is
  // counted in once each; last < first if none. Const, so any thread may work it out ahead.
  std::pair<int, int> stay_years(double now, double leaves) const;
  // `pupils` counted in aggregate, never made (PupilModel's never-materialised pupils), arrive in school at
  // `now`: the same counts as that many arriving one by one at that moment.
  void unmaterialised_arrived(double now, std::size_t region, std::int64_t pupils);
  // Their stays in the distinct counts: stays_by_year[y] more in school year y (stay_years gives a pupil's
  // years). A pupil made later (pupil_made_attending) has none here: its stay is counted when it ends.
  void unmaterialised_stays(const std::vector<std::int64_t>& stays_by_year);
  // It leaves at `now`, between two integrations (no event of its own marks the day): its days since the
  // last integration are added here, so that the next one, which no longer counts it, leaves none out.
  void unmaterialised_left(double now, double since, ExitReason reason, std::size_t region);
  // A stay still running at the end of the run (from spell_start to `now`): the distinct counts take it.
  void stay_running(std::uint32_t id, double now, Setting s, double spell_start) {
    count_distinct(id, s, spell_start, now);
  }
  // A pupil starts (+1) or stops (-1) waiting for a place with the search for education on hold in `s`.
  void education_on_hold(Setting s, int change, double now = 0.0, std::size_t region = 0) {
    change_on_hold(static_cast<std::size_t>(s), change);
    if (regional()) region_change(now, region, RegionCount::OnHold, static_cast<std::size_t>(s), change);
  }
  // A pupil of `region` takes (+1) or leaves (-1) a place in another region; `placed`: it was placed there
  // from its own region's list now (CrossRegionConfig), not in the starting state.
  void out_of_region(double now, std::size_t region, int change, bool placed = false);
  std::size_t region_count() const { return region_counts_.size(); }
  // Pupils of `region` in setting s now (with regions).
  std::int64_t region_count(std::size_t region, Setting s) const {
    return region_counts_[region].settings[static_cast<std::size_t>(s)].count;
  }
  std::int64_t on_hold(Setting s) const { return on_hold_[static_cast<std::size_t>(s)]; }
  // An episode in the absence settings (risicoleerling, thuiszitter, absoluut verzuim) ended.
  void absence_ended(double now, double since);
  void home_spell_ended(double now, double length);
  // An escalated case, a case the MDO discussed or one the RET placed, of a pupil at `level` (its cost is
  // paid by level).
  void escalated(double now, Level level);
  void mdo_case(double now, Level level);
  void ret_case(double now, Level level);
  // A pupil takes or leaves a place in provision k; it is in VO from vo_day on (po_vo_age). A place held
  // when the run starts (the initial state) is `already_held`: the year's served count takes it from the
  // occupancy at the year's start, so counting it here too would count it twice.
  void place_taken(double now, std::size_t k, double vo_day, bool already_held = false);
  void place_left(double now, std::size_t k, double vo_day);
  std::int64_t place_occupants(std::size_t k) const { return place_levels_[k].po() + place_levels_[k].vo; }
  // A catchment referral to provision k (CatchmentInflow): it arrives, waits (+1/-1 on the list), takes a
  // place after `waited` days (its level's vo_day as for place_taken; `already_held`: on day 0, a stay in
  // progress, which is no admission), leaves it, or is turned away.
  void catchment_referred(double now, std::size_t k);
  void catchment_waiting(double now, std::size_t k, int change);
  void catchment_admitted(double now, std::size_t k, double waited, double vo_day, bool already_held = false);
  void catchment_left(double now, std::size_t k, double vo_day);
  void catchment_turned_away(double now, std::size_t k);
  std::int64_t catchment_occupants(std::size_t k) const { return catchment_occupants_[k]; }
  std::int64_t catchment_waiting(std::size_t k) const { return catchment_waiting_[k]; }
  // JOS took a case up; `prevented`: the pupil keeps attending.
  void jos_case(double now, bool prevented);

  // Integrates pupil-days per setting and provision up to `now`, split at school-year boundaries.
  void integrate(double now, const std::vector<engine::Provision>& provisions);
  void take_peildatum(int year_index, const std::vector<engine::Provision>& provisions,
                      PeildatumCounts counts);
  // Statistics of the reported window start afresh at the end of the warm-up.
  void warmup_ended(double now);

  std::int64_t count(Setting s) const { return count_[static_cast<std::size_t>(s)]; }
  const std::array<std::int64_t, SETTING_COUNT>& counts() const { return count_; }
  const YearBook& year(int year_index) const { return years_[static_cast<std::size_t>(year_index)]; }
  const engine::TimeWeighted& setting_average(Setting s) const {
    return setting_stat_[static_cast<std::size_t>(s)];
  }
  const MeanAccumulator& stay_days(Setting s) const { return stay_days_[static_cast<std::size_t>(s)]; }
  // Completed home spells in the reported window, and how many of them exceeded the norm.
  const engine::Tally& home_spell_days() const { return home_spell_days_; }
  std::uint64_t home_spells_over_norm() const { return home_spells_completed_over_norm_; }
  // The same completed spells for a Kaplan-Meier estimate, each entering with the length it already had
  // when the reported window began; the model adds the spells still running at the end (censored).
  const engine::SpellSurvival& home_spell_survival() const { return home_spell_survival_; }

 private:
  bool in_report_window(double day) const { return day >= calendar_.warmup_day(); }
  YearBook* book_at(double day);
  void record_flow(double now, Setting from, std::size_t to, std::size_t region);
  void spell_ended(double now, Setting from, double spell_start);
  // Counts the pupil once in each school year its stay in `s`, [start, end), overlaps; a thuiszitter's stay
  // only from thuiszitter_after_days on, and a stay of no length not at all.
  void count_distinct(std::uint32_t id, Setting s, double start, double end);
  // Occupants of one provision split by level: VO occupants are counted, PO occupants kept by the day they
  // reach VO age, so integrating moves them across the level boundary on the exact day.
  // The PO occupants' VO days are a min-heap with the days of those who left before reaching them in a
  // second one, matched off at the top: a node-based set allocated per pupil placed, a tenth of a national
  // run's time.
  struct LevelOccupancy {
    std::vector<double> po_until;  // min-heap (std::greater)
    std::vector<double> po_left;   // min-heap: VO days of PO occupants who left before them
    std::int64_t vo = 0;
    std::int64_t po() const { return static_cast<std::int64_t>(po_until.size() - po_left.size()); }
    // The earliest VO day of an occupant still there, or +infinity.
    double next_vo_day();
    void promote(double day);
    // Adds the occupants' pupil-days in [from, to), split at each PO occupant's VO day.
    void integrate(double from, double to, std::array<double, LEVEL_COUNT>& days);
  };

  // The settings a pupil has been counted in (bit per setting) in the school year `year`: a pupil's stays
  // come in time order, so one year at a time is enough to count each pupil once per year.
  struct SeenInYear {
    std::int16_t year = -1;
    std::uint16_t settings = 0;
  };

  // Per region, each count with the day it last changed: its pupil-days are added to the book of that day's
  // year when it changes and when a school year starts (integrate), not at every event: a national run
  // has dozens of regions, and an event changes at most two counts.
  struct LazyCount {
    std::int64_t count = 0;
    double since = 0.0;
  };
  struct RegionCounts {
    std::array<LazyCount, SETTING_COUNT> settings;
    std::array<LazyCount, SETTING_COUNT> on_hold;
    LazyCount out_of_region;
  };
  enum class RegionCount : std::uint8_t { Setting, OnHold, OutOfRegion };
  bool regional() const { return !region_counts_.empty(); }
  void region_change(double now, std::size_t region, RegionCount which, std::size_t s, int change);
  void flush_regions(double now);

  const SchoolCalendar& calendar_;
  std::vector<RegionCounts> region_counts_;  // empty without regions
  double norm_days_;
  double thuiszitter_after_days_;
  std::array<std::int64_t, SETTING_COUNT> count_{};    // pupils per setting, incl. exited
  std::array<std::int64_t, SETTING_COUNT> on_hold_{};  // pupils waiting with education on hold, per setting
  // The same two as doubles, kept with them (change_count, change_on_hold): integrate runs at every event,
  // and converting 2 x SETTING_COUNT integers there each time kept its loop from using vector instructions.
  // A count is exact as a double (far below 2^53), so the sums are the same, bit for bit.
  std::array<double, SETTING_COUNT> count_as_double_{};
  std::array<double, SETTING_COUNT> on_hold_as_double_{};
  void change_count(std::size_t s, std::int64_t by) {
    count_[s] += by;
    count_as_double_[s] = static_cast<double>(count_[s]);
  }
  void change_on_hold(std::size_t s, std::int64_t by) {
    on_hold_[s] += by;
    on_hold_as_double_[s] = static_cast<double>(on_hold_[s]);
  }
  std::vector<SeenInYear> seen_;  // per pupil
  std::vector<YearBook> years_;
  double last_integrated_day_ = 0.0;
  // Per provision, the day its days were last added: they are added when its occupants change and when a
  // school year ends, not at every event (a national run has a hundred provisions and more). Its places in
  // between are those of the model's provisions as the last integrate saw them: places change only as a
  // school year starts.
  std::vector<double> provision_since_;
  const std::vector<engine::Provision>* provisions_ = nullptr;
  void flush_provision(std::size_t k, double now);
  std::vector<LevelOccupancy> place_levels_;       // per provision
  std::vector<std::int64_t> catchment_occupants_;  // per provision: catchment referrals in a place
  std::vector<std::int64_t> catchment_waiting_;    // per provision: catchment referrals on the list
  std::array<engine::TimeWeighted, SETTING_COUNT> setting_stat_;
  std::array<MeanAccumulator, SETTING_COUNT> stay_days_;  // completed spells, report window
  engine::Tally home_spell_days_;
  engine::SpellSurvival home_spell_survival_;
  std::uint64_t home_spells_completed_over_norm_ = 0;
};

}  // namespace ozsim::model
