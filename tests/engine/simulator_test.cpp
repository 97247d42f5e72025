// Clock, run loop, error context and fingerprint of Simulator.

#include "sim/engine/simulator.hpp"

#include <doctest/doctest.h>

#include <string>
#include <tuple>
#include <vector>

using ozsim::engine::Event;
using ozsim::engine::EventHandle;
using ozsim::engine::HeapSimulator;
using ozsim::engine::SimulationError;
using ozsim::engine::Simulator;

TEST_CASE_TEMPLATE("Simulator: run_until runs events <= end in order and leaves the clock at end", Sim,
                   Simulator, HeapSimulator) {
  Sim sim;
  std::vector<std::pair<double, std::uint64_t>> seen;
  sim.schedule_at(2.0, 0, 1);
  sim.schedule_at(1.0, 0, 2);
  sim.schedule_at(3.0, 0, 3);
  sim.schedule_at(3.0, 0, 4, 0, -1);
  const auto n = sim.run_until(3.0, [&](const Event& e) {
    seen.emplace_back(sim.now(), e.subject);
    if (e.subject == 2) sim.schedule_in(0.5, 0, 5);  // at 1.5
  });
  CHECK(n == 5);
  CHECK(seen ==
        std::vector<std::pair<double, std::uint64_t>>{{1.0, 2}, {1.5, 5}, {2.0, 1}, {3.0, 4}, {3.0, 3}});
  CHECK(sim.now() == 3.0);
  CHECK(sim.events_executed() == 5);
  CHECK(sim.pending() == 0);

  sim.schedule_in(10.0, 0, 6);
  CHECK(sim.run_until(5.0, [](const Event&) {}) == 0);
  CHECK(sim.now() == 5.0);
  CHECK(sim.pending() == 1);
  CHECK(sim.next_event_time() == 13.0);
  CHECK(sim.run_until(std::numeric_limits<double>::infinity(), [](const Event&) {}) == 1);
  CHECK(sim.now() == 13.0);  // an infinite horizon leaves the clock at the last event
}

TEST_CASE_TEMPLATE("Simulator: scheduling in the past, negative delays and clock moves are refused", Sim,
                   Simulator, HeapSimulator) {
  Sim sim;
  sim.set_kind_names({"intake", "referral"});
  sim.advance_to(10.0);
  CHECK(sim.now() == 10.0);
  CHECK_THROWS_WITH_AS(sim.schedule_at(9.5, 1, 42),
                       "schedule_at: time 9.5 is before now (10) for event 'referral', subject 42",
                       std::logic_error);
  CHECK_THROWS_WITH_AS(sim.schedule_in(-1.0, 7, 3),
                       "schedule_in: delay must be >= 0, found -1 at now (10) for event 'kind 7', subject 3",
                       std::logic_error);
  CHECK_THROWS_AS(sim.schedule_at(std::numeric_limits<double>::quiet_NaN(), 0, 0), std::logic_error);
  CHECK_THROWS_WITH_AS(sim.advance_to(5.0), "advance_to: time 5 is before now (10)", std::logic_error);
  CHECK_THROWS_WITH_AS(sim.run_until(5.0, [](const Event&) {}), "run_until: time 5 is before now (10)",
                       std::logic_error);
  sim.schedule_at(12.0, 0, 8);
  CHECK_THROWS_WITH_AS(sim.advance_to(13.0),
                       "advance_to(13): event 'intake' for subject 8 is pending at t=12", std::logic_error);
  sim.advance_to(12.0);  // up to the pending event is fine
  CHECK(sim.now() == 12.0);
}

