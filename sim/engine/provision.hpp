#pragma once
// A capacity-limited place (a school, a care programme) with a waiting list. Passive: it never schedules
// events; the model calls request/release/renege/set_capacity from its own event handlers and learns of
// admissions from the waiting list through a callback.

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/engine/event_queue.hpp"
#include "sim/engine/flat_map.hpp"
#include "sim/engine/statistics.hpp"
#include "sim/engine/survival.hpp"

namespace ozsim::engine {

// Fifo: first come, first served. Priority: lower key first, ties first come, first served.
enum class QueueDiscipline { Fifo, Priority };
// Rejected means the waiting list was at its maximum length; the entity holds nothing afterwards.
enum class RequestOutcome { Admitted, Queued, Rejected };

// One admission from the waiting list, as reported to the on-admit callback.
struct Admission {
  std::uint64_t entity;
  Time requested_at;
  Time admitted_at;
};

class Provision {
 public:
  // capacity >= 0; max_queue = maximum waiting-list length (nullopt: unbounded, 0: a pure loss system).
  Provision(std::string name, std::int64_t capacity, QueueDiscipline discipline = QueueDiscipline::Fifo,
            std::optional<std::size_t> max_queue = std::nullopt);

  // Entity ids are arbitrary except 2^64-1, which is reserved.
  // Admits at once if a place is free and nobody waits (returns Admitted; the callback is NOT called),
  // else joins the waiting list (Queued) unless it is full (Rejected). Throws std::logic_error if the
  // entity already occupies or waits here.
  RequestOutcome request(Time now, std::uint64_t entity, double priority_key = 0.0);
  // Frees the entity's place and admits from the waiting list as places allow; each entity so admitted is
  // reported through the on-admit callback (after the provision's state is updated). Throws
  // std::logic_error if the entity does not occupy a place.
  void release(Time now, std::uint64_t entity);
  // Leaves the waiting list (e.g. a deadline was reached); false if the entity was not waiting.
  bool renege(Time now, std::uint64_t entity);
  // Changes the capacity (>= 0). More capacity admits from the waiting list; less never evicts, occupancy
  // stays above capacity until releases bring it down, and nobody is admitted meanwhile.
  void set_capacity(Time now, std::int64_t capacity);
  void set_on_admit(std::function<void(const Admission&)> callback) { on_admit_ = std::move(callback); }

  // Whether the provision keeps a table of who occupies its places (the default). With it, request()
  // refuses an entity that already holds a place and release() one that does not. A caller that keeps who
  // holds which place itself, and checks that its own count agrees with occupancy(), switches it off
  // (only while nobody occupies or waits): the pupil model does (Pupil::provision), as each look-up in a
  // table of a national provision's tens of thousands of occupants misses the cache. Without it, release()
  // still refuses an entity that waits, and any release while no place is occupied.
  void set_keep_occupants(bool keep);
  bool keeps_occupants() const { return keep_occupants_; }
  // Throws std::logic_error if the provision does not keep its occupants.
  bool is_occupying(std::uint64_t entity) const;
  bool is_waiting(std::uint64_t entity) const;
  // When a waiting entity joined the list (its last request), or nullopt if it is not waiting.
  std::optional<Time> waiting_since(std::uint64_t entity) const;
  std::int64_t capacity() const { return capacity_; }
  std::int64_t occupancy() const { return occupancy_; }
  std::size_t queue_length() const { return queue_length_; }
  const std::string& name() const { return name_; }
  QueueDiscipline discipline() const { return discipline_; }
  std::optional<std::size_t> max_queue() const { return max_queue_; }

