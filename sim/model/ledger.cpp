#include "sim/model/ledger.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

namespace ozsim::model {
namespace {

std::size_t idx(Setting s) {
  return static_cast<std::size_t>(s);
}

}  // namespace

std::string flow_target_name(std::size_t target) {
  if (target < SETTING_COUNT - 1) return setting_name(static_cast<Setting>(target));
  return exit_destination_name(static_cast<ExitReason>(target - (SETTING_COUNT - 1)));
}

Ledger::Ledger(const SchoolCalendar& calendar, std::size_t provision_count, double norm_days,
               double thuiszitter_after_days, std::size_t region_count)
    : calendar_(calendar), norm_days_(norm_days), thuiszitter_after_days_(thuiszitter_after_days) {
  if (region_count > 1) region_counts_.resize(region_count);
  years_.resize(static_cast<std::size_t>(calendar.years()));
  for (YearBook& y : years_) {
    if (region_count > 1) y.regions.resize(region_count);
    y.provision_days.assign(provision_count, 0.0);
    y.capacity_days.assign(provision_count, 0.0);
    y.provision_days_by_level.assign(provision_count, {});
    y.provision_served.assign(provision_count, 0);
    y.catchment.assign(provision_count, {});
    y.flows.assign(SETTING_COUNT, {});
    y.peildatum_waiting.assign(provision_count, 0);
    y.peildatum_waiting_by_level.assign(provision_count, {});
  }
  place_levels_.resize(provision_count);
  provision_since_.assign(provision_count, 0.0);
  catchment_occupants_.assign(provision_count, 0);
  catchment_waiting_.assign(provision_count, 0);
}

YearBook* Ledger::book_at(double day) {
  const int year = SchoolCalendar::year_index_at(day);
  if (year < 0 || year >= calendar_.years()) return nullptr;
  return &years_[static_cast<std::size_t>(year)];
}

void Ledger::record_flow(double now, Setting from, std::size_t to, std::size_t region) {
  YearBook* book = book_at(now);
  if (book == nullptr) return;
  ++book->flows[idx(from)][to];
  if (regional()) {
    RegionYear& year = book->regions[region];
    if (year.flows.empty()) year.flows.resize(SETTING_COUNT);
    ++year.flows[idx(from)][to];
  }
}

void Ledger::spell_ended(double now, Setting from, double spell_start) {
  if (in_report_window(now)) stay_days_[idx(from)].add(now - spell_start);
}

void Ledger::count_distinct(std::uint32_t id, Setting s, double start, double end) {
  const double counted_from = s == Setting::Thuiszitter ? start + thuiszitter_after_days_ : start;
  if (!(end > counted_from)) return;  // "more than" the threshold; a stay of no length is no stay
  const int first = std::max(0, SchoolCalendar::year_index_at(counted_from));
  int last = SchoolCalendar::year_index_at(end);
  if (SchoolCalendar::year_start_day(last) >= end) --last;  // it ended as that year began
  last = std::min(last, calendar_.years() - 1);
  SeenInYear& seen = seen_[id];
  const auto bit = static_cast<std::uint16_t>(1U << static_cast<unsigned>(s));
  for (int y = first; y <= last; ++y) {
    if (seen.year < y) seen = {static_cast<std::int16_t>(y), 0};
    if ((seen.settings & bit) != 0) continue;
    seen.settings = static_cast<std::uint16_t>(seen.settings | bit);
    ++years_[static_cast<std::size_t>(y)].distinct[idx(s)];
  }
}

void Ledger::region_change(double now, std::size_t region, RegionCount which, std::size_t s, int change) {
  RegionCounts& counts = region_counts_[region];
  LazyCount& c = which == RegionCount::Setting  ? counts.settings[s]
                 : which == RegionCount::OnHold ? counts.on_hold[s]
                                                : counts.out_of_region;
  if (c.count != 0 && now > c.since) {
    if (YearBook* book = book_at(c.since)) {
      RegionYear& year = book->regions[region];
      const double days = static_cast<double>(c.count) * (now - c.since);
      (which == RegionCount::Setting  ? year.setting_days[s]
       : which == RegionCount::OnHold ? year.on_hold_days[s]
                                      : year.out_of_region_days) += days;
    }
  }
  c.since = now;
  c.count += change;
}

void Ledger::flush_regions(double now) {
  for (std::size_t r = 0; r < region_counts_.size(); ++r) {
    for (std::size_t s = 0; s < SETTING_COUNT; ++s) {
      region_change(now, r, RegionCount::Setting, s, 0);
      region_change(now, r, RegionCount::OnHold, s, 0);
    }
    region_change(now, r, RegionCount::OutOfRegion, 0, 0);
  }
}

void Ledger::out_of_region(double now, std::size_t region, int change, bool placed) {
  if (!regional()) return;
  region_change(now, region, RegionCount::OutOfRegion, 0, change);
  if (placed)
    if (YearBook* book = book_at(now)) ++book->regions[region].placed_out_of_region;
}

void Ledger::setting_changed(std::uint32_t id, double now, Setting from, Setting to, Level level,
                             double spell_start, std::size_t region) {
  const bool created = from == Setting::Exited;
  if (regional() && from != to) {
    if (!created) region_change(now, region, RegionCount::Setting, idx(from), -1);
    region_change(now, region, RegionCount::Setting, idx(to), 1);
    if (YearBook* book = book_at(now); book != nullptr && !created) ++book->regions[region].entries[idx(to)];
  }
  if (!created) {
    spell_ended(now, from, spell_start);
    count_distinct(id, from, spell_start, now);
    if (from != to) record_flow(now, from, flow_target(to), region);
  }
  if (from != to) {
    change_count(idx(from), -1);
    change_count(idx(to), 1);
    setting_stat_[idx(from)].update(now, static_cast<double>(count_[idx(from)]));
    setting_stat_[idx(to)].update(now, static_cast<double>(count_[idx(to)]));
  }
  if (YearBook* book = book_at(now); book != nullptr && !created) {
    ++book->entries[idx(to)];
    if (level == Level::Vo) ++book->entries_vo[idx(to)];
  }
}

void Ledger::pupil_exited(std::uint32_t id, double now, Setting from, ExitReason reason, double spell_start,
                          std::size_t region) {
  if (regional()) region_change(now, region, RegionCount::Setting, idx(from), -1);
  spell_ended(now, from, spell_start);
  count_distinct(id, from, spell_start, now);
  record_flow(now, from, flow_target(reason), region);
  change_count(idx(from), -1);
  change_count(idx(Setting::Exited), 1);
  setting_stat_[idx(from)].update(now, static_cast<double>(count_[idx(from)]));
}

std::pair<int, int> Ledger::stay_years(double now, double leaves) const {
  // Its only stay: counted once in each school year it overlaps, with nothing to count twice.
  const double end = std::min(leaves, calendar_.horizon_day());
  if (!(end > now)) return {0, -1};
  const int first = std::max(0, SchoolCalendar::year_index_at(now));
  int last = SchoolCalendar::year_index_at(end);
  if (SchoolCalendar::year_start_day(last) >= end) --last;
  return {first, std::min(last, calendar_.years() - 1)};
}

void Ledger::unmaterialised_arrived(double now, std::size_t region, std::int64_t pupils) {
  // One by one, each would add pupil-days over no time (they all arrive at `now`) and raise the count by one
  // on its way to the same last value, which is then also the greatest: all at once is the same, exactly.
  const auto s = idx(Setting::Attending);
  change_count(s, pupils);
  setting_stat_[s].update(now, static_cast<double>(count_[s]));
  if (regional()) region_change(now, region, RegionCount::Setting, s, static_cast<int>(pupils));
}

void Ledger::unmaterialised_stays(const std::vector<std::int64_t>& stays_by_year) {
  const auto s = idx(Setting::Attending);
  for (std::size_t y = 0; y < stays_by_year.size() && y < years_.size(); ++y)
    years_[y].distinct[s] += static_cast<std::uint64_t>(stays_by_year[y]);
}

void Ledger::unmaterialised_left(double now, double since, ExitReason reason, std::size_t region) {
  const auto s = idx(Setting::Attending);
  if (now > last_integrated_day_)
    if (YearBook* book = book_at(last_integrated_day_)) book->setting_days[s] += now - last_integrated_day_;
  spell_ended(now, Setting::Attending, since);
  record_flow(now, Setting::Attending, flow_target(reason), region);
  change_count(s, -1);
  change_count(idx(Setting::Exited), 1);
  setting_stat_[s].update(now, static_cast<double>(count_[s]));
  if (regional()) region_change(now, region, RegionCount::Setting, s, -1);
}

void Ledger::absence_ended(double now, double since) {
  if (YearBook* book = book_at(now)) {
    book->absence_months_sum += (now - since) / DAYS_PER_MONTH;
    ++book->absence_episodes;
  }
}

void Ledger::home_spell_ended(double now, double length) {
  if (!in_report_window(now)) return;
  home_spell_days_.add(length);
  home_spell_survival_.add(std::max(0.0, calendar_.warmup_day() - (now - length)), length, true);
  if (length > norm_days_) {
    ++home_spells_completed_over_norm_;
    if (YearBook* book = book_at(now)) ++book->home_spells_over_norm;
  }
}

void Ledger::mdo_case(double now, Level level) {
  if (YearBook* book = book_at(now)) {
    ++book->mdo_cases;
    ++book->mdo_cases_by_level[static_cast<std::size_t>(level)];
  }
}

void Ledger::escalated(double now, Level level) {
  if (YearBook* book = book_at(now)) {
    ++book->escalations;
    ++book->escalations_by_level[static_cast<std::size_t>(level)];
  }
}

double Ledger::LevelOccupancy::next_vo_day() {
  const std::greater<> later;
  while (!po_left.empty() && po_left.front() == po_until.front()) {
    std::pop_heap(po_until.begin(), po_until.end(), later);
    po_until.pop_back();
    std::pop_heap(po_left.begin(), po_left.end(), later);
    po_left.pop_back();
  }
  return po_until.empty() ? std::numeric_limits<double>::infinity() : po_until.front();
}

void Ledger::LevelOccupancy::promote(double day) {
  while (next_vo_day() <= day) {
    std::pop_heap(po_until.begin(), po_until.end(), std::greater<>());
    po_until.pop_back();
    ++vo;
  }
}

void Ledger::LevelOccupancy::integrate(double from, double to, std::array<double, LEVEL_COUNT>& days) {
  double t = from;
  while (t < to) {
    promote(t);
    const double next = std::min(to, next_vo_day());
    days[static_cast<std::size_t>(Level::Po)] += static_cast<double>(po()) * (next - t);
    days[static_cast<std::size_t>(Level::Vo)] += static_cast<double>(vo) * (next - t);
    t = next;
  }
}

void Ledger::flush_provision(std::size_t k, double now) {
  const double since = provision_since_[k];
  if (now > since) {
    if (YearBook* book = book_at(since)) {
      if (provisions_ == nullptr) throw std::logic_error("ledger: provision days before the first integrate");
      const double dt = now - since;
      const auto occupants = static_cast<double>(place_occupants(k));
      book->provision_days[k] += occupants * dt;
      // After a capacity cut the pupils above the new number keep their places until they leave, so those
      // places still exist (and are paid for): a place counts as available while it is held.
      book->capacity_days[k] += std::max(static_cast<double>((*provisions_)[k].capacity()), occupants) * dt;
      place_levels_[k].integrate(since, now, book->provision_days_by_level[k]);
      book->catchment[k].place_days += static_cast<double>(catchment_occupants_[k]) * dt;
      book->catchment[k].waiting_days += static_cast<double>(catchment_waiting_[k]) * dt;
    }
  }
  provision_since_[k] = now;
}

void Ledger::catchment_waiting(double now, std::size_t k, int change) {
  flush_provision(k, now);
  catchment_waiting_[k] += change;
}

void Ledger::place_taken(double now, std::size_t k, double vo_day, bool already_held) {
  flush_provision(k, now);
  LevelOccupancy& occupants = place_levels_[k];
  occupants.promote(now);
  if (vo_day <= now) {
    ++occupants.vo;
  } else {
    occupants.po_until.push_back(vo_day);
    std::push_heap(occupants.po_until.begin(), occupants.po_until.end(), std::greater<>());
  }
  if (already_held) return;
  if (YearBook* book = book_at(now)) ++book->provision_served[k];
}

void Ledger::place_left(double now, std::size_t k, double vo_day) {
  flush_provision(k, now);
  LevelOccupancy& occupants = place_levels_[k];
  occupants.promote(now);
  if (vo_day <= now) {
    if (occupants.vo == 0) throw std::logic_error("ledger: a VO pupil left a place it never took");
    --occupants.vo;
  } else {
    if (occupants.po() == 0) throw std::logic_error("ledger: a PO pupil left a place it never took");
    occupants.po_left.push_back(vo_day);
    std::push_heap(occupants.po_left.begin(), occupants.po_left.end(), std::greater<>());
  }
}

void Ledger::catchment_referred(double now, std::size_t k) {
  if (YearBook* book = book_at(now)) ++book->catchment[k].referrals;
}

void Ledger::catchment_admitted(double now, std::size_t k, double waited, double vo_day, bool already_held) {
  place_taken(now, k, vo_day, already_held);
  ++catchment_occupants_[k];
  if (already_held) return;
  if (YearBook* book = book_at(now)) {
    ++book->catchment[k].admitted;
    book->catchment[k].admitted_wait_days += waited;
  }
}

void Ledger::catchment_left(double now, std::size_t k, double vo_day) {
  if (catchment_occupants_[k] == 0)
    throw std::logic_error("ledger: a catchment referral left a place it never took");
  place_left(now, k, vo_day);
  --catchment_occupants_[k];
}

void Ledger::catchment_turned_away(double now, std::size_t k) {
  if (YearBook* book = book_at(now)) ++book->catchment[k].turned_away;
}

void Ledger::ret_case(double now, Level level) {
  if (YearBook* book = book_at(now)) {
    ++book->ret_cases;
    ++book->ret_cases_by_level[static_cast<std::size_t>(level)];
  }
}

void Ledger::jos_case(double now, bool prevented) {
  if (YearBook* book = book_at(now)) {
    ++book->jos_cases;
    if (prevented) ++book->jos_prevented;
  }
}

void Ledger::integrate(double now, const std::vector<engine::Provision>& provisions) {
  provisions_ = &provisions;
  double t = last_integrated_day_;
  while (t < now) {
    const int year = SchoolCalendar::year_index_at(t);
    if (year >= calendar_.years()) break;
    const double segment_end = std::min(now, SchoolCalendar::year_start_day(year + 1));
    const double dt = segment_end - t;
    YearBook& book = years_[static_cast<std::size_t>(year)];
    const bool year_starts = t == SchoolCalendar::year_start_day(year);
    // Local copies: the compiler cannot tell the members from the year book's arrays, and would not use
    // vector instructions while they might overlap.
    const std::array<double, SETTING_COUNT> counts = count_as_double_;
    const std::array<double, SETTING_COUNT> on_hold = on_hold_as_double_;
    for (std::size_t s = 0; s < SETTING_COUNT; ++s) book.setting_days[s] += counts[s] * dt;
    for (std::size_t s = 0; s < SETTING_COUNT; ++s) book.on_hold_days[s] += on_hold[s] * dt;
    // The places held as a school year starts are pupils it serves.
    if (year_starts)
      for (std::size_t k = 0; k < provisions.size(); ++k)
        book.provision_served[k] += static_cast<std::uint64_t>(provisions[k].occupancy());
    t = segment_end;
    // A school year ends: the provisions' days so far belong to it.
    if (t == SchoolCalendar::year_start_day(year + 1))
      for (std::size_t k = 0; k < provision_since_.size(); ++k) flush_provision(k, t);
    // A school year ends: the regions' days so far belong to it.
    if (regional() && t == SchoolCalendar::year_start_day(year + 1)) flush_regions(t);
  }
  // The run ends: so does every provision's and region's count.
  if (now >= calendar_.horizon_day()) {
    for (std::size_t k = 0; k < provision_since_.size(); ++k) flush_provision(k, now);
    if (regional()) flush_regions(now);
  }
  last_integrated_day_ = std::max(last_integrated_day_, now);
}

void Ledger::take_peildatum(int year_index, const std::vector<engine::Provision>& provisions,
                            PeildatumCounts counts) {
  YearBook& book = years_[static_cast<std::size_t>(year_index)];
  book.peildatum_taken = true;
  book.peildatum = count_;
  for (std::size_t k = 0; k < provisions.size(); ++k)
    book.peildatum_waiting[k] = static_cast<std::int64_t>(provisions[k].queue_length());
  book.peildatum_home_over_norm = counts.home_over_norm;
  book.peildatum_long_thuiszitters = counts.long_thuiszitters;
  book.peildatum_by_level = counts.by_level;
  if (counts.waiting_by_level.size() != provisions.size())
    throw std::logic_error("ledger: peildatum waiting lists by level need one entry per provision");
  book.peildatum_waiting_by_level = std::move(counts.waiting_by_level);
  for (std::size_t r = 0; r < book.regions.size(); ++r) {
    for (std::size_t s = 0; s < SETTING_COUNT; ++s)
      book.regions[r].peildatum[s] = region_counts_[r].settings[s].count;
    if (r < counts.waiting_by_region.size()) book.regions[r].peildatum_waiting = counts.waiting_by_region[r];
  }
}

void Ledger::warmup_ended(double now) {
  for (std::size_t s = 0; s < SETTING_COUNT; ++s) {
    setting_stat_[s].reset(now);
    stay_days_[s].reset();
  }
  home_spell_days_.reset();
  home_spell_survival_.clear();
  home_spells_completed_over_norm_ = 0;
}

}  // namespace ozsim::model
