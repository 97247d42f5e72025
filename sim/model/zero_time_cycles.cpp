#include "sim/model/zero_time_cycles.hpp"

#include <algorithm>
#include <stdexcept>

namespace ozsim::model {
namespace {

const std::vector<RuleRow>* free_rules(const ScenarioConfig& config, Setting s) {
  for (const FreeSettingRules& f : config.free_settings)
    if (f.setting == s) return &f.rules;
  return nullptr;
}

// Node numbering: settings [0, SETTING_COUNT), then per provision k "asking"
// at SETTING_COUNT + 2k and "holding a place" at SETTING_COUNT + 2k + 1.
class ZeroTimeGraph {
 public:
  explicit ZeroTimeGraph(const ScenarioConfig& config)
      : clock_end_(std::max(config.simulation.years, 1.0) * DAYS_PER_YEAR) {
    edges_.resize(SETTING_COUNT + 2 * config.provisions.size());
    for (std::size_t s = 0; s < SETTING_COUNT; ++s) {
      const auto setting = static_cast<Setting>(s);
      if (setting == Setting::Attending) continue;  // leaving school takes an onset
      if (const std::vector<RuleRow>* rules = free_rules(config, setting))
        add_rule_edges(s, *rules, false, s);
    }
    for (std::size_t k = 0; k < config.provisions.size(); ++k) {
      const ProvisionConfig& pc = config.provisions[k];
      const std::size_t asking = SETTING_COUNT + 2 * k;
      const std::size_t holding = asking + 1;
      const Destination self{Destination::Type::Provision, static_cast<std::uint16_t>(k)};
      add(asking, holding, {ZeroTimeStep::Via::Admission, true, k, 0, self});
      const bool turned_away_at_once =
          !pc.eligible_levels.empty() || !pc.eligible_profiles.empty() || pc.max_queue.has_value();
      const Destination wait_in{Destination::Type::Setting, static_cast<std::uint16_t>(pc.wait_in)};
      if (turned_away_at_once) {
        if (!pc.fallback.empty())
          add_to(asking, pc.fallback.front(), {ZeroTimeStep::Via::Fallback, true, k, 0, pc.fallback.front()});
        else
          add_to(asking, wait_in, {ZeroTimeStep::Via::WaitIn, true, k, 0, wait_in});
      }
      if (pc.is_care && !config.care_first)
        add_to(asking, wait_in, {ZeroTimeStep::Via::WaitIn, true, k, 0, wait_in});
      add_rule_edges(holding, pc.rules, true, k);
      if (pc.max_wait_days && clock_end_ + *pc.max_wait_days == clock_end_) {
        // Without on_renege the pupil's own setting (where it waited) takes over: for care with education
        // on hold, whichever absence status the pupil kept.
        std::vector<Setting> waits_in = {pc.wait_in};
        if (pc.is_care && config.care_first)
          waits_in = config.care_waiters_keep_status
                         ? std::vector<Setting>{Setting::Risicoleerling, Setting::Thuiszitter,
                                                Setting::AbsoluutVerzuim}
                         : std::vector<Setting>{Setting::Thuiszitter};
        for (Setting s : waits_in) {
          const Destination after =
              pc.on_renege.value_or(Destination{Destination::Type::Setting, static_cast<std::uint16_t>(s)});
          add_to(asking, after, {ZeroTimeStep::Via::Renege, true, k, 0, after});
        }
      }
      if (pc.leave_at_age && pc.leave_at_age_to)
        add_to(holding, *pc.leave_at_age_to,
               {ZeroTimeStep::Via::LeaveAtAge, true, k, 0, *pc.leave_at_age_to});
    }
  }

