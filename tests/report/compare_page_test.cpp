// What the compare report tells a planner: no effect read into an interval around 0, colours that follow
// compare.csv's significance, shares' differences in percentage points, and the years a yearly mean covers.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "sim/report/charts.hpp"
#include "sim/report/html_report.hpp"
#include "sim/report/output_folder.hpp"

using namespace ozsim::report;
using Json = nlohmann::json;
using ozsim::params::Language;

namespace {

Json stats(double mean, double lo, double hi) {
  return Json{{"mean", mean}, {"lo95", lo}, {"hi95", hi}, {"n", 5}};
}

// A compare folder of one alternative, "opbouwarrangement", against "midden-holland".
OutputFolder compare_folder(const Json& alternative_fields) {
  Json alternative = {{"scenario", "opbouwarrangement"}, {"kpis", Json::array()}};
  alternative.update(alternative_fields);
  OutputFolder folder;
  folder.path = "out/cmp";
  folder.kind = FolderKind::Compare;
  folder.compare = Json{{"base", "midden-holland"},
                        {"replications", 5},
                        {"master_seed", 1},
                        {"alternatives", Json::array({alternative})}};
  return folder;
}

std::string report_of(const OutputFolder& folder, Language language) {
  ReportOptions options;
  options.language = language;
  options.echarts.library = "/* echarts stand-in */";
  return render_report(folder, options);
}

}  // namespace

TEST_CASE("compare report: an effect whose interval includes 0 is no detectable effect, as the CSV notes") {
  // ozsim compare midden-holland opbouwarrangement -r 5: dagbesteding placements averted -0.210 a year,
  // 95% interval [-1.091, 0.670]; cost_effectiveness.csv notes "no detectable effect".
  const Json row = {
      {"measure", "dagbesteding placement"},
      {"method", "not defined"},
      {"euros_per_unit_averted", {{"n", 0}, {"mean", nullptr}, {"lo95", nullptr}, {"hi95", nullptr}}},
      {"averted_per_year", stats(-0.21003, -1.09052, 0.67046)},
      {"incremental_cost_per_year", stats(229453.0, 164891.5, 294014.6)},
      {"note", "no detectable effect: the 95% interval of the effect includes 0"}};
  const OutputFolder folder = compare_folder({{"cost_effectiveness",
                                               {{"cost_basis", "euros per year"},
                                                {"cost_basis_nl", "euro per jaar"},
                                                {"rows", Json::array({row})}}}});

  const std::string dutch = report_of(folder, Language::Nl);
  CHECK(dutch.find("méér") == std::string::npos);
  CHECK(dutch.find("er valt niets te voorkomen") == std::string::npos);
  CHECK(dutch.find("opbouwarrangement: geen aantoonbaar effect op plaatsingen in dagbesteding: gemiddeld "
                   "-0,21 per jaar voorkomen, maar het 95%-interval (-1,09 tot 0,67) bevat 0; daarom geen "
                   "bedrag per voorkomen plaatsing in dagbesteding.") != std::string::npos);

  const std::string english = report_of(folder, Language::En);
  CHECK(english.find("more of a") == std::string::npos);
  CHECK(english.find("nothing is averted") == std::string::npos);
  CHECK(english.find("opbouwarrangement: no detectable effect on placements in dagbesteding: -0.21 averted a "
                     "year on average, but the 95% interval (-1.09 to 0.67) includes 0; so no amount per "
                     "placement in dagbesteding averted.") != std::string::npos);
}

TEST_CASE("compare report: an effect clearly the wrong way still says the alternative gives more") {
  const Json row = {{"measure", "dagbesteding placement"},
                    {"method", "ratio of mean differences"},
                    {"euros_per_unit_averted", stats(-250000.0, -900000.0, -120000.0)},
                    {"averted_per_year", stats(-0.9, -1.4, -0.4)},
                    {"incremental_cost_per_year", stats(229453.0, 164891.5, 294014.6)}};
  const OutputFolder folder = compare_folder({{"cost_effectiveness",
                                               {{"cost_basis", "euros per year"},
                                                {"cost_basis_nl", "euro per jaar"},
                                                {"rows", Json::array({row})}}}});
  const std::string dutch = report_of(folder, Language::Nl);
  CHECK(dutch.find("geeft ongeveer 0,90 keer een plaatsing in dagbesteding per jaar méér") !=
        std::string::npos);
  CHECK(dutch.find("geen aantoonbaar effect") == std::string::npos);
}

