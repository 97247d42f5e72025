#include "sim/model/interventions/structuurgroepen.hpp"

namespace ozsim::model::interventions {

void apply(const Structuurgroepen& l, ScenarioConfig& c) {
  const std::size_t k = provision_named(c, l.NAME, "provision", l.provision);
  const std::size_t sbo = provision_named(c, l.NAME, "sbo_provision", l.sbo_provision);
  ProvisionConfig& pc = c.provisions[k];
  add_places(pc, l.extra_groups * l.group_size, l.NAME, "extra_groups");
  const Destination to = to_provision(k);
  const Destination from = to_provision(sbo);
  specialise(c.onset.routes, Level::Po, std::nullopt, [&](RuleRow& row) {
    move_mass(
        row, [&](const Destination& d) { return d == from; }, to, l.sbo_diversion);
  });
}

}  // namespace ozsim::model::interventions
