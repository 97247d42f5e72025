// Budget impact and cost-effectiveness on hand-computable fake results.
#include "sim/analysis/economics.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

using namespace ozsim::analysis;
using ozsim::model::RunResult;

namespace {

void add_cost(RunResult& result, int year, const std::string& payer, double euros) {
  result.costs.push_back({year, payer, "provision", euros});
}

// Baseline: gemeente 100 and SWV 50 a year in 2024-2026. Alternative: gemeente
// 150 a year (booked as two items), SWV 50, school boards 10 in 2025 only.
std::vector<RunResult> fixed_costs(bool alternative, std::size_t replications) {
  std::vector<RunResult> results(replications);
  for (auto& result : results)
    for (int year = 2024; year <= 2026; ++year) {
      if (alternative) {
        add_cost(result, year, "gemeente", 100.0);
        result.costs.push_back({year, "gemeente", "opbouwarrangement", 50.0});
        if (year == 2025) add_cost(result, year, "schoolbesturen", 10.0);
      } else {
        add_cost(result, year, "gemeente", 100.0);
      }
      add_cost(result, year, "swv", 50.0);
    }
  return results;
}

const BudgetRow& find_row(const BudgetImpact& impact, const std::string& payer, std::optional<int> year) {
  for (const auto& row : impact.rows)
    if (row.payer == payer && row.year == year) return row;
  FAIL("no row for " << payer);
  return impact.rows.front();
}

}  // namespace

TEST_CASE("budget impact gives exact totals per payer and year") {
  const auto base = fixed_costs(false, 4);
  const auto alt = fixed_costs(true, 4);
  const BudgetImpact impact = budget_impact(base, alt);
  CHECK(impact.first_year == 2024);
  CHECK(impact.discount_rate == 0.0225);
  CHECK(impact.years == std::vector<int>{2024, 2025, 2026});
  CHECK(impact.payers == std::vector<std::string>{"gemeente", "schoolbesturen", "swv"});
  CHECK(impact.rows.size() == 4 * 4);

  const auto& gemeente_2025 = find_row(impact, "gemeente", 2025);
  CHECK(gemeente_2025.undiscounted.base.mean == 100.0);
  CHECK(gemeente_2025.undiscounted.alt.mean == 150.0);
  CHECK(gemeente_2025.undiscounted.diff.mean == 50.0);
  CHECK(gemeente_2025.undiscounted.diff.lo95 == 50.0);
  CHECK(gemeente_2025.undiscounted.diff.hi95 == 50.0);
  CHECK(gemeente_2025.undiscounted.diff.n == 4);

  const auto& school_2024 = find_row(impact, "schoolbesturen", 2024);
  CHECK(school_2024.undiscounted.alt.mean == 0.0);
  CHECK(find_row(impact, "schoolbesturen", 2025).undiscounted.diff.mean == 10.0);

  const auto& gemeente_all = find_row(impact, "gemeente", std::nullopt);
  CHECK(gemeente_all.undiscounted.base.mean == 300.0);
  CHECK(gemeente_all.undiscounted.alt.mean == 450.0);
  const auto& total = find_row(impact, ALL_PAYERS, std::nullopt);
  CHECK(total.undiscounted.base.mean == 450.0);
  CHECK(total.undiscounted.alt.mean == 610.0);
  CHECK(total.undiscounted.diff.mean == 160.0);
  CHECK(find_row(impact, ALL_PAYERS, 2025).undiscounted.diff.mean == 60.0);
  CHECK(find_row(impact, "swv", std::nullopt).undiscounted.diff.mean == 0.0);
}