TEST_CASE("compare report: the decision table colours what compare.csv marks significant, nothing else") {
  // From ozsim compare midden-holland opbouwarrangement -r 5: the thuiszitters' interval misses 0 but does
  // not survive Benjamini-Hochberg (significant=no in compare.csv); the risicoleerlingen and the total
  // cost do.
  const auto row = [](const char* name, double base, double d, double lo, double hi,
                      const Json& significant) {
    Json k = {{"kpi", name},
              {"base", stats(base, base * 0.9, base * 1.1)},
              {"alt", stats(base + d, (base + d) * 0.9, (base + d) * 1.1)},
              {"diff", stats(d, lo, hi)}};
    if (!significant.is_null()) k["significant"] = significant;
    return k;
  };
  const OutputFolder folder = compare_folder(
      {{"kpis", Json::array({row("count.thuiszitter", 23.87, -0.622, -1.220, -0.024, false),
                             row("count.risicoleerling", 255.0, -11.8, -13.3, -10.4, true),
                             row("cost.total.per_year", 49468635.0, 296722.0, 235051.0, 358392.0, true),
                             // A folder from before the flag: no colour, whatever the interval.
                             row("count.vrijstelling_5a", 59.9, -0.64, -1.0, -0.29, nullptr)})}});

  const std::string dutch = report_of(folder, Language::Nl);
  CHECK(dutch.find("<span class=\"\">-0,62</span>") != std::string::npos);
  CHECK(dutch.find("<span class=\"better\">-11,8</span>") != std::string::npos);
  CHECK(dutch.find("<span class=\"worse\">+€ 296.722</span>") != std::string::npos);
  CHECK(dutch.find("<span class=\"\">-0,64</span>") != std::string::npos);
  CHECK(dutch.find("interval zonder nul") == std::string::npos);
  CHECK(dutch.find("zoals de kolom significant in compare.csv") != std::string::npos);

  const std::string english = report_of(folder, Language::En);
  CHECK(english.find("<span class=\"\">-0.62</span>") != std::string::npos);
  CHECK(english.find("interval without zero)") == std::string::npos);
  CHECK(english.find("as the column significant in compare.csv") != std::string::npos);
}

TEST_CASE("compare report: a difference of shares is in percentage points, in the table and on the axis") {
  // home.share_over_3m_without_offer 0.4721 -> 0.4534: 1.9 percentage points fewer, not 1.9% fewer.
  const Json share = {{"kpi", "home.share_over_3m_without_offer"},
                      {"base", stats(0.47205, 0.41703, 0.52776)},
                      {"alt", stats(0.45344, 0.40466, 0.50314)},
                      {"diff", stats(-0.018609, -0.027852, -0.009366)},
                      {"significant", true}};
  const OutputFolder folder = compare_folder({{"kpis", Json::array({share})}});

  const std::string dutch = report_of(folder, Language::Nl);
  CHECK(dutch.find("47,2%") != std::string::npos);  // the levels stay shares
  CHECK(dutch.find("-1,9%") == std::string::npos);
  CHECK(dutch.find("<span class=\"better\">-1,9 procentpunt</span>") != std::string::npos);
  CHECK(dutch.find("-2,8 – -0,9 procentpunt") != std::string::npos);
  const Chart forest = forest_chart(*folder.compare, "home.share_over_3m_without_offer", Language::Nl);
  CHECK(forest.unit == "procentpunt");
  CHECK(forest.option["xAxis"]["name"] == "verschil met basis, procentpunt");
  CHECK(forest.option["ozsim"]["format"] == "points");  // the page script's ticks: -1,9, not -1,9%

  const std::string english = report_of(folder, Language::En);
  CHECK(english.find("-1.9%") == std::string::npos);
  CHECK(english.find("-1.9 percentage points") != std::string::npos);
  CHECK(forest_chart(*folder.compare, "home.share_over_3m_without_offer", Language::En)
            .option["xAxis"]["name"] == "difference from base, percentage points");

  // A sweep against a baseline draws the same differences.
  const CsvTable sweep = parse_csv(
      "point,provisions.oov.capacity,kpi,mean,lo95,hi95,n,diff_mean,diff_lo95,diff_hi95\n"
      "0,0,home.share_over_3m_without_offer,0.5,0.45,0.55,4,0.03,0.01,0.05\n"
      "1,3,home.share_over_3m_without_offer,0.47,0.42,0.52,4,0,0,0\n");
  const Chart differences = sweep_chart(sweep, "home.share_over_3m_without_offer", Language::Nl, true);
  CHECK(differences.unit == "verschil met basis, procentpunt");
  CHECK(differences.option["ozsim"]["format"] == "points");
  const Chart levels = sweep_chart(sweep, "home.share_over_3m_without_offer", Language::Nl);
  CHECK(levels.unit == "%");
  CHECK(levels.option["ozsim"]["format"] == "percent");
}

