// The model's calendar and vocabulary: dates of simulation days, the school
// years a run reports, and the one spelling of every name.
#include <doctest/doctest.h>

#include "sim/model/calendar.hpp"
#include "sim/model/names.hpp"
#include "sim/model/scenario_config.hpp"

using namespace ozsim;

TEST_CASE("calendar: simulation days are dates in school years that start on 1 August") {
  CHECK(model::iso_date(model::date_of_day(2024, 0.0)) == "2024-08-01");
  CHECK(model::iso_date(model::date_of_day(2024, 61.0)) == "2024-10-01");  // the peildatum
  CHECK(model::iso_date(model::date_of_day(2024, 153.0)) == "2025-01-01");
  CHECK(model::iso_date(model::date_of_day(2024, 364.5)) == "2025-07-31");
  CHECK(model::iso_date(model::date_of_day(2024, 365.0 + 61.0)) == "2025-10-01");
  int days = 0;
  for (int d : model::MONTH_DAYS) days += d;
  CHECK(days == static_cast<int>(model::DAYS_PER_YEAR));
}

TEST_CASE(
    "calendar: whole reported years, peildatum and month starts of a run of 3.5 years after 1 of warm-up") {
  model::SimulationConfig simulation;
  simulation.start_year = 2020;
  simulation.years = 3.5;
  simulation.warmup_years = 1.0;
  const model::SchoolCalendar calendar(simulation);
  CHECK(calendar.years() == 4);
  CHECK(calendar.first_reported_year() == 1);
  CHECK(calendar.full_reported_years() == std::vector<int>{1, 2});
  CHECK(calendar.calendar_year(3) == 2023);
  CHECK(calendar.peildatum_day(2) == doctest::Approx(2 * 365.0 + 61.0));
  CHECK(calendar.month_start_days(0).size() == 12);
  // The last half year: August to January start before the horizon at day 1277.5.
  CHECK(calendar.month_start_days(3) == std::vector<double>{1095, 1126, 1156, 1187, 1217, 1248});
}

TEST_CASE("names: every name reads back as its value, and the groups are disjoint where they must be") {
  for (std::size_t s = 0; s < model::SETTING_COUNT; ++s)
    CHECK(model::setting_from_name(model::setting_name(static_cast<model::Setting>(s))) ==
          static_cast<model::Setting>(s));
  for (std::size_t r = 0; r < model::EXIT_REASON_COUNT; ++r) {
    const auto reason = static_cast<model::ExitReason>(r);
    CHECK(model::exit_from_destination_name(model::exit_destination_name(reason)) == reason);
  }
  CHECK_FALSE(model::exit_from_destination_name("moved").has_value());
  CHECK(model::queue_rule_from_name("norm_first") == model::QueueRule::NormFirst);
  CHECK(model::level_names() == std::vector<std::string>{"po", "vo"});
  for (model::Setting s : model::PROVISION_SETTINGS) CHECK_FALSE(model::is_free_setting(s));
  for (model::Setting s : model::DESTINATION_FREE_SETTINGS) CHECK(model::is_free_setting(s));
  for (model::Setting s : model::LEVER_SETTINGS) CHECK_FALSE(model::is_free_setting(s));
  CHECK(model::DESTINATION_FREE_SETTINGS.size() + model::PROVISION_SETTINGS.size() +
            model::LEVER_SETTINGS.size() + 1 ==
        model::SETTING_COUNT);
}
