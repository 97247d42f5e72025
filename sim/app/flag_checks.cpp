#include "sim/app/flag_checks.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

namespace ozsim::app {
namespace {

bool all_digits(const std::string& text) {
  if (text.empty()) return false;
  for (const char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

std::string check_unsigned(const std::string& text) {
  const std::string expected = "expected a whole number from 0 to 18446744073709551615, found " + text;
  if (!all_digits(text)) return expected;
  errno = 0;
  (void)std::strtoull(text.c_str(), nullptr, 10);
  return errno == ERANGE ? expected : std::string();
}

std::string check_signed(const std::string& text) {
  const std::string expected =
      "expected a whole number from -9223372036854775808 to 9223372036854775807, found " + text;
  const std::string digits = !text.empty() && text.front() == '-' ? text.substr(1) : text;
  if (!all_digits(digits)) return expected;
  errno = 0;
  (void)std::strtoll(text.c_str(), nullptr, 10);
  return errno == ERANGE ? expected : std::string();
}

std::string check_finite(const std::string& text) {
  const std::string expected = "expected a finite number, found " + text;
  if (text.empty()) return expected;
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(value)) return expected;
  return {};
}

void guard(CLI::App& app) {
  for (CLI::Option* option : app.get_options()) {
    // CLI11 appends the descriptions of an option's validators ("FLOAT:POSITIVE").
    const std::string full = option->get_type_name();
    const std::string type = full.substr(0, full.find(':'));
    if (type == "UINT")
      option->check(CLI::Validator(check_unsigned, "", "whole number"));
    else if (type == "INT")
      option->check(CLI::Validator(check_signed, "", "whole number"));
    else if (type == "FLOAT")
      option->check(CLI::Validator(check_finite, "", "finite number"));
  }
  for (CLI::App* sub : app.get_subcommands({})) guard(*sub);
}

}  // namespace

void guard_numeric_flags(CLI::App& app) {
  guard(app);
}

}  // namespace ozsim::app
