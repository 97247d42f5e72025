#include "sim/model/interventions/dagbesteding_agreements.hpp"

#include <fmt/format.h>

namespace ozsim::model::interventions {

void check(const DagbestedingAgreements& l) {
  check_payers(l.NAME, "payers", l.payers);
}

void apply(const DagbestedingAgreements& l, ScenarioConfig& c) {
  check(l);
  const char* L = l.NAME;
  const std::size_t k = provision_named(c, L, "provision", l.provision);
  const Destination back = destination_named(c, L, "return_to", l.return_to);
  ProvisionConfig& pc = c.provisions[k];
  for (RuleRow& row : pc.rules) {
    row.duration = row.duration.scaled(l.duration_multiplier);
    double current = 0.0;
    for (std::size_t i = 0; i < row.to.size(); ++i)
      if (row.to[i] == back) current += row.probability[i];
    const double rest = 1.0 - current;
    if (l.return_to_school_increase > rest + 1e-12)
      throw LeverError(L, "return_to_school_increase",
                       "at most " + fmt::to_string(rest) + " (the share of " + l.provision +
                           " not already going to " + l.return_to + ")",
                       fmt::to_string(l.return_to_school_increase));
    if (rest > 0.0)
      move_mass(
          row, [&](const Destination& d) { return !(d == back); }, back, l.return_to_school_increase / rest);
  }
  pc.cost.payers = merge_payers(pc.cost.payers, pc.cost.per_pupil_day, l.payers, l.extra_per_pupil_day);
  pc.cost.per_pupil_day += l.extra_per_pupil_day;
}

}  // namespace ozsim::model::interventions
