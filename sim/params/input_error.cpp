#include "sim/params/input_error.hpp"

#include <utility>

namespace ozsim::params {

std::string SourceLocation::to_string() const {
  std::string out = file.empty() ? std::string("<input>") : file;
  if (line > 0) {
    out += ':' + std::to_string(line);
    if (column > 0) out += ':' + std::to_string(column);
  }
  return out;
}

InputError::InputError(SourceLocation where, std::string key, std::string expected, std::string found)
    : std::runtime_error(where.to_string() + ": key '" + key + "': expected " + expected + ", found " +
                         found),
      where_(std::move(where)),
      key_(std::move(key)) {}

InputError::InputError(SourceLocation where, std::string message)
    : std::runtime_error(where.to_string() + ": " + message), where_(std::move(where)) {}

InputError::InputError(SourceLocation where, std::string key, std::string full_message, int /*tag*/)
    : std::runtime_error(std::move(full_message)), where_(std::move(where)), key_(std::move(key)) {}

InputError InputError::with_key(SourceLocation where, std::string key, std::string message) {
  std::string full = where.to_string() + ": " + message;
  return InputError(std::move(where), std::move(key), std::move(full), 0);
}

}  // namespace ozsim::params
