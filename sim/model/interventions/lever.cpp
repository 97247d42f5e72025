#include "sim/model/interventions/lever.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ozsim::model::interventions {

LeverError::LeverError(std::string lever, std::string field, std::string expected, std::string found,
                       std::vector<std::string> valid)
    : std::invalid_argument("lever " + lever + ", " + field + ": expected " + expected + ", found " + found),
      lever_(std::move(lever)),
      field_(std::move(field)),
      expected_(std::move(expected)),
      found_(std::move(found)),
      valid_(std::move(valid)) {}

namespace {

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out;
}

std::vector<std::string> provision_names(const ScenarioConfig& c) {
  std::vector<std::string> names;
  for (const ProvisionConfig& pc : c.provisions) names.push_back(pc.name);
  return names;
}

}  // namespace

void check_payers(const char* lever, const char* field, const Payers& payers) {
  double sum = 0.0;
  for (const PayerShare& p : payers) sum += p.share;
  if (std::abs(sum - 1.0) > 1e-6)
    throw LeverError(lever, field, "payer shares summing to 1", "a sum of " + fmt::to_string(sum));
}

Payers merge_payers(const Payers& a, double euros_a, const Payers& b, double euros_b) {
  const double total = euros_a + euros_b;
  if (total <= 0.0) return a.empty() ? b : a;
  Payers out;
  const auto add_share = [&out](const std::string& payer, double share) {
    for (PayerShare& existing : out)
      if (existing.payer == payer) {
        existing.share += share;
        return;
      }
    out.push_back({payer, share});
  };
  for (const PayerShare& p : a) add_share(p.payer, p.share * euros_a / total);
  for (const PayerShare& p : b) add_share(p.payer, p.share * euros_b / total);
  return out;
}

void add_places(ProvisionConfig& provision, std::int64_t extra, const char* lever, const char* field,
                bool floor_at_zero) {
  const std::string prefix = "provisions." + provision.name + ".";
  const auto added = [&](std::int64_t capacity, const std::string& key) {
    std::int64_t sum = 0;
    if (__builtin_add_overflow(capacity, extra, &sum))
      // At the provision's key (it is in the file; the lever's field may be a default): no lever name.
      throw LeverError(
          "", key,
          "a capacity that stays within " + std::to_string(std::numeric_limits<std::int64_t>::max()) +
              " when [interventions." + lever + "] (" + field + ") adds " + std::to_string(extra) + " places",
          std::to_string(capacity));
    return floor_at_zero ? std::max<std::int64_t>(0, sum) : sum;
  };
  // All sums first, so a failure leaves the provision as it was.
  const std::int64_t capacity = added(provision.capacity, prefix + "capacity");
  std::vector<std::int64_t> changes;
  for (std::size_t i = 0; i < provision.capacity_changes.size(); ++i)
    changes.push_back(added(provision.capacity_changes[i].capacity,
                            prefix + "capacity_changes." + std::to_string(i) + ".capacity"));
  provision.capacity = capacity;
  for (std::size_t i = 0; i < changes.size(); ++i) provision.capacity_changes[i].capacity = changes[i];
}

std::size_t provision_named(const ScenarioConfig& c, const char* lever, const char* field,
                            const std::string& name) {
  const int k = c.provision_index(name);
  if (k >= 0) return static_cast<std::size_t>(k);
  const std::vector<std::string> valid = provision_names(c);
  throw LeverError(lever, field, "a provision of this scenario (" + join(valid) + ")", "'" + name + "'",
                   valid);
}

Destination destination_named(const ScenarioConfig& c, const char* lever, const char* field,
                              const std::string& name) {
  const int k = c.provision_index(name);
  if (k >= 0) return to_provision(static_cast<std::size_t>(k));
  if (const auto s = setting_from_name(name); s && is_free_setting(*s) && *s != Setting::Exited)
    return to_setting(*s);
  if (const auto r = exit_from_destination_name(name))
    return {Destination::Type::Exit, static_cast<std::uint16_t>(*r)};
  std::vector<std::string> valid = provision_names(c);
  for (const std::string& s : setting_names(DESTINATION_FREE_SETTINGS)) valid.push_back(s);
  throw LeverError(lever, field, "a provision, free setting or exit (" + join(valid) + ")", "'" + name + "'",
                   valid);
}

FreeSettingRules& free_setting_named(ScenarioConfig& c, const char* lever, const char* field, Setting s) {
  std::vector<std::string> valid;
  for (FreeSettingRules& f : c.free_settings) {
    if (f.setting == s) return f;
    valid.emplace_back(setting_name(f.setting));
  }
  throw LeverError(lever, field, "a free setting with rules (" + join(valid) + ")",
                   "'" + std::string(setting_name(s)) + "'", valid);
}

Destination to_setting(Setting s) {
  return {Destination::Type::Setting, static_cast<std::uint16_t>(s)};
}
Destination to_provision(std::size_t k) {
  return {Destination::Type::Provision, static_cast<std::uint16_t>(k)};
}

void add_probability(RuleRow& row, const Destination& to, double amount) {
  if (amount == 0.0) return;
  for (std::size_t i = 0; i < row.to.size(); ++i)
    if (row.to[i] == to) {
      row.probability[i] += amount;
      return;
    }
  row.to.push_back(to);
  row.probability.push_back(amount);
}

void move_mass(RuleRow& row, const std::function<bool(const Destination&)>& from, const Destination& to,
               double share) {
  double moved = 0.0;
  for (std::size_t i = 0; i < row.to.size(); ++i) {
    if (row.to[i] == to || !from(row.to[i])) continue;
    moved += row.probability[i] * share;
    row.probability[i] *= 1.0 - share;
  }
  add_probability(row, to, moved);
}

void specialise(std::vector<RuleRow>& rows, std::optional<Level> level, std::optional<Profile> profile,
                const std::function<void(RuleRow&)>& change) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const RuleRow& row = rows[i];
    if (level && row.level && *row.level != *level) continue;
    if (profile && row.profile && *row.profile != *profile) continue;
    const bool exact = (!level || row.level == level) && (!profile || row.profile == profile);
    if (exact) {
      change(rows[i]);
      continue;
    }
    RuleRow copy = row;
    if (level) copy.level = level;
    if (profile) copy.profile = profile;
    change(copy);
    if (copy.to == row.to && copy.probability == row.probability)
      continue;  // nothing changes: no copy needed
    rows.insert(rows.begin() + static_cast<std::ptrdiff_t>(i), std::move(copy));
    ++i;  // skip the original, now one further on
  }
}

}  // namespace ozsim::model::interventions
