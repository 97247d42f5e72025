#include "sim/model/scenario_config.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

namespace ozsim::model {
namespace {

void validate_rows(const std::vector<RuleRow>& rows, const std::string& owner, std::size_t provision_count) {
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const RuleRow& row = rows[r];
    const std::string where = owner + " rule " + std::to_string(r);
    if (row.to.size() != row.probability.size())
      throw std::invalid_argument(where + ": 'to' and 'p' differ in length");
    if (row.to.empty()) throw std::invalid_argument(where + ": no destinations");
    double sum = 0.0;
    for (double p : row.probability) {
      if (!(p >= 0.0 && p <= 1.0)) throw std::invalid_argument(where + ": probability outside [0,1]");
      sum += p;
    }
    if (std::abs(sum - 1.0) > 1e-6)
      throw std::invalid_argument(where + ": probabilities sum to " + std::to_string(sum));
    for (const Destination& d : row.to)
      if (d.type == Destination::Type::Provision && d.index >= provision_count)
        throw std::invalid_argument(where + ": destination provision index out of range");
  }
}

void validate_series(const std::vector<YearCount>& series, const std::string& owner) {
  for (std::size_t i = 0; i < series.size(); ++i) {
    if (series[i].count < 0) throw std::invalid_argument(owner + ": negative count");
    if (i > 0 && series[i].year <= series[i - 1].year)
      throw std::invalid_argument(owner + ": years must increase");
  }
}

}  // namespace

std::int64_t count_in_year(const std::vector<YearCount>& series, int year) {
  if (series.empty()) return 0;
  std::int64_t count = series.front().count;
  for (const YearCount& entry : series)
    if (entry.year <= year) count = entry.count;
  return count;
}

bool trend_applies(const std::vector<Level>& levels, Level level) {
  return levels.empty() || std::find(levels.begin(), levels.end(), level) != levels.end();
}

std::string destination_name(const ScenarioConfig& config, const Destination& d) {
  switch (d.type) {
    case Destination::Type::Setting:
      return setting_name(static_cast<Setting>(d.index));
    case Destination::Type::Provision:
      return config.provisions.at(d.index).name;
    case Destination::Type::Exit:
      return exit_destination_name(static_cast<ExitReason>(d.index));
  }
  return "?";
}

double CostConfig::intensity(int calendar_year) const {
  if (intensity_years.empty()) return 1.0;
  double multiplier = intensity_multiplier.front();
  for (std::size_t i = 0; i < intensity_years.size(); ++i)
    if (intensity_years[i] <= calendar_year) multiplier = intensity_multiplier[i];
  return multiplier;
}

int ScenarioConfig::provision_index(std::string_view provision_name) const {
  for (std::size_t i = 0; i < provisions.size(); ++i)
    if (provisions[i].name == provision_name) return static_cast<int>(i);
  return -1;
}

bool ScenarioConfig::serves_region(std::size_t k, std::size_t r) const {
  const std::vector<std::uint16_t>& serves = provisions[k].serves;
  return serves.empty() || std::find(serves.begin(), serves.end(), r) != serves.end();
}

const ScenarioConfig& ScenarioConfig::in_year(int calendar_year) const {
  const ScenarioConfig* chosen = this;
  for (const PolicyStart& start : policy_starts)
    if (start.year <= calendar_year) chosen = start.config.get();
  return *chosen;
}

