#pragma once
// A typed handle per scenario key: one call both declares the key (for the key table behind
// `ozsim --help-keys`) and reads it (into the model struct), so a declaration and its read cannot drift
// apart, and the default written in the table is the struct member's own value: defaults live in one place.
//
//   void keys(KeyBinding& k, model::SimulationConfig& s) {
//     k.integer("start_year", s.start_year, "calendar year of the first simulated 1 August", 1900, 2200);
//   }
//
// Declaring: KeyBinding(table, "provisions.*") declares "provisions.*.<field>" with the member's value as
// default. Reading: KeyBinding(reader, "provisions.oov") reads "provisions.oov.<field>" into the member.
// Checks that involve several keys stay with the caller, after the binding.
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/engine/distribution.hpp"
#include "sim/model/names.hpp"
#include "sim/model/scenario_config.hpp"
#include "sim/params/key_table.hpp"

namespace ozsim::scenario {

// Where a key's value comes from (an id in docs/sources.md, or "assumption: ..."), and whether the key has
// no default and must be in the file.
struct KeyNote {
  KeyNote() = default;
  KeyNote(const char* text) : source(text) {}
  KeyNote(std::string text) : source(std::move(text)) {}
  std::string source;
  bool required = false;
};
// A key without a default: the file must set it.
KeyNote required(std::string source = {});

class KeyBinding {
 public:
  static constexpr double INF = std::numeric_limits<double>::infinity();

  // `prefix` is a dotted key pattern ("simulation", "provisions.*", "interventions.jos"); empty = top level.
  KeyBinding(params::KeyTable& table, std::string prefix) : table_(&table), prefix_(std::move(prefix)) {}
  KeyBinding(params::KeyReader& reader, std::string prefix) : reader_(&reader), prefix_(std::move(prefix)) {}

  bool declaring() const { return table_ != nullptr; }
  // Reading only: the reader behind the binding, for checks across keys.
  params::KeyReader& reader() const;
  const std::string& prefix() const { return prefix_; }
  // The full key of a field: prefix.field.
  std::string key(std::string_view field) const;

  void boolean(std::string_view field, bool& value, std::string help, KeyNote note = {});
  void number(std::string_view field, double& value, std::string help, double min, double max,
              KeyNote note = {});
  // No default: absent stays absent.
  void optional_number(std::string_view field, std::optional<double>& value, std::string help, double min,
                       double max, KeyNote note = {});
  template <class Int>
  void integer(std::string_view field, Int& value, std::string help, double min, double max,
               KeyNote note = {}) {
    if (declare(field, params::KeyType::Integer, std::move(help), std::to_string(value), min, max,
                std::move(note)))
      return;
    value = static_cast<Int>(reader_->integer(key(field)));
  }
  // No default: absent stays absent.
  template <class Int>
  void optional_integer(std::string_view field, std::optional<Int>& value, std::string help, double min,
                        double max, KeyNote note = {}) {
    if (declare(field, params::KeyType::Integer, std::move(help), std::nullopt, min, max, std::move(note)))
      return;
    if (reader_->present(key(field))) value = static_cast<Int>(reader_->integer(key(field)));
  }
  void string(std::string_view field, std::string& value, std::string help, KeyNote note = {});
  // No default: absent stays absent.
  void optional_string(std::string_view field, std::optional<std::string>& value, std::string help,
                       KeyNote note = {});
  void strings(std::string_view field, std::vector<std::string>& value, std::string help, KeyNote note = {},
               std::vector<std::string> choices = {});
  void numbers(std::string_view field, std::vector<double>& value, std::string help, double min, double max,
               KeyNote note = {});
  // Distributions are written out by hand: `default_text` must describe the member's value (a test checks);
  // nullopt for a key without a default.
  void distribution(std::string_view field, engine::Distribution& value,
                    std::optional<std::string> default_text, std::string help, KeyNote note = {});

  void setting(std::string_view field, model::Setting& value, std::span<const model::Setting> choices,
               std::string help, KeyNote note = {});
  void settings(std::string_view field, std::vector<model::Setting>& value,
                std::span<const model::Setting> choices, std::string help, KeyNote note = {});
  void levels(std::string_view field, std::vector<model::Level>& value, std::string help, KeyNote note = {});
  void profiles(std::string_view field, std::vector<model::Profile>& value, std::string help,
                KeyNote note = {});
  // A filter: absent = no filter.
  void optional_level(std::string_view field, std::optional<model::Level>& value, std::string help);
  void optional_profile(std::string_view field, std::optional<model::Profile>& value, std::string help);
  void queue_rule(std::string_view field, model::QueueRule& value, std::string help, KeyNote note = {});
  // `payers.<name> = share` below `field`; absent keeps `value` (the member's split, or none).
  void payers(std::string_view field, std::vector<model::PayerShare>& value, std::string help,
              KeyNote note = {});

  // A table of rows (`field.*.x`): declares it and returns 1 (the row pattern is bound once), or returns how
  // many rows the file has.
  std::size_t rows(std::string_view field, std::string help, std::optional<std::string> default_text);
  // Row i of such a table ("field.*" when declaring).
  KeyBinding row(std::string_view field, std::size_t i) const;
  // A named sub-table ("field.*" when declaring), e.g. provisions.oov.
  KeyBinding named(std::string_view field, std::string_view name) const;
  // A fixed sub-section, e.g. "cost".
  KeyBinding section(std::string_view field) const;

 private:
  // Declares the key when declaring; returns whether it did (then there is nothing to read).
  bool declare(std::string_view field, params::KeyType type, std::string help,
               std::optional<std::string> default_text, double min, double max, KeyNote note,
               std::vector<std::string> choices = {});

  params::KeyTable* table_ = nullptr;
  params::KeyReader* reader_ = nullptr;
  std::string prefix_;
};

}  // namespace ozsim::scenario
