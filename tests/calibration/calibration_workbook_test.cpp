// calibrate.xlsx: a free key's values and the particles' weights show in their cells at any scale.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "calibration/bridge/report.hpp"
#include "sim/output/workbook.hpp"

using namespace ozsim;

TEST_CASE("calibrate.xlsx: a calibrated hazard of 0.004 and a weight of 0.03 are not shown as 0.00") {
  // Found by opening calibrate.xlsx of `ozsim calibrate scenarios/tiny.toml --xlsx` with a free
  // onset.hazard_per_year.po: its mean 0.0041 and interval 0.0021-0.0097 had the two-decimal format, so the
  // summary sheet read 0.00 [0.00, 0.01] and the posterior sheet's every particle 0.00.
  calibration::Population posterior;
  posterior.particles = {{0.0041, 60.0}, {0.0023, 61.0}};
  posterior.weights = {0.97, 0.03};
  posterior.distances = {0.25, 0.002};
  const std::vector<calibration::ParameterSummary> summary = {
      {"onset.hazard_per_year.po", 0.0041, 0.0021, 0.0035, 0.0021, 0.0097, 0.0021, 0.0082}};
  const output::Workbook book = calibration::calibration_workbook(
      {"onset.hazard_per_year.po", "provisions.oov.capacity"}, posterior, summary, {}, {});
  REQUIRE(book.sheets.size() == 4);
  const output::Sheet& parameters = book.sheets[0];
  REQUIRE(parameters.name == "summary");
  for (std::size_t c = 1; c < parameters.rows[0].size(); ++c) {
    CAPTURE(parameters.header[c]);
    CHECK(parameters.rows[0][c].style == output::CellStyle::General);
  }
  const output::Sheet& particles = book.sheets[3];
  REQUIRE(particles.name == "posterior");
  for (const auto& row : particles.rows) {
    CHECK(row[0].style == output::CellStyle::Whole);  // the particle's number
    for (std::size_t c = 1; c < row.size(); ++c) CHECK(row[c].style == output::CellStyle::General);
  }
}
