#include "sim/model/interventions/interventions.hpp"

namespace ozsim::model::interventions {

void apply(const Interventions& levers, ScenarioConfig& c) {
  for (const LeverStep& step : LEVER_ORDER) step.apply(levers, c);
}

}  // namespace ozsim::model::interventions