  std::optional<std::vector<ZeroTimeStep>> find_cycle() const {
    // Iterative depth-first search; colour 1 = on the current path, 2 = done.
    std::vector<int> colour(edges_.size(), 0);
    for (std::size_t start = 0; start < edges_.size(); ++start) {
      if (colour[start] != 0) continue;
      std::vector<std::pair<std::size_t, std::size_t>> stack = {{start, 0}};  // node, next edge
      std::vector<const Edge*> path;
      colour[start] = 1;
      while (!stack.empty()) {
        auto& [node, next] = stack.back();
        if (next == edges_[node].size()) {
          colour[node] = 2;
          stack.pop_back();
          if (!path.empty()) path.pop_back();
          continue;
        }
        const Edge& edge = edges_[node][next++];
        if (colour[edge.to] == 1) {
          // The cycle is the path from edge.to's position on the stack, plus this edge.
          std::size_t first = 0;
          while (stack[first].first != edge.to) ++first;
          std::vector<ZeroTimeStep> cycle;
          for (std::size_t i = first; i < path.size(); ++i) cycle.push_back(path[i]->step);
          cycle.push_back(edge.step);
          return cycle;
        }
        if (colour[edge.to] == 0) {
          colour[edge.to] = 1;
          path.push_back(&edge);
          stack.emplace_back(edge.to, 0);
        }
      }
    }
    return std::nullopt;
  }

 private:
  struct Edge {
    std::size_t to;
    ZeroTimeStep step;
  };

  // The node a destination leads to, or nothing for attending and the exits.
  std::optional<std::size_t> node_of(const Destination& d) const {
    switch (d.type) {
      case Destination::Type::Setting:
        if (static_cast<Setting>(d.index) == Setting::Attending) return std::nullopt;
        return d.index;
      case Destination::Type::Provision:
        return SETTING_COUNT + 2 * static_cast<std::size_t>(d.index);
      case Destination::Type::Exit:
        return std::nullopt;
    }
    return std::nullopt;
  }

  void add(std::size_t from, std::size_t to, const ZeroTimeStep& step) { edges_[from].push_back({to, step}); }

  void add_to(std::size_t from, const Destination& d, const ZeroTimeStep& step) {
    if (const std::optional<std::size_t> to = node_of(d)) add(from, *to, step);
  }

  void add_rule_edges(std::size_t from, const std::vector<RuleRow>& rules, bool owner_is_provision,
                      std::size_t owner) {
    for (std::size_t r = 0; r < rules.size(); ++r) {
      const RuleRow& row = rules[r];
      if (!duration_can_be_zero(row.duration, clock_end_)) continue;
      for (std::size_t i = 0; i < row.to.size(); ++i)
        if (i < row.probability.size() && row.probability[i] > 0.0)
          add_to(from, row.to[i], {ZeroTimeStep::Via::RuleRow, owner_is_provision, owner, r, row.to[i]});
    }
  }

  double clock_end_;
  std::vector<std::vector<Edge>> edges_;
};

}  // namespace

bool duration_can_be_zero(const engine::Distribution& duration, double clock_end) {
  using engine::DistributionKind;
  if (clock_end + duration.mean() == clock_end) return true;  // fixed 0, any kind scaled by 0, or tiny
  switch (duration.kind()) {
    case DistributionKind::Fixed:
    case DistributionKind::Uniform:
    case DistributionKind::Empirical:
      return clock_end + duration.support_min() == clock_end;
    case DistributionKind::Bernoulli:
      return duration.variance() > 0.0;  // 0 with probability 1 - p: p < 1 (p = 0 has mean 0, above)
    case DistributionKind::Exponential:
    case DistributionKind::Weibull:
    case DistributionKind::Lognormal:
    case DistributionKind::Gamma:
      return false;
  }
  return false;
}

std::optional<std::vector<ZeroTimeStep>> find_zero_time_cycle(const ScenarioConfig& config) {
  return ZeroTimeGraph(config).find_cycle();
}

const RuleRow& step_rule(const ScenarioConfig& config, const ZeroTimeStep& step) {
  if (step.via != ZeroTimeStep::Via::RuleRow) throw std::logic_error("step_rule: not a rule-row step");
  if (step.owner_is_provision) return config.provisions.at(step.owner).rules.at(step.row);
  const std::vector<RuleRow>* rules = free_rules(config, static_cast<Setting>(step.owner));
  if (rules == nullptr) throw std::logic_error("step_rule: no rules for the setting");
  return rules->at(step.row);
}

std::string step_owner_name(const ScenarioConfig& config, const ZeroTimeStep& step) {
  return step.owner_is_provision ? config.provisions.at(step.owner).name
                                 : std::string(setting_name(static_cast<Setting>(step.owner)));
}

}  // namespace ozsim::model