TEST_CASE("discounting matches the closed form of an annuity") {
  const double rate = 0.0225;
  const double v = 1.0 / (1.0 + rate);
  CHECK(discount_factor(rate, 2024, 2024) == 1.0);
  CHECK(discount_factor(rate, 2026, 2024) == doctest::Approx(v * v).epsilon(1e-15));
  CHECK(discount_factor(0.0, 2030, 2024) == 1.0);
  CHECK_THROWS_AS(discount_factor(-1.0, 2025, 2024), std::invalid_argument);

  const auto base = fixed_costs(false, 3);
  const auto alt = fixed_costs(true, 3);
  const BudgetImpact impact = budget_impact(base, alt);
  // Present value of a constant C over n years, the first undiscounted: C (1 - v^n) / (1 - v).
  const double annuity3 = (1.0 - std::pow(v, 3.0)) / (1.0 - v);
  const auto& gemeente_all = find_row(impact, "gemeente", std::nullopt);
  CHECK(gemeente_all.discounted.base.mean == doctest::Approx(100.0 * annuity3).epsilon(1e-14));
  CHECK(gemeente_all.discounted.alt.mean == doctest::Approx(150.0 * annuity3).epsilon(1e-14));
  CHECK(gemeente_all.discounted.diff.mean == doctest::Approx(50.0 * annuity3).epsilon(1e-14));
  const auto& gemeente_2026 = find_row(impact, "gemeente", 2026);
  CHECK(gemeente_2026.discount_factor == doctest::Approx(v * v).epsilon(1e-15));
  CHECK(gemeente_2026.discounted.alt.mean == doctest::Approx(150.0 * v * v).epsilon(1e-15));
  const auto& total = find_row(impact, ALL_PAYERS, std::nullopt);
  CHECK(total.discounted.diff.mean == doctest::Approx(50.0 * annuity3 + 10.0 * v).epsilon(1e-14));

  // An explicit first year shifts every factor; a zero rate discounts nothing.
  EconomicsOptions options;
  options.first_year = 2023;
  options.discount_rate = 0.04;
  const BudgetImpact shifted = budget_impact(base, alt, options);
  CHECK(find_row(shifted, "swv", 2024).discount_factor == doctest::Approx(1.0 / 1.04).epsilon(1e-15));
  options.discount_rate = 0.0;
  const BudgetImpact flat = budget_impact(base, alt, options);
  CHECK(find_row(flat, ALL_PAYERS, std::nullopt).discounted.diff.mean == 160.0);
}

TEST_CASE("budget impact fills years without costs and rejects the reserved payer name") {
  std::vector<RunResult> base(2), alt(2);
  for (auto& result : base) {
    add_cost(result, 2024, "gemeente", 10.0);
    add_cost(result, 2026, "gemeente", 30.0);
  }
  const BudgetImpact impact = budget_impact(base, alt);
  CHECK(impact.years == std::vector<int>{2024, 2025, 2026});
  CHECK(find_row(impact, "gemeente", 2025).undiscounted.base.mean == 0.0);
  CHECK(find_row(impact, "gemeente", std::nullopt).undiscounted.diff.mean == -40.0);

  add_cost(alt[0], 2024, ALL_PAYERS, 1.0);
  CHECK_THROWS_AS(budget_impact(base, alt), std::invalid_argument);
  CHECK(budget_impact(std::vector<RunResult>(2), std::vector<RunResult>(2)).rows.empty());
  CHECK_THROWS_AS(budget_impact(base, std::vector<RunResult>(3)), std::invalid_argument);
}

namespace {

// Home months share noise across scenarios (same seed), so 10 months are averted in every replication.
std::vector<RunResult> ce_results(bool alternative, std::size_t replications) {
  std::vector<RunResult> results(replications);
  for (std::size_t r = 0; r < replications; ++r) {
    auto& k = results[r].kpis;
    const double noise = static_cast<double>(r % 3);
    k["home.months.per_year"] = (alternative ? 90.0 : 100.0) + noise;
    k["home.spells_over_3m.per_year"] = 7.0 + noise;  // no effect
    k["flow.attending.dagbesteding.per_year"] = alternative ? 4.0 : 5.0;
    k["flow.oov.dagbesteding.per_year"] = alternative ? 2.0 : 3.0;
    k["cost.total.per_year"] = alternative ? 1500.0 + static_cast<double>(r) : 1000.0;
  }
  return results;
}

}  // namespace

