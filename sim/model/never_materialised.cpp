// Never-materialised pupils: a pupil to whom nothing but school happens before it leaves is counted in
// aggregate and never made. Its whole future is its own draws, taken at its creation exactly as the made
// pupil would take them (draw_birth, draw_attending_spell, and schedule_next's choice of its first event), so
// a run gives the same figures whether such pupils are made or not (RunOptions::materialise_every_pupil; a
// test compares the two). At national scale they are most pupils: a made pupil costs its 96 bytes, its event
// and its share of every pass over the pupils.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "sim/model/pupil_model.hpp"

namespace ozsim::model {

std::optional<PupilModel::Unmaterialised> PupilModel::only_attends(std::uint32_t serial, double age_from,
                                                                   double age_to,
                                                                   const std::vector<IntakeRoute>& routes,
                                                                   double now) const {
  // An arrival route takes the pupil somewhere at once with its first routing draw (route_on_arrival).
  if (!routes.empty()) {
    const double u = entity_first_uniform01(Purpose::Routing, serial, 0);
    double cumulative = 0.0;
    for (const IntakeRoute& route : routes) {
      cumulative += route.share;
      if (u < cumulative) return std::nullopt;
    }
  }
  const Birth birth = draw_birth(serial, age_from, age_to, now);
  // An onset after it qualifies or moves away never happens to it, so the onset search stops there.
  const AttendingSpell spell =
      draw_attending_spell(serial, 0, birth.birth_day, false, now, birth.qualification_day);
  // Its first event as schedule_next chooses it for an attending pupil: ageing out unless something comes
  // strictly earlier, in this order.
  double when = birth.birth_day + SchoolCalendar::years_to_days(config_.population.max_age);
  EventKind kind = PupilAgedOut;
  const auto consider = [&](double t, EventKind k) {
    if (t < when) {
      when = t;
      kind = k;
    }
  };
  consider(spell.onset_day, PupilOnset);
  consider(birth.qualification_day, PupilQualified);
  consider(spell.moving_day, PupilMoved);
  Unmaterialised pupil;
  pupil.since = now;
  pupil.birth_day = birth.birth_day;
  if (kind == PupilOnset && when <= calendar_.horizon_day()) {
    // Made as its onset's month begins, if that is after now; an onset on the month's first instant is made
    // now, so that its event is planned before anything else of that instant runs.
    const auto month = std::upper_bound(month_starts_.begin(), month_starts_.end(), when);
    if (month == month_starts_.begin()) return std::nullopt;
    const double made_at = *std::prev(month);
    if (!(made_at > now && when > made_at)) return std::nullopt;
    pupil.made_at = made_at;
    pupil.leave_day = made_at;
    pupil.qualification_day = birth.qualification_day;
    pupil.onset_day = spell.onset_day;
    pupil.moving_day = spell.moving_day;
    pupil.routing_drawn = !routes.empty();
    pupil.made_in_month = static_cast<std::uint32_t>(std::prev(month) - month_starts_.begin());
    counting_places(pupil);
    return pupil;
  }
  when = std::max(when, now);
  if (when > calendar_.horizon_day()) {  // still in school when the run ends
    counting_places(pupil);
    return pupil;
  }
  pupil.leave_day = when;
  switch (kind) {
    case PupilQualified: {
      // The exit route's one draw, as the made pupil draws it when it qualifies.
      pupil.reason =
          entity_first_uniform01(Purpose::ExitRoute, serial, 0) < config_.population.mbo_entree_share
              ? ExitReason::Mbo
              : ExitReason::Startkwalificatie;
      break;
    }
    case PupilMoved:
      pupil.reason = ExitReason::Moved;
      break;
    default:
      pupil.reason = ExitReason::AgeOut;
      break;
  }
  pupil.exit_whole_day = static_cast<std::uint32_t>(pupil.leave_day);
  counting_places(pupil);
  return pupil;
}

void PupilModel::counting_places(Unmaterialised& pupil) const {
  const double now = pupil.since;
  const bool made_later = pupil.made_at != Pupil::NEVER;
  // A pupil made later counts its stay in school when the stay ends, as a made pupil does.
  const auto [stay_first, stay_last] =
      made_later ? std::pair{0, -1} : ledger_.stay_years(now, pupil.leave_day);
  pupil.stay_first_year = static_cast<std::int16_t>(stay_first);
  pupil.stay_last_year = static_cast<std::int16_t>(stay_last);
  // On the peildata of its stay it counts as attending, at its level then: the years [first, end), in VO
  // from `vo` on. Each is the first year from `from` on where a test holds that, once true, stays true (the
  // comparison a year-by-year walk would make): guessed from the peildatum's formula, then moved to where
  // the test itself changes, so rounding in the guess cannot change the answer.
  const int years = calendar_.years();
  const double peildatum_offset = calendar_.peildatum_day(0);
  const auto first_year_where = [years](int from, double guess, const auto& holds) {
    const int limit = std::max(from, years);
    int y = std::clamp(static_cast<int>(std::ceil(guess)), from, limit);
    while (y > from && holds(y - 1)) --y;
    while (y < limit && !holds(y)) ++y;
    return y;
  };
  const double stay_end = std::min(pupil.leave_day, calendar_.horizon_day());
  const int first = first_year_where(std::max(0, SchoolCalendar::year_index_at(now)),
                                     (now - peildatum_offset) / DAYS_PER_YEAR,
                                     [&](int y) { return calendar_.peildatum_day(y) >= now; });
  const int end = first_year_where(first, (stay_end - peildatum_offset) / DAYS_PER_YEAR,
                                   [&](int y) { return calendar_.peildatum_day(y) >= stay_end; });
  // level_of's comparison, by age in years.
  const double po_vo_age = config_.population.po_vo_age;
  const int vo = first_year_where(
      first,
      std::min(
          static_cast<double>(end),
          (pupil.birth_day + SchoolCalendar::years_to_days(po_vo_age) - peildatum_offset) / DAYS_PER_YEAR),
      [&](int y) {
        return y >= end ||
               SchoolCalendar::age_in_years(pupil.birth_day, calendar_.peildatum_day(y)) >= po_vo_age;
      });
  pupil.peildatum_first = static_cast<std::int16_t>(first);
  pupil.peildatum_vo = static_cast<std::int16_t>(vo);
  pupil.peildatum_end = static_cast<std::int16_t>(end);
}

void PupilModel::draw_pupils(std::uint32_t first_serial, std::uint32_t count, double age_from, double age_to,
                             const std::vector<IntakeRoute>& routes, double now, std::uint16_t region,
                             bool aggregate, const std::vector<bool>& made_anyway,
                             std::uint32_t made_anyway_first, DrawnPupils& out) const {
  out.first_serial = first_serial;
  out.count = count;
  out.since = now;
  out.region = region;
  out.made.clear();
  out.made_later = 0;
  out.exits.clear();
  out.deferred.clear();
  const auto years = static_cast<std::size_t>(calendar_.years());
  out.distinct_by_year.assign(years, 0);
  out.peildatum_changes.assign(years + 1, {});
  const int arrival_year = SchoolCalendar::year_index_at(now);
  for (std::uint32_t offset = 0; offset < count; ++offset) {
    const std::uint32_t serial = first_serial + offset;
    const std::size_t anyway = serial - made_anyway_first;
    std::optional<Unmaterialised> pupil;
    if (aggregate && !(anyway < made_anyway.size() && made_anyway[anyway]))
      pupil = only_attends(serial, age_from, age_to, routes, now);
    if (!pupil) {
      out.made.push_back(offset);
      continue;
    }
    for (int y = pupil->stay_first_year; y <= pupil->stay_last_year; ++y)
      ++out.distinct_by_year[static_cast<std::size_t>(y)];
    const auto change = [&](int y, Level level, int by) {
      out.peildatum_changes[static_cast<std::size_t>(y)][static_cast<std::size_t>(level)] += by;
    };
    change(pupil->peildatum_first, Level::Po, 1);
    change(pupil->peildatum_vo, Level::Po, -1);
    change(pupil->peildatum_vo, Level::Vo, 1);
    change(pupil->peildatum_end, Level::Vo, -1);
    if (pupil->made_at != Pupil::NEVER) {
      ++out.made_later;
      out.deferred.emplace_back(
          pupil->made_in_month,
          DeferredPupil{serial, region, pupil->routing_drawn, pupil->since, pupil->birth_day,
                        pupil->qualification_day, pupil->onset_day, pupil->moving_day});
      continue;
    }
    if (pupil->leave_day == Pupil::NEVER) continue;
    // Pupils arrive on day 0 and as a school year starts: the year's start is the spell's.
    if (SchoolCalendar::year_start_day(arrival_year) != now)
      throw std::logic_error("a pupil counted in aggregate arrived between school years");
    out.exits.emplace_back(
        pupil->exit_whole_day,
        UnmaterialisedExit{pupil->leave_day, region, static_cast<std::uint8_t>(arrival_year), pupil->reason});
  }
}

void PupilModel::count_aggregate_run(const DrawnPupils& drawn, std::uint32_t from, std::uint32_t to) {
  if (to <= from) return;
  const double now = sim_.now();
  if (drawn.since != now) throw std::logic_error("pupils counted in aggregate were drawn for another moment");
  if (pupils_created_ != drawn.first_serial + from)
    throw std::logic_error("pupils counted in aggregate took other serials");
  creating_region_ = drawn.region;
  next_serial();  // the run's region from its first serial on
  pupils_created_ = drawn.first_serial + to;
  const std::int64_t pupils = to - from;
  ledger_.unmaterialised_arrived(now, drawn.region, pupils);
  unmaterialised_attending_ += pupils;
  if (unmaterialised_by_region_.empty()) unmaterialised_by_region_.assign(config_.region_count(), 0);
  unmaterialised_by_region_[drawn.region] += pupils;
}

void PupilModel::count_drawn_futures(const DrawnPupils& drawn) {
  const auto aggregate = static_cast<std::int64_t>(drawn.count - drawn.made.size());
  unmaterialised_created_ += aggregate - drawn.made_later;
  deferred_waiting_ += drawn.made_later;
  ledger_.unmaterialised_stays(drawn.distinct_by_year);
  // Peildatum counts as changes from the year before (four numbers a pupil, not one a year); on_peildatum
  // sums them up to its year, which no later arrival changes.
  if (unmaterialised_peildatum_changes_.empty())
    unmaterialised_peildatum_changes_.assign(static_cast<std::size_t>(calendar_.years()) + 1, {});
  for (std::size_t y = 0; y < drawn.peildatum_changes.size(); ++y)
    for (std::size_t level = 0; level < LEVEL_COUNT; ++level)
      unmaterialised_peildatum_changes_[y][level] += drawn.peildatum_changes[y][level];
  for (const auto& [month, pupil] : drawn.deferred) deferred_by_month_[month].push_back(pupil);
  for (const auto& [day, exit] : drawn.exits) add_unmaterialised_exit(day, exit);
}

void PupilModel::add_unmaterialised_exit(std::size_t whole_day, const UnmaterialisedExit& exit) {
  if (unmaterialised_exits_.empty())
    unmaterialised_exits_.resize(static_cast<std::size_t>(std::ceil(calendar_.horizon_day())) + 1);
  if (whole_day >= sorted_from_day_ && whole_day < sorted_to_day_)
    throw std::logic_error("an exit was filed under a day already put in time order");
  std::vector<UnmaterialisedExit>& on_day = unmaterialised_exits_[whole_day];
  if (whole_day == exit_day_ && exit_day_sorted_) {
    // The day is being played out: the exit goes in its place among those still to come.
    const auto later = std::upper_bound(
        on_day.begin() + static_cast<std::ptrdiff_t>(exit_position_), on_day.end(), exit,
        [](const UnmaterialisedExit& a, const UnmaterialisedExit& b) { return a.day < b.day; });
    on_day.insert(later, exit);
  } else {
    on_day.push_back(exit);
  }
}

void PupilModel::put_in_time_order(std::vector<UnmaterialisedExit>& exits) {
  // Exits at the same moment differ only in what the ledger adds up, in any order; a plain sort is a third
  // cheaper than a stable one, and its order is still the same in every run: it depends only on the order
  // the exits were filed in, which sort_exits_ahead reproduces.
  std::sort(exits.begin(), exits.end(),
            [](const UnmaterialisedExit& a, const UnmaterialisedExit& b) { return a.day < b.day; });
}

void PupilModel::sort_exits_ahead(int year_index) {
  sorted_ahead_year_ = -1;
  // Nothing is filed before the first pupil counted in aggregate; the loop then sorts as it goes.
  if (unmaterialised_exits_.empty()) return;
  // Not the day the year starts on, nor the day the next starts on: exits are filed under those at the
  // year starts, as arrivals come.
  const auto first = static_cast<std::size_t>(SchoolCalendar::year_start_day(year_index)) + 1;
  const std::size_t end = std::min(unmaterialised_exits_.size(),
                                   static_cast<std::size_t>(SchoolCalendar::year_start_day(year_index + 1)));
  if (first >= end) return;
  // Last year's vectors (take_sorted_exits swapped them in): their memory is mapped already.
  sorted_ahead_.resize(end - first);
  // The loop's thread files nothing under these days until the year starts, and this thread is joined
  // then, before the arrivals are counted: what it reads here does not change under it.
  for (std::size_t day = first; day < end; ++day) sorted_ahead_[day - first] = unmaterialised_exits_[day];
  for (const DrawnArrival& arrival : drawn_ahead_)
    for (const DrawnPupils& run : arrival.runs)
      for (const auto& [day, exit] : run.exits)
        if (day >= first && day < end) sorted_ahead_[day - first].push_back(exit);
  for (std::vector<UnmaterialisedExit>& exits : sorted_ahead_) put_in_time_order(exits);
  sorted_ahead_first_day_ = first;
  sorted_ahead_year_ = year_index;
}

void PupilModel::take_sorted_exits(int year_index, bool every_arrival_drawn_ahead) {
  const bool usable = sorted_ahead_year_ == year_index && every_arrival_drawn_ahead;
  sorted_ahead_year_ = -1;
  if (!usable) return;
  const std::size_t first = sorted_ahead_first_day_;
  for (std::size_t d = 0; d < sorted_ahead_.size(); ++d) {
    std::vector<UnmaterialisedExit>& filed = unmaterialised_exits_[first + d];
    if (filed.size() != sorted_ahead_[d].size())
      throw std::logic_error("exits sorted ahead differ from those filed as the year started");
    filed.swap(sorted_ahead_[d]);
    exits_sorted_ahead_ += filed.size();
  }
  sorted_from_day_ = first;
  sorted_to_day_ = first + sorted_ahead_.size();
}

void PupilModel::leave_unmaterialised(double day) {
  if (unmaterialised_exits_.empty()) return;
  const auto last = std::min(unmaterialised_exits_.size() - 1, static_cast<std::size_t>(std::max(0.0, day)));
  while (exit_day_ <= last) {
    std::vector<UnmaterialisedExit>& on_day = unmaterialised_exits_[exit_day_];
    if (!exit_day_sorted_) {
      if (exit_day_ < sorted_from_day_ || exit_day_ >= sorted_to_day_) put_in_time_order(on_day);
      exit_day_sorted_ = true;
    }
    for (; exit_position_ < on_day.size() && on_day[exit_position_].day <= day; ++exit_position_) {
      const UnmaterialisedExit& exit = on_day[exit_position_];
      ledger_.unmaterialised_left(exit.day, SchoolCalendar::year_start_day(exit.arrival_year), exit.reason,
                                  exit.region);
      --unmaterialised_attending_;
      --unmaterialised_by_region_[exit.region];
    }
    if (exit_position_ < on_day.size()) return;  // the rest of this day comes after `day`
    // Not `on_day = {}`: that assigns an empty initializer list and keeps the capacity. Released, the day's
    // memory serves the days still being filed; kept, every day of the run stayed mapped (12 MB nationally).
    std::vector<UnmaterialisedExit>().swap(on_day);
    ++exit_day_;
    exit_position_ = 0;
    exit_day_sorted_ = false;
  }
}

void PupilModel::make_deferred(double day) {
  while (next_deferred_month_ < month_starts_.size() && month_starts_[next_deferred_month_] <= day) {
    std::vector<DeferredPupil>& due = deferred_by_month_[next_deferred_month_];
    if (!due.empty() && month_starts_[next_deferred_month_] != sim_.now())
      throw std::logic_error("pupils due at a month's start were made after it");
    for (const DeferredPupil& d : due) {
      // As materialise and start_attending_spell make it, with the draws it took at its arrival: in school
      // since then, its first spell's stream used.
      const std::uint32_t id = take_slot();
      Pupil& p = pupils_[id];
      p.serial = d.serial;
      p.birth_day = d.birth_day;
      p.qualification_day = d.qualification_day;
      p.setting = Setting::Attending;
      p.spell_start = d.since;
      p.draws[counter_index(Purpose::AttendingSpell)] = 1;
      if (d.routing_drawn) p.draws[counter_index(Purpose::Routing)] = 1;
      p.planned_day = d.onset_day;
      p.deadline_day = d.moving_day;
      ledger_.pupil_made_attending(id);
      --unmaterialised_attending_;
      --unmaterialised_by_region_[d.region];
      --deferred_waiting_;
      ++deferred_made_;
      schedule_next(id);
    }
    std::vector<DeferredPupil>().swap(due);  // released, as a played day's exits are
    ++next_deferred_month_;
  }
}

std::vector<PupilModel::Arrival> PupilModel::arrivals_of_year(int year_index) const {
  const PopulationConfig& pop = config_.population;
  const int calendar_year = calendar_.calendar_year(year_index);
  std::vector<Arrival> arrivals;
  for (std::size_t r = 0; r < config_.region_count(); ++r) {
    const auto region = static_cast<std::uint16_t>(r);
    // Some children start school in special education (SO cluster 3 at 4-5), or are not registered anywhere.
    arrivals.push_back({region, count_in_year(intake_of(r), calendar_year), pop.intake_age,
                        pop.intake_age + 1.0, &scenario_.onset.at_intake, "intake_route"});
    // Some pupils moving in (newcomers among them) are not enrolled at first.
    arrivals.push_back({region, count_in_year(migration_in_of(r), calendar_year), pop.migration_in_age_from,
                        pop.migration_in_age_to, &scenario_.onset.at_migration_in, "migration_in_route"});
  }
  return arrivals;
}

void PupilModel::arrive(const Arrival& arrival, const DrawnArrival* ahead) {
  const bool aggregate = !options_.materialise_every_pupil && !options_.trace;
  const std::uint32_t first = pupils_created_;
  const double now = sim_.now();
  const auto make = [&](std::uint32_t) {
    route_on_arrival(create_pupil(arrival.age_from, arrival.age_to), *arrival.routes, arrival.what);
  };
  if (aggregate && ahead != nullptr && ahead->first_serial == first && ahead->day == now &&
      ahead->count == arrival.count) {
    for (const DrawnPupils& run : ahead->runs) count_drawn(run, make);
    arrivals_drawn_ahead_ += static_cast<std::uint64_t>(arrival.count);
    return;
  }
  const std::vector<bool> none_made_anyway;
  draw_and_count(first, arrival.count, arrival.age_from, arrival.age_to, *arrival.routes, now, arrival.region,
                 aggregate, none_made_anyway, 0, make);
}

void PupilModel::draw_arrivals_ahead(int year_index) {
  if (options_.creation_threads <= 1 || options_.materialise_every_pupil || options_.trace) return;
  if (year_index <= 0 || year_index >= calendar_.years()) return;
  // Of the policy in force (config_) the draws read only the population's figures (ages, qualification,
  // moving away). A policy that starts as that year starts and changes them (no lever does) would change
  // the draws: those arrivals are drawn when the year starts, under the new policy.
  const ScenarioConfig& then = scenario_.in_year(calendar_.calendar_year(year_index));
  if (!(then.population == config_.population) || then.region_count() != config_.region_count()) return;
  if (drawn_ahead_thread_.joinable()) throw std::logic_error("arrivals drawn ahead twice at once");
  // What the thread reads does not change until the year it draws for starts (the scenario, the policy in
  // force, which only a policy start changes, the calendar, the onset hazards, the months, the stream
  // seeds); it writes only drawn_ahead_ and drawn_ahead_failure_, which nothing reads until
  // take_drawn_ahead has joined it, first thing as that year starts.
  drawn_ahead_year_ = year_index;
  drawn_ahead_failure_ = nullptr;
  drawn_ahead_thread_ = std::jthread([this, year_index, first = pupils_created_] {
    try {
      const double day = SchoolCalendar::year_start_day(year_index);
      std::uint32_t serial = first;
      const std::vector<Arrival> arrivals = arrivals_of_year(year_index);
      const std::vector<bool> none_made_anyway;
      // Into last year's runs (recycle_drawn_ahead), whose pages are mapped already: fresh ones for a
      // year's national arrivals cost tens of thousands of page faults.
      drawn_ahead_.resize(arrivals.size());
      for (std::size_t a = 0; a < arrivals.size(); ++a) {
        const Arrival& arrival = arrivals[a];
        DrawnArrival& drawn = drawn_ahead_[a];
        const std::uint32_t arrival_first = serial;
        drawn.first_serial = serial;
        drawn.day = day;
        drawn.count = arrival.count;
        drawn.runs.resize(static_cast<std::size_t>(runs_of(arrival.count)));
        for (DrawnPupils& run : drawn.runs) {
          const auto count = static_cast<std::uint32_t>(
              std::min<std::int64_t>(PUPILS_PER_RUN, arrival_first + arrival.count - serial));
          draw_pupils(serial, count, arrival.age_from, arrival.age_to, *arrival.routes, day, arrival.region,
                      true, none_made_anyway, 0, run);
          serial += count;
        }
      }
      sort_exits_ahead(year_index);
    } catch (...) {
      drawn_ahead_failure_ = std::current_exception();
    }
  });
}

std::vector<PupilModel::DrawnArrival> PupilModel::take_drawn_ahead(int year_index) {
  if (!drawn_ahead_thread_.joinable()) return {};
  drawn_ahead_thread_.join();
  if (drawn_ahead_failure_) std::rethrow_exception(std::exchange(drawn_ahead_failure_, nullptr));
  if (drawn_ahead_year_ != year_index) return {};
  return std::exchange(drawn_ahead_, {});
}

void PupilModel::recycle_drawn_ahead(std::vector<DrawnArrival>&& used) {
  if (drawn_ahead_thread_.joinable()) throw std::logic_error("arrivals recycled while being drawn");
  drawn_ahead_ = std::move(used);
}

}  // namespace ozsim::model
