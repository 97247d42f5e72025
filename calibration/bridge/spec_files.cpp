#include "calibration/bridge/spec_files.hpp"

#include <cmath>
#include <map>
#include <stdexcept>

#include "sim/params/number_format.hpp"

namespace ozsim::calibration {
namespace {

params::KeySpec spec(std::string pattern, params::KeyType type, std::string help,
                     std::optional<std::string> def = {}) {
  params::KeySpec s;
  s.pattern = std::move(pattern);
  s.type = type;
  s.help = std::move(help);
  s.default_text = std::move(def);
  return s;
}

std::string list_text(const std::vector<double>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ", ";
    out += params::format_number(values[i]);
  }
  return out + "]";
}

std::string item_key(const char* table, std::size_t i, const char* field) {
  std::string key = table;
  key += '.';
  key += std::to_string(i);
  key += '.';
  key += field;
  return key;
}

// A field every table item must have: reported at the item, not at the top of the file.
void require_field(const params::ParamTree& tree, params::KeyReader& reader, const char* table, std::size_t i,
                   const char* field, const std::string& expected) {
  const std::string key = item_key(table, i, field);
  if (reader.present(key)) return;
  const std::string item = std::string(table) + "." + std::to_string(i);
  if (!reader.present(item)) {
    // An empty item ([[target]] with nothing under it, or {} in an inline array) has no position of
    // its own: report it at the array.
    throw params::InputError(
        tree.location(table), key, expected,
        "nothing ([[" + std::string(table) + "]] number " + std::to_string(i + 1) + " is empty)");
  }
  std::string found = "nothing (this [[" + std::string(table) + "]] has no '" + field + "'";
  // A misspelt field shows up here first, as a missing one: name the likely culprit.
  const auto typo = params::closest_match(field, tree.child_names(item));
  if (typo && *typo != field) found += "; is '" + *typo + "' a misspelling?";
  throw params::InputError(tree.location(item), key, expected, found + ")");
}

std::size_t table_count(const params::ParamTree& tree, params::KeyReader& reader, const char* table) {
  if (!reader.present(table)) return 0;
  const params::ParamEntry* entry = tree.find(table);
  if (entry == nullptr || entry->kind != params::ParamEntry::Kind::TableArray) {
    reader.fail(table, "an array of tables ([[" + std::string(table) + "]])",
                entry ? params::describe_found(*entry) : "a table");
  }
  return reader.list_size(table);
}

}  // namespace

const params::KeyTable& targets_key_table() {
  static const params::KeyTable table = [] {
    params::KeyTable t;
    using params::KeyType;
    t.add(spec("target", params::KeyType::Table, "one [[target]] table per observed figure"));
    t.add(spec("target.*.name", params::KeyType::String, "unique name of the target"));
    t.add(spec("target.*.kpi", params::KeyType::String, "model output (KPI) the figure is compared with"));
    t.add(spec("target.*.observed", params::KeyType::Number, "observed value"));
    auto se = spec("target.*.std_error", params::KeyType::Number, "standard error of the observed value");
    se.min = 0.0;
    se.min_exclusive = true;
    t.add(se);
    t.add(spec("target.*.range", params::KeyType::NumberList, "[low, high] read as a central 95% interval"));
    t.add(spec("target.*.period", params::KeyType::String, "year or peildatum label", "\"\""));
    auto weight = spec("target.*.weight", params::KeyType::Number,
                       "precision multiplier: the observation error sd is std_error / sqrt(weight); 0 = "
                       "reported, not fitted",
                       "1.0");
    weight.min = 0.0;
    t.add(weight);
    t.add(spec("target.*.group", params::KeyType::String, "group label for reports", "\"\""));
    t.add(spec("target.*.source", params::KeyType::String, "where the figure comes from", "\"\""));
    return t;
  }();
  return table;
}

