// Provision: hand-computed cases with deterministic times (admissions, reneging, capacity changes,
// priorities, rejections) and the statistics they produce.

#include "sim/engine/provision.hpp"

#include <doctest/doctest.h>

#include <vector>

#include "sim/engine/simulator.hpp"

using ozsim::engine::Admission;
using ozsim::engine::Event;
using ozsim::engine::Provision;
using ozsim::engine::QueueDiscipline;
using ozsim::engine::RequestOutcome;

TEST_CASE("Provision: FIFO with reneging, hand-computed") {
  Provision p("school", 1);
  std::vector<Admission> admitted;
  p.set_on_admit([&](const Admission& a) { admitted.push_back(a); });
  CHECK(p.request(0.0, 1) == RequestOutcome::Admitted);  // A
  CHECK(admitted.empty());                               // immediate admissions are not reported
  CHECK(p.request(1.0, 2) == RequestOutcome::Queued);    // B
  CHECK(p.request(2.0, 3) == RequestOutcome::Queued);    // C
  CHECK(p.is_waiting(2));
  CHECK(p.renege(3.0, 2));  // B's deadline
  CHECK_FALSE(p.renege(3.0, 2));
  CHECK_FALSE(p.renege(3.0, 1));  // occupying, not waiting
  CHECK_FALSE(p.is_waiting(2));
  p.check_invariants();
  p.release(5.0, 1);
  REQUIRE(admitted.size() == 1);
  CHECK(admitted[0].entity == 3);
  CHECK(admitted[0].requested_at == 2.0);
  CHECK(admitted[0].admitted_at == 5.0);
  CHECK(p.is_occupying(3));
  CHECK_FALSE(p.is_occupying(1));
  p.check_invariants();
  CHECK(p.requested() == 3);
  CHECK(p.admitted() == 2);
  CHECK(p.reneged() == 1);
  CHECK(p.rejected() == 0);
  CHECK(p.waiting_time().count() == 2);
  CHECK(p.waiting_time().mean() == doctest::Approx(1.5));  // (0 + 3) / 2
  CHECK(p.waiting_time().max() == 3.0);
  // Queue: 0 on [0,1), 1 on [1,2), 2 on [2,3), 1 on [3,5), 0 on [5,6] -> area 5 over 6 days.
  CHECK(p.queue_stat().mean(6.0) == doctest::Approx(5.0 / 6.0));
  CHECK(p.queue_stat().maximum() == 2.0);
  CHECK(p.occupancy_stat().mean(6.0) == doctest::Approx(1.0));
  CHECK_THROWS_WITH_AS(p.release(6.0, 1),
                       "provision 'school': release of entity 1 at t=6, which does not occupy a place",
                       std::logic_error);
  CHECK_THROWS_WITH_AS(p.request(6.0, 3),
                       "provision 'school': entity 3 requested a place twice (it is already occupying)",
                       std::logic_error);
}

TEST_CASE("Provision: capacity changes admit, or leave occupancy above capacity without evicting") {
  Provision p("care", 2);
  std::vector<Admission> admitted;
  p.set_on_admit([&](const Admission& a) { admitted.push_back(a); });
  CHECK(p.request(0.0, 1) == RequestOutcome::Admitted);
  CHECK(p.request(0.0, 2) == RequestOutcome::Admitted);
  CHECK(p.request(1.0, 3) == RequestOutcome::Queued);
  CHECK(p.request(2.0, 4) == RequestOutcome::Queued);
  CHECK(p.request(2.5, 5) == RequestOutcome::Queued);
  p.set_capacity(4.0, 3);  // admits 3 (waited 3)
  REQUIRE(admitted.size() == 1);
  CHECK(admitted[0].entity == 3);
  CHECK(admitted[0].admitted_at == 4.0);
  p.set_capacity(6.0, 1);  // occupancy 3 > capacity 1: nobody is evicted
  CHECK(p.occupancy() == 3);
  CHECK(p.capacity() == 1);
  p.check_invariants();
  p.release(7.0, 1);  // 2 occupying, capacity 1: no admission
  CHECK(admitted.size() == 1);
  p.release(8.0, 2);  // 1 occupying: still full
  CHECK(admitted.size() == 1);
  p.check_invariants();
  p.release(9.0, 3);  // 0 occupying: 4 is admitted, after waiting 7
  REQUIRE(admitted.size() == 2);
  CHECK(admitted[1].entity == 4);
  CHECK(admitted[1].admitted_at == 9.0);
  CHECK(p.occupancy() == 1);
  CHECK(p.queue_length() == 1);
  p.set_capacity(10.0, 5);  // 5 is admitted, after waiting 7.5
  REQUIRE(admitted.size() == 3);
  CHECK(admitted[2].entity == 5);
  p.check_invariants();
  CHECK(p.waiting_time().count() == 5);
  CHECK(p.waiting_time().mean() == doctest::Approx((0.0 + 0.0 + 3.0 + 7.0 + 7.5) / 5.0));
  // Occupancy: 2 on [0,4), 3 on [4,7), 2 on [7,8), 1 on [8,9), 1 on [9,10), 2 on [10,12]
  CHECK(p.occupancy_stat().mean(12.0) == doctest::Approx((8.0 + 9.0 + 2.0 + 1.0 + 1.0 + 4.0) / 12.0));
  CHECK(p.occupancy_stat().maximum() == 3.0);
  CHECK_THROWS_AS(p.set_capacity(11.0, -1), std::logic_error);
}

