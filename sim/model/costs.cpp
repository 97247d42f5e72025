#include "sim/model/costs.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace ozsim::model {
namespace {

using LevelWeights = std::array<double, LEVEL_COUNT>;

// Payer shares with "swv" replaced by swv_po and swv_vo in proportion to the weights; equal weights where
// nothing says which level the cost is for.
std::vector<PayerShare> by_level(const std::vector<PayerShare>& payers, LevelWeights weights) {
  const double total = weights[0] + weights[1];
  if (!(total > 0.0)) weights = {0.5, 0.5};
  const double po = weights[0] / (weights[0] + weights[1]);
  std::vector<PayerShare> resolved;
  for (const PayerShare& share : payers) {
    if (share.payer != SWV_BY_LEVEL) {
      resolved.push_back(share);
      continue;
    }
    if (po > 0.0) resolved.push_back({swv_payer(Level::Po), share.share * po});
    if (po < 1.0) resolved.push_back({swv_payer(Level::Vo), share.share * (1.0 - po)});
  }
  return resolved;
}

LevelWeights only(Level level) {
  LevelWeights weights{};
  weights[static_cast<std::size_t>(level)] = 1.0;
  return weights;
}

// Which level a provision's cost is for in a year: its occupants' pupil-days; unused, its one eligible level.
LevelWeights provision_levels(const ProvisionConfig& pc, const YearBook& year, std::size_t k) {
  const LevelWeights& days = year.provision_days_by_level[k];
  if (days[0] + days[1] > 0.0) return days;
  if (pc.eligible_levels.size() == 1) return only(pc.eligible_levels.front());
  return {};
}

LevelWeights entry_levels(const YearBook& year, Setting s) {
  const auto i = static_cast<std::size_t>(s);
  return {static_cast<double>(year.entries[i] - year.entries_vo[i]), static_cast<double>(year.entries_vo[i])};
}

// A programme without a level serves the pupils who left regular school: their entries this year.
LevelWeights programme_levels(const ProgrammeCost& programme, const YearBook& year) {
  if (programme.level) return only(*programme.level);
  LevelWeights weights{};
  for (std::size_t s = 0; s < SETTING_COUNT; ++s) {
    if (static_cast<Setting>(s) == Setting::Attending) continue;
    const LevelWeights entries = entry_levels(year, static_cast<Setting>(s));
    weights[0] += entries[0];
    weights[1] += entries[1];
  }
  return weights;
}

// The payer of a catchment's part of provision k's cost: the catchment's name in the policy of the year, or
// in the scenario as given when that policy has none (its referrals still hold places).
std::string catchment_name(const ScenarioConfig& scenario, const ScenarioConfig& config, std::size_t k) {
  if (const auto& catchment = config.provisions[k].catchment) return catchment->name;
  if (const auto& catchment = scenario.provisions[k].catchment) return catchment->name;
  for (const PolicyStart& start : scenario.policy_starts)
    if (const auto& catchment = start.config->provisions[k].catchment) return catchment->name;
  throw std::logic_error("provision " + config.provisions[k].name + " has catchment days but no catchment");
}

}  // namespace

const char* cost_kind_name(CostKind kind) {
  switch (kind) {
    case CostKind::Fixed:
      return "fixed";
    case CostKind::Variable:
      return "variable";
    case CostKind::Transport:
      return "transport";
    case CostKind::Startup:
      return "startup";
    case CostKind::Programme:
      return "programme";
    case CostKind::Escalation:
      return "escalation";
  }
  return "?";
}