TEST_CASE("cost-effectiveness: ratio of mean differences with Fieller's interval, and no effect") {
  const auto base = ce_results(false, 4);
  const auto alt = ce_results(true, 4);
  const CostEffectiveness ce = cost_effectiveness(base, alt);
  CHECK(ce.cost_basis == "euros per year, KPI cost.total.per_year (no cost lines: not discounted)");
  CHECK(ce.cost_basis_nl ==
        "euro per jaar, KPI cost.total.per_year (geen kostenregels: niet verdisconteerd)");
  REQUIRE(ce.rows.size() == 3);

  const auto& home = ce.rows[0];
  CHECK(home.measure == "home-month");
  CHECK(home.averted.mean == 10.0);
  CHECK(home.incremental_cost.mean == 501.5);
  CHECK(home.method == RatioMethod::RatioOfMeans);
  CHECK(home.ratio.mean == doctest::Approx(50.15).epsilon(1e-14));
  CHECK(home.ratio.n == 4);
  // The effect is exactly 10 in every replication, so Fieller's interval is the cost's t interval / 10.
  CHECK(home.ratio.lo95 == doctest::Approx(home.incremental_cost.lo95 / 10.0).epsilon(1e-12));
  CHECK(home.ratio.hi95 == doctest::Approx(home.incremental_cost.hi95 / 10.0).epsilon(1e-12));
  CHECK(home.note.empty());

  const auto& dagbesteding = ce.rows[1];
  CHECK(dagbesteding.averted.mean == 2.0);
  CHECK(dagbesteding.ratio.mean == doctest::Approx(250.75).epsilon(1e-14));

  const auto& spells = ce.rows[2];
  CHECK(spells.method == RatioMethod::NotDefined);
  CHECK(spells.note == "no detectable effect: the 95% interval of the effect includes 0");
  CHECK(std::isnan(spells.ratio.mean));

  CHECK(!ce.value_per_home_month);
  CHECK(ce.net_monetary_benefit_note == "not computed: no value per home-month given");
}

TEST_CASE("cost-effectiveness prefers the entries KPI and gives no ratio for an effect not told from 0") {
  auto base = ce_results(false, 4);
  auto alt = ce_results(true, 4);
  for (auto& result : base) result.kpis["entries.dagbesteding.per_year"] = 20.0;
  for (auto& result : alt) result.kpis["entries.dagbesteding.per_year"] = 16.0;
  // Home months averted: 10, 10, 10 and -2 in the last replication: mean 7, interval [-2.5, 16.5].
  alt[3].kpis["home.months.per_year"] = base[3].kpis["home.months.per_year"] + 2.0;
  const CostEffectiveness ce = cost_effectiveness(base, alt);
  CHECK(ce.rows[1].averted.mean == 4.0);
  const auto& home = ce.rows[0];
  CHECK(home.averted.mean == 7.0);
  CHECK(home.averted.lo95 < 0.0);
  CHECK(home.method == RatioMethod::NotDefined);
  CHECK(std::isnan(home.ratio.mean));
  CHECK(std::isnan(home.ratio.lo95));
  CHECK(home.note == "no detectable effect: the 95% interval of the effect includes 0");
}

TEST_CASE("cost-effectiveness reports missing inputs and discounts cost lines") {
  std::vector<RunResult> base(2), alt(2);
  for (std::size_t r = 0; r < 2; ++r) {
    base[r].kpis["home.months.per_year"] = 50.0;
    alt[r].kpis["home.months.per_year"] = 40.0 - static_cast<double>(r);
    add_cost(base[r], 2024, "gemeente", 300.0);
    add_cost(base[r], 2025, "gemeente", 300.0);
    add_cost(alt[r], 2024, "gemeente", 500.0);
    add_cost(alt[r], 2025, "swv", 500.0);
  }
  EconomicsOptions options;
  options.value_per_home_month = 30.0;
  const CostEffectiveness ce = cost_effectiveness(base, alt, options);
  CHECK(ce.cost_basis ==
        "euros per school year; cost lines of school years 2024/25 to 2025/26 and effects discounted at "
        "2.25% a "
        "year to 2024/25, as the budget");
  CHECK(ce.cost_basis_nl ==
        "euro per schooljaar; kostenregels van schooljaren 2024/25 tot en met 2025/26 en effecten "
        "verdisconteerd "
        "tegen 2,25% per jaar naar 2024/25, zoals de begroting");
  CHECK(ce.rows[0].incremental_cost.mean == doctest::Approx(200.0).epsilon(1e-14));
  // The ratio of the mean differences, not the mean of the ratios (200/10 + 200/11) / 2.
  CHECK(ce.rows[0].ratio.mean == doctest::Approx(200.0 / 10.5).epsilon(1e-14));
  CHECK(ce.rows[0].note == "no yearly figures for the effect: its yearly mean taken for every year.");
  CHECK(ce.rows[1].method == RatioMethod::NotDefined);
  CHECK(ce.rows[1].note ==
        "not available: entries.dagbesteding.per_year or sum of flow.*.dagbesteding.per_year missing");
  CHECK(ce.rows[2].note == "not available: home.spells_over_3m.per_year missing");
  // NMB = 30 x averted - 200: 100 and 130.
  CHECK(ce.net_monetary_benefit.mean == doctest::Approx(115.0).epsilon(1e-14));
}