TEST_CASE("Provision: priority discipline (lower key first, ties FIFO) and maximum queue length") {
  Provision p("specialist", 1, QueueDiscipline::Priority, 3);
  std::vector<std::uint64_t> order;
  p.set_on_admit([&](const Admission& a) { order.push_back(a.entity); });
  CHECK(p.request(0.0, 10) == RequestOutcome::Admitted);
  CHECK(p.request(1.0, 11, 5.0) == RequestOutcome::Queued);
  CHECK(p.request(2.0, 12, 1.0) == RequestOutcome::Queued);
  CHECK(p.request(3.0, 13, 5.0) == RequestOutcome::Queued);
  CHECK(p.request(4.0, 14, 0.0) == RequestOutcome::Rejected);  // list full: even an urgent request is lost
  CHECK_FALSE(p.is_waiting(14));
  CHECK(p.rejected() == 1);
  CHECK(p.renege(4.5, 12));
  CHECK(p.request(4.5, 15, 5.0) == RequestOutcome::Queued);  // room again
  p.release(5.0, 10);
  p.release(6.0, 11);
  p.release(7.0, 13);
  p.release(8.0, 15);
  CHECK(order == std::vector<std::uint64_t>{11, 13, 15});
  CHECK(p.occupancy() == 0);
  p.check_invariants();
  CHECK(p.requested() == 6);
  CHECK(p.admitted() == 4);
}

TEST_CASE("Provision: loss system (max queue 0) and FIFO order") {
  Provision p("loss", 2, QueueDiscipline::Fifo, 0);
  CHECK(p.request(0.0, 1) == RequestOutcome::Admitted);
  CHECK(p.request(0.0, 2) == RequestOutcome::Admitted);
  CHECK(p.request(0.0, 3) == RequestOutcome::Rejected);
  p.release(1.0, 1);
  CHECK(p.request(1.0, 3) == RequestOutcome::Admitted);  // a rejected entity may try again
  Provision f("fifo", 1);
  std::vector<std::uint64_t> order;
  f.set_on_admit([&](const Admission& a) { order.push_back(a.entity); });
  f.request(0.0, 1000);
  for (std::uint64_t e = 1; e <= 200; ++e) f.request(static_cast<double>(e), e, static_cast<double>(300 - e));
  for (std::uint64_t e = 1; e <= 200; e += 3) CHECK(f.renege(201.0, e));
  f.check_invariants();
  f.release(202.0, 1000);
  std::uint64_t t = 203;
  while (f.occupancy() > 0) {
    const std::uint64_t current = order.empty() ? 0 : order.back();
    if (order.empty()) break;
    f.release(static_cast<double>(t++), current);
    f.check_invariants();
  }
  std::vector<std::uint64_t> expected;
  for (std::uint64_t e = 1; e <= 200; ++e) {
    if ((e - 1) % 3 != 0) expected.push_back(e);
  }
  CHECK(order == expected);  // the priority key is ignored under FIFO
}

TEST_CASE("Provision: a callback may act on the provision re-entrantly") {
  Provision p("reentrant", 1);
  std::vector<std::uint64_t> order;
  p.set_on_admit([&](const Admission& a) {
    order.push_back(a.entity);
    if (a.entity == 2) p.release(a.admitted_at, 2);  // a zero-length stay hands the place straight on
  });
  p.request(0.0, 1);
  p.request(0.0, 2);
  p.request(0.0, 3);
  p.release(1.0, 1);
  CHECK(order == std::vector<std::uint64_t>{2, 3});
  CHECK(p.is_occupying(3));
  p.check_invariants();
}

TEST_CASE("Provision: reset_statistics starts a new observation period (warm-up)") {
  Provision p("warm", 1);
  p.request(0.0, 1);
  p.request(1.0, 2);  // waits until 4
  p.release(4.0, 1);
  p.reset_statistics(5.0);
  CHECK(p.requested() == 0);
  CHECK(p.admitted() == 0);
  CHECK(p.waiting_time().count() == 0);
  CHECK(p.occupancy_stat().mean(5.0) == 1.0);
  p.release(7.0, 2);  // occupancy 1 on [5,7), 0 on [7,9)
  CHECK(p.occupancy_stat().mean(9.0) == doctest::Approx(0.5));
  CHECK(p.queue_stat().mean(9.0) == 0.0);
  CHECK(p.queue_stat().maximum() == 0.0);
}

