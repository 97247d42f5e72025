#pragma once
// A scenario of several regions from a scenario written for one: each region is the written one scaled to
// its size (its pupils, its starting state, its places), with its own provisions, except those it shares.
// The rules stay the scenario's: a region differs by size, by the figures it gives of its own (capacities,
// a projection of its intake) and by its neighbours.
//
//   RegionPlan plan;
//   plan.regions = {{.name = "a", .scale = 1.0, .neighbours = {"b"}},
//                   {.name = "b", .scale = 0.5, .neighbours = {"a"}}};
//   ScenarioConfig two = divide_into_regions(written, plan);  // sbo@a, sbo@b, oov@a, oov@b, ...
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/model/scenario_config.hpp"

namespace ozsim::model {

struct RegionSpec {
  std::string name;
  // Every count of the written scenario times this: the pupils by age, the intake and in-migration, the
  // starting state's stocks, the places of each provision it has, its catchments. The whole scenario's
  // counts (JOS places, RET places, programmes' yearly cost) scale by the sum over the regions.
  double scale = 1.0;
  std::vector<std::string> neighbours;  // regions whose places its pupils may take, in the order tried
  // A region's own figures, instead of the scaled ones: places of a provision (its capacity changes scale
  // by the same ratio), its pupils on day 0 by age, intake and in-migration by year (its own projection;
  // empty: scaled).
  std::map<std::string, std::int64_t> capacity;
  std::vector<AgeGroup> initial;
  std::vector<YearCount> intake;
  std::vector<YearCount> migration_in;
  // Provisions this region does not have: its pupils use the named region's, which serves both (a regional
  // OOV, a cluster-4 school for several regions); its places are both regions' scaled places together
  // unless that region gives its own figure.
  std::map<std::string, std::string> uses;
};

struct RegionPlan {
  std::vector<RegionSpec> regions;
  // Provisions one pool serves for every region (its places: the sum of the regions' scaled places).
  std::vector<std::string> shared;
  CrossRegionConfig cross_region;
};

// The provision name a region's copy gets: "<provision>@<region>".
std::string regional_name(const std::string& provision, const std::string& region);

// The scenario divided into the plan's regions, its policy starts alike. Throws std::invalid_argument naming
// the first region, provision or neighbour that does not fit (a name that is no region or provision, a
// region that uses a region without that provision, a count that overflows). A plan of no regions returns
// the scenario as written.
ScenarioConfig divide_into_regions(const ScenarioConfig& written, const RegionPlan& plan);

}  // namespace ozsim::model
