#include "sim/model/interventions/oza.hpp"

namespace ozsim::model::interventions {

void check(const Oza& l) {
  check_payers(l.NAME, "payers", l.payers);
}

void apply(const Oza& l, ScenarioConfig& c) {
  check(l);
  add_escalation(c, l.assessment_weeks * 7.0, l.cost_per_case, l.payers);
  if (l.education_during_care_wait) c.care_first = false;
}

}  // namespace ozsim::model::interventions