const params::KeyTable& priors_key_table() {
  static const params::KeyTable table = [] {
    params::KeyTable t;
    using params::KeyType;
    t.add(spec("parameter", params::KeyType::Table, "one [[parameter]] table per free scenario key"));
    t.add(spec("parameter.*.key", params::KeyType::String, "dotted scenario key made free"));
    auto prior = spec("parameter.*.prior", params::KeyType::Choice, "prior distribution");
    prior.choices = prior_kind_names();
    t.add(prior);
    t.add(spec("parameter.*.params", params::KeyType::NumberList, "the prior's parameters"));
    t.add(spec("parameter.*.note", params::KeyType::String, "why this prior", "\"\""));
    t.add(spec("constraint", params::KeyType::Table, "linear constraints between parameters", "[]"));
    t.add(spec("constraint.*.expression", params::KeyType::String, "e.g. \"a < b\" or \"a + b <= 1\""));
    t.add(spec("constraint.*.note", params::KeyType::String, "why this constraint", "\"\""));
    return t;
  }();
  return table;
}

std::vector<Target> read_targets(const params::ParamTree& tree) {
  params::KeyReader reader(tree, targets_key_table());
  const std::size_t n = table_count(tree, reader, "target");
  if (n == 0) {
    throw params::InputError(
        params::SourceLocation{tree.files().empty() ? "<input>" : tree.files().front(), 0, 0}, "target",
        "at least one [[target]] table", "none");
  }
  std::vector<Target> targets;
  std::map<std::string, std::string> seen;  // name -> where
  for (std::size_t i = 0; i < n; ++i) {
    require_field(tree, reader, "target", i, "name", "a string (the target's name)");
    require_field(tree, reader, "target", i, "kpi", "a string (the model output it maps to)");
    require_field(tree, reader, "target", i, "observed", "a number (the observed value)");
    Target t;
    const std::string name_key = item_key("target", i, "name");
    t.name = reader.string(name_key);
    if (t.name.empty()) reader.fail(name_key, "a non-empty name", "\"\"");
    if (const auto it = seen.find(t.name); it != seen.end()) {
      reader.fail(name_key, "a name not used by another target",
                  "\"" + t.name + "\", already used at " + it->second);
    }
    seen[t.name] = reader.location(name_key).to_string();
    const std::string kpi_key = item_key("target", i, "kpi");
    t.kpi = reader.string(kpi_key);
    if (t.kpi.empty()) reader.fail(kpi_key, "a non-empty KPI name", "\"\"");
    t.kpi_location = reader.location(kpi_key);
    t.observed = reader.number(item_key("target", i, "observed"));
    const std::string se_key = item_key("target", i, "std_error");
    const std::string range_key = item_key("target", i, "range");
    const bool has_se = reader.present(se_key);
    const bool has_range = reader.present(range_key);
    if (has_se == has_range) {
      reader.fail(has_se ? range_key : name_key, "exactly one of 'std_error' and 'range' per target",
                  has_se ? "both" : "neither");
    }
    if (has_se) {
      t.sigma = reader.number(se_key);
    } else {
      const auto range = reader.number_list(range_key);
      if (range.size() != 2 || !(range[0] < range[1])) {
        reader.fail(range_key, "[low, high] with low < high", list_text(range));
      }
      if (t.observed < range[0] || t.observed > range[1]) {
        reader.fail(range_key, "a range containing the observed value " + params::format_number(t.observed),
                    list_text(range));
      }
      t.range = std::make_pair(range[0], range[1]);
      t.sigma = sigma_from_range(range[0], range[1]);
      // [-1e308, 1e308] is finite at both ends but not in width: an infinite error would make every
      // particle a perfect fit.
      if (!std::isfinite(t.sigma)) {
        reader.fail(range_key, "[low, high] whose width high - low is a finite number", list_text(range));
      }
    }
    t.period = reader.string(item_key("target", i, "period"));
    t.weight = reader.number(item_key("target", i, "weight"));
    t.group = reader.string(item_key("target", i, "group"));
    (void)reader.string(item_key("target", i, "source"));
    targets.push_back(std::move(t));
  }
  reader.reject_unused_keys();
  double total_weight = 0.0;
  for (const auto& t : targets) total_weight += t.weight;
  if (!(total_weight > 0.0)) reader.fail("target.0.weight", "at least one target with weight > 0", "all 0");
  return targets;
}