CostBook book_costs(const ScenarioConfig& scenario, const SchoolCalendar& calendar, const Ledger& ledger) {
  CostBook costs;
  // The region a cost line is for (CostLine::region); with regions, set per line below.
  std::string region;
  const auto book = [&](int year_index, const std::string& item, CostKind kind, double euros,
                        const std::vector<PayerShare>& payers, bool catchment = false) {
    if (euros == 0.0) return;
    const int year = calendar.calendar_year(year_index);
    for (const PayerShare& share : payers) {
      const double part = euros * share.share;
      costs.by_payer[share.payer][year] += part;
      costs.lines.push_back({year, share.payer, item, part, kind, catchment, region});
    }
  };
  const std::vector<PayerShare> transport_payer = {{std::string(TRANSPORT_PAYER), 1.0}};
  const std::vector<int>& full_years = calendar.full_reported_years();
  for (int y : full_years) {
    const YearBook& year = ledger.year(y);
    const int calendar_year = calendar.calendar_year(y);
    // A lever that starts later costs from its start year on: each year is booked by the policy in force.
    const ScenarioConfig& config = scenario.in_year(calendar_year);
    for (std::size_t k = 0; k < config.provisions.size(); ++k) {
      const ProvisionConfig& pc = config.provisions[k];
      const CostConfig& cost = pc.cost;
      // A region's own provision is its cost; one serving several is the region's it is named after.
      region = pc.serves.empty() || config.regions.empty() ? std::string()
                                                           : config.regions[pc.serves.front()].name;
      const std::vector<PayerShare> payers = by_level(cost.payers, provision_levels(pc, year, k));
      // Referrals from a catchment outside the region (CatchmentInflow) pay their own part through its
      // partners, booked to the catchment's name: their pupil-days, and the places in proportion to the
      // pupil-days they used (the places are paid jointly and used by both).
      const double catchment_days = year.catchment[k].place_days;
      const double own_days = year.provision_days[k] - catchment_days;
      const double catchment_share =
          year.provision_days[k] > 0.0 ? catchment_days / year.provision_days[k] : 0.0;
      std::vector<PayerShare> catchment_payer;
      if (catchment_days > 0.0) catchment_payer = {{catchment_name(scenario, config, k), 1.0}};
      const double per_day = cost.per_pupil_day * cost.intensity(calendar_year);
      book(y, pc.name, CostKind::Variable, per_day * own_days, payers);
      book(y, pc.name, CostKind::Variable, per_day * catchment_days, catchment_payer, true);
      // Capacity changes only at school-year starts (school_year_events.cpp), so a year's mean capacity is
      // the capacity it had, and its groups are whole.
      const double places = year.capacity_days[k] / DAYS_PER_YEAR;
      const double groups = cost.group_size > 0.0 ? std::ceil(places / cost.group_size - 1e-9) : 0.0;
      const double fixed = cost.per_place_year * places + cost.per_group_year * groups;
      book(y, pc.name, CostKind::Fixed, fixed * (1.0 - catchment_share), payers);
      book(y, pc.name, CostKind::Fixed, fixed * catchment_share, catchment_payer, true);
      book(y, pc.name, CostKind::Transport, cost.transport_per_pupil_day * own_days, transport_payer);
      book(y, pc.name, CostKind::Transport, cost.transport_per_pupil_day * catchment_days, catchment_payer,
           true);
      // Booked once, in the first reported year, if the provision has places in it (a provision that opens
      // later books none, unlike what CostConfig::startup promises; kept as it was, a change of behaviour).
      if (y == full_years.front() && cost.startup != 0.0 && year.capacity_days[k] > 0.0)
        book(y, pc.name, CostKind::Startup, cost.startup, payers);
    }
    for (const FreeSettingRules& f : config.free_settings) {
      const auto s = static_cast<std::size_t>(f.setting);
      const std::vector<PayerShare> payers = by_level(f.cost.payers, entry_levels(year, f.setting));
      const double per_day = f.cost.per_pupil_day * f.cost.intensity(calendar_year);
      if (config.regions.empty()) {
        region.clear();
        book(y, setting_name(f.setting), CostKind::Variable, per_day * year.setting_days[s], payers);
        continue;
      }
      // Each region's pupils' days, booked to it.
      for (std::size_t r = 0; r < config.regions.size(); ++r) {
        region = config.regions[r].name;
        book(y, setting_name(f.setting), CostKind::Variable, per_day * year.regions[r].setting_days[s],
             payers);
      }
    }
    // Leerlingenvervoer to places in another region (CrossRegionConfig), to the gemeente of the pupil's.
    for (std::size_t r = 0; r < config.regions.size(); ++r) {
      region = config.regions[r].name;
      book(y, std::string(CROSS_REGION_TRAVEL_ITEM), CostKind::Transport,
           config.cross_region.travel_cost_per_pupil_day * year.regions[r].out_of_region_days,
           transport_payer);
    }
    region.clear();  // the scenario's programmes and escalations serve every region
    for (const ProgrammeCost& programme : config.programme_costs)
      if (calendar_year >= programme.first_year)
        book(y, programme.name, CostKind::Programme, programme.per_year,
             by_level(programme.payers, programme_levels(programme, year)));
    if (config.mdo.enabled) {
      const LevelWeights levels = {static_cast<double>(year.mdo_cases_by_level[0]),
                                   static_cast<double>(year.mdo_cases_by_level[1])};
      book(y, "mdo", CostKind::Escalation, config.mdo.cost_per_case * static_cast<double>(year.mdo_cases),
           by_level(config.mdo.payers, levels));
    }
    if (config.escalation.enabled) {
      const LevelWeights levels = {static_cast<double>(year.escalations_by_level[0]),
                                   static_cast<double>(year.escalations_by_level[1])};
      book(y, "escalation", CostKind::Escalation,
           config.escalation.cost_per_case * static_cast<double>(year.escalations),
           by_level(config.escalation.payers, levels));
    }
    if (config.ret.enabled) {
      const LevelWeights levels = {static_cast<double>(year.ret_cases_by_level[0]),
                                   static_cast<double>(year.ret_cases_by_level[1])};
      book(y, "ret", CostKind::Escalation, config.ret.cost_per_case * static_cast<double>(year.ret_cases),
           by_level(config.ret.payers, levels));
    }
  }
  return costs;
}

}  // namespace ozsim::model
