#include "sim/model/names.hpp"

#include <algorithm>

namespace ozsim::model {
namespace {

template <class Enum, std::size_t N>
std::optional<Enum> lookup(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::size_t i = 0; i < N; ++i)
    if (name == names[i]) return static_cast<Enum>(i);
  return std::nullopt;
}

template <std::size_t N>
std::vector<std::string> to_strings(const std::array<std::string_view, N>& names) {
  return {names.begin(), names.end()};
}

// The name tables are constexpr string literals, so data() is NUL-terminated.
const char* c_name(std::string_view name) {
  return name.data();
}

}  // namespace

bool is_free_setting(Setting s) {
  return s == Setting::Exited || std::find(DESTINATION_FREE_SETTINGS.begin(), DESTINATION_FREE_SETTINGS.end(),
                                           s) != DESTINATION_FREE_SETTINGS.end();
}

bool is_absence_setting(Setting s) {
  return std::find(ABSENCE_SETTINGS.begin(), ABSENCE_SETTINGS.end(), s) != ABSENCE_SETTINGS.end();
}

const char* setting_name(Setting s) {
  return c_name(SETTING_NAMES[static_cast<std::size_t>(s)]);
}
const char* exit_reason_name(ExitReason r) {
  return c_name(EXIT_REASON_NAMES[static_cast<std::size_t>(r)]);
}
const char* level_name(Level l) {
  return c_name(LEVEL_NAMES[static_cast<std::size_t>(l)]);
}
const char* profile_name(Profile p) {
  return c_name(PROFILE_NAMES[static_cast<std::size_t>(p)]);
}
const char* queue_rule_name(QueueRule q) {
  return c_name(QUEUE_RULE_NAMES[static_cast<std::size_t>(q)]);
}
std::string exit_destination_name(ExitReason r) {
  return std::string(EXIT_PREFIX) + exit_reason_name(r);
}

std::optional<Setting> setting_from_name(std::string_view name) {
  return lookup<Setting>(SETTING_NAMES, name);
}
std::optional<ExitReason> exit_reason_from_name(std::string_view name) {
  return lookup<ExitReason>(EXIT_REASON_NAMES, name);
}
std::optional<ExitReason> exit_from_destination_name(std::string_view name) {
  if (!name.starts_with(EXIT_PREFIX)) return std::nullopt;
  return exit_reason_from_name(name.substr(EXIT_PREFIX.size()));
}
std::optional<Level> level_from_name(std::string_view name) {
  return lookup<Level>(LEVEL_NAMES, name);
}
std::optional<Profile> profile_from_name(std::string_view name) {
  return lookup<Profile>(PROFILE_NAMES, name);
}
std::optional<QueueRule> queue_rule_from_name(std::string_view name) {
  return lookup<QueueRule>(QUEUE_RULE_NAMES, name);
}

std::vector<std::string> setting_names() {
  return to_strings(SETTING_NAMES);
}
std::vector<std::string> setting_names(std::span<const Setting> settings) {
  std::vector<std::string> names;
  names.reserve(settings.size());
  for (Setting s : settings) names.emplace_back(setting_name(s));
  return names;
}
std::vector<std::string> level_names() {
  return to_strings(LEVEL_NAMES);
}
std::vector<std::string> profile_names() {
  return to_strings(PROFILE_NAMES);
}
std::vector<std::string> profile_names(std::span<const Profile> profiles) {
  std::vector<std::string> names;
  names.reserve(profiles.size());
  for (Profile p : profiles) names.emplace_back(profile_name(p));
  return names;
}
std::vector<std::string> queue_rule_names() {
  return to_strings(QUEUE_RULE_NAMES);
}
std::vector<std::string> exit_destination_names() {
  std::vector<std::string> names;
  for (std::size_t r = 0; r < EXIT_REASON_COUNT; ++r)
    names.push_back(exit_destination_name(static_cast<ExitReason>(r)));
  return names;
}

std::string swv_payer(Level level) {
  return std::string(SWV_BY_LEVEL) + "_" + level_name(level);
}

}  // namespace ozsim::model
