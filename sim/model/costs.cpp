#include "sim/model/costs.hpp"

namespace ozsim::model {

CostBook book_costs(const ScenarioConfig& scenario, const SchoolCalendar& calendar, const Ledger& ledger) {
  CostBook costs;
  const auto book = [&](int year_index, const std::string& item, double euros,
                        const std::vector<PayerShare>& payers) {
    if (euros == 0.0) return;
    const int year = calendar.calendar_year(year_index);
    for (const PayerShare& share : payers) {
      const double part = euros * share.share;
      costs.by_payer[share.payer][year] += part;
      costs.lines.push_back({year, share.payer, item, part});
    }
  };
  const std::vector<int>& full_years = calendar.full_reported_years();
  for (int y : full_years) {
    const YearBook& year = ledger.year(y);
    // A lever that starts later costs from its start year on: each year is booked by the policy in force.
    const ScenarioConfig& config = scenario.in_year(calendar.calendar_year(y));
    for (std::size_t k = 0; k < config.provisions.size(); ++k) {
      const ProvisionConfig& pc = config.provisions[k];
      const double euros = pc.cost.per_pupil_day * year.provision_days[k] +
                           pc.cost.per_place_year * year.capacity_days[k] / DAYS_PER_YEAR;
      book(y, pc.name, euros, pc.cost.payers);
      // Booked once, in the first reported year, if the provision has places in it (a provision that opens
      // later books none, unlike what CostConfig::startup promises; kept as it was, a change of behaviour).
      if (y == full_years.front() && pc.cost.startup != 0.0 && year.capacity_days[k] > 0.0)
        book(y, pc.name + ".startup", pc.cost.startup, pc.cost.payers);
    }
    for (const FreeSettingRules& f : config.free_settings)
      book(y, setting_name(f.setting),
           f.cost.per_pupil_day * year.setting_days[static_cast<std::size_t>(f.setting)], f.cost.payers);
    for (const ProgrammeCost& programme : config.programme_costs)
      if (calendar.calendar_year(y) >= programme.first_year)
        book(y, programme.name, programme.per_year, programme.payers);
    if (config.mdo.enabled)
      book(y, "mdo", config.mdo.cost_per_case * static_cast<double>(year.mdo_cases), config.mdo.payers);
    if (config.escalation.enabled)
      book(y, "escalation", config.escalation.cost_per_case * static_cast<double>(year.escalations),
           config.escalation.payers);
  }
  return costs;
}

}  // namespace ozsim::model
