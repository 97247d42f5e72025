#include "sim/model/interventions/mdo_escalation.hpp"

namespace ozsim::model::interventions {

void check(const MdoEscalation& l) {
  check_payers(l.NAME, "payers", l.payers);
}

void apply(const MdoEscalation& l, ScenarioConfig& c) {
  check(l);
  c.mdo = {true,    l.after_days, l.remaining_duration_factor, l.extra_back_to_school_share, l.cost_per_case,
           l.payers};
}

}  // namespace ozsim::model::interventions
