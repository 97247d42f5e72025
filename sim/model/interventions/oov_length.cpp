#include "sim/model/interventions/oov_length.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ozsim::model::interventions {

void check(const OovLength& l) {
  if (l.months <= 0.0) throw LeverError(l.NAME, "months", "a number > 0", fmt::to_string(l.months));
}

void apply(const OovLength& l, ScenarioConfig& c) {
  check(l);
  const char* L = l.NAME;
  const std::size_t k = provision_named(c, L, "provision", l.provision);
  const Destination gain = destination_named(c, L, "gain_to", l.gain_to);
  const Destination dagbesteding = destination_named(c, L, "dagbesteding_multiplier", "dagbesteding");
  ProvisionConfig& pc = c.provisions[k];
  const double days = l.months * DAYS_PER_MONTH;
  for (RuleRow& row : pc.rules) {
    const double mean = row.duration.mean();
    if (mean <= 0.0)
      throw LeverError(L, "months", "an OOV whose durations have a mean above 0 days to rescale",
                       "a mean of 0 days");
    row.duration = row.duration.scaled(days / mean);
    move_mass(
        row, [&](const Destination& d) { return d == dagbesteding; }, gain, 1.0 - l.dagbesteding_multiplier);
  }
  if (l.capacity) {
    // The later capacity changes move by the same number of places (none below 0).
    add_places(pc, *l.capacity - pc.capacity, l.NAME, "capacity", true);
  }
}

}  // namespace ozsim::model::interventions