TEST_CASE("Provision: driven by the Simulator with deterministic durations") {
  // Two places; stays of 10 days; patience 4 days. Arrivals at 0, 1, 2, 3, 4, 12.
  ozsim::engine::Simulator sim;
  Provision p("day care", 2);
  enum Kind : std::uint32_t { ARRIVE, LEAVE, DEADLINE };
  std::vector<ozsim::engine::EventHandle> deadline(10);
  std::vector<double> admitted_at(10, -1.0);
  p.set_on_admit([&](const Admission& a) {
    admitted_at[a.entity] = a.admitted_at;
    sim.cancel(deadline[a.entity]);
    sim.schedule_in(10.0, LEAVE, a.entity);
  });
  for (std::uint64_t e : {0, 1, 2, 3, 4}) sim.schedule_at(static_cast<double>(e), ARRIVE, e);
  sim.schedule_at(12.0, ARRIVE, 5);
  sim.run_until(100.0, [&](const Event& ev) {
    switch (ev.kind) {
      case ARRIVE:
        if (p.request(sim.now(), ev.subject) == RequestOutcome::Admitted) {
          admitted_at[ev.subject] = sim.now();
          sim.schedule_in(10.0, LEAVE, ev.subject);
        } else {
          deadline[ev.subject] = sim.schedule_in(4.0, DEADLINE, ev.subject);
        }
        break;
      case LEAVE:
        p.release(sim.now(), ev.subject);
        break;
      case DEADLINE:
        CHECK(p.renege(sim.now(), ev.subject));
        break;
    }
    p.check_invariants();
  });
  // 0 and 1 admitted at once; 2 (deadline 6), 3 (7), 4 (8) all give up before the first leaves at 10;
  // 5 arrives at 12 to a free place; 1 leaves at 11.
  CHECK(admitted_at == std::vector<double>{0.0, 1.0, -1.0, -1.0, -1.0, 12.0, -1.0, -1.0, -1.0, -1.0});
  CHECK(p.reneged() == 3);
  CHECK(p.admitted() == 3);
  CHECK(p.queue_stat().mean(100.0) == doctest::Approx((4.0 + 4.0 + 4.0) / 100.0));
}

TEST_CASE("Provision: without its occupants' table, the same admissions and statistics") {
  // The same requests, releases and reneging as the FIFO case above, with and without the table: the
  // provision admits the same entities at the same times and reports the same figures.
  const auto play = [](bool keep) {
    Provision p("school", 1);
    p.set_keep_occupants(keep);
    CHECK(p.keeps_occupants() == keep);
    std::vector<Admission> admitted;
    p.set_on_admit([&](const Admission& a) { admitted.push_back(a); });
    CHECK(p.request(0.0, 1) == RequestOutcome::Admitted);
    CHECK(p.request(1.0, 2) == RequestOutcome::Queued);
    CHECK(p.request(2.0, 3) == RequestOutcome::Queued);
    CHECK(p.renege(3.0, 2));
    p.check_invariants();
    p.release(5.0, 1);
    p.check_invariants();
    CHECK(p.occupancy() == 1);
    CHECK(p.queue_length() == 0);
    CHECK(p.admitted() == 2);
    CHECK(p.waiting_time().mean() == doctest::Approx(1.5));
    CHECK(p.queue_stat().mean(6.0) == doctest::Approx(5.0 / 6.0));
    return admitted;
  };
  const std::vector<Admission> kept = play(true);
  const std::vector<Admission> not_kept = play(false);
  REQUIRE(kept.size() == 1);
  REQUIRE(not_kept.size() == 1);
  CHECK(not_kept[0].entity == kept[0].entity);
  CHECK(not_kept[0].admitted_at == kept[0].admitted_at);
}

TEST_CASE("Provision: without its occupants' table, what it can still refuse") {
  Provision p("care", 1);
  p.set_keep_occupants(false);
  CHECK_THROWS_WITH_AS(p.release(0.0, 7),
                       "provision 'care': release of entity 7 at t=0, while no place is occupied",
                       std::logic_error);
  CHECK(p.request(0.0, 1) == RequestOutcome::Admitted);
  CHECK(p.request(1.0, 2) == RequestOutcome::Queued);
  CHECK_THROWS_WITH_AS(p.release(2.0, 2),
                       "provision 'care': release of entity 2 at t=2, which waits for a place",
                       std::logic_error);
  CHECK_THROWS_WITH_AS(p.request(2.0, 2),
                       "provision 'care': entity 2 requested a place twice (it is already waiting)",
                       std::logic_error);
  CHECK_THROWS_WITH_AS(
      (void)p.is_occupying(1),
      "provision 'care': is_occupying: this provision does not keep its occupants (set_keep_occupants)",
      std::logic_error);
  // Only while nobody occupies or waits.
  CHECK_THROWS_WITH_AS(
      p.set_keep_occupants(true),
      "provision 'care': whether it keeps its occupants can change only while nobody occupies or waits",
      std::logic_error);
  p.release(3.0, 1);  // admits entity 2
  CHECK(p.occupancy() == 1);
  p.check_invariants();
}
