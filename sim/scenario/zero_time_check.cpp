#include "sim/scenario/zero_time_check.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "sim/model/zero_time_cycles.hpp"
#include "sim/params/input_error.hpp"
#include "sim/params/key_table.hpp"
#include "sim/params/number_format.hpp"

namespace ozsim::scenario {
namespace {

using model::ZeroTimeStep;

// The key a step comes from, as scenario files spell it.
std::string step_key(const model::ScenarioConfig& config, const ZeroTimeStep& step) {
  const std::string owner = model::step_owner_name(config, step);
  switch (step.via) {
    case ZeroTimeStep::Via::RuleRow:
      return (step.owner_is_provision ? "provisions." : "settings.") + owner + ".rules." +
             std::to_string(step.row) + ".duration";
    case ZeroTimeStep::Via::Admission:
      return "provisions." + owner;
    case ZeroTimeStep::Via::Fallback:
      return "provisions." + owner + ".fallback";
    case ZeroTimeStep::Via::WaitIn:
      return "provisions." + owner + ".wait_in";
    case ZeroTimeStep::Via::LeaveAtAge:
      return "provisions." + owner + ".leave_at_age_to";
    case ZeroTimeStep::Via::Renege:
      return "provisions." + owner + ".max_wait_days";
  }
  return owner;
}

// Where a key was written ("file:line"), if it was: a lever or a default may have set it.
std::optional<params::SourceLocation> written_at(const params::ParamTree& tree, const std::string& key) {
  if (!tree.has(key) && !tree.has_children(key)) return std::nullopt;
  params::SourceLocation where = tree.location(key);
  where.column = 0;
  return where;
}

std::string at(const params::ParamTree& tree, const std::string& key) {
  const std::optional<params::SourceLocation> where = written_at(tree, key);
  return where ? " at " + where->to_string() : " (not in the file: a default or a lever)";
}

std::string describe_cycle(const params::ParamTree& tree, const model::ScenarioConfig& config,
                           const std::vector<ZeroTimeStep>& cycle) {
  std::string text = model::step_owner_name(config, cycle.front());
  for (const ZeroTimeStep& step : cycle) {
    if (step.via == ZeroTimeStep::Via::Admission) continue;  // "-> oov" already said the pupil asked
    const std::string owner = model::step_owner_name(config, step);
    const std::string key = step_key(config, step);
    text += " -> " + model::destination_name(config, step.to) + " (";
    switch (step.via) {
      case ZeroTimeStep::Via::RuleRow:
        text += key + at(tree, key) + ": " + model::step_rule(config, step).duration.describe();
        break;
      case ZeroTimeStep::Via::Fallback:
        text += "turned away by " + owner + ": " + key + at(tree, key);
        break;
      case ZeroTimeStep::Via::WaitIn:
        text += "turned away by or waiting for " + owner + ": " + key + at(tree, key);
        break;
      case ZeroTimeStep::Via::LeaveAtAge:
        text += "leaving " + owner + " at its age limit: " + key + at(tree, key);
        break;
      case ZeroTimeStep::Via::Renege:
        text += "giving up on " + owner + ": " + key + at(tree, key) + " = " +
                params::format_number(*config.provisions.at(step.owner).max_wait_days);
        break;
      case ZeroTimeStep::Via::Admission:
        break;
    }
    text += ")";
  }
  return text;
}

void check_one(const params::ParamTree& tree, const model::ScenarioConfig& config,
               const std::string& policy) {
  std::optional<std::vector<ZeroTimeStep>> cycle = model::find_zero_time_cycle(config);
  if (!cycle) return;
  // Start the cycle at its first rule row: that duration is what to change, and where the error points.
  const auto first_rule = std::find_if(cycle->begin(), cycle->end(), [](const ZeroTimeStep& step) {
    return step.via == ZeroTimeStep::Via::RuleRow;
  });
  if (first_rule != cycle->end()) std::rotate(cycle->begin(), first_rule, cycle->end());
  std::string key;
  std::optional<params::SourceLocation> where;
  for (const ZeroTimeStep& step : *cycle) {
    if (step.via == ZeroTimeStep::Via::Admission) continue;
    key = step_key(config, step);
    where = written_at(tree, key);
    if (where) break;
  }
  if (!where)
    where = params::SourceLocation{tree.files().empty() ? std::string() : tree.files().front(), 0, 0};
  else
    where = tree.location(key);
  throw params::InputError(
      *where, key,
      "no routing cycle whose every step can take 0 days (a pupil on it would move for ever at one instant" +
          policy + ")",
      "the cycle " + describe_cycle(tree, config, *cycle));
}

}  // namespace

void check_zero_time_cycles(const params::ParamTree& tree, const model::ScenarioConfig& config) {
  check_one(tree, config, "");
  for (const model::PolicyStart& start : config.policy_starts)
    check_one(tree, *start.config, "; under the levers from " + std::to_string(start.year));
}

}  // namespace ozsim::scenario