namespace {

bool is_catchment_name(std::string_view name) {
  return !name.empty() &&
         std::all_of(name.begin(), name.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}

void validate_catchment(const CatchmentInflow& c, const ProvisionConfig& p) {
  const std::string owner = "provision " + p.name + " catchment";
  // Its name is a payer of the cost and a KPI name segment: one lowercase word, not a payer of the region.
  if (!is_catchment_name(c.name) || c.name == "total" ||
      std::find(PAYER_NAMES.begin(), PAYER_NAMES.end(), c.name) != PAYER_NAMES.end())
    throw std::invalid_argument(owner + ": name '" + c.name + "' is not a lowercase word other than a payer");
  validate_series(c.referrals, owner + " referrals");
  if (!(c.vo_share >= 0.0 && c.vo_share <= 1.0))
    throw std::invalid_argument(owner + ": vo_share outside [0,1]");
  for (const Level level : {Level::Po, Level::Vo}) {
    const double share = level == Level::Vo ? c.vo_share : 1.0 - c.vo_share;
    if (share > 0.0 && !p.eligible_levels.empty() &&
        std::find(p.eligible_levels.begin(), p.eligible_levels.end(), level) == p.eligible_levels.end())
      throw std::invalid_argument(owner + ": referrals of a level (" + level_name(level) +
                                  ") the provision does not admit");
  }
}

void validate_cost(const CostConfig& c, const std::string& owner) {
  if (c.per_group_year > 0.0 && !(c.group_size > 0.0))
    throw std::invalid_argument(owner + ": cost.per_group_year needs a group_size > 0");
  if (c.intensity_years.size() != c.intensity_multiplier.size())
    throw std::invalid_argument(owner +
                                ": cost.intensity_years and cost.intensity_multiplier differ in length");
  for (const PayerShare& share : c.payers)
    if (std::find(PAYER_NAMES.begin(), PAYER_NAMES.end(), share.payer) == PAYER_NAMES.end())
      throw std::invalid_argument(owner + ": unknown payer " + share.payer);
}

// Every region has one provision of each kind that serves it; kinds name a provision of their own kind.
void validate_regions(const ScenarioConfig& c) {
  const std::size_t regions = c.region_count();
  for (std::size_t k = 0; k < c.provisions.size(); ++k) {
    const ProvisionConfig& p = c.provisions[k];
    if (c.kind_of(k) >= c.provisions.size() || c.kind_of(c.kind_of(k)) != c.kind_of(k))
      throw std::invalid_argument("provision " + p.name + ": its kind is no provision of its own kind");
    for (std::uint16_t r : p.serves)
      if (r >= regions) throw std::invalid_argument("provision " + p.name + ": serves no region of the run");
  }
  for (std::size_t r = 0; r < regions; ++r)
    for (std::size_t kind = 0; kind < c.provisions.size(); ++kind) {
      if (c.kind_of(kind) != kind) continue;
      int serving = 0;
      for (std::size_t k = 0; k < c.provisions.size(); ++k)
        if (c.kind_of(k) == kind && c.serves_region(k, r)) ++serving;
      if (serving != 1)
        throw std::invalid_argument("provision " + c.provisions[kind].name + ": " + std::to_string(serving) +
                                    " of its kind serve region " + std::to_string(r) + ", not one");
    }
  for (const RegionConfig& region : c.regions) {
    for (std::uint16_t n : region.neighbours)
      if (n >= regions) throw std::invalid_argument("region " + region.name + ": a neighbour out of range");
    validate_series(region.intake, "region " + region.name + " intake");
    validate_series(region.migration_in, "region " + region.name + " migration_in");
    if (region.initial_state.size() != c.initial_state.size())
      throw std::invalid_argument("region " + region.name + ": its initial state has other stocks");
  }
  if (c.cross_region.enabled &&
      (!(c.cross_region.after_days > 0.0) || !std::isfinite(c.cross_region.after_days)))
    throw std::invalid_argument("cross_region: after_days must be finite and > 0");
  if (!(c.cross_region.travel_cost_per_pupil_day >= 0.0) ||
      !std::isfinite(c.cross_region.travel_cost_per_pupil_day))
    throw std::invalid_argument("cross_region: travel_cost_per_pupil_day must be finite and >= 0");
}

}  // namespace

void ScenarioConfig::validate() const {
  int previous = simulation.start_year;
  for (const PolicyStart& start : policy_starts) {
    if (!start.config)
      throw std::invalid_argument("policy start " + std::to_string(start.year) + ": no scenario");
    if (start.year <= previous)
      throw std::invalid_argument("policy start " + std::to_string(start.year) +
                                  ": years must ascend after simulation.start_year");
    previous = start.year;
    const ScenarioConfig& later = *start.config;
    if (!later.policy_starts.empty())
      throw std::invalid_argument("policy start " + std::to_string(start.year) + ": nested policy starts");
    if (later.provisions.size() != provisions.size())
      throw std::invalid_argument("policy start " + std::to_string(start.year) +
                                  ": a different set of provisions");
    for (std::size_t k = 0; k < provisions.size(); ++k)
      if (later.provisions[k].name != provisions[k].name ||
          later.provisions[k].setting != provisions[k].setting ||
          later.provisions[k].max_queue != provisions[k].max_queue)
        throw std::invalid_argument("policy start " + std::to_string(start.year) + ": provision " +
                                    provisions[k].name + " differs in name, setting or max_queue");
    later.validate();
  }
  if (simulation.years <= 0) throw std::invalid_argument("simulation.years must be > 0");
  if (simulation.warmup_years < 0 || simulation.warmup_years >= simulation.years)
    throw std::invalid_argument("simulation.warmup_years must be in [0, years)");
  if (jos.places < 0) throw std::invalid_argument("jos: negative places");
  if (!(jos.support_days > 0.0) || !std::isfinite(jos.support_days))
    throw std::invalid_argument("jos: support_days must be finite and > 0");
  if (!(jos.prevention_share >= 0.0 && jos.prevention_share <= 1.0))
    throw std::invalid_argument("jos: prevention_share outside [0,1]");
  if (!(jos.max_wait_days >= 0.0)) throw std::invalid_argument("jos: max_wait_days must be >= 0");
  validate_series(population.intake, "population.intake");
  validate_series(population.migration_in, "population.migration_in");
  validate_rows(onset.routes, "onset", provisions.size());
  const auto check_destination = [&](const Destination& d, const std::string& where) {
    if (d.type == Destination::Type::Provision && d.index >= provisions.size())
      throw std::invalid_argument(where + ": destination provision index out of range");
    if (d.type == Destination::Type::Setting && static_cast<Setting>(d.index) == Setting::Attending)
      throw std::invalid_argument(where + ": 'attending' is not a destination here");
  };
  for (const Referral& r : onset.referrals) {
    check_destination(r.to, "onset.referrals");
    if (!(r.age_to > r.age_from)) throw std::invalid_argument("onset.referrals: age_to must exceed age_from");
    if (!(r.per_year >= 0.0) || !std::isfinite(r.per_year))
      throw std::invalid_argument("onset.referrals: per_year must be finite and >= 0");
  }
  for (const InitialStock& stock : initial_state) {
    check_destination(stock.in, "initial_state");
    if (stock.in.type == Destination::Type::Exit)
      throw std::invalid_argument("initial_state: an exit is not a place to be in");
    if (!(stock.age_to > stock.age_from))
      throw std::invalid_argument("initial_state: age_to must exceed age_from");
    if (stock.count < 0) throw std::invalid_argument("initial_state: negative count");
  }
  for (const auto& [routes, where] : {std::pair{&onset.at_intake, "onset.at_intake"},
                                      std::pair{&onset.at_migration_in, "onset.at_migration_in"}}) {
    double arrival_share = 0.0;
    for (const IntakeRoute& r : *routes) {
      check_destination(r.to, where);
      if (!(r.share >= 0.0 && r.share <= 1.0))
        throw std::invalid_argument(std::string(where) + ": share outside [0,1]");
      arrival_share += r.share;
    }
    if (arrival_share > 1.0 + 1e-9) throw std::invalid_argument(std::string(where) + ": shares sum above 1");
  }
  for (const FreeSettingRules& f : free_settings) {
    if (!is_free_setting(f.setting) || f.setting == Setting::Attending || f.setting == Setting::Exited)
      throw std::invalid_argument(std::string("rules given for non-free setting ") + setting_name(f.setting));
    validate_rows(f.rules, setting_name(f.setting), provisions.size());
    validate_cost(f.cost, setting_name(f.setting));
  }
  for (const ProvisionConfig& p : provisions) {
    if (p.capacity < 0) throw std::invalid_argument("provision " + p.name + ": negative capacity");
    if (p.rules.empty()) throw std::invalid_argument("provision " + p.name + ": no rules");
    if (is_free_setting(p.setting))
      throw std::invalid_argument("provision " + p.name + ": setting must not be free");
    validate_rows(p.rules, "provision " + p.name, provisions.size());
    if (p.max_age && !(*p.max_age > 0.0))
      throw std::invalid_argument("provision " + p.name + ": max_age must be > 0");
    validate_cost(p.cost, "provision " + p.name);
    if (p.catchment) validate_catchment(*p.catchment, p);
  }
  for (const SpellReferralConfig& r : spell_referrals) {
    if (!r.enabled) continue;
    if (r.provision < 0 || static_cast<std::size_t>(r.provision) >= provisions.size())
      throw std::invalid_argument("spell referral: no such provision");
    if (!(r.after_days >= 0.0) || !std::isfinite(r.after_days))
      throw std::invalid_argument("spell referral to " +
                                  provisions[static_cast<std::size_t>(r.provision)].name +
                                  ": after_days must be finite and >= 0");
    if (!(r.share >= 0.0 && r.share <= 1.0))
      throw std::invalid_argument("spell referral to " +
                                  provisions[static_cast<std::size_t>(r.provision)].name +
                                  ": share outside [0,1]");
    for (const int k : r.from_provisions)
      if (k < 0 || static_cast<std::size_t>(k) >= provisions.size() || k == r.provision)
        throw std::invalid_argument("spell referral: a from_provision that is no other provision");
  }
  if (mdo.enabled) {
    if (!(mdo.after_days >= 0.0) || !std::isfinite(mdo.after_days))
      throw std::invalid_argument("mdo: after_days must be finite and >= 0");
    if (!(mdo.remaining_duration_factor >= 0.0) || !std::isfinite(mdo.remaining_duration_factor))
      throw std::invalid_argument("mdo: remaining_duration_factor must be finite and >= 0");
    if (!(mdo.extra_back_to_school_share >= 0.0 && mdo.extra_back_to_school_share <= 1.0))
      throw std::invalid_argument("mdo: extra_back_to_school_share outside [0,1]");
  }
  if (ret.enabled) {
    if (!(ret.after_days > 0.0) || !std::isfinite(ret.after_days))
      throw std::invalid_argument("ret: after_days must be finite and > 0");
    if (ret.places_per_year < 0) throw std::invalid_argument("ret: negative places_per_year");
    validate_rows({ret.place}, "ret", provisions.size());
  }
  for (const ProvisionConfig& p : provisions)
    if (p.assessment_days && !(*p.assessment_days >= 0.0 && std::isfinite(*p.assessment_days)))
      throw std::invalid_argument("provision " + p.name + ": assessment_days must be finite and >= 0");
  validate_regions(*this);
  if (!(kpi.thuiszitter_after_days >= 0.0) || !std::isfinite(kpi.thuiszitter_after_days))
    throw std::invalid_argument("kpi: thuiszitter_after_days must be finite and >= 0");
  double reason_shares = 0.0;
  for (const RiskReasonShare& r : kpi.risicoleerling_reasons) {
    if (!(r.share >= 0.0 && r.share <= 1.0) || !(r.attendance >= 0.0 && r.attendance <= 1.0))
      throw std::invalid_argument("kpi: a risicoleerling reason's share or attendance outside [0,1]");
    reason_shares += r.share;
  }
  if (std::abs(reason_shares - 1.0) > 1e-6)
    throw std::invalid_argument("kpi: risicoleerling reason shares do not sum to 1");
}

double KpiConfig::risicoleerling_absent_share() const {
  double absent = 0.0;
  for (const RiskReasonShare& r : risicoleerling_reasons) absent += r.share * (1.0 - r.attendance);
  return absent;
}

}  // namespace ozsim::model
