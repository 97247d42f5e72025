// compare's terminal report: the decision table first (catalogue labels and units, one euro format), the
// headline KPIs' differences by default and every KPI's with --all-kpis.
#include "sim/output/decision_table.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/analysis/compare.hpp"
#include "sim/output/compare_output.hpp"
#include "sim/output/table.hpp"

namespace {

using ozsim::analysis::ResultGrid;
using ozsim::model::RunResult;

// Three options x 4 replications; scenario s lowers the thuiszitters by s and adds €100,000 a year.
ozsim::analysis::Comparison three_options() {
  ResultGrid grid(3, std::vector<RunResult>(4));
  for (std::size_t s = 0; s < 3; ++s)
    for (std::size_t r = 0; r < 4; ++r) {
      RunResult& run = grid[s][r];
      const double noise = static_cast<double>(r % 2) - 0.5;
      run.kpis["count.thuiszitter"] = 30.0 - static_cast<double>(s) + noise;
      run.kpis["cost.total.per_year"] = 11.1e6 + 1e5 * static_cast<double>(s) + 1e4 * noise;
      run.kpis["home.share_over_3m_without_offer"] = 0.5 + 0.01 * noise;
      run.kpis["wait_days.oov.mean"] = 0.0;                           // nobody waits in any option
      run.kpis["count.oov"] = 17.0 + static_cast<double>(s) + noise;  // not a headline KPI
    }
  return ozsim::analysis::compare_scenarios({"basis", "opbouwarrangement", "oov-12-months"}, grid, 1);
}

// The text with its wrapped lines joined again ("\n  " back to " ").
std::string unwrapped(std::string text) {
  for (std::size_t at = text.find("\n  "); at != std::string::npos; at = text.find("\n  ", at))
    text.replace(at, 3, " ");
  return text;
}

}  // namespace

TEST_CASE("terminal tables: one euro format, values in their unit, columns by characters not bytes") {
  using namespace ozsim::output;
  CHECK(terminal_euros(11'140'847.0) == "€11.1m");
  CHECK(terminal_euros(92'463.4) == "€92,463");
  CHECK(terminal_euros(-3'500.0) == "-€3,500");
  CHECK(terminal_value("cost.gemeente.per_year", 2.5e6) == "€2.5m");
  CHECK(terminal_value("home.share_over_3m_without_offer", 0.537) == "53.7%");
  CHECK(terminal_value("count.thuiszitter", 30.94) == "30.9");
  // A difference of shares is in percentage points: 47.2% against 45.3% is -1.9 pp, not "-1.9%".
  CHECK(terminal_difference("home.share_over_3m_without_offer", -0.0186) == "-1.9 pp");
  CHECK(terminal_difference("count.thuiszitter", -0.62) == terminal_value("count.thuiszitter", -0.62));
  CHECK(terminal_difference("cost.gemeente.per_year", 2.5e6) == "€2.5m");
  CHECK(table::display_width("€11.1m") == 6);
  CHECK(table::pad_left("€1", 4) == "  €1");
}

TEST_CASE("compare: the decision table puts the options side by side on the headline KPIs") {
  const ozsim::analysis::Comparison comparison = three_options();
  const std::string table = ozsim::output::format_decision_table(comparison);
  CAPTURE(table);
  // Every option named, in order, with its role.
  const auto base = table.find("basis"), first = table.find("opbouwarrangement"),
             second = table.find("oov-12-months");
  REQUIRE(base != std::string::npos);
  CHECK(base < first);
  CHECK(first < second);
  CHECK(table.find("BASE") < table.find("ALT"));
  // The catalogue's label, then each option's mean; the unit, then each option's interval.
  CHECK(table.find("Thuiszitters") != std::string::npos);
  CHECK(table.find("30.0") != std::string::npos);
  CHECK(table.find("29.0") != std::string::npos);
  CHECK(table.find("28.0") != std::string::npos);
  CHECK(table.find("  pupils") != std::string::npos);
  CHECK(table.find("Total cost per year") != std::string::npos);
  CHECK(table.find("€11.2m") != std::string::npos);
  CHECK(table.find("€ per year") != std::string::npos);
  CHECK(table.find("50.0%") != std::string::npos);
  // Not a headline KPI, and a wait that is 0 everywhere: not in the table, the latter said so.
  CHECK(table.find("OOV (education") == std::string::npos);
  CHECK(table.find("1 headline KPI is 0 in every option and not shown.") != std::string::npos);
  // Every line fits in 100 columns.
  std::size_t start = 0;
  while (start < table.size()) {
    const std::size_t end = table.find('\n', start);
    CHECK(ozsim::output::table::display_width(table.substr(start, end - start)) <= 100);
    start = end + 1;
  }
}

TEST_CASE("compare: the terminal report is short by default and complete with --all-kpis") {
  const ozsim::analysis::Comparison comparison = three_options();
  const std::string short_report = ozsim::output::format_comparison(comparison);
  const std::string full_report = ozsim::output::format_comparison(comparison, 100, true);
  // The decision table opens both.
  CHECK(short_report.rfind("Options side by side", 0) == 0);
  CHECK(full_report.rfind("Options side by side", 0) == 0);
  // The difference rows name each KPI by the catalogue's label and unit, not by its key.
  // A label too long for its column gets a line of its own, the numbers below it.
  const std::string oov_row = "  OOV (education-care programme) (count date) (pupils)\n";
  CHECK(short_report.find(oov_row) == std::string::npos);
  CHECK(unwrapped(short_report).find("1 KPIs beyond the headline ones (--all-kpis shows them)") !=
        std::string::npos);
  CHECK(full_report.find(oov_row) != std::string::npos);
  CHECK(full_report.find("count.oov") == std::string::npos);
  // Costs in the one format, in the difference rows too.
  CHECK(short_report.find("€100,000") != std::string::npos);
  // The share's difference row is in percentage points, its interval too (the row after the decision table;
  // a long label has a line of its own, the numbers below it).
  const std::size_t share_row = full_report.find("hare at home > 3 months without an offer (%)");
  REQUIRE(share_row != std::string::npos);
  const std::size_t numbers = full_report.find('\n', share_row) + 1;
  const std::string share_numbers = full_report.substr(numbers, full_report.find('\n', numbers) - numbers);
  std::size_t in_points = 0;  // the difference, and both ends of its interval
  for (std::size_t at = share_numbers.find(" pp"); at != std::string::npos;
       at = share_numbers.find(" pp", at + 1))
    ++in_points;
  CHECK(in_points == 3);
  CHECK(unwrapped(full_report).find("a share's in percentage points (pp)") != std::string::npos);
}