TEST_CASE("cost-effectiveness discounts costs and effects year by year, as the budget") {
  // Three years; the alternative costs 100, 200, 400 more and averts 1, 2, 8 home-months in them.
  const std::vector<double> extra = {100.0, 200.0, 400.0}, fewer = {1.0, 2.0, 8.0};
  std::vector<RunResult> base(3), alt(3);
  for (std::size_t r = 0; r < 3; ++r) {
    double months_base = 0.0, months_alt = 0.0;
    for (int i = 0; i < 3; ++i) {
      const int year = 2030 + i;
      const double noise = static_cast<double>(r) * 0.5;
      add_cost(base[r], year, "gemeente", 1000.0 + noise);
      add_cost(alt[r], year, "gemeente", 1000.0 + noise + extra[static_cast<std::size_t>(i)]);
      const double b = 30.0 + noise, a = b - fewer[static_cast<std::size_t>(i)];
      base[r].kpis["home.months." + std::to_string(year)] = b;
      alt[r].kpis["home.months." + std::to_string(year)] = a;
      months_base += b / 3.0;
      months_alt += a / 3.0;
    }
    base[r].kpis["home.months.per_year"] = months_base;
    alt[r].kpis["home.months.per_year"] = months_alt;
  }
  EconomicsOptions options;
  options.discount_rate = 0.5;  // steep, so that discounting shows
  options.value_per_home_month = 100.0;
  const CostEffectiveness ce = cost_effectiveness(base, alt, options);
  const double f1 = 1.0 / 1.5, f2 = 1.0 / 2.25, sum = 1.0 + f1 + f2;
  const double cost = (100.0 + 200.0 * f1 + 400.0 * f2) / sum;
  const double averted = (1.0 + 2.0 * f1 + 8.0 * f2) / sum;
  const auto& home = ce.rows[0];
  CHECK(home.incremental_cost.mean == doctest::Approx(cost).epsilon(1e-12));
  CHECK(home.averted.mean == doctest::Approx(averted).epsilon(1e-12));
  CHECK(home.ratio.mean == doctest::Approx(cost / averted).epsilon(1e-12));
  CHECK(home.note.empty());  // yearly figures were there
  // Undiscounted, the ratio would be 700 / 11: discounting weighs the late, effective years less.
  CHECK(std::fabs(home.ratio.mean - 700.0 / 11.0) > 1.0);
  CHECK(ce.net_monetary_benefit.mean == doctest::Approx(100.0 * averted - cost).epsilon(1e-12));
  // The same euros as the budget's present value, per discounted year.
  const BudgetImpact budget = budget_impact(base, alt, options);
  CHECK(find_row(budget, ALL_PAYERS, std::nullopt).discounted.diff.mean / sum ==
        doctest::Approx(cost).epsilon(1e-12));
}

TEST_CASE("net monetary benefit changes sign with the value of a home-month") {
  const auto base = ce_results(false, 4);
  const auto alt = ce_results(true, 4);
  EconomicsOptions options;
  options.value_per_home_month = 100.0;  // 10 months averted are worth 1000 against 501.5 extra cost
  const auto high = cost_effectiveness(base, alt, options);
  CHECK(high.net_monetary_benefit.mean == 498.5);
  CHECK(high.net_monetary_benefit.lo95 > 0.0);
  options.value_per_home_month = 10.0;
  const auto low = cost_effectiveness(base, alt, options);
  CHECK(low.net_monetary_benefit.mean == -401.5);
  CHECK(low.net_monetary_benefit.hi95 < 0.0);
  CHECK(*low.value_per_home_month == 10.0);

  // Cheaper and better is dominant; the ratio is negative but the note says why.
  auto cheap = alt;
  for (auto& result : cheap) result.kpis["cost.total.per_year"] = 900.0;
  const auto dominant = cost_effectiveness(base, cheap, options);
  CHECK(dominant.rows[0].ratio.mean == -10.0);
  CHECK(dominant.rows[0].note == "dominant: saves money and averts.");
  CHECK(dominant.net_monetary_benefit.mean == 200.0);
}

