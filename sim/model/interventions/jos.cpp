#include "sim/model/interventions/jos.hpp"

#include <algorithm>
#include <cmath>

namespace ozsim::model::interventions {

double vo_pupils(const ScenarioConfig& c) {
  double n = 0.0;
  for (const AgeGroup& g : c.population.initial) {
    const double overlap =
        std::min(g.age_to, c.population.max_age) - std::max(g.age_from, c.population.po_vo_age);
    if (overlap > 0.0) n += static_cast<double>(g.count) * overlap / (g.age_to - g.age_from);
  }
  return n;
}

void check(const Jos& l) {
  if (l.end_year != 0 && l.end_year <= l.start_year)
    throw LeverError(l.NAME, "end_year",
                     "0 (JOS runs on) or a year after start_year (" + std::to_string(l.start_year) + ")",
                     std::to_string(l.end_year));
  check_payers(l.NAME, "payers", l.payers);
}

void apply(const Jos& l, ScenarioConfig& c) {
  check(l);
  const double workers = l.workers_per_1000_vo_pupils * vo_pupils(c) / 1000.0;
  c.jos.places = std::llround(workers * l.caseload);
  c.jos.levels = {Level::Vo};
  c.jos.support_days = l.support_days;
  c.jos.prevention_share = l.prevention_share;
  c.jos.max_wait_days = l.max_wait_days;
  ProgrammeCost programme;
  programme.name = "jos";
  programme.per_year = workers * l.per_worker_year;
  programme.payers = l.payers;
  programme.level = Level::Vo;  // JOS works in VO schools
  c.programme_costs.push_back(std::move(programme));
}

}  // namespace ozsim::model::interventions
