#include "sim/model/interventions/jos.hpp"

#include <algorithm>

namespace ozsim::model::interventions {
namespace {

// Pupils of VO age in the initial population: the bands are spread evenly over their ages.
double vo_pupils(const ScenarioConfig& c) {
  double n = 0.0;
  for (const AgeGroup& g : c.population.initial) {
    const double overlap =
        std::min(g.age_to, c.population.max_age) - std::max(g.age_from, c.population.po_vo_age);
    if (overlap > 0.0) n += static_cast<double>(g.count) * overlap / (g.age_to - g.age_from);
  }
  return n;
}

}  // namespace

void check(const Jos& l) {
  check_payers(l.NAME, "payers", l.payers);
}

void apply(const Jos& l, ScenarioConfig& c) {
  check(l);
  c.onset.hazard_per_year[static_cast<std::size_t>(Level::Po)] *= l.po_hazard_multiplier;
  c.onset.hazard_per_year[static_cast<std::size_t>(Level::Vo)] *= l.vo_hazard_multiplier;
  ProgrammeCost programme;
  programme.name = "jos";
  programme.per_year = l.per_year + l.per_vo_pupil_year * vo_pupils(c);
  programme.first_year = l.first_year;
  programme.payers = l.payers;
  programme.level = Level::Vo;  // JOS works in VO schools
  c.programme_costs.push_back(std::move(programme));
}

}  // namespace ozsim::model::interventions
