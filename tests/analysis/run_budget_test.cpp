// RunBudget: the run's budget per payer and year with the spread of the replications' values.
#include "sim/analysis/run_budget.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <vector>

using namespace ozsim;

namespace {

model::RunResult booked(std::vector<model::CostLine> lines) {
  model::RunResult result;
  result.costs = std::move(lines);
  result.first_cost_year = 2020;
  result.last_cost_year = 2021;
  return result;
}

model::CostLine line(int year, const char* payer, double euros) {
  model::CostLine cost;
  cost.year = year;
  cost.payer = payer;
  cost.item = "sbo";
  cost.euros = euros;
  return cost;
}

}  // namespace

TEST_CASE("run budget: a payer first booked in a later replication counts 0 euros in the earlier ones") {
  analysis::RunBudget budget(0.1);
  budget.add(booked({line(2020, "gemeente", 100.0), line(2021, "gemeente", 200.0)}));
  budget.add(booked({line(2020, "gemeente", 300.0), line(2021, "rijk", 50.0)}));
  const analysis::BudgetImpact school = budget.impact(analysis::YearBasis::SchoolYear);
  CHECK(school.years == std::vector<int>{2020, 2021});
  CHECK(school.payers == std::vector<std::string>{"gemeente", "rijk"});
  REQUIRE(school.rows.size() == 9);  // (2 years + all years) x (gemeente, rijk, all payers)
  const analysis::BudgetRow& rijk_2021 = school.rows[4];
  CHECK(rijk_2021.payer == "rijk");
  CHECK(*rijk_2021.year == 2021);
  CHECK(rijk_2021.undiscounted.base.n == 2);
  CHECK(rijk_2021.undiscounted.base.mean == 25.0);
  CHECK(rijk_2021.discounted.base.mean == doctest::Approx(25.0 / 1.1));
  const analysis::BudgetRow& all_payers_all_years = school.rows[8];
  CHECK(all_payers_all_years.payer == analysis::ALL_PAYERS);
  CHECK(!all_payers_all_years.year);
  CHECK(all_payers_all_years.undiscounted.base.mean == 325.0);  // (300 + 350) / 2
  // The present value of each replication's euros, then their mean: 100 + 200/1.1 and 300 + 50/1.1.
  CHECK(all_payers_all_years.discounted.base.mean == doctest::Approx((400.0 + 250.0 / 1.1) / 2.0));
  CHECK(all_payers_all_years.discounted.base.lo95 < all_payers_all_years.discounted.base.mean);
  // One calendar year, 2021: January-July of 2020/21 and August-December of 2021/22.
  const analysis::BudgetImpact calendar = budget.impact(analysis::YearBasis::CalendarYear);
  CHECK(calendar.years == std::vector<int>{2021});
  CHECK(calendar.first_year == 2021);
  const double early = analysis::school_year_share_in_starting_calendar_year();
  CHECK(calendar.rows.front().undiscounted.base.mean ==
        doctest::Approx(((100.0 + 300.0) * (1.0 - early) + 200.0 * early) / 2.0));
}

TEST_CASE("run budget: replications that booked other school years are refused") {
  analysis::RunBudget budget;
  budget.add(booked({line(2020, "gemeente", 100.0)}));
  model::RunResult longer = booked({line(2022, "gemeente", 100.0)});
  longer.last_cost_year = 2022;
  CHECK_THROWS_AS(budget.add(longer), std::logic_error);
  CHECK(budget.replications() == 1);
  CHECK(budget.impact(analysis::YearBasis::SchoolYear).rows.front().undiscounted.base.n == 1);
}
