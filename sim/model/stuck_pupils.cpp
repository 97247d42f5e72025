// Defence in depth against a routing cycle that closes at one instant (validate rejects the ones it can
// see): a pupil that moves too often at one simulated instant stops the run, naming the rule it is caught in.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/model/kpis.hpp"
#include "sim/model/pupil_model.hpp"

namespace ozsim::model {

namespace {

// A pupil's legitimate moves at one instant are a handful (a fallback chain is at most 8 long); a thousand
// means a cycle. Per-pupil counting starts after this many pupil events at one instant.
constexpr std::uint32_t MAX_MOVES_AT_ONE_INSTANT = 1000;
constexpr std::uint64_t EVENTS_BEFORE_COUNTING_PER_PUPIL = 10000;

}  // namespace

void PupilModel::count_move_at_instant(std::uint32_t id) {
  const double now = sim_.now();
  if (now != instant_day_) {
    instant_day_ = now;
    pupil_events_at_instant_ = 0;
    if (!moves_at_instant_.empty()) moves_at_instant_.clear();
  }
  if (++pupil_events_at_instant_ <= EVENTS_BEFORE_COUNTING_PER_PUPIL) return;
  if (++moves_at_instant_[id] > MAX_MOVES_AT_ONE_INSTANT) throw std::runtime_error(describe_stuck_pupil(id));
}

std::string PupilModel::describe_stuck_pupil(std::uint32_t id) const {
  const Pupil& p = pupils_[id];
  std::string text = "pupil " + std::to_string(p.serial) + " moved more than " +
                     std::to_string(MAX_MOVES_AT_ONE_INSTANT) +
                     " times without simulated time passing (a routing cycle whose steps all take 0 days): ";
  if (p.waiting_for >= 0) {
    const ProvisionConfig& pc = config_.provisions[static_cast<std::size_t>(p.waiting_for)];
    text += "it waits for " + pc.name + " in " + setting_name(p.setting);
    if (pc.max_wait_days)
      text += ", giving up after provisions." + pc.name +
              ".max_wait_days = " + fmt::to_string(*pc.max_wait_days) + " days" +
              (pc.on_renege ? " to " + destination_name(config_, *pc.on_renege) : std::string());
    return text;
  }
  const bool holding = p.provision >= 0;
  const std::string owner = holding ? config_.provisions[static_cast<std::size_t>(p.provision)].name
                                    : std::string(setting_name(p.setting));
  const std::vector<RuleRow>* rules = nullptr;
  if (holding)
    rules = &config_.provisions[static_cast<std::size_t>(p.provision)].rules;
  else if (!free_rules_[static_cast<std::size_t>(p.setting)].empty())
    rules = &free_rules_[static_cast<std::size_t>(p.setting)];
  const RuleRow* row = rules ? match(*rules, p) : nullptr;
  text += "it is in " + owner;
  if (row != nullptr)
    text += ", whose rule " + std::string(holding ? "provisions." : "settings.") + owner + ".rules." +
            std::to_string(row - rules->data()) + " (duration " + row->duration.describe() + ") sends it on";
  return text;
}

}  // namespace ozsim::model
