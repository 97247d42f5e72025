#pragma once
// Typed, checked reading of a checkpoint's JSON fields: every reader names the field and what it expected,
// so an edited or damaged checkpoint gives one clear message, never a crash. Internal to checkpoint.cpp.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "calibration/inference/checkpoint.hpp"

namespace ozsim::calibration::checkpoint_fields {

using Json = nlohmann::json;

// The most generations a checkpoint can hold (the command allows 100,000): keeps "generation + 1" and the
// history's length meaningful.
inline constexpr std::uint64_t kMaxGeneration = 1'000'000;

// A field that failed its check, turned into an InputError naming the file by checkpoint_from_json.
struct FieldError {
  std::string field;
  std::string message;
};
[[noreturn]] void bad(const std::string& field, const std::string& expected, const std::string& found);
// A value as found, at most 40 characters; bytes that are not UTF-8 are shown as U+FFFD.
std::string shown(const Json& j);
// "ORIGIN: cannot read checkpoint: MESSAGE", exit code 2 like every other bad input file.
[[noreturn]] void unreadable(const std::string& origin, const std::string& field, const std::string& message);

const Json& field(const Json& object, const std::string& name, const std::string& path);
std::uint64_t read_count(const Json& object, const std::string& name, const std::string& path = "");
std::string read_text(const Json& object, const std::string& name, const std::string& path = "");
double read_double(const Json& j, const std::string& path);
double read_double(const Json& object, const std::string& name, const std::string& path);
std::vector<double> read_doubles(const Json& object, const std::string& name, const std::string& path);
std::vector<std::string> read_names(const Json& object, const std::string& name);
std::string hex64(std::uint64_t x);
std::uint64_t parse_hex64(const std::string& text, const std::string& path);
GenerationStats read_generation(const Json& g, const std::string& path);
// Cross-field checks: everything the calibrator relies on when it resumes.
void check_consistent(const Checkpoint& c);

}  // namespace ozsim::calibration::checkpoint_fields
