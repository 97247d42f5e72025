#include "sim/scenario/scenario_apply.hpp"

#include <cmath>
#include <variant>

namespace ozsim::scenario {

namespace {

constexpr std::string_view INTERVENTIONS = "interventions";

bool ignored(const std::string& key) {
  return key == "name" || key == "description" || key == "base" ||
         key.starts_with(std::string(INTERVENTIONS) + ".");
}

// Numbers compare by value, so 12 and 12.0 are the same.
bool same_scalar(const params::ParamScalar& a, const params::ParamScalar& b) {
  auto number = [](const params::ParamScalar& v) -> std::optional<double> {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    return std::nullopt;
  };
  if (const auto x = number(a), y = number(b); x && y) return *x == *y;
  return a == b;
}

bool same_value(const params::ParamEntry& a, const params::ParamEntry& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == params::ParamEntry::Kind::Scalar) return same_scalar(a.scalar, b.scalar);
  if (a.items.size() != b.items.size()) return false;
  for (std::size_t i = 0; i < a.items.size(); ++i)
    if (!same_scalar(a.items[i], b.items[i])) return false;
  return true;
}

std::string text_of(const params::ParamEntry* entry) {
  if (entry == nullptr) return "(not set)";
  if (entry->kind == params::ParamEntry::Kind::Scalar) return params::scalar_to_toml(entry->scalar);
  std::string text = "[";
  for (std::size_t i = 0; i < entry->items.size(); ++i)
    text += (i == 0 ? "" : ", ") + params::scalar_to_toml(entry->items[i]);
  return text + "]";
}

}  // namespace

std::vector<KeyDifference> differences_besides_interventions(const params::ParamTree& base,
                                                             const params::ParamTree& alt) {
  std::vector<KeyDifference> differences;
  auto b = base.entries().begin(), a = alt.entries().begin();
  const auto b_end = base.entries().end(), a_end = alt.entries().end();
  // Both maps are sorted by key: one merge walk.
  while (b != b_end || a != a_end) {
    const bool take_base = a == a_end || (b != b_end && b->first < a->first);
    const bool take_alt = b == b_end || (a != a_end && a->first < b->first);
    const std::string& key = take_base ? b->first : a->first;
    const params::ParamEntry* in_base = take_alt ? nullptr : &b->second;
    const params::ParamEntry* in_alt = take_base ? nullptr : &a->second;
    if (!take_alt) ++b;
    if (!take_base) ++a;
    if (ignored(key)) continue;
    if ((in_base && !in_base->is_value()) || (in_alt && !in_alt->is_value())) continue;  // table markers
    if (in_base && in_alt && same_value(*in_base, *in_alt)) continue;
    differences.push_back({key, text_of(in_base), text_of(in_alt)});
  }
  return differences;
}

std::string describe_differences(const std::vector<KeyDifference>& differences, std::size_t shown) {
  std::string text;
  for (std::size_t i = 0; i < differences.size() && i < shown; ++i)
    text += (i == 0 ? "" : "; ") + differences[i].key + ": BASE " + differences[i].base + ", ALT " +
            differences[i].alt;
  if (differences.size() > shown) text += "; and " + std::to_string(differences.size() - shown) + " more";
  return text;
}

LoadedScenario apply_levers(const LoadedScenario& base, const std::string& lever_path) {
  const params::ParamTree lever = params::ParamTree::load_file(lever_path);
  LoadedScenario applied{base.tree, {}};
  // Only the sections the lever file writes itself: the levers its own base has (JOS in midden-holland.toml)
  // belong to that base, not to the lever, and must not overwrite another base's.
  const std::string& own_file = lever.files().front();
  const auto written_here = [&](const std::string& section) {
    const std::string prefix = section + ".";
    for (const auto& [key, entry] : lever.entries())
      if (key.starts_with(prefix) && entry.key_location.file == own_file) return true;
    return false;
  };
  std::size_t switched_on = 0;
  for (const std::string& name : lever.child_names(INTERVENTIONS)) {
    const std::string section = std::string(INTERVENTIONS) + "." + name;
    if (!written_here(section)) continue;
    const params::ParamEntry* enabled = lever.find(section + ".enabled");
    if (enabled == nullptr || enabled->kind != params::ParamEntry::Kind::Scalar ||
        enabled->scalar != params::ParamScalar(true))
      continue;
    applied.tree.replace_table(section, lever);
    ++switched_on;
  }
  if (switched_on == 0)
    throw params::InputError(
        params::SourceLocation{lever_path, 0, 0},
        "--apply: the file switches no lever on (no [interventions.NAME] of its own with "
        "enabled = true), so there is nothing to apply");
  for (const char* key : {"name", "description"}) {
    if (lever.find(key) != nullptr) applied.tree.replace_table(key, lever);
  }
  applied.config = build_config(applied.tree);
  return applied;
}

}  // namespace ozsim::scenario