  // Statistics since the last reset_statistics (or construction).
  const TimeWeighted& occupancy_stat() const { return occupancy_stat_; }
  const TimeWeighted& queue_stat() const { return queue_stat_; }
  // Waiting time of every admission (0 for immediate ones).
  const Tally& waiting_time() const { return waiting_time_; }
  // The waits for a place watched since the last reset_statistics, for a Kaplan-Meier estimate
  // (SpellSurvival::curve): admissions end a wait; a wait given up (renege) or still going at `now` is
  // censored (its end unknown). A request made before the reset enters with the time it had already waited.
  SpellSurvival waiting_spells(Time now) const;
  // Whether the waiting-time tally keeps every value for exact quantiles (default true); switch off for
  // very long runs that need only mean and variance.
  void set_keep_waiting_times(bool keep) { waiting_time_.set_keep_values(keep); }
  std::uint64_t requested() const { return requested_.value(); }
  std::uint64_t admitted() const { return admitted_.value(); }
  std::uint64_t rejected() const { return rejected_.value(); }
  std::uint64_t reneged() const { return reneged_.value(); }
  // Starts a new observation period (end of warm-up); state is kept.
  void reset_statistics(Time now);

  // Throws std::logic_error describing the first broken invariant: occupancy above capacity although
  // capacity was never lowered below it, someone waiting while a place is free, membership counts that
  // disagree with occupancy (if it keeps its occupants) or queue length, duplicate waiters.
  void check_invariants() const;

 private:
  struct Occupant {};  // the key is all there is to it
  struct Member {      // a waiter
    std::uint64_t ticket =
        0;  // identifies the live waiting-list entry; older entries for the entity are stale
    Time requested_at = 0.0;
  };
  struct Waiter {
    double key;
    std::uint64_t ticket;  // FIFO order among equal keys
    std::uint64_t entity;
    Time requested_at;
  };
  // Max-heap comparator that yields the lowest (key, ticket) first.
  static bool after(const Waiter& a, const Waiter& b) {
    if (a.key != b.key) return a.key > b.key;
    return a.ticket > b.ticket;
  }

  struct NextWaiter {
    Waiter waiter;
    Member* member;  // valid until waiters_ next changes
  };

  // The waiter's member entry if the entry is the live one for it, else nullptr.
  Member* live_member(const Waiter& w);
  bool is_live(const Waiter& w) const;
  void admit_from_queue(Time now);
  std::optional<NextWaiter> pop_waiter();
  void drop_stale_front();
  void set_occupancy(Time now, std::int64_t value);
  void set_queue_length(Time now, std::size_t value);
  // A wait that began at requested_at, watched until now: ended by an admission, or censored.
  void record_wait(Time now, Time requested_at, bool admitted);
  [[noreturn]] void fail(const std::string& message) const;

  std::string name_;
  std::int64_t capacity_;
  QueueDiscipline discipline_;
  std::optional<std::size_t> max_queue_;
  std::int64_t occupancy_ = 0;
  std::size_t queue_length_ = 0;
  // Occupancy when capacity was last lowered: the only way occupancy may legitimately exceed capacity.
  std::int64_t lowered_ceiling_ = 0;
  std::uint64_t next_ticket_ = 0;
  bool keep_occupants_ = true;

  // Membership lookup only; nothing ever iterates these maps to decide an order. Occupants and waiters apart:
  // the occupants of a national provision are tens of thousands, and in 8-byte entries their table is a
  // quarter of what it is with a waiter's ticket and time beside each key, so fewer look-ups miss the cache.
  FlatMap<Occupant> occupants_;
  FlatMap<Member> waiters_;
  std::deque<Waiter> fifo_;   // Fifo discipline, with lazily removed reneged entries
  std::vector<Waiter> heap_;  // Priority discipline, same lazy removal
  std::function<void(const Admission&)> on_admit_;

  TimeWeighted occupancy_stat_;
  TimeWeighted queue_stat_;
  Tally waiting_time_;
  SpellSurvival waits_;  // ended (admitted) and given-up waits since statistics_since_
  Time statistics_since_ = 0.0;
  Counter requested_;
  Counter admitted_;
  Counter rejected_;
  Counter reneged_;
};

}  // namespace ozsim::engine
