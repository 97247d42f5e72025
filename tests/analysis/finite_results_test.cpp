// Results that overflow from finite input stop the command, naming the quantity.
#include "sim/analysis/finite_results.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "sim/params/input_error.hpp"

using namespace ozsim;

TEST_CASE("check_finite names the first KPI whose mean, sd or interval overflowed") {
  std::vector<model::RunResult> runs(3);
  for (std::size_t r = 0; r < runs.size(); ++r) {
    runs[r].kpis["count.oov"] = 4.0 + static_cast<double>(r);
    // Finite values whose spread squares past 1.8e308: the standard deviation overflows.
    runs[r].kpis["cost.total.per_year"] = r % 2 == 0 ? 1e200 : -1e200;
  }
  const analysis::ScenarioSummary summary = analysis::summarize_kpis(runs, "s");
  CHECK(std::isfinite(summary.kpis.at("cost.total.per_year").mean));
  CHECK_THROWS_WITH_AS(
      analysis::check_finite(summary, "s", "x.toml"),
      doctest::Contains("KPI 'cost.total.per_year': its standard deviation over 3 replications "
                        "came out infinite although every input is finite"),
      params::InputError);

  for (model::RunResult& r : runs) r.kpis["cost.total.per_year"] = 1e6;
  runs[1].kpis["count.oov"] = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS(analysis::check_finite(analysis::summarize_kpis(runs, "s"), "s", "x.toml"),
                       doctest::Contains("x.toml: scenario 's': KPI 'count.oov': its mean"),
                       params::InputError);

  // A single replication has no sd (NaN by design): that is not an overflow.
  runs.resize(1);
  runs[0].kpis["cost.total.per_year"] = 5.0;
  runs[0].kpis["count.oov"] = 4.0;
  CHECK_NOTHROW(analysis::check_finite(analysis::summarize_kpis(runs, "s"), "s", "x.toml"));
}
