#include "sim/scenario/count_check.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sim/model/calendar.hpp"
#include "sim/params/input_error.hpp"

namespace ozsim::scenario {
namespace {

// Pupil ids are std::uint32_t (model::PupilModel numbers pupils by creation).
constexpr std::uint64_t MAX_PUPILS = std::numeric_limits<std::uint32_t>::max();

// The index of the entry model::count_in_year uses for `year`, or -1 for an empty series.
int entry_in_year(const std::vector<model::YearCount>& series, int year) {
  if (series.empty()) return -1;
  int chosen = 0;
  for (std::size_t i = 0; i < series.size(); ++i)
    if (series[i].year <= year) chosen = static_cast<int>(i);
  return chosen;
}

params::SourceLocation where(const params::ParamTree& tree, const std::string& key) {
  if (tree.has(key) || tree.has_children(key)) return tree.location(key);
  // Series read from a projection CSV have no key of their own.
  if (tree.has("population.projection_csv")) return tree.location("population.projection_csv");
  return {tree.files().empty() ? std::string() : tree.files().front(), 0, 0};
}

}  // namespace

void check_pupil_total(const params::ParamTree& tree, const model::ScenarioConfig& config) {
  std::uint64_t total = 0;
  const auto add = [&](std::int64_t count, const std::string& key) {
    std::uint64_t sum = 0;
    if (count < 0 || __builtin_add_overflow(total, static_cast<std::uint64_t>(count), &sum) ||
        sum > MAX_PUPILS)
      throw params::InputError(where(tree, key), key,
                               "a count that keeps the pupils of the whole run (initial population, intake "
                               "and in-migration) at most " +
                                   std::to_string(MAX_PUPILS) + " (pupil ids are 32-bit); " +
                                   std::to_string(total) + " before this one",
                               std::to_string(count));
    total = sum;
  };
  const model::PopulationConfig& pop = config.population;
  for (std::size_t i = 0; i < pop.initial.size(); ++i)
    add(pop.initial[i].count, "population.initial." + std::to_string(i) + ".count");
  const model::SchoolCalendar calendar(config.simulation);
  for (int y = 1; y < calendar.years(); ++y) {
    const int year = calendar.calendar_year(y);
    if (const int i = entry_in_year(pop.intake, year); i >= 0)
      add(pop.intake[static_cast<std::size_t>(i)].count, "population.intake." + std::to_string(i) + ".count");
    if (const int i = entry_in_year(pop.migration_in, year); i >= 0)
      add(pop.migration_in[static_cast<std::size_t>(i)].count,
          "population.migration_in." + std::to_string(i) + ".count");
  }
}

}  // namespace ozsim::scenario