TEST_CASE("compare report: a per-year difference names the school years it is the mean of") {
  // cost.total.per_year +€ 296.722 is the mean over 2019/20–2027/28, the five years before the lever starts
  // (a difference of 0) included.
  Json kpis = Json::array();
  for (int year = 2019; year <= 2027; ++year)
    kpis.push_back({{"kpi", "count.thuiszitter." + std::to_string(year)},
                    {"base", stats(24.0, 20.0, 28.0)},
                    {"alt", stats(24.0, 20.0, 28.0)},
                    {"diff", stats(0.0, 0.0, 0.0)}});
  kpis.push_back({{"kpi", "cost.total.per_year"},
                  {"base", stats(49468635.0, 48600000.0, 50400000.0)},
                  {"alt", stats(49765357.0, 48900000.0, 50700000.0)},
                  {"diff", stats(296722.0, 235051.0, 358392.0)},
                  {"significant", true}});
  kpis.push_back({{"kpi", "count.thuiszitter"},
                  {"base", stats(23.87, 20.08, 28.36)},
                  {"alt", stats(23.24, 19.26, 28.05)},
                  {"diff", stats(-0.622, -1.220, -0.024)},
                  {"significant", false}});
  const OutputFolder folder = compare_folder({{"kpis", kpis}});

  const std::string dutch = report_of(folder, Language::Nl);
  CHECK(dutch.find("<small>€ per jaar, gemiddeld over schooljaren 2019/20–2027/28</small>") !=
        std::string::npos);
  CHECK(dutch.find("+€ 296.722") != std::string::npos);  // the number itself unchanged
  CHECK(dutch.find("Per jaar: het gemiddelde over schooljaren 2019/20–2027/28, elk jaar even zwaar, ook een "
                   "jaar waarin een alternatief nog niets verandert") != std::string::npos);
  CHECK(dutch.find("<small>leerlingen</small>") != std::string::npos);  // a count on the peildatum is no rate
  const Chart cost = forest_chart(*folder.compare, "cost.total.per_year", Language::Nl);
  CHECK(cost.title == "Totale kosten per jaar, gemiddeld over schooljaren 2019/20–2027/28");
  CHECK(cost.caption.find("schooljaren 2019/20–2027/28") != std::string::npos);
  CHECK(forest_chart(*folder.compare, "count.thuiszitter", Language::Nl).title ==
        "Thuiszitters (peildatum), schooljaren 2019/20–2027/28");

  const std::string english = report_of(folder, Language::En);
  CHECK(english.find("<small>€ per year, mean over school years 2019/20–2027/28</small>") !=
        std::string::npos);
  CHECK(forest_chart(*folder.compare, "cost.total.per_year", Language::En).title ==
        "Total cost per year, mean over school years 2019/20–2027/28");
}