std::vector<Target> load_targets_file(const std::string& path) {
  return read_targets(params::ParamTree::load_file(path));
}

std::vector<Target> parse_targets_string(std::string_view text, const std::string& pretend_path) {
  return read_targets(params::ParamTree::parse_string(text, pretend_path));
}

PriorsFile read_priors(const params::ParamTree& tree) {
  params::KeyReader reader(tree, priors_key_table());
  const std::size_t n = table_count(tree, reader, "parameter");
  if (n == 0) {
    throw params::InputError(
        params::SourceLocation{tree.files().empty() ? "<input>" : tree.files().front(), 0, 0}, "parameter",
        "at least one [[parameter]] table", "none");
  }
  PriorsFile out;
  for (std::size_t i = 0; i < n; ++i) {
    require_field(tree, reader, "parameter", i, "key", "a string (the scenario key made free)");
    require_field(tree, reader, "parameter", i, "prior",
                  "one of \"uniform\", \"log-uniform\", \"normal\", "
                  "\"truncated-normal\", \"beta\"");
    require_field(tree, reader, "parameter", i, "params", "a list of numbers (the prior's parameters)");
    const std::string key_key = item_key("parameter", i, "key");
    const std::string key = reader.string(key_key);
    if (key.empty()) reader.fail(key_key, "a dotted scenario key", "\"\"");
    for (std::size_t j = 0; j < out.space.size(); ++j) {
      if (out.space.parameters()[j].name == key) {
        reader.fail(key_key, "a key not freed by another [[parameter]]",
                    "\"" + key + "\", already freed at " + out.key_locations[j].to_string());
      }
    }
    const std::string prior_key = item_key("parameter", i, "prior");
    const PriorKind kind = *parse_prior_kind(reader.choice(prior_key));
    const std::string params_key = item_key("parameter", i, "params");
    const std::vector<double> params = reader.number_list(params_key);
    try {
      out.space.add(key, Prior::from_params(kind, params));
    } catch (const std::invalid_argument& e) {
      std::string why = e.what();
      // from_params' count message already says what it takes; others add the rule that failed.
      if (why.rfind("prior '", 0) == 0) {
        reader.fail(
            params_key,
            std::string(prior_params_help(kind)) + " for a " + std::string(prior_kind_name(kind)) + " prior",
            list_text(params));
      }
      reader.fail(
          params_key,
          std::string(prior_params_help(kind)) + " for a " + std::string(prior_kind_name(kind)) + " prior",
          list_text(params) + ": " + why);
    }
    (void)reader.string(item_key("parameter", i, "note"));
    out.key_locations.push_back(reader.location(key_key));
  }
  const std::size_t constraints = table_count(tree, reader, "constraint");
  for (std::size_t i = 0; i < constraints; ++i) {
    require_field(tree, reader, "constraint", i, "expression", "a string such as \"a < b\"");
    const std::string key = item_key("constraint", i, "expression");
    const std::string text = reader.string(key);
    try {
      out.space.add_constraint(text);
    } catch (const std::invalid_argument& e) {
      std::string why = e.what();
      const std::string prefix = "constraint '" + text + "': ";
      if (why.rfind(prefix, 0) == 0) why = why.substr(prefix.size());
      reader.fail(key, "a linear inequality over the declared parameters", "\"" + text + "\": " + why);
    }
    (void)reader.string(item_key("constraint", i, "note"));
  }
  reader.reject_unused_keys();
  return out;
}

PriorsFile load_priors_file(const std::string& path) {
  return read_priors(params::ParamTree::load_file(path));
}

PriorsFile parse_priors_string(std::string_view text, const std::string& pretend_path) {
  return read_priors(params::ParamTree::parse_string(text, pretend_path));
}

}  // namespace ozsim::calibration
