#pragma once
// A scenario document as a flat map from dotted keys to values, each value
// remembering where it was written (file:line:col), with `base = "..."`
// inheritance and command-line overrides.
//
// Flattening rules (the design every reader relies on):
//   * Tables become key prefixes: [provisions.oov] capacity = 12  ->  "provisions.oov.capacity".
//   * Leaf values are booleans, integers, floats, strings, or flat arrays of those
//     ("arrays"; a reader decides whether it wants numbers or strings).
//   * An inline table  dur = { dist = "lognormal", mean = 450 }  gives a marker entry
//     "dur" (kind InlineTable) plus leaves "dur.dist", "dur.mean".
//   * An array of tables  routing = [{ to = "oov" }, { to = "sbo" }]  (or [[routing]])
//     gives a marker entry "routing" (kind TableArray, count 2) plus leaves with index
//     segments "routing.0.to", "routing.1.to".
//   * An empty array [] is an Array with no items (a reader of any list kind accepts it).
//   * Key segments are limited to TOML bare-key characters [A-Za-z0-9_-]; dates and
//     times, nested arrays and arrays mixing tables with values are rejected.
//   * Empty [tables] leave no trace.
//
// Overlay rules (base files, --set, set_number): the overlaying document wins per
// leaf; [tables] and dotted keys merge; arrays, arrays of tables and inline tables
// replace the whole base value; a value replaces a base table of the same name.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/params/input_error.hpp"

namespace ozsim::params {

using ParamScalar = std::variant<bool, std::int64_t, double, std::string>;

struct ParamEntry {
  enum class Kind { Scalar, Array, InlineTable, TableArray };
  Kind kind = Kind::Scalar;
  ParamScalar scalar;              // Kind::Scalar
  std::vector<ParamScalar> items;  // Kind::Array
  std::size_t table_count = 0;     // Kind::TableArray: number of elements
  SourceLocation key_location;     // where the key was written (unknown-key messages)
  SourceLocation value_location;   // where the value was written (type and range messages)

  bool is_value() const { return kind == Kind::Scalar || kind == Kind::Array; }
};

// Short description of a value for "found ..." in messages: -3, 3.0, true,
// a string "12", a list [1, 2], a list of 2 tables, a table.
std::string describe_found(const ParamEntry& entry);
std::string describe_scalar(const ParamScalar& value);
// A scalar written as TOML (strings quoted and escaped; floats always with '.' or 'e').
std::string scalar_to_toml(const ParamScalar& value);

class ParamTree {
 public:
  using EntryMap = std::map<std::string, ParamEntry, std::less<>>;

  // Parses a TOML file. A top-level `base = "other.toml"` (relative to this file)
  // is loaded first, recursively, and this file is overlaid on it. Throws
  // InputError for a missing/unreadable file, TOML syntax errors (toml++'s own
  // message and position), base cycles ("a.toml -> b.toml -> a.toml") and
  // unsupported values.
  static ParamTree load_file(const std::string& path);
  // The same for text in memory (tests, fuzzing); `base` resolves relative to pretend_path.
  static ParamTree parse_string(std::string_view toml_text, const std::string& pretend_path);

  // --set KEY=VALUE: VALUE is a TOML value (number, true/false, "string", [array],
  // { inline table }); location "--set". Whether the key is declared is checked by
  // KeyReader. Throws InputError for a malformed key or an unparsable value.
  void set_override(std::string_view key, std::string_view value_text);
  // The same for one "KEY=VALUE" command-line argument.
  void set_override(std::string_view assignment);
  // Sets a number (calibration). Integral values within int64 are stored as integers,
  // so integer keys stay readable; others as floats. "KEY[i]" sets item i of the number array at KEY (a
  // trend's multiplier for one of its years); throws std::invalid_argument if there is no such item.
  void set_number(std::string_view key, double value, SourceLocation where);
  // "KEY[i]" split into KEY and i; nullopt for a key without a trailing [index].
  static std::optional<std::pair<std::string, std::size_t>> split_item(std::string_view key);

  // Replaces everything at or below `table` with the other tree's entries there, which keep their own
  // file:line; the other tree's files not yet read by this one are added to files(). For `compare
  // --apply`: a lever's section, as its scenario file resolves it, put on another base.
  void replace_table(std::string_view table, const ParamTree& other);

  // True if a value or an inline-table / table-array marker exists at exactly `key`.
  bool has(std::string_view key) const;
  // True if any entry lies below `prefix` ("prefix.something").
  bool has_children(std::string_view prefix) const;
  // All value keys (scalars and arrays, not markers), sorted.
  std::vector<std::string> keys() const;
  // Names of the direct children of a table, sorted: child_names("provisions") ->
  // {"dagbesteding", "oov"}; child_names("") -> top-level names; for an array of
  // tables the index names "0", "1", ...
  std::vector<std::string> child_names(std::string_view table_prefix) const;
  // Location of the value at `key`; for a table, of its first entry in file order.
  // Throws std::out_of_range if nothing lies at or below `key`.
  const SourceLocation& location(std::string_view key) const;

  // The entry at exactly `key`, or nullptr.
  const ParamEntry* find(std::string_view key) const;
  const EntryMap& entries() const { return entries_; }

  // A self-contained scenario (no base) that parses back to the same values.
  std::string to_toml() const;
  // The files read, the top file first, then its base, the base's base, ...
  const std::vector<std::string>& files() const { return files_; }
  // Ordering rank of a location: --set first, then files in files() order, then line, column.
  bool earlier(const SourceLocation& a, const SourceLocation& b) const;

 private:
  void overlay(EntryMap&& top);
  EntryMap entries_;
  std::vector<std::string> files_;
};

// Splits "a.b.c" into {"a", "b", "c"}.
std::vector<std::string_view> split_key(std::string_view key);
// Key segments use TOML bare-key characters only: [A-Za-z0-9_-]+.
bool is_valid_segment(std::string_view segment);

}  // namespace ozsim::params