TEST_CASE_TEMPLATE("Simulator: cancel and reschedule through the simulator", Sim, Simulator, HeapSimulator) {
  Sim sim;
  std::vector<std::uint64_t> seen;
  const EventHandle a = sim.schedule_at(1.0, 0, 1);
  const EventHandle b = sim.schedule_at(2.0, 0, 2);
  EventHandle c = sim.schedule_at(3.0, 0, 3);
  CHECK(sim.cancel(a));
  CHECK_FALSE(sim.cancel(a));
  c = sim.reschedule(c, 0.5);
  CHECK(sim.pending() == 2);
  sim.run_until(10.0, [&](const Event& e) {
    seen.push_back(e.subject);
    if (e.subject == 3) CHECK(sim.cancel(b));
  });
  CHECK(seen == std::vector<std::uint64_t>{3});  // b was cancelled by event 3
  CHECK_FALSE(sim.cancel(b));
  CHECK_FALSE(sim.is_pending(c));
}

TEST_CASE_TEMPLATE(
    "Simulator: exceptions from dispatch become SimulationError with time, subject and kind name", Sim,
    Simulator, HeapSimulator) {
  Sim sim;
  sim.set_kind_names({"intake", "referral", "exit"});
  sim.schedule_at(12.5, 1, 42);
  try {
    sim.run_until(100.0, [](const Event&) { throw std::runtime_error("no school with id 7"); });
    FAIL("expected a SimulationError");
  } catch (const SimulationError& e) {
    CHECK(std::string(e.what()) == "t=12.5: event 'referral' (kind 1) for subject 42: no school with id 7");
    CHECK(e.time() == 12.5);
    CHECK(e.subject() == 42);
    CHECK(e.kind() == 1);
  }
  CHECK(sim.now() == 12.5);  // the clock stays where the error happened

  sim.schedule_at(13.0, 9, 5);
  CHECK_THROWS_WITH_AS(sim.run_until(100.0, [](const Event&) { throw 17; }),
                       "t=13: event kind 9 for subject 5: unknown exception", SimulationError);

  // A model error such as scheduling in the past is reported in context too.
  sim.schedule_at(20.0, 2, 6);
  CHECK_THROWS_WITH_AS(
      sim.run_until(100.0, [&](const Event&) { sim.schedule_at(1.0, 0, 6); }),
      "t=20: event 'exit' (kind 2) for subject 6: schedule_at: time 1 is before now (20) for event "
      "'intake', subject 6",
      SimulationError);
}

TEST_CASE_TEMPLATE("Simulator: stop() ends run_until after the current event", Sim, Simulator,
                   HeapSimulator) {
  Sim sim;
  for (int i = 1; i <= 5; ++i) sim.schedule_at(i, 0, static_cast<std::uint64_t>(i));
  const auto n = sim.run_until(10.0, [&](const Event& e) {
    if (e.subject == 2) sim.stop();
  });
  CHECK(n == 2);
  CHECK(sim.now() == 2.0);
  CHECK(sim.run_until(10.0, [](const Event&) {}) == 3);
  CHECK(sim.now() == 10.0);
}

TEST_CASE_TEMPLATE("Simulator: fingerprint depends on time, kind, subject, order and mixed-in values", Sim,
                   Simulator, HeapSimulator) {
  using Events = std::vector<std::tuple<double, std::uint32_t, std::uint64_t>>;
  auto run = [](const Events& events, std::uint64_t extra) {
    Sim sim;
    for (auto [t, k, s] : events) sim.schedule_at(t, k, s);
    sim.run_until(100.0, [](const Event&) {});
    if (extra != 0) sim.mix_into_fingerprint(extra);
    return sim.fingerprint();
  };
  const auto base = run(Events{{1.0, 0, 1}, {2.0, 1, 2}}, 0);
  CHECK(base == run(Events{{1.0, 0, 1}, {2.0, 1, 2}}, 0));
  CHECK(base != run(Events{{1.0, 0, 1}, {2.5, 1, 2}}, 0));
  CHECK(base != run(Events{{1.0, 0, 1}, {2.0, 2, 2}}, 0));
  CHECK(base != run(Events{{1.0, 0, 1}, {2.0, 1, 3}}, 0));
  CHECK(base != run(Events{{1.0, 1, 2}, {2.0, 0, 1}}, 0));  // same events, different order
  CHECK(base != run(Events{{1.0, 0, 1}, {2.0, 1, 2}}, 5));
  CHECK(Sim().fingerprint() == 0x6A09E667F3BCC908ull);
}
