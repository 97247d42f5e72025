#include "sim/engine/format.hpp"

#include <charconv>

namespace ozsim::engine {

std::string format_number(double value) {
  // to_chars gives the shortest text that reads back to the same double, so messages show what the user
  // wrote.
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

}  // namespace ozsim::engine
