// [[regions]] and [cross_region]: a scenario of several regions (model::RegionPlan), each the scenario as
// written scaled to its size, with figures of its own where it gives them.
#include <algorithm>
#include <stdexcept>

#include "sim/params/number_format.hpp"
#include "sim/scenario/section_keys.hpp"

namespace ozsim::scenario {
namespace {

bool is_region_name(const std::string& name) {
  return !name.empty() &&
         std::all_of(name.begin(), name.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}

}  // namespace

void region_keys(KeyBinding& top, KeyBinding& cross, model::RegionPlan& plan,
                 const model::ScenarioConfig& c) {
  model::CrossRegionConfig& x = plan.cross_region;
  cross.boolean("enabled", x.enabled,
                "a pupil that has waited cross_region.after_days for a place in its own region takes a free "
                "place of the same kind in a neighbouring region, if one has a place free and nobody waiting",
                "assumption: regions refer across their borders only when their own list is long (domain.md, "
                "'het aanbod in omliggende regio's is niet toegankelijk')");
  cross.number("after_days", x.after_days,
               "days on its own region's list before a pupil looks across (and again every as many days)",
               0.0, KeyBinding::INF,
               "assumption: six weeks, the term of an OZA application; arranging a place elsewhere (consent, "
               "transport) takes that long again");
  cross.number(
      "travel_cost_per_pupil_day", x.travel_cost_per_pupil_day,
      "extra leerlingenvervoer per pupil-day in a place of another region, booked to the gemeente of "
      "the pupil's region",
      0.0, KeyBinding::INF);
  cross.strings(
      "shared", plan.shared,
      "provisions one pool serves for every region (its places: the regions' scaled places together)");

  const std::size_t n = top.rows("regions",
                                 "the regions of a scenario of several ([[regions]] rows): each is the "
                                 "scenario as written scaled to its size, with its own provisions and payers",
                                 "[]");
  for (std::size_t i = 0; i < n; ++i) {
    KeyBinding row = top.row("regions", i);
    model::RegionSpec spec;
    row.string("name", spec.name, "one lowercase word: its KPIs (region.<name>...) and cost lines",
               required());
    row.number("scale", spec.scale,
               "its size against the scenario as written: its pupils, starting state and places are those "
               "times this",
               0.0, KeyBinding::INF, required());
    row.strings("neighbours", spec.neighbours,
                "regions whose places its pupils may take (cross_region), in the order they are tried");
    spec.initial = age_group_keys(
        row, "initial",
        "its own pupils on day 0 by age band, as population.initial (absent: the scenario's scaled)", "[]");
    if (!top.declaring())
      for (std::size_t b = 0; b < spec.initial.size(); ++b)
        if (spec.initial[b].age_to > c.population.max_age)
          top.reader().fail(row.row("initial", b).key("age_to"),
                            "an age above age_from and at most population.max_age (" +
                                params::format_number(c.population.max_age) + ")",
                            params::format_number(spec.initial[b].age_to));
    spec.intake = year_count_keys(row, "intake",
                                  "its own intake projection as { year, count } rows (absent: the scenario's "
                                  "scaled)",
                                  "pupils in the intake year group");
    spec.migration_in =
        year_count_keys(row, "migration_in",
                        "its own in-migration as { year, count } rows (absent: the scenario's "
                        "scaled)",
                        "pupils moving in");
    if (top.declaring()) {
      std::int64_t places = 0;
      row.integer("capacity.*", places, "its own places of a provision, instead of the scaled ones", 0.0,
                  KeyBinding::INF);
      std::string owner;
      row.string("uses.*", owner,
                 "a provision it has none of: its pupils use the named region's, which serves both");
      continue;
    }
    params::KeyReader& reader = top.reader();
    if (!is_region_name(spec.name))
      reader.fail(row.key("name"), "one lowercase word (letters and '_')", "'" + spec.name + "'");
    if (!(spec.scale > 0.0)) reader.fail(row.key("scale"), "a number > 0", params::format_number(spec.scale));
    for (const model::RegionSpec& earlier : plan.regions)
      if (earlier.name == spec.name) reader.fail(row.key("name"), "a name no other region has", spec.name);
    for (const std::string& provision : reader.child_names(row.key("capacity"))) {
      const std::string field = "capacity." + provision;
      if (c.provision_index(provision) < 0)
        reader.fail(row.key(field), "a provision of the scenario", "'" + provision + "'");
      std::int64_t places = 0;
      row.integer(field, places, "", 0.0, KeyBinding::INF);
      spec.capacity[provision] = places;
    }
    for (const std::string& provision : reader.child_names(row.key("uses"))) {
      const std::string field = "uses." + provision;
      if (c.provision_index(provision) < 0)
        reader.fail(row.key(field), "a provision of the scenario", "'" + provision + "'");
      std::string owner;
      row.string(field, owner, "");
      spec.uses[provision] = owner;
    }
    plan.regions.push_back(std::move(spec));
  }
  if (top.declaring()) return;
  params::KeyReader& reader = top.reader();
  // Names that refer to other rows, once every row is read.
  const auto is_region = [&plan](const std::string& name) {
    return std::any_of(plan.regions.begin(), plan.regions.end(),
                       [&name](const model::RegionSpec& r) { return r.name == name; });
  };
  for (std::size_t i = 0; i < plan.regions.size(); ++i) {
    const model::RegionSpec& spec = plan.regions[i];
    KeyBinding row = top.row("regions", i);
    for (const std::string& neighbour : spec.neighbours)
      if (!is_region(neighbour) || neighbour == spec.name)
        reader.fail(row.key("neighbours"), "names of other regions", "'" + neighbour + "'");
    for (const auto& [provision, owner] : spec.uses)
      if (!is_region(owner) || owner == spec.name)
        reader.fail(row.key("uses." + provision), "the name of another region", "'" + owner + "'");
  }
  for (const std::string& name : plan.shared)
    if (c.provision_index(name) < 0)
      reader.fail(cross.key("shared"), "provisions of the scenario", "'" + name + "'");
  if (plan.regions.empty() && (x.enabled || !plan.shared.empty()))
    reader.fail(cross.key(x.enabled ? "enabled" : "shared"), "[[regions]] rows for it to apply to", "none");
  if (plan.regions.size() == 1)
    reader.fail("regions", "two regions or more (one region: leave [[regions]] out)", "1");
}

}  // namespace ozsim::scenario
