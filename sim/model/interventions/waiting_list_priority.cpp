#include "sim/model/interventions/waiting_list_priority.hpp"

namespace ozsim::model::interventions {

void apply(const WaitingListPriority& l, ScenarioConfig& c) {
  if (l.provisions.empty()) {
    for (ProvisionConfig& pc : c.provisions) pc.queue_rule = l.rule;
    return;
  }
  for (const std::string& name : l.provisions)
    c.provisions[provision_named(c, l.NAME, "provisions", name)].queue_rule = l.rule;
}

}  // namespace ozsim::model::interventions
