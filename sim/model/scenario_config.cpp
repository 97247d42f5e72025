#include "sim/model/scenario_config.hpp"

#include <cmath>
#include <stdexcept>

namespace ozsim::model {
namespace {

constexpr std::array<const char*, SETTING_COUNT> SETTING_NAMES = {
    "attending",   "risicoleerling", "thuiszitter", "structuurgroep",         "sbo",       "so_vso",
    "oov",         "opbouwarrangement", "dagbesteding", "individuele_begeleiding", "treatment", "absoluut_verzuim",
    "vrijstelling_5a", "exited"};
constexpr std::array<const char*, EXIT_REASON_COUNT> EXIT_NAMES = {"startkwalificatie", "age_out", "moved", "mbo"};
constexpr std::array<const char*, LEVEL_COUNT> LEVEL_NAMES = {"po", "vo"};
constexpr std::array<const char*, PROFILE_COUNT> PROFILE_NAMES = {"none", "internalising", "externalising",
                                                                  "medical"};
constexpr std::array<const char*, 4> QUEUE_RULE_NAMES = {"fifo", "severity", "time_at_home", "norm_first"};

template <class Enum, std::size_t N>
std::optional<Enum> lookup(const std::array<const char*, N>& names, std::string_view name) {
  for (std::size_t i = 0; i < N; ++i)
    if (name == names[i]) return static_cast<Enum>(i);
  return std::nullopt;
}

void validate_rows(const std::vector<RuleRow>& rows, const std::string& owner, std::size_t provision_count) {
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const RuleRow& row = rows[r];
    const std::string where = owner + " rule " + std::to_string(r);
    if (row.to.size() != row.probability.size())
      throw std::invalid_argument(where + ": 'to' and 'p' differ in length");
    if (row.to.empty()) throw std::invalid_argument(where + ": no destinations");
    double sum = 0.0;
    for (double p : row.probability) {
      if (!(p >= 0.0 && p <= 1.0)) throw std::invalid_argument(where + ": probability outside [0,1]");
      sum += p;
    }
    if (std::abs(sum - 1.0) > 1e-6) throw std::invalid_argument(where + ": probabilities sum to " + std::to_string(sum));
    for (const Destination& d : row.to)
      if (d.type == Destination::Type::Provision && d.index >= provision_count)
        throw std::invalid_argument(where + ": destination provision index out of range");
  }
}

}  // namespace

bool is_free_setting(Setting s) {
  switch (s) {
    case Setting::Attending:
    case Setting::Risicoleerling:
    case Setting::Thuiszitter:
    case Setting::AbsoluutVerzuim:
    case Setting::Vrijstelling5a:
    case Setting::Exited:
      return true;
    default:
      return false;
  }
}

const char* setting_name(Setting s) { return SETTING_NAMES[static_cast<std::size_t>(s)]; }
const char* exit_reason_name(ExitReason r) { return EXIT_NAMES[static_cast<std::size_t>(r)]; }
const char* level_name(Level l) { return LEVEL_NAMES[static_cast<std::size_t>(l)]; }
const char* profile_name(Profile p) { return PROFILE_NAMES[static_cast<std::size_t>(p)]; }
const char* queue_rule_name(QueueRule q) { return QUEUE_RULE_NAMES[static_cast<std::size_t>(q)]; }
std::optional<Setting> setting_from_name(std::string_view name) { return lookup<Setting>(SETTING_NAMES, name); }
std::optional<ExitReason> exit_reason_from_name(std::string_view name) {
  return lookup<ExitReason>(EXIT_NAMES, name);
}
std::optional<Level> level_from_name(std::string_view name) { return lookup<Level>(LEVEL_NAMES, name); }
std::optional<Profile> profile_from_name(std::string_view name) { return lookup<Profile>(PROFILE_NAMES, name); }
std::optional<QueueRule> queue_rule_from_name(std::string_view name) {
  return lookup<QueueRule>(QUEUE_RULE_NAMES, name);
}
std::vector<std::string> setting_names() { return {SETTING_NAMES.begin(), SETTING_NAMES.end()}; }

std::string destination_name(const ScenarioConfig& config, const Destination& d) {
  switch (d.type) {
    case Destination::Type::Setting:
      return setting_name(static_cast<Setting>(d.index));
    case Destination::Type::Provision:
      return config.provisions.at(d.index).name;
    case Destination::Type::Exit:
      return std::string("exit_") + exit_reason_name(static_cast<ExitReason>(d.index));
  }
  return "?";
}

int ScenarioConfig::provision_index(std::string_view provision_name) const {
  for (std::size_t i = 0; i < provisions.size(); ++i)
    if (provisions[i].name == provision_name) return static_cast<int>(i);
  return -1;
}

void ScenarioConfig::validate() const {
  if (simulation.years <= 0) throw std::invalid_argument("simulation.years must be > 0");
  if (simulation.warmup_years < 0 || simulation.warmup_years >= simulation.years)
    throw std::invalid_argument("simulation.warmup_years must be in [0, years)");
  validate_rows(onset.routes, "onset", provisions.size());
  for (const FreeSettingRules& f : free_settings) {
    if (!is_free_setting(f.setting) || f.setting == Setting::Attending || f.setting == Setting::Exited)
      throw std::invalid_argument(std::string("rules given for non-free setting ") + setting_name(f.setting));
    validate_rows(f.rules, setting_name(f.setting), provisions.size());
  }
  for (const ProvisionConfig& p : provisions) {
    if (p.capacity < 0) throw std::invalid_argument("provision " + p.name + ": negative capacity");
    if (p.rules.empty()) throw std::invalid_argument("provision " + p.name + ": no rules");
    if (is_free_setting(p.setting)) throw std::invalid_argument("provision " + p.name + ": setting must not be free");
    validate_rows(p.rules, "provision " + p.name, provisions.size());
  }
}

}  // namespace ozsim::model
