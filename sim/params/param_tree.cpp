#include "sim/params/param_tree.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "sim/params/toml_document.hpp"

namespace ozsim::params {
namespace {

using detail::join_key;
using detail::MAX_KEY_SEGMENTS;
using detail::starts_with_prefix;
using detail::subtree_begin;
constexpr std::size_t MAX_FOUND_CHARS = 40;
const char* const SET_ORIGIN = "--set";

std::string toml_quoted(std::string_view text) {
  return scalar_to_toml(ParamScalar{std::string(text)});
}

std::string shortened(std::string text) {
  if (text.size() > MAX_FOUND_CHARS) {
    text.resize(MAX_FOUND_CHARS);
    text += "...";
  }
  return text;
}

}  // namespace

std::vector<std::string_view> split_key(std::string_view key) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = key.find('.', start);
    if (dot == std::string_view::npos) {
      out.push_back(key.substr(start));
      return out;
    }
    out.push_back(key.substr(start, dot - start));
    start = dot + 1;
  }
}

bool is_valid_segment(std::string_view segment) {
  if (segment.empty()) return false;
  return std::all_of(segment.begin(), segment.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

std::string describe_scalar(const ParamScalar& value) {
  if (std::holds_alternative<std::string>(value)) return "a string " + shortened(scalar_to_toml(value));
  return scalar_to_toml(value);
}

std::string describe_found(const ParamEntry& entry) {
  switch (entry.kind) {
    case ParamEntry::Kind::Scalar:
      return describe_scalar(entry.scalar);
    case ParamEntry::Kind::Array: {
      if (entry.items.empty()) return "an empty list";
      std::string items;
      for (std::size_t i = 0; i < entry.items.size(); ++i)
        items += (i ? ", " : "") + scalar_to_toml(entry.items[i]);
      return "a list [" + shortened(items) + "]";
    }
    case ParamEntry::Kind::InlineTable:
      return "a table";
    case ParamEntry::Kind::TableArray:
      return "a list of " + std::to_string(entry.table_count) +
             (entry.table_count == 1 ? " table" : " tables");
  }
  return "a value";
}

ParamTree ParamTree::load_file(const std::string& path) {
  detail::Document doc = detail::read_document(path);
  ParamTree tree;
  tree.entries_ = std::move(doc.entries);
  tree.files_ = std::move(doc.files);
  return tree;
}

ParamTree ParamTree::parse_string(std::string_view toml_text, const std::string& pretend_path) {
  detail::Document doc = detail::parse_document(toml_text, pretend_path);
  ParamTree tree;
  tree.entries_ = std::move(doc.entries);
  tree.files_ = std::move(doc.files);
  return tree;
}

void ParamTree::overlay(EntryMap&& top) {
  detail::overlay_entries(entries_, std::move(top));
}

namespace {
void check_override_key(std::string_view key) {
  const auto segments = split_key(key);
  const bool ok =
      segments.size() <= MAX_KEY_SEGMENTS &&
      std::all_of(segments.begin(), segments.end(), [](std::string_view s) { return is_valid_segment(s); });
  if (!ok || key == "base") {
    throw InputError(SourceLocation{SET_ORIGIN, 0, 0}, std::string(key),
                     "a dotted key such as provisions.oov.capacity", toml_quoted(key));
  }
}
}  // namespace

void ParamTree::set_override(std::string_view key, std::string_view value_text) {
  check_override_key(key);
  const std::string expected =
      "a TOML value (a number, true/false, a \"quoted string\", a [list] or an { inline table })";
  const SourceLocation where{SET_ORIGIN, 0, 0};
  // One line, so that the text cannot add keys of its own.
  if (value_text.find_first_of("\r\n") != std::string_view::npos) {
    throw InputError(where, std::string(key), expected, toml_quoted(value_text));
  }
  std::string doc = "value = ";
  doc.append(value_text);
  doc += '\n';
  toml::table parsed;
  try {
    parsed = detail::parse_toml(doc, SET_ORIGIN);
  } catch (const InputError&) {
    throw InputError(where, std::string(key), expected, toml_quoted(value_text));
  }
  const toml::node* node = parsed.get("value");
  if (node == nullptr || parsed.size() != 1)
    throw InputError(where, std::string(key), expected, toml_quoted(value_text));
  EntryMap top;
  detail::flatten_value(*node, std::string(key), where, top);
  overlay(std::move(top));
}

void ParamTree::set_override(std::string_view assignment) {
  const std::size_t eq = assignment.find('=');
  if (eq == std::string_view::npos) {
    throw InputError(
        SourceLocation{SET_ORIGIN, 0, 0},
        "expected KEY=VALUE (e.g. provisions.oov.capacity=12), found " + toml_quoted(assignment));
  }
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  set_override(trim(assignment.substr(0, eq)), trim(assignment.substr(eq + 1)));
}

std::optional<std::pair<std::string, std::size_t>> ParamTree::split_item(std::string_view key) {
  if (key.empty() || key.back() != ']') return std::nullopt;
  const std::size_t open = key.rfind('[');
  if (open == std::string_view::npos || open == 0) return std::nullopt;
  const std::string_view digits = key.substr(open + 1, key.size() - open - 2);
  if (digits.empty() ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  std::size_t index = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), index);
  return std::pair{std::string(key.substr(0, open)), index};
}

void ParamTree::set_number(std::string_view key, double value, SourceLocation where) {
  // 2^63 is exact as a double; values below it and integral fit an int64.
  constexpr double LIMIT = 9223372036854775808.0;
  const auto as_scalar = [&]() -> ParamScalar {
    if (std::isfinite(value) && std::trunc(value) == value && value >= -LIMIT && value < LIMIT)
      return static_cast<std::int64_t>(value);
    return value;
  };
  if (const auto item = split_item(key)) {
    check_override_key(item->first);
    const ParamEntry* array = find(item->first);
    if (array == nullptr || array->kind != ParamEntry::Kind::Array || item->second >= array->items.size())
      throw std::invalid_argument("no item " + std::to_string(item->second) + " in an array at " +
                                  item->first);
    ParamEntry changed = *array;
    changed.items[item->second] = as_scalar();
    changed.value_location = std::move(where);
    EntryMap top;
    top.emplace(item->first, std::move(changed));
    overlay(std::move(top));
    return;
  }
  check_override_key(key);
  ParamEntry entry;
  entry.kind = ParamEntry::Kind::Scalar;
  entry.scalar = as_scalar();
  entry.key_location = where;
  entry.value_location = std::move(where);
  EntryMap top;
  top.emplace(std::string(key), std::move(entry));
  overlay(std::move(top));
}

void ParamTree::replace_table(std::string_view table, const ParamTree& other) {
  auto below = [&](const std::string& key) { return key == table || starts_with_prefix(key, table); };
  std::erase_if(entries_, [&](const auto& entry) { return below(entry.first); });
  for (const auto& [key, entry] : other.entries_)
    if (below(key)) entries_.insert_or_assign(key, entry);
  for (const std::string& file : other.files_)
    if (std::find(files_.begin(), files_.end(), file) == files_.end()) files_.push_back(file);
}

bool ParamTree::has(std::string_view key) const {
  return entries_.find(key) != entries_.end();
}

bool ParamTree::has_children(std::string_view prefix) const {
  if (prefix.empty()) return !entries_.empty();
  const auto it = subtree_begin(entries_, prefix);
  return it != entries_.end() && starts_with_prefix(it->first, prefix);
}

std::vector<std::string> ParamTree::keys() const {
  std::vector<std::string> out;
  for (const auto& [key, entry] : entries_) {
    if (entry.is_value()) out.push_back(key);
  }
  return out;
}

std::vector<std::string> ParamTree::child_names(std::string_view table_prefix) const {
  std::vector<std::string> out;
  auto it = table_prefix.empty() ? entries_.begin() : subtree_begin(entries_, table_prefix);
  const std::size_t skip = table_prefix.empty() ? 0 : table_prefix.size() + 1;
  for (; it != entries_.end(); ++it) {
    if (!table_prefix.empty() && !starts_with_prefix(it->first, table_prefix)) break;
    const std::string_view rest = std::string_view(it->first).substr(skip);
    out.emplace_back(rest.substr(0, rest.find('.')));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

const ParamEntry* ParamTree::find(std::string_view key) const {
  const auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : &it->second;
}

bool ParamTree::earlier(const SourceLocation& a, const SourceLocation& b) const {
  auto rank = [this](const SourceLocation& loc) -> std::ptrdiff_t {
    if (loc.file == SET_ORIGIN) return -1;
    const auto it = std::find(files_.begin(), files_.end(), loc.file);
    return it - files_.begin();
  };
  const auto ra = rank(a);
  const auto rb = rank(b);
  if (ra != rb) return ra < rb;
  if (a.line != b.line) return a.line < b.line;
  return a.column < b.column;
}

const SourceLocation& ParamTree::location(std::string_view key) const {
  if (const ParamEntry* e = find(key)) return e->value_location;
  const SourceLocation* best = nullptr;
  for (const auto& [k, e] : entries_) {
    if (starts_with_prefix(k, key) && (best == nullptr || earlier(e.key_location, *best)))
      best = &e.key_location;
  }
  if (best == nullptr) throw std::out_of_range("ParamTree::location: no key '" + std::string(key) + "'");
  return *best;
}

}  // namespace ozsim::params
