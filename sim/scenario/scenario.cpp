#include "sim/scenario/scenario.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <optional>

#include "sim/scenario/count_check.hpp"
#include "sim/scenario/interventions.hpp"
#include "sim/scenario/key_binding.hpp"
#include "sim/scenario/section_keys.hpp"
#include "sim/scenario/zero_time_check.hpp"

namespace ozsim::scenario {
namespace {

// A fallback chain that returns to its start would bounce a pupil forever.
void check_fallback_cycles(const params::KeyReader& reader, const model::ScenarioConfig& c) {
  using model::Destination;
  for (std::size_t start = 0; start < c.provisions.size(); ++start) {
    std::vector<std::size_t> chain = {start};
    std::size_t k = start;
    while (!c.provisions[k].fallback.empty() &&
           c.provisions[k].fallback.front().type == Destination::Type::Provision) {
      k = c.provisions[k].fallback.front().index;
      if (std::find(chain.begin(), chain.end(), k) != chain.end()) {
        std::string path;
        for (std::size_t j : chain) path += c.provisions[j].name + " -> ";
        reader.fail("provisions." + c.provisions[start].name + ".fallback",
                    "fallbacks that end outside a cycle", "the cycle " + path + c.provisions[k].name);
      }
      chain.push_back(k);
    }
  }
}

// Every section of a scenario file, in the order `ozsim --help-keys` lists them. Declaring (a KeyBinding on
// the table) and reading (on a reader) run the same calls, so the table and the reads cannot drift apart.
void scenario_keys(const std::function<KeyBinding(std::string)>& section, model::ScenarioConfig& c,
                   std::string& description, model::RegionPlan& regions) {
  KeyBinding top = section("");
  top.string("name", c.name, "scenario name shown in outputs");
  top.string("description", description, "what the scenario represents");
  KeyBinding simulation = section("simulation");
  simulation_keys(simulation, c.simulation);
  KeyBinding population = section("population");
  population_keys(population, c.population);

  const bool declaring = top.declaring();
  // Provision names first: routing rules anywhere may refer to them.
  if (!declaring)
    for (const std::string& name : top.reader().child_names("provisions")) {
      model::ProvisionConfig pc;
      pc.name = name;
      c.provisions.push_back(std::move(pc));
    }
  const Destinations to = declaring ? Destinations() : Destinations(top.reader(), c);

  KeyBinding onset = section("onset");
  onset_keys(onset, c.onset, to);
  KeyBinding settings = section("settings");
  for (const model::Setting s : model::RULED_FREE_SETTINGS) {
    model::FreeSettingRules f;
    f.setting = s;
    KeyBinding k = settings.section(model::setting_name(s));
    free_setting_keys(k, f, to);
    if (!declaring) c.free_settings.push_back(std::move(f));
  }

  if (declaring) {
    model::ProvisionConfig defaults;
    KeyBinding k = section("provisions.*");
    provision_keys(k, defaults, to, {});
  }
  for (model::ProvisionConfig& pc : c.provisions) {
    KeyBinding k = section("provisions." + pc.name);
    params::KeyReader& reader = top.reader();
    const std::optional<ProvisionOwner> owner = lever_owning_provision(reader, pc.name);
    provision_keys(k, pc, to, [&reader, &owner, &pc](std::string_view field) {
      return set_by_lever(reader, owner, pc.name, field);
    });
  }
  if (!declaring) check_fallback_cycles(top.reader(), c);
  KeyBinding initial_state = section("initial_state");
  initial_state_keys(initial_state, c, to);

  KeyBinding rules = section("rules");
  rules.boolean("care_first", c.care_first,
                "pupils waiting for care wait at home with the search for education on hold",
                "[MH-2024] section 4: 'hulp voorliggend op onderwijs'");
  rules.boolean("care_waiters_keep_status", c.care_waiters_keep_status,
                "a pupil waiting for care keeps its absence status (excused unless already a thuiszitter or "
                "not enrolled); false: every care-waiter counts as a thuiszitter");
  KeyBinding trends = section("trends");
  trend_keys(trends, c.trends, to);
  KeyBinding escalation = section("escalation");
  escalation_keys(escalation, c.escalation);
  const std::vector<std::string> programme_names =
      declaring ? std::vector<std::string>{"*"} : top.reader().child_names("programmes");
  for (const std::string& name : programme_names) {
    model::ProgrammeCost programme;
    programme.name = name;
    KeyBinding k = section("programmes." + name);
    programme_keys(k, programme);
    if (!declaring) c.programme_costs.push_back(std::move(programme));
  }
  KeyBinding kpi = section("kpi");
  kpi_keys(kpi, c.kpi);
  KeyBinding costs = section("costs");
  costs.number("discount_rate", c.discount_rate, "yearly discount rate for budget impact", 0.0, 1.0,
               "[WDV-2020], the Dutch standard rate for social cost-benefit analysis");
  KeyBinding cross = section("cross_region");
  region_keys(top, cross, regions, c);
}

params::KeyTable make_table() {
  params::KeyTable table;
  model::ScenarioConfig defaults;
  std::string description;
  model::RegionPlan regions;
  scenario_keys([&table](std::string prefix) { return KeyBinding(table, std::move(prefix)); }, defaults,
                description, regions);
  add_intervention_keys(table);
  return table;
}

}  // namespace

const params::KeyTable& scenario_key_table() {
  static const params::KeyTable table = make_table();
  return table;
}

model::ScenarioConfig build_config(const params::ParamTree& tree) {
  params::KeyReader reader(tree, scenario_key_table());
  model::ScenarioConfig c;
  c.source = tree.files().empty() ? std::string() : tree.files().front();
  std::string description;
  model::RegionPlan regions;
  scenario_keys([&reader](std::string prefix) { return KeyBinding(reader, std::move(prefix)); }, c,
                description, regions);
  apply_interventions(reader, c);
  reader.reject_unused_keys();
  check_zero_time_cycles(tree, c);
  // Levers act on the scenario as written; each region then gets its share of what they add.
  if (!regions.regions.empty()) {
    try {
      c = model::divide_into_regions(c, regions);
    } catch (const std::invalid_argument& e) {
      reader.fail("regions", "regions the scenario can be divided into", e.what());
    }
  }
  check_pupil_total(tree, c);
  return c;
}

LoadedScenario load_scenario(const std::string& path) {
  return load_scenario(path, {});
}

LoadedScenario load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
  LoadedScenario loaded{params::ParamTree::load_file(path), {}};
  for (const std::string& assignment : overrides) loaded.tree.set_override(assignment);
  loaded.config = build_config(loaded.tree);
  return loaded;
}

std::string default_scenario_path() {
  namespace fs = std::filesystem;
  std::vector<fs::path> candidates;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    // build/<preset>/sim/ozsim -> source tree; <prefix>/bin/ozsim -> <prefix>/share/ozsim.
    for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
      candidates.push_back(dir / "scenarios" / "midden-holland.toml");
      candidates.push_back(dir / "share" / "ozsim" / "scenarios" / "midden-holland.toml");
    }
  }
  candidates.push_back(fs::current_path(ec) / "scenarios" / "midden-holland.toml");
  for (const fs::path& candidate : candidates)
    if (fs::exists(candidate, ec)) return candidate.string();
  throw params::InputError(
      params::SourceLocation{"scenarios/midden-holland.toml", 0, 0},
      "the bundled default scenario was not found next to the executable or in ./scenarios; pass a "
      "scenario file");
}

}  // namespace ozsim::scenario
