#pragma once
// Simulated time as the education system counts it: days since 1 August of
// the first simulated school year, school years of 365 days (no leap days),
// months from August, and the peildatum (the count date, 1 October). The only
// place that knows how long a year or a month is.
#include <array>
#include <cmath>
#include <string>
#include <vector>

namespace ozsim::model {

struct SimulationConfig;

inline constexpr double DAYS_PER_YEAR = 365.0;
inline constexpr double DAYS_PER_MONTH = DAYS_PER_YEAR / 12.0;  // for lengths in months, not for dates
// Month lengths of a school year that starts on 1 August: August, September, ..., July.
inline constexpr std::array<int, 12> MONTH_DAYS = {31, 30, 31, 30, 31, 31, 28, 31, 30, 31, 30, 31};
inline constexpr int FIRST_MONTH = 8;  // August

struct Date {
  int year = 0;
  int month = 1;  // 1 = January
  int day = 1;    // 1 = first of the month
};

// The date of a simulation day (days since 1 August of start_year).
Date date_of_day(int start_year, double day);
std::string iso_date(const Date& date);  // "2024-10-01"

// The school years of one run: year index 0 starts on day 0, the calendar year of
// index y is start_year + y (the year in which that school year starts).
class SchoolCalendar {
 public:
  explicit SchoolCalendar(const SimulationConfig& simulation);

  // Inline: the ledger asks it at every event time (2.9% of a Midden-Holland run as a call).
  static int year_index_at(double day) { return static_cast<int>(std::floor(day / DAYS_PER_YEAR)); }
  static double year_start_day(int year_index) { return year_index * DAYS_PER_YEAR; }
  static double age_in_years(double birth_day, double day) { return (day - birth_day) / DAYS_PER_YEAR; }
  static double years_to_days(double years) { return years * DAYS_PER_YEAR; }

  int calendar_year(int year_index) const { return start_year_ + year_index; }
  int start_year() const { return start_year_; }
  double horizon_day() const { return horizon_day_; }
  double warmup_day() const { return warmup_day_; }
  double peildatum_day(int year_index) const { return year_start_day(year_index) + peildatum_offset_; }
  // School years the run touches (the last may be cut short by the horizon).
  int years() const { return years_; }
  // The first school year whose statistics are reported (after the warm-up).
  int first_reported_year() const { return first_reported_year_; }
  // Reported school years that lie wholly before the horizon: yearly means divide by their number.
  const std::vector<int>& full_reported_years() const { return full_reported_years_; }
  bool is_full_reported_year(int year_index) const;
  // First day of every month of that school year that lies before the horizon.
  std::vector<double> month_start_days(int year_index) const;

 private:
  int start_year_ = 0;
  double horizon_day_ = 0.0;
  double warmup_day_ = 0.0;
  double peildatum_offset_ = 0.0;
  int years_ = 0;
  int first_reported_year_ = 0;
  std::vector<int> full_reported_years_;
};

}  // namespace ozsim::model
