// Engine benchmarks: the classic hold model (pop the next event, schedule one at now + Exp(1)) with n
// pending events, through EventQueue, through Simulator::run_until, and through a bare
// std::priority_queue baseline in the same binary so that speed can be quoted as a ratio.

#include <benchmark/benchmark.h>

#include <cmath>
#include <queue>
#include <vector>

#include "sim/engine/calendar_queue.hpp"
#include "sim/engine/event_queue.hpp"
#include "sim/engine/random.hpp"
#include "sim/engine/simulator.hpp"

namespace {

using ozsim::engine::Event;
using ozsim::engine::EventQueue;
using ozsim::engine::RandomStream;
using ozsim::engine::Simulator;

// The same increment in every variant: -log(U), U in (0,1), so only the queue differs.
inline double exp_increment(RandomStream& rng) {
  return -std::log(rng.uniform01());
}

// The classic hold model on a bare event set: pop the next event, push it again an exponential time later.
template <class Queue>
void hold(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  RandomStream rng(1);
  Queue q;
  q.reserve(n);
  for (std::size_t i = 0; i < n; ++i) q.push(exp_increment(rng), 0, i);
  for (auto _ : state) {
    const Event e = q.pop();
    q.push(e.time + exp_increment(rng), e.kind, e.subject);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

// The heap-based event set (4-ary heap with cancellable handles).
void BM_HoldEventQueue(benchmark::State& state) {
  hold<EventQueue>(state);
}
BENCHMARK(BM_HoldEventQueue)->Arg(1000)->Arg(10000)->Arg(1000000);

// The calendar queue the Simulator uses: constant time per event on average.
void BM_HoldCalendarQueue(benchmark::State& state) {
  hold<ozsim::engine::CalendarQueue>(state);
}
BENCHMARK(BM_HoldCalendarQueue)->Arg(1000)->Arg(10000)->Arg(1000000);

void BM_HoldSimulator(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  RandomStream rng(1);
  Simulator sim;
  for (std::size_t i = 0; i < n; ++i) sim.schedule_at(exp_increment(rng), 0, i);
  constexpr std::uint64_t BATCH = 1 << 16;
  std::uint64_t executed = 0;
  for (auto _ : state) {
    // Runs a batch of events per iteration through the real run loop and dispatch template.
    std::uint64_t left = BATCH;
    sim.run_until(std::numeric_limits<double>::infinity(), [&](const Event& e) {
      sim.schedule_in(exp_increment(rng), e.kind, e.subject);
      if (--left == 0) sim.stop();
    });
    executed += BATCH;
  }
  benchmark::DoNotOptimize(sim.fingerprint());
  state.SetItemsProcessed(static_cast<std::int64_t>(executed));
}
BENCHMARK(BM_HoldSimulator)->Arg(1000)->Arg(10000)->Arg(1000000);

// Baseline: std::priority_queue of (time, sequence, subject), no cancellation, no handles.
void BM_HoldBaselineStdPriorityQueue(benchmark::State& state) {
  struct Entry {
    double time;
    std::uint64_t sequence;
    std::uint64_t subject;
    bool operator>(const Entry& o) const { return time != o.time ? time > o.time : sequence > o.sequence; }
  };
  const auto n = static_cast<std::size_t>(state.range(0));
  RandomStream rng(1);
  std::vector<Entry> storage;
  storage.reserve(n + 1);
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> q(std::greater<>{}, std::move(storage));
  std::uint64_t sequence = 0;
  for (std::size_t i = 0; i < n; ++i) q.push({exp_increment(rng), sequence++, i});
  for (auto _ : state) {
    const Entry e = q.top();
    q.pop();
    q.push({e.time + exp_increment(rng), sequence++, e.subject});
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_HoldBaselineStdPriorityQueue)->Arg(1000)->Arg(10000)->Arg(1000000);

// The increment alone (random draw and log), to subtract from the hold figures: what remains is the queue.
void BM_HoldIncrementOnly(benchmark::State& state) {
  RandomStream rng(1);
  double t = 0.0;
  for (auto _ : state) {
    t += exp_increment(rng);
    benchmark::DoNotOptimize(t);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_HoldIncrementOnly);

// Cancel-heavy variant: every event also reschedules a random other pending event (pupil-model pattern of
// replacing a planned transition), exercising lazy deletion and compaction.
template <class Queue>
void hold_with_reschedule(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  RandomStream rng(1);
  Queue q;
  std::vector<ozsim::engine::EventHandle> handles(n);
  for (std::size_t i = 0; i < n; ++i) handles[i] = q.push(exp_increment(rng), 0, i);
  for (auto _ : state) {
    const Event e = q.pop();
    handles[e.subject] = q.push(e.time + exp_increment(rng), e.kind, e.subject);
    const std::size_t other = rng() % n;
    if (q.is_pending(handles[other]))
      handles[other] = q.reschedule(handles[other], e.time + exp_increment(rng));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
void BM_HoldWithReschedule(benchmark::State& state) {
  hold_with_reschedule<EventQueue>(state);
}
BENCHMARK(BM_HoldWithReschedule)->Arg(10000)->Arg(1000000);
void BM_HoldWithRescheduleCalendarQueue(benchmark::State& state) {
  hold_with_reschedule<ozsim::engine::CalendarQueue>(state);
}
BENCHMARK(BM_HoldWithRescheduleCalendarQueue)->Arg(10000)->Arg(1000000);

// A pupil model's mix (half of a national run's events are scheduled a year or more ahead): each event
// comes back after Exp(mean 10) days or, half the time, after Exp(mean 700). With parking by 30-day epochs
// (park_beyond, as the pupil model does) against without, in the same run.
template <bool Parked>
void hold_far_ahead(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  RandomStream rng(1);
  ozsim::engine::CalendarQueue q;
  if (Parked) q.park_beyond(30.0);
  q.reserve(n);
  const auto increment = [&rng] { return exp_increment(rng) * (rng() % 2 == 0 ? 10.0 : 700.0); };
  for (std::size_t i = 0; i < n; ++i) q.push(increment(), 0, i);
  for (auto _ : state) {
    const Event e = q.pop();
    q.push(e.time + increment(), e.kind, e.subject);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["parked_share"] = static_cast<double>(q.parked()) / static_cast<double>(q.size());
}
void BM_HoldFarAheadCalendarQueue(benchmark::State& state) {
  hold_far_ahead<false>(state);
}
BENCHMARK(BM_HoldFarAheadCalendarQueue)->Arg(10000)->Arg(300000);
void BM_HoldFarAheadParkedCalendarQueue(benchmark::State& state) {
  hold_far_ahead<true>(state);
}
BENCHMARK(BM_HoldFarAheadParkedCalendarQueue)->Arg(10000)->Arg(300000);

}  // namespace
