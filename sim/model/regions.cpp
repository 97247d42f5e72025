#include "sim/model/regions.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace ozsim::model {
namespace {

std::int64_t scaled(std::int64_t count, double scale, const std::string& what) {
  const double value = std::round(static_cast<double>(count) * scale);
  if (!(value >= 0.0) || value > static_cast<double>(std::numeric_limits<std::int32_t>::max()))
    throw std::invalid_argument(what + ": " + std::to_string(count) + " scaled to an impossible count");
  return static_cast<std::int64_t>(value);
}

std::vector<YearCount> scaled(const std::vector<YearCount>& series, double scale, const std::string& what) {
  std::vector<YearCount> out = series;
  for (YearCount& entry : out) entry.count = scaled(entry.count, scale, what);
  return out;
}

std::size_t region_named(const RegionPlan& plan, const std::string& name, const std::string& where) {
  for (std::size_t r = 0; r < plan.regions.size(); ++r)
    if (plan.regions[r].name == name) return r;
  throw std::invalid_argument(where + ": '" + name + "' is no region of the scenario");
}

std::size_t provision_named(const ScenarioConfig& c, const std::string& name, const std::string& where) {
  const int k = c.provision_index(name);
  if (k < 0) throw std::invalid_argument(where + ": '" + name + "' is no provision of the scenario");
  return static_cast<std::size_t>(k);
}

// One copy of a written provision: the regions whose own provision it is, their summed scale, and the
// region whose name it bears (the first it serves).
struct Copy {
  std::vector<std::uint16_t> serves;
  double scale = 0.0;
  std::optional<std::int64_t> capacity;  // a region's own figure
};

ScenarioConfig divide(const ScenarioConfig& written, const RegionPlan& plan) {
  const std::size_t region_count = plan.regions.size();
  const std::size_t kinds = written.provisions.size();
  for (std::size_t r = 0; r < region_count; ++r) {
    const RegionSpec& region = plan.regions[r];
    const std::string where = "region " + region.name;
    if (!(region.scale > 0.0) || !std::isfinite(region.scale))
      throw std::invalid_argument(where + ": scale must be finite and > 0");
    for (std::size_t q = 0; q < r; ++q)
      if (plan.regions[q].name == region.name) throw std::invalid_argument(where + ": named twice");
    for (const std::string& neighbour : region.neighbours)
      if (region_named(plan, neighbour, where + " neighbours") == r)
        throw std::invalid_argument(where + ": is its own neighbour");
    for (const auto& [provision, capacity] : region.capacity) {
      provision_named(written, provision, where + " capacity");
      if (capacity < 0) throw std::invalid_argument(where + " capacity of " + provision + ": negative");
    }
    for (const auto& [provision, other] : region.uses) {
      provision_named(written, provision, where + " uses");
      const std::size_t owner = region_named(plan, other, where + " uses " + provision);
      if (owner == r) throw std::invalid_argument(where + " uses " + provision + ": its own");
      if (plan.regions[owner].uses.count(provision) != 0)
        throw std::invalid_argument(where + " uses " + provision + " of " + other + ", which uses another's");
      if (region.capacity.count(provision) != 0)
        throw std::invalid_argument(where + ": gives places of " + provision + ", which it uses from " +
                                    other);
    }
  }
  std::vector<bool> shared(kinds, false);
  for (const std::string& name : plan.shared)
    shared[provision_named(written, name, "cross_region.shared")] = true;
  for (const RegionSpec& region : plan.regions) {
    for (const auto& [provision, other] : region.uses)
      if (shared[static_cast<std::size_t>(written.provision_index(provision))])
        throw std::invalid_argument("region " + region.name + " uses " + provision +
                                    " of another region, but one pool serves every region");
    for (const auto& [provision, places] : region.capacity)
      if (shared[static_cast<std::size_t>(written.provision_index(provision))])
        throw std::invalid_argument("region " + region.name + " gives places of " + provision +
                                    ", but one pool serves every region (set its places in [provisions." +
                                    provision + "] times the regions' scales)");
  }

  double total_scale = 0.0;
  for (const RegionSpec& region : plan.regions) total_scale += region.scale;

  ScenarioConfig c = written;
  // The whole scenario's own counts serve every region's pupils.
  c.jos.places = scaled(written.jos.places, total_scale, "jos places");
  c.ret.places_per_year = scaled(written.ret.places_per_year, total_scale, "ret places_per_year");
  for (ProgrammeCost& programme : c.programme_costs) programme.per_year *= total_scale;

  // Provisions: the copy of each kind's first owner stays at the kind's index, so that every destination of
  // the written rules still names its kind; the other copies follow in order.
  std::vector<ProvisionConfig> extra;
  for (std::size_t kind = 0; kind < kinds; ++kind) {
    const ProvisionConfig& pc = written.provisions[kind];
    std::vector<Copy> copies;
    if (shared[kind]) {
      Copy all;
      all.scale = total_scale;
      copies.push_back(all);  // serves empty: every region
    } else {
      std::vector<int> copy_of(region_count, -1);
      for (std::size_t r = 0; r < region_count; ++r) {
        if (plan.regions[r].uses.count(pc.name) != 0) continue;
        copy_of[r] = static_cast<int>(copies.size());
        Copy own;
        own.serves.push_back(static_cast<std::uint16_t>(r));
        own.scale = plan.regions[r].scale;
        if (const auto it = plan.regions[r].capacity.find(pc.name); it != plan.regions[r].capacity.end())
          own.capacity = it->second;
        copies.push_back(own);
      }
      for (std::size_t r = 0; r < region_count; ++r) {
        const auto it = plan.regions[r].uses.find(pc.name);
        if (it == plan.regions[r].uses.end()) continue;
        Copy& owner = copies[static_cast<std::size_t>(copy_of[region_named(plan, it->second, "")])];
        owner.serves.push_back(static_cast<std::uint16_t>(r));
        owner.scale += plan.regions[r].scale;
      }
      if (copies.empty())
        throw std::invalid_argument("provision " + pc.name + ": every region uses another region's");
    }
    for (std::size_t i = 0; i < copies.size(); ++i) {
      const Copy& copy = copies[i];
      ProvisionConfig p = pc;
      p.kind = static_cast<std::uint16_t>(kind);
      p.serves = copy.serves;
      std::sort(p.serves.begin(), p.serves.end());
      if (!copy.serves.empty()) p.name = regional_name(pc.name, plan.regions[copy.serves.front()].name);
      const std::string what = "provision " + p.name;
      // A region's own figure sets its places; its capacity changes keep their ratio to the written places.
      const double place_scale = copy.capacity && pc.capacity > 0
                                     ? static_cast<double>(*copy.capacity) / static_cast<double>(pc.capacity)
                                     : copy.scale;
      p.capacity = copy.capacity ? *copy.capacity : scaled(pc.capacity, copy.scale, what);
      for (CapacityChange& change : p.capacity_changes)
        change.capacity = scaled(change.capacity, place_scale, what + " capacity change");
      p.cost.startup *= copy.scale;
      if (p.catchment) {
        p.catchment->referrals = scaled(p.catchment->referrals, copy.scale, what + " catchment");
        p.catchment->initial_occupants =
            scaled(p.catchment->initial_occupants, copy.scale, what + " catchment");
      }
      if (i == 0)
        c.provisions[kind] = std::move(p);
      else
        extra.push_back(std::move(p));
    }
  }
  for (ProvisionConfig& p : extra) c.provisions.push_back(std::move(p));
  if (c.provisions.size() > static_cast<std::size_t>(std::numeric_limits<std::int16_t>::max()))
    throw std::invalid_argument("regions: more provisions than a pupil can name (" +
                                std::to_string(c.provisions.size()) + ")");

  // Regions: their pupils and starting state; the scenario's counts become their sums.
  c.regions.clear();
  c.population.initial.clear();
  c.population.intake.clear();
  c.population.migration_in.clear();
  c.initial_state.clear();
  for (std::size_t r = 0; r < region_count; ++r) {
    const RegionSpec& spec = plan.regions[r];
    const std::string where = "region " + spec.name;
    RegionConfig region;
    region.name = spec.name;
    region.initial = spec.initial;
    if (region.initial.empty()) {
      region.initial = written.population.initial;
      for (AgeGroup& g : region.initial) g.count = scaled(g.count, spec.scale, where + " population");
    }
    region.intake =
        spec.intake.empty() ? scaled(written.population.intake, spec.scale, where + " intake") : spec.intake;
    region.migration_in = spec.migration_in.empty()
                              ? scaled(written.population.migration_in, spec.scale, where + " migration_in")
                              : spec.migration_in;
    region.initial_state = written.initial_state;
    for (InitialStock& stock : region.initial_state) stock.count = scaled(stock.count, spec.scale, where);
    for (const std::string& neighbour : spec.neighbours)
      region.neighbours.push_back(static_cast<std::uint16_t>(region_named(plan, neighbour, where)));
    c.regions.push_back(std::move(region));
  }
  // The sums by age band and year, for what reads the scenario's totals (checks, reports).
  for (const RegionConfig& region : c.regions)
    for (const AgeGroup& g : region.initial) {
      const auto same = std::find_if(
          c.population.initial.begin(), c.population.initial.end(),
          [&g](const AgeGroup& sum) { return sum.age_from == g.age_from && sum.age_to == g.age_to; });
      if (same == c.population.initial.end())
        c.population.initial.push_back(g);
      else
        same->count += g.count;
    }
  const auto summed = [&](auto series_of) {
    std::vector<int> years;
    for (const RegionConfig& region : c.regions)
      for (const YearCount& entry : series_of(region)) years.push_back(entry.year);
    std::sort(years.begin(), years.end());
    years.erase(std::unique(years.begin(), years.end()), years.end());
    std::vector<YearCount> sum;
    for (int year : years) {
      YearCount entry{year, 0};
      for (const RegionConfig& region : c.regions) entry.count += count_in_year(series_of(region), year);
      sum.push_back(entry);
    }
    return sum;
  };
  c.population.intake =
      summed([](const RegionConfig& r) -> const std::vector<YearCount>& { return r.intake; });
  c.population.migration_in =
      summed([](const RegionConfig& r) -> const std::vector<YearCount>& { return r.migration_in; });
  c.initial_state = written.initial_state;
  for (std::size_t i = 0; i < c.initial_state.size(); ++i) {
    c.initial_state[i].count = 0;
    for (const RegionConfig& region : c.regions) c.initial_state[i].count += region.initial_state[i].count;
  }
  c.cross_region = plan.cross_region;

  for (PolicyStart& start : c.policy_starts)
    start.config = std::make_shared<const ScenarioConfig>(divide(*start.config, plan));
  return c;
}

}  // namespace

std::string regional_name(const std::string& provision, const std::string& region) {
  return provision + "@" + region;
}

ScenarioConfig divide_into_regions(const ScenarioConfig& written, const RegionPlan& plan) {
  if (plan.regions.empty()) return written;
  if (!written.regions.empty()) throw std::invalid_argument("regions: the scenario is divided already");
  ScenarioConfig c = divide(written, plan);
  c.validate();
  return c;
}

}  // namespace ozsim::model
