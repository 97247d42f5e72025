// KeyReader: typed, checked reads of a ParamTree against a KeyTable.
#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <utility>

#include "sim/params/distribution_spec.hpp"
#include "sim/params/key_table.hpp"

namespace ozsim::params {
namespace {

constexpr std::size_t MAX_SUGGESTION_CANDIDATES = 5000;
const char* const SET_ORIGIN = "--set";

std::string toml_quoted(std::string_view text) {
  return scalar_to_toml(ParamScalar{std::string(text)});
}

std::string child_key(std::string_view key, std::string_view name) {
  std::string out(key);
  out += '.';
  out += name;
  return out;
}

bool is_under(std::string_view key, std::string_view prefix) {
  return key.size() > prefix.size() && key.compare(0, prefix.size(), prefix) == 0 &&
         key[prefix.size()] == '.';
}

const std::int64_t* as_integer(const ParamScalar& s) {
  return std::get_if<std::int64_t>(&s);
}
const double* as_double(const ParamScalar& s) {
  return std::get_if<double>(&s);
}
const std::string* as_string(const ParamScalar& s) {
  return std::get_if<std::string>(&s);
}
bool is_number(const ParamScalar& s) {
  return as_integer(s) != nullptr || as_double(s) != nullptr;
}
double to_double(const ParamScalar& s) {
  if (const auto* i = as_integer(s)) return static_cast<double>(*i);
  return *as_double(s);
}

bool in_range(double v, const KeySpec& spec) {
  if (spec.min_exclusive ? !(v > spec.min) : !(v >= spec.min)) return false;
  return v <= spec.max;
}

// Declared patterns with '*' replaced by the table names actually present, and by
// the segments of the key being checked (so that a typo in a table name is caught).
void instantiate(const ParamTree& tree, const std::vector<std::string_view>& pattern, std::size_t index,
                 const std::string& prefix, const std::vector<std::string_view>& typo,
                 std::vector<std::string>& out) {
  if (out.size() >= MAX_SUGGESTION_CANDIDATES) return;
  if (index == pattern.size()) {
    out.push_back(prefix);
    return;
  }
  auto next = [&](std::string_view segment) {
    instantiate(tree, pattern, index + 1, prefix.empty() ? std::string(segment) : child_key(prefix, segment),
                typo, out);
  };
  if (pattern[index] != "*") {
    next(pattern[index]);
    return;
  }
  std::vector<std::string> names = tree.child_names(prefix);
  if (index < typo.size()) names.emplace_back(typo[index]);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  for (const std::string& name : names) next(name);
}

}  // namespace

KeyReader::KeyReader(const ParamTree& tree, const KeyTable& table) : tree_(tree), table_(table) {
  // A --set of an undeclared key is an error even before the model reads anything.
  const SourceLocation* first = nullptr;
  std::string first_key;
  for (const auto& [key, entry] : tree_.entries()) {
    if (entry.is_value() && entry.key_location.file == SET_ORIGIN && !table_.covers(key)) {
      if (first == nullptr || key < first_key) {
        first = &entry.key_location;
        first_key = key;
      }
    }
  }
  if (first != nullptr) {
    std::vector<std::string> candidates;
    const auto typo = split_key(first_key);
    for (const KeySpec& spec : table_.specs())
      instantiate(tree_, split_key(spec.pattern), 0, "", typo, candidates);
    std::string message = "unknown key '" + first_key + "'";
    if (auto hint = closest_match(first_key, candidates)) message += " (did you mean '" + *hint + "'?)";
    throw InputError::with_key(*first, first_key, message);
  }
}

const KeySpec& KeyReader::spec_for(std::string_view key, KeyType type) const {
  const KeySpec* spec = table_.find(key);
  if (spec == nullptr) {
    throw std::logic_error("KeyReader: key '" + std::string(key) + "' is not declared in the key table");
  }
  if (spec->type != type) {
    throw std::logic_error("KeyReader: key '" + std::string(key) + "' is declared as " +
                           std::string(to_string(spec->type)) + " but read as " +
                           std::string(to_string(type)));
  }
  return *spec;
}

void KeyReader::fail_missing(std::string_view key, const KeySpec& spec) const {
  const auto& files = tree_.files();
  std::string where = files.empty() ? std::string("<input>") : files.front();
  std::string message = "missing required key '" + std::string(key) + "' (" + describe_expected(spec) + ")";
  if (!files.empty()) {
    message += ", not set in " + files.front();
    if (files.size() > 1) {
      message += " or its base";
      message += files.size() > 2 ? "s " : " ";
      for (std::size_t i = 1; i < files.size(); ++i) message += (i > 1 ? ", " : "") + files[i];
    }
  }
  throw InputError::with_key(SourceLocation{std::move(where), 0, 0}, std::string(key), message);
}

const ParamEntry* KeyReader::value_entry(std::string_view key, const KeySpec& spec, bool required) {
  if (const ParamEntry* entry = tree_.find(key)) {
    used_.emplace(key);
    return entry;
  }
  if (tree_.has_children(key)) fail(key, describe_expected(spec), "a table");
  if (const ParamTree* defaults = table_.default_tree(spec)) return defaults->find("default");
  if (required) fail_missing(key, spec);
  return nullptr;
}

void KeyReader::mark_subtree(std::string_view key) {
  used_.emplace(key);
  for (const auto& item : tree_.entries()) {
    if (is_under(item.first, key)) used_.insert(item.first);
  }
}

double KeyReader::checked_number(std::string_view key, const KeySpec& spec, const ParamEntry& entry) const {
  const std::string expected = describe_expected(spec);
  if (entry.kind != ParamEntry::Kind::Scalar || !is_number(entry.scalar)) {
    throw InputError(entry.value_location, std::string(key), expected, describe_found(entry));
  }
  const double value = to_double(entry.scalar);
  if (!std::isfinite(value) || !in_range(value, spec)) {
    throw InputError(entry.value_location, std::string(key),
                     std::isfinite(value) ? expected : "a finite number", describe_found(entry));
  }
  return value;
}

double KeyReader::number(std::string_view key) {
  const KeySpec* spec = table_.find(key);
  if (spec != nullptr && spec->type == KeyType::Integer) return static_cast<double>(integer(key));
  const KeySpec& s = spec_for(key, KeyType::Number);
  return checked_number(key, s, *value_entry(key, s, true));
}

std::optional<double> KeyReader::optional_number(std::string_view key) {
  const KeySpec* spec = table_.find(key);
  if (spec != nullptr && spec->type == KeyType::Integer) {
    if (!present(key) && table_.default_tree(*spec) == nullptr) return std::nullopt;
    return static_cast<double>(integer(key));
  }
  const KeySpec& s = spec_for(key, KeyType::Number);
  const ParamEntry* entry = value_entry(key, s, false);
  if (entry == nullptr) return std::nullopt;
  return checked_number(key, s, *entry);
}

std::int64_t KeyReader::integer(std::string_view key) {
  const KeySpec& spec = spec_for(key, KeyType::Integer);
  const ParamEntry& entry = *value_entry(key, spec, true);
  const std::int64_t* value = entry.kind == ParamEntry::Kind::Scalar ? as_integer(entry.scalar) : nullptr;
  if (value == nullptr || !in_range(static_cast<double>(*value), spec)) {
    throw InputError(entry.value_location, std::string(key), describe_expected(spec), describe_found(entry));
  }
  return *value;
}

bool KeyReader::boolean(std::string_view key) {
  const KeySpec& spec = spec_for(key, KeyType::Boolean);
  const ParamEntry& entry = *value_entry(key, spec, true);
  const bool* value = entry.kind == ParamEntry::Kind::Scalar ? std::get_if<bool>(&entry.scalar) : nullptr;
  if (value == nullptr) {
    throw InputError(entry.value_location, std::string(key), describe_expected(spec), describe_found(entry));
  }
  return *value;
}

std::string KeyReader::string(std::string_view key) {
  const KeySpec& spec = spec_for(key, KeyType::String);
  const ParamEntry& entry = *value_entry(key, spec, true);
  const std::string* value = entry.kind == ParamEntry::Kind::Scalar ? as_string(entry.scalar) : nullptr;
  if (value == nullptr) {
    throw InputError(entry.value_location, std::string(key), describe_expected(spec), describe_found(entry));
  }
  return *value;
}

std::string KeyReader::choice(std::string_view key) {
  const KeySpec& spec = spec_for(key, KeyType::Choice);
  const ParamEntry& entry = *value_entry(key, spec, true);
  const std::string* value = entry.kind == ParamEntry::Kind::Scalar ? as_string(entry.scalar) : nullptr;
  if (value == nullptr) {
    throw InputError(entry.value_location, std::string(key), describe_expected(spec), describe_found(entry));
  }
  if (std::find(spec.choices.begin(), spec.choices.end(), *value) == spec.choices.end()) {
    std::string found = describe_found(entry);
    if (auto hint = closest_match(*value, spec.choices))
      found += " (did you mean " + toml_quoted(*hint) + "?)";
    throw InputError(entry.value_location, std::string(key), describe_expected(spec), found);
  }
  return *value;
}

std::vector<double> KeyReader::number_list(std::string_view key) {
  const KeySpec& spec = spec_for(key, KeyType::NumberList);
  const ParamEntry& entry = *value_entry(key, spec, true);
  const std::string expected = describe_expected(spec);
  if (entry.kind != ParamEntry::Kind::Array) {
    throw InputError(entry.value_location, std::string(key), expected, describe_found(entry));
  }
  std::vector<double> out;
  out.reserve(entry.items.size());
  for (std::size_t i = 0; i < entry.items.size(); ++i) {
    const ParamScalar& item = entry.items[i];
    if (!is_number(item) || !std::isfinite(to_double(item)) || !in_range(to_double(item), spec)) {
      throw InputError(entry.value_location, std::string(key), expected,
                       describe_scalar(item) + " at index " + std::to_string(i));
    }
    out.push_back(to_double(item));
  }
  return out;
}

std::vector<std::string> KeyReader::string_list(std::string_view key) {
  const KeySpec& spec = spec_for(key, KeyType::StringList);
  const ParamEntry& entry = *value_entry(key, spec, true);
  const std::string expected = describe_expected(spec);
  if (entry.kind != ParamEntry::Kind::Array) {
    throw InputError(entry.value_location, std::string(key), expected, describe_found(entry));
  }
  std::vector<std::string> out;
  out.reserve(entry.items.size());
  for (std::size_t i = 0; i < entry.items.size(); ++i) {
    const std::string* s = as_string(entry.items[i]);
    const bool allowed =
        s != nullptr && (spec.choices.empty() ||
                         std::find(spec.choices.begin(), spec.choices.end(), *s) != spec.choices.end());
    if (!allowed) {
      std::string found = describe_scalar(entry.items[i]) + " at index " + std::to_string(i);
      if (s != nullptr) {
        if (auto hint = closest_match(*s, spec.choices))
          found += " (did you mean " + toml_quoted(*hint) + "?)";
      }
      throw InputError(entry.value_location, std::string(key), expected, found);
    }
    out.push_back(*s);
  }
  return out;
}

ozsim::engine::Distribution KeyReader::distribution(std::string_view key) {
  const KeySpec& spec = spec_for(key, KeyType::Distribution);
  const std::string expected = describe_expected(spec);
  // The tree's value when present, else the declared default.
  const ParamTree* source = &tree_;
  std::string source_key(key);
  if (const ParamEntry* entry = tree_.find(key); entry != nullptr && entry->is_value()) {
    used_.emplace(key);
    throw InputError(entry->value_location, std::string(key), expected, describe_found(*entry));
  }
  if (present(key)) {
    mark_subtree(key);
  } else if (const ParamTree* defaults = table_.default_tree(spec)) {
    source = defaults;
    source_key = "default";
  } else {
    fail_missing(key, spec);
  }
  const SourceLocation table_location = source->location(source_key);

  std::string name;
  const SourceLocation* name_location = nullptr;
  std::map<std::string, double> params;
  std::vector<double> values;
  std::vector<double> weights;
  std::map<std::string, const SourceLocation*> field_locations;
  for (const std::string& field : source->child_names(source_key)) {
    const std::string field_key = child_key(key, field);
    const ParamEntry* e = source->find(child_key(source_key, field));
    if (e == nullptr || !e->is_value()) {
      const SourceLocation& loc =
          e != nullptr ? e->value_location : source->location(child_key(source_key, field));
      throw InputError(loc, field_key, field == "dist" ? "the name of a distribution" : "a number",
                       "a table");
    }
    field_locations[field] = &e->value_location;
    if (field == "dist") {
      const std::string* s = e->kind == ParamEntry::Kind::Scalar ? as_string(e->scalar) : nullptr;
      if (s == nullptr)
        throw InputError(e->value_location, field_key, "the name of a distribution", describe_found(*e));
      name = *s;
      name_location = &e->value_location;
    } else if (field == "values" || field == "weights") {
      if (e->kind != ParamEntry::Kind::Array) {
        throw InputError(e->value_location, field_key, "a list of numbers", describe_found(*e));
      }
      std::vector<double>& list = field == "values" ? values : weights;
      for (std::size_t i = 0; i < e->items.size(); ++i) {
        const ParamScalar& item = e->items[i];
        if (!is_number(item) || !std::isfinite(to_double(item))) {
          throw InputError(e->value_location, field_key, "a list of finite numbers",
                           describe_scalar(item) + " at index " + std::to_string(i));
        }
        list.push_back(to_double(item));
      }
    } else {
      if (e->kind != ParamEntry::Kind::Scalar || !is_number(e->scalar) ||
          !std::isfinite(to_double(e->scalar))) {
        throw InputError(e->value_location, field_key, "a finite number", describe_found(*e));
      }
      params[field] = to_double(e->scalar);
    }
  }
  if (name_location == nullptr) {
    throw InputError(table_location, std::string(key), expected, "a table without a 'dist' field");
  }
  try {
    return distribution_from_spec(name, params, values, weights);
  } catch (const engine::DistributionError& e) {
    // Point at the field at fault where there is one, else at the name.
    const SourceLocation* where = name_location;
    std::string where_key = child_key(key, "dist");
    for (const auto& [field, loc] : field_locations) {
      if (field != "dist" && field == e.parameter()) {
        where = loc;
        where_key = child_key(key, field);
        break;
      }
    }
    throw InputError::with_key(*where, where_key, "key '" + std::string(key) + "': " + e.what());
  }
}

std::size_t KeyReader::list_size(std::string_view key) {
  const KeySpec& spec = spec_for(key, KeyType::Table);
  const ParamEntry& entry = *value_entry(key, spec, true);
  if (entry.kind == ParamEntry::Kind::TableArray) return entry.table_count;
  if (entry.kind == ParamEntry::Kind::Array && entry.items.empty()) return 0;
  throw InputError(entry.value_location, std::string(key), describe_expected(spec), describe_found(entry));
}

bool KeyReader::present(std::string_view key) const {
  return tree_.has(key) || tree_.has_children(key);
}

std::vector<std::string> KeyReader::child_names(std::string_view table_prefix) const {
  return tree_.child_names(table_prefix);
}

SourceLocation KeyReader::location(std::string_view key) const {
  if (present(key)) return tree_.location(key);
  return SourceLocation{tree_.files().empty() ? std::string("<input>") : tree_.files().front(), 0, 0};
}

void KeyReader::fail(std::string_view key, std::string expected, std::string found) const {
  throw InputError(location(key), std::string(key), std::move(expected), std::move(found));
}

void KeyReader::reject_unused_keys() const {
  const ParamTree::EntryMap& entries = tree_.entries();
  const std::string* first_key = nullptr;
  const SourceLocation* first_location = nullptr;
  for (const auto& [key, entry] : entries) {
    bool used = used_.count(key) > 0;
    if (!used && !entry.is_value()) {
      // A table marker counts as used when anything below it was read.
      const auto it = used_.lower_bound(key + ".");
      used = it != used_.end() && is_under(*it, key);
    }
    if (!used && (first_location == nullptr || tree_.earlier(entry.key_location, *first_location))) {
      first_key = &key;
      first_location = &entry.key_location;
    }
  }
  if (first_key == nullptr) return;
  const std::string& key = *first_key;
  if (table_.find(key) != nullptr) {
    throw InputError::with_key(*first_location, key,
                               "key '" + key + "' is declared but not used by this scenario (remove it)");
  }
  std::vector<std::string> candidates;
  const auto typo = split_key(key);
  for (const KeySpec& spec : table_.specs())
    instantiate(tree_, split_key(spec.pattern), 0, "", typo, candidates);
  for (const auto& [k, entry] : entries) {
    if (entry.is_value() && table_.find(k) != nullptr) candidates.push_back(k);
  }
  std::string message = "unknown key '" + key + "'";
  if (auto hint = closest_match(key, candidates)) message += " (did you mean '" + *hint + "'?)";
  throw InputError::with_key(*first_location, key, message);
}

}  // namespace ozsim::params
