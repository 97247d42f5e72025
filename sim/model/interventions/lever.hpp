#pragma once
// What every lever shares: the error a lever raises when its parameters do not
// fit the scenario, and the edits levers make to rule rows, payers and names.
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/model/scenario_config.hpp"

namespace ozsim::model::interventions {

// A lever parameter that does not fit the scenario (or another parameter). It names the lever and the
// field, so the scenario layer can point at the key's line; `name` and `valid` let it suggest a name.
class LeverError : public std::invalid_argument {
 public:
  LeverError(std::string lever, std::string field, std::string expected, std::string found,
             std::vector<std::string> valid = {});
  const std::string& lever() const { return lever_; }
  const std::string& field() const { return field_; }
  const std::string& expected() const { return expected_; }
  const std::string& found() const { return found_; }
  // For a name that was not found: the names that would have been valid (for a did-you-mean).
  const std::vector<std::string>& valid() const { return valid_; }

 private:
  std::string lever_, field_, expected_, found_;
  std::vector<std::string> valid_;
};

// Default payer splits a lever uses when a scenario names none.
using Payers = std::vector<PayerShare>;
// Throws LeverError(lever, field) unless the shares sum to 1.
void check_payers(const char* lever, const char* field, const Payers& payers);
// Payer shares of a sum of two costs, weighted by the euros each contributes.
Payers merge_payers(const Payers& a, double euros_a, const Payers& b, double euros_b);

// Names resolved against a scenario; a wrong name is a LeverError at (lever, field) listing the valid ones.
std::size_t provision_named(const ScenarioConfig& c, const char* lever, const char* field,
                            const std::string& name);
Destination destination_named(const ScenarioConfig& c, const char* lever, const char* field,
                              const std::string& name);
FreeSettingRules& free_setting_named(ScenarioConfig& c, const char* lever, const char* field, Setting s);
Destination to_setting(Setting s);
Destination to_provision(std::size_t k);

// Adds `extra` places (may be negative) to a provision's capacity and to every
// capacity change of it, in checked arithmetic: a sum past 2^63 - 1 is a
// LeverError at the provision's capacity key (lever() empty, field() the whole
// key), not a capacity that wraps round to negative.
// With `floor_at_zero`, a change that would go below 0 becomes 0.
void add_places(ProvisionConfig& provision, std::int64_t extra, const char* lever, const char* field,
                bool floor_at_zero = false);

// Adds probability to a destination of the row, appending it if new.
void add_probability(RuleRow& row, const Destination& to, double amount);
// Moves `share` of the probability on every destination `from` accepts to `to` (added or appended).
void move_mass(RuleRow& row, const std::function<bool(const Destination&)>& from, const Destination& to,
               double share);
// Applies `change` to what pupils of (level, profile) get from `rows`, leaving every other pupil's rule as it
// was: a row that also matches others gets a copy restricted to (level, profile) placed just before it, so
// the first-match order is kept for everyone. nullopt = any.
void specialise(std::vector<RuleRow>& rows, std::optional<Level> level, std::optional<Profile> profile,
                const std::function<void(RuleRow&)>& change);

}  // namespace ozsim::model::interventions
