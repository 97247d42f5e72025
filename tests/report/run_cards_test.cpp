// The run report's headline cards are the ones the README lists.
#include <doctest/doctest.h>

#include <string>

#include "report_test_support.hpp"
#include "sim/report/html_report.hpp"
#include "sim/report/output_folder.hpp"

using namespace ozsim::report;
using ozsim::params::Language;

namespace {

std::string card_label(const std::string& label) {
  return "<div class=\"card\"><div class=\"label\">" + label + "</div>";
}

// A run folder of the midden-holland scenario, as the report reads it.
OutputFolder midden_holland_run() {
  OutputFolder folder;
  folder.path = "out/mh";
  folder.kind = FolderKind::Run;
  folder.summary = ozsim::test::run_files("midden-holland.toml").summary;
  return folder;
}

}  // namespace

TEST_CASE("run report: the cards show individuele begeleiding and the months without education") {
  const OutputFolder folder = midden_holland_run();
  ReportOptions options;
  options.echarts.library = "/* echarts stand-in */";

  const std::string dutch = render_report(folder, options);
  const std::size_t dagbesteding = dutch.find(card_label("Dagbesteding (peildatum)"));
  const std::size_t individuele_begeleiding = dutch.find(card_label("Individuele begeleiding (peildatum)"));
  const std::size_t no_education = dutch.find(card_label("Tijd zonder onderwijs per jaar (maanden)"));
  const std::size_t home_months = dutch.find(card_label("Thuiszitmaanden per jaar"));
  REQUIRE(dagbesteding != std::string::npos);
  REQUIRE(home_months != std::string::npos);
  CHECK(individuele_begeleiding != std::string::npos);
  CHECK(no_education != std::string::npos);
  // In the README's order: dagbesteding, individuele begeleiding, ..., months without education, time at
  // home.
  CHECK(dagbesteding < individuele_begeleiding);
  CHECK(no_education < home_months);

  options.language = Language::En;
  const std::string english = render_report(folder, options);
  CHECK(english.find(card_label("Individual support (count date)")) != std::string::npos);
  CHECK(english.find(card_label("Time without education per year (months)")) != std::string::npos);
}

TEST_CASE("run report: a card whose label says per year does not say it again beside the amount") {
  const OutputFolder folder = midden_holland_run();
  ReportOptions options;
  options.echarts.library = "/* echarts stand-in */";
  for (const Language language : {Language::Nl, Language::En}) {
    options.language = language;
    const std::string html = render_report(folder, options);
    const std::string label = language == Language::Nl ? "Totale kosten per jaar" : "Total cost per year";
    const std::size_t card = html.find(card_label(label));
    REQUIRE(card != std::string::npos);
    const std::string card_html = html.substr(card, html.find("</div></div>", card) - card);
    CHECK(card_html.find("<span class=\"unit\"></span>") != std::string::npos);
  }
}
