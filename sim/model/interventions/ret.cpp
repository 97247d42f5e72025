#include "sim/model/interventions/ret.hpp"

#include <fmt/format.h>

#include <cmath>

namespace ozsim::model::interventions {

void check(const Ret& l) {
  if (!(l.after_days > 0.0))
    throw LeverError(l.NAME, "after_days", "a number of days > 0 (a case must have been stuck)",
                     fmt::to_string(l.after_days));
  if (l.to.empty()) throw LeverError(l.NAME, "to", "at least one destination", "an empty list");
  if (l.p.size() != l.to.size())
    throw LeverError(l.NAME, "p", std::to_string(l.to.size()) + " shares, one per destination in to",
                     std::to_string(l.p.size()));
  double sum = 0.0;
  for (double x : l.p) sum += x;
  if (std::abs(sum - 1.0) > 1e-6)
    throw LeverError(l.NAME, "p", "shares summing to 1", "a sum of " + fmt::to_string(sum));
  check_payers(l.NAME, "payers", l.payers);
}

void apply(const Ret& l, ScenarioConfig& c) {
  check(l);
  RetConfig& ret = c.ret;
  ret = {};
  ret.enabled = true;
  ret.after_days = l.after_days;
  ret.places_per_year = l.places_per_year;
  ret.place.duration = l.duration;
  for (const std::string& name : l.to) ret.place.to.push_back(destination_named(c, l.NAME, "to", name));
  ret.place.probability = l.p;
  ret.cost_per_case = l.cost_per_case;
  ret.payers = l.payers;
}

}  // namespace ozsim::model::interventions
