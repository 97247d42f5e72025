#include "sim/io/interventions.hpp"

namespace ozsim::io {

void add_intervention_keys(KeyTable& /*table*/) {}

void apply_interventions(KeyReader& /*reader*/, model::ScenarioConfig& /*config*/) {}

}  // namespace ozsim::io
