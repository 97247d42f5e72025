#include "sim/engine/simulator.hpp"

#include <fmt/format.h>

namespace ozsim::engine {

template <EventSet Queue>
std::string BasicSimulator<Queue>::kind_name(std::uint32_t kind) const {
  if (kind < kind_names_.size() && !kind_names_[kind].empty()) return kind_names_[kind];
  return "kind " + std::to_string(kind);
}

template <EventSet Queue>
void BasicSimulator<Queue>::advance_to(Time t) {
  if (!(t >= now_)) throw_clock("advance_to", t);
  if (!queue_.empty() && queue_.top().time < t) {
    throw std::logic_error("advance_to(" + fmt::to_string(t) + "): event '" + kind_name(queue_.top().kind) +
                           "' for subject " + std::to_string(queue_.top().subject) +
                           " is pending at t=" + fmt::to_string(queue_.top().time));
  }
  now_ = t;
}

template <EventSet Queue>
void BasicSimulator<Queue>::throw_past(Time t, std::uint32_t kind, std::uint64_t subject) const {
  throw std::logic_error("schedule_at: time " + fmt::to_string(t) + " is before now (" +
                         fmt::to_string(now_) + ") for event '" + kind_name(kind) + "', subject " +
                         std::to_string(subject));
}

template <EventSet Queue>
void BasicSimulator<Queue>::throw_clock(const char* operation, Time t) const {
  throw std::logic_error(std::string(operation) + ": time " + fmt::to_string(t) + " is before now (" +
                         fmt::to_string(now_) + ")");
}

template <EventSet Queue>
void BasicSimulator<Queue>::throw_negative_delay(Time delay, std::uint32_t kind,
                                                 std::uint64_t subject) const {
  throw std::logic_error("schedule_in: delay must be >= 0, found " + fmt::to_string(delay) + " at now (" +
                         fmt::to_string(now_) + ") for event '" + kind_name(kind) + "', subject " +
                         std::to_string(subject));
}

template <EventSet Queue>
void BasicSimulator<Queue>::throw_wrapped(const Event& event, const char* what) const {
  std::string name = kind_name(event.kind);
  std::string message = "t=" + fmt::to_string(event.time) + ": event ";
  if (event.kind < kind_names_.size() && !kind_names_[event.kind].empty()) {
    message += "'" + name + "' (kind " + std::to_string(event.kind) + ")";
  } else {
    message += "kind " + std::to_string(event.kind);
  }
  message += " for subject " + std::to_string(event.subject) + ": " + what;
  throw SimulationError(message, event.time, event.subject, event.kind);
}

template class BasicSimulator<CalendarQueue>;
template class BasicSimulator<EventQueue>;

}  // namespace ozsim::engine
