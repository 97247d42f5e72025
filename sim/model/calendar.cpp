#include "sim/model/calendar.hpp"

#include <cmath>
#include <cstdio>

#include "sim/model/scenario_config.hpp"

namespace ozsim::model {

Date date_of_day(int start_year, double day) {
  const int year_index = SchoolCalendar::year_index_at(day);
  double rest = day - SchoolCalendar::year_start_day(year_index);
  std::size_t month = 0;  // 0 = August
  while (month < 11 && rest >= MONTH_DAYS[month]) rest -= MONTH_DAYS[month++];
  const int months_from_january = FIRST_MONTH - 1 + static_cast<int>(month);
  return {start_year + year_index + months_from_january / 12, months_from_january % 12 + 1,
          static_cast<int>(rest) + 1};
}

std::string iso_date(const Date& date) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year, date.month, date.day);
  return buffer;
}

SchoolCalendar::SchoolCalendar(const SimulationConfig& simulation)
    : start_year_(simulation.start_year),
      horizon_day_(years_to_days(simulation.years)),
      warmup_day_(years_to_days(simulation.warmup_years)),
      peildatum_offset_(simulation.peildatum_day),
      // A horizon a hair past a whole number of years is that number of years, not one more.
      years_(static_cast<int>(std::ceil(simulation.years - 1e-9))),
      first_reported_year_(static_cast<int>(std::ceil(simulation.warmup_years - 1e-9))) {
  for (int y = first_reported_year_; y < years_; ++y)
    if (year_start_day(y + 1) <= horizon_day_ + 1e-9) full_reported_years_.push_back(y);
}

bool SchoolCalendar::is_full_reported_year(int year_index) const {
  return year_index >= first_reported_year_ && year_start_day(year_index + 1) <= horizon_day_ + 1e-9;
}

std::vector<double> SchoolCalendar::month_start_days(int year_index) const {
  std::vector<double> days;
  double month = year_start_day(year_index);
  for (std::size_t m = 0; m < MONTH_DAYS.size() && month < horizon_day_; ++m) {
    days.push_back(month);
    month += MONTH_DAYS[m];
  }
  return days;
}

}  // namespace ozsim::model