TEST_CASE(
    "cost-effectiveness counts the modelled region's payers, and a catchment's budget is reported apart") {
  // Base: gemeente 1000 a year, the catchment "elders" 200 (its referrals use the region's places and pay
  // their part). Alternative: gemeente 1100, elders 500, and 10 home-months fewer a year for the region's
  // pupils (catchment referrals have no pupil figures). Per replication a little noise on both.
  std::vector<RunResult> base(4), alt(4);
  for (std::size_t r = 0; r < 4; ++r) {
    const double noise = 0.25 * static_cast<double>(r);
    for (int year = 2030; year <= 2031; ++year) {
      add_cost(base[r], year, "gemeente", 1000.0 + noise);
      base[r].costs.push_back({year, "elders", "provision", 200.0, ozsim::model::CostKind::Variable, true});
      add_cost(alt[r], year, "gemeente", 1100.0 + noise);
      alt[r].costs.push_back(
          {year, "elders", "provision", 500.0 + noise, ozsim::model::CostKind::Variable, true});
    }
    base[r].kpis["home.months.per_year"] = 40.0 + noise;
    alt[r].kpis["home.months.per_year"] = 30.0 + 2.0 * noise;
  }
  EconomicsOptions options;
  options.discount_rate = 0.0;
  options.value_per_home_month = 100.0;
  const CostEffectiveness ce = cost_effectiveness(base, alt, options);
  const auto& home = ce.rows[0];
  // The region's 100 a year against 9.25 home-months averted on average, not the 400 all payers spend more.
  CHECK(home.incremental_cost.mean == doctest::Approx(100.0));
  CHECK(home.averted.mean == doctest::Approx(10.0 - 0.25 * 1.5));
  CHECK(home.ratio.mean == doctest::Approx(100.0 / (10.0 - 0.375)));
  CHECK(ce.net_monetary_benefit.mean == doctest::Approx(100.0 * (10.0 - 0.375) - 100.0));
  REQUIRE(ce.catchment_payers == std::vector<std::string>{"elders"});
  CHECK(ce.catchment_incremental_cost.n == 4);
  CHECK(ce.catchment_incremental_cost.mean == doctest::Approx(300.0 + 0.375));
  CHECK(ce.cost_basis.find("the modelled region's payers only (catchments outside it, reported apart: "
                           "elders)") != std::string::npos);
  CHECK(ce.cost_basis_nl.find("alleen de betalers van de gemodelleerde regio (verzorgingsgebieden daarbuiten "
                              "apart: elders)") != std::string::npos);
  CHECK(catchment_measure(ce) == "catchment budget: elders");
  // The budget is every payer's: its all-payers row holds both, and elders has its own row.
  const BudgetImpact budget = budget_impact(base, alt, options);
  CHECK(find_row(budget, ALL_PAYERS, std::nullopt).undiscounted.diff.mean ==
        doctest::Approx(2.0 * (100.0 + 300.0 + 0.375)));
  CHECK(find_row(budget, "elders", std::nullopt).undiscounted.diff.mean == doctest::Approx(2.0 * 300.375));

  // Without catchment lines nothing is reported apart and the basis says nothing of catchments.
  for (auto* side : {&base, &alt})
    for (auto& result : *side)
      std::erase_if(result.costs, [](const ozsim::model::CostLine& line) { return line.catchment; });
  const CostEffectiveness region = cost_effectiveness(base, alt, options);
  CHECK(region.catchment_payers.empty());
  CHECK(region.catchment_incremental_cost.n == 0);
  CHECK(region.cost_basis.find("catchment") == std::string::npos);
  CHECK(region.rows[0].incremental_cost.mean == doctest::Approx(100.0));
}
