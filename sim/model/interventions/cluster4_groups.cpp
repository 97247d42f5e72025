#include "sim/model/interventions/cluster4_groups.hpp"

namespace ozsim::model::interventions {

void apply(const Cluster4Groups& l, ScenarioConfig& c) {
  ProvisionConfig& pc = c.provisions[provision_named(c, l.NAME, "provision", l.provision)];
  add_places(pc, l.extra_groups * l.group_size, l.NAME, "extra_groups");
  if (l.startup > 0.0) {
    if (pc.cost.payers.empty())
      throw LeverError(l.NAME, "startup", "a provision with cost payers to book the start-up cost to",
                       "none");
    pc.cost.startup += l.startup;
  }
}

}  // namespace ozsim::model::interventions
