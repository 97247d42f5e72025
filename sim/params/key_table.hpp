#pragma once
// Every scenario key declared once (pattern, type, default, range, choices, help,
// source), and KeyReader: typed, checked access to a ParamTree that remembers
// which keys were read so that unknown keys can be rejected with a did-you-mean.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/distribution.hpp"
#include "sim/params/input_error.hpp"
#include "sim/params/param_tree.hpp"

namespace ozsim::params {

enum class KeyType {
  Number,        // integer or float, finite, within [min, max]
  Integer,       // integer only (3.0 is rejected), within [min, max]
  Boolean,       // true / false
  String,        // any string
  Choice,        // a string from `choices`
  NumberList,    // [numbers], each within [min, max]
  StringList,    // [strings], each from `choices` if choices are given
  Distribution,  // inline table { dist = "name", param = number, ..., values = [..], weights = [..] }
  Table          // array of inline tables (e.g. routing lists); declare the fields as "key.*.field"
};

// Name of a type for help text: "number", "integer", ...
std::string_view to_string(KeyType type);

struct KeySpec {
  // Dotted key; '*' matches any single segment (a table name or a list index):
  // "provisions.*.capacity", "routing.*.weight".
  std::string pattern;
  KeyType type = KeyType::Number;
  std::string help;
  // The default written as a TOML value ("12", "0.5", "\"fifo\"", "[1, 2]",
  // "{ dist = \"exponential\", mean = 3 }", "[]"); no default = required key.
  std::optional<std::string> default_text;
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;
  std::vector<std::string> choices;  // Choice, and optionally StringList
  std::string source;                // where the default comes from (an id in docs/sources.md, or assumption)
};

// "an integer >= 0", "a number in (0, 1]", "one of \"fifo\", \"priority\"", ...
std::string describe_expected(const KeySpec& spec);

class KeyTable {
 public:
  // Adds a declaration. Throws std::invalid_argument for a malformed or duplicate
  // pattern, or a default that does not satisfy the declaration itself.
  void add(KeySpec spec);
  // The same, field by field, for declaration tables written as one call per key.
  void declare(std::string pattern, KeyType type, std::string help, std::optional<std::string> default_text,
               double min = -std::numeric_limits<double>::infinity(),
               double max = std::numeric_limits<double>::infinity(), std::string source = {},
               std::vector<std::string> choices = {});
  // The declaration matching `key`; with several matches the most specific wins
  // (a literal segment beats '*', compared from the left). nullptr if none.
  // Pointers stay valid until the next add().
  const KeySpec* find(std::string_view key) const;
  // True if `key` is declared, or lies inside a declared Distribution value.
  bool covers(std::string_view key) const;
  // `ozsim --help-keys`: keys grouped by their first segment, aligned columns with
  // type and range, default, help and source.
  std::string help_text() const;
  const std::vector<KeySpec>& specs() const { return specs_; }
  // The parsed default of a spec (key "default" in the returned tree), or nullptr.
  const ParamTree* default_tree(const KeySpec& spec) const;

 private:
  void add_unchecked(KeySpec spec);
  std::vector<KeySpec> specs_;
  std::vector<std::optional<ParamTree>> defaults_;  // parallel to specs_
  // Indices into specs_ by the pattern's first segment, each in declaration order: find() tries only the
  // patterns that can match a key (its first segment's, then those starting with '*'), not every one;
  // reading a scenario looks up thousands of keys in a table of hundreds (callgrind: most of its time).
  std::map<std::string, std::vector<std::size_t>, std::less<>> by_first_segment_;
  std::vector<std::size_t> first_segment_any_;  // patterns starting with '*'
};

// True if a dotted key matches a pattern with '*' segments.
bool key_matches(std::string_view pattern, std::string_view key);
// The candidate closest to `word` by edit distance (optimal string alignment), if
// it is close enough to be a plausible typo; ties go to the alphabetically first.
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates);

// Reads typed values from a ParamTree as declared in a KeyTable. Every problem is
// an InputError naming file:line:col, the key, what was expected and what was
// found. Reading an undeclared key is a programming error (std::logic_error).
// Both the tree and the table must outlive the reader.
class KeyReader {
 public:
  // Throws InputError if a --set override names a key that is not declared.
  KeyReader(const ParamTree& tree, const KeyTable& table);

  double number(std::string_view key);
  std::optional<double> optional_number(std::string_view key);  // nullopt if absent and no default
  std::int64_t integer(std::string_view key);
  bool boolean(std::string_view key);
  std::string string(std::string_view key);
  std::string choice(std::string_view key);
  std::vector<double> number_list(std::string_view key);
  std::vector<std::string> string_list(std::string_view key);
  ozsim::engine::Distribution distribution(std::string_view key);
  std::size_t list_size(std::string_view key);  // Table keys: number of elements
  // True if the key (or a table/distribution below it) is in the tree. Marks nothing.
  bool present(std::string_view key) const;
  std::vector<std::string> child_names(std::string_view table_prefix) const;  // marks nothing
  // The value's location; for an absent key the top file (no line).
  SourceLocation location(std::string_view key) const;
  // For model-level checks after parsing: InputError at the key's location.
  [[noreturn]] void fail(std::string_view key, std::string expected, std::string found) const;
  // Throws InputError for the first entry (in file order, --set first) that was
  // never read: "unknown key 'x' (did you mean 'y'?)", or "unused key" for a
  // declared key the model did not read.
  void reject_unused_keys() const;

 private:
  const KeySpec& spec_for(std::string_view key, KeyType type) const;
  // The entry to read for a value key: the tree's (marked used), else the default,
  // else nullptr (absent, no default). `display_key` names the key in messages.
  const ParamEntry* value_entry(std::string_view key, const KeySpec& spec, bool required);
  [[noreturn]] void fail_missing(std::string_view key, const KeySpec& spec) const;
  void mark_subtree(std::string_view key);
  double checked_number(std::string_view key, const KeySpec& spec, const ParamEntry& entry) const;

  const ParamTree& tree_;
  const KeyTable& table_;
  std::set<std::string, std::less<>> used_;
};

}  // namespace ozsim::params
