#pragma once
// A population projection as a municipal or CBS prognosis gives it: one row per school year, with the intake
// year group and optionally in-migration (`population.projection_csv`).
#include <string>
#include <vector>

#include "sim/model/scenario_config.hpp"

namespace ozsim::scenario {

struct ProjectionCsv {
  std::vector<model::YearCount> intake;
  std::vector<model::YearCount> migration_in;
  bool has_migration_in = false;
};

// year,intake[,migration_in] with a header row; years strictly increasing. Throws InputError at the file's
// line for anything else.
ProjectionCsv read_projection_csv(const std::string& path);

}  // namespace ozsim::scenario
