// The KPI catalogue: every KPI the model writes belongs to exactly one family,
// names and labels are built from the families, and README.md's KPI table is
// the catalogue's. After a change to the catalogue, refresh README.md with
//   OZSIM_UPDATE_README=1 ./build/release/tests/ozsim_tests -tc="*README*"
#include "sim/model/kpi_catalogue.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "sim/analysis/summary_stats.hpp"
#include "sim/output/atomic_file.hpp"
#include "tests/model/model_test_support.hpp"

using namespace ozsim;

namespace {

const model::KpiCatalogue& catalogue() {
  return model::kpi_catalogue();
}

// The name the catalogue makes from what find() read out of a name: the same name, if both are right.
std::string name_again(const model::KpiName& kpi) {
  return catalogue().name(kpi.family->id, {.setting = kpi.setting,
                                           .to = kpi.to,
                                           .provision = kpi.provision,
                                           .payer = kpi.payer,
                                           .region = kpi.region,
                                           .year = kpi.year,
                                           .level = kpi.level});
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("KPI catalogue: every KPI of every bundled scenario belongs to exactly one family") {
  std::set<std::string_view> families_seen;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(OZSIM_SOURCE_DIR) + "/scenarios")) {
    const std::string file = entry.path().filename().string();
    // Six years: past every warm-up, so by-year families are written too.
    const scenario::LoadedScenario s = scenario::load_scenario(entry.path().string(), {"simulation.years=6"});
    const model::RunResult r = model::run_replication(s.config, 1, 0);
    REQUIRE(!r.kpis.empty());
    for (const auto& [name, value] : r.kpis) {
      INFO(file << ": " << name << " = " << value);
      std::optional<model::KpiName> kpi;
      REQUIRE_NOTHROW(kpi = catalogue().find(name));  // find throws when two families match
      REQUIRE(kpi.has_value());
      families_seen.insert(kpi->family->pattern);
      if (!kpi->family->can_be_negative) CHECK(value >= 0.0);
      if (kpi->family->unit == model::KpiUnit::Share) CHECK(value <= 1.0);
      CHECK(name_again(*kpi) == name);
    }
  }
  // No family is declared that no bundled scenario writes.
  for (const model::KpiFamily& family : catalogue().families()) {
    INFO(family.pattern);
    CHECK(families_seen.count(family.pattern) == 1);
  }
}

TEST_CASE("KPI catalogue: lookup binds the parameters and labels read in Dutch and English") {
  const auto count = catalogue().find("count.thuiszitter");
  REQUIRE(count);
  CHECK(count->family->id == model::KpiId::Count);
  CHECK(count->setting == model::Setting::Thuiszitter);
  CHECK(count->label(model::Language::Dutch) == "Thuiszitters (peildatum)");
  const auto wait = catalogue().find("wait_days.oov.mean");
  REQUIRE(wait);
  CHECK(wait->family->unit == model::KpiUnit::Days);
  CHECK(wait->provision == "oov");
  CHECK(wait->label(model::Language::Dutch) == "Wachttijd OOV (dagen)");
  CHECK(catalogue().find("wait_days.so_cluster3.mean")->label(model::Language::English) ==
        "Wait for special education (SO), cluster 3 (days)");
  const auto flow = catalogue().find("flow.thuiszitter.exit_moved.2021");
  REQUIRE(flow);
  CHECK(flow->family->sparse);
  CHECK(flow->year == 2021);
  CHECK(flow->label(model::Language::Dutch) == "Van thuiszitters naar verhuisd (2021/22)");
  CHECK(catalogue().family(model::KpiId::PlacesPerYear).name_prefix() == "places.");
  CHECK(catalogue().family(model::KpiId::CostTotalPerYear).name_prefix() == "cost.");
  CHECK(catalogue().find("cost.total.per_year")->family->id == model::KpiId::CostTotalPerYear);
  CHECK(catalogue().find("cost.gemeente.per_year")->payer == "gemeente");
  CHECK(catalogue().find("cost.gemeente.2021")->family->id == model::KpiId::CostByYear);
  CHECK(catalogue().find("count.home_over_norm")->family->id == model::KpiId::HomeOverNorm);
  // As the monitors count: by level, distinct pupils over a school year, time without education.
  const auto so = catalogue().find("count.so_vso.po.2021");
  REQUIRE(so);
  CHECK(so->family->id == model::KpiId::CountByLevelByYear);
  CHECK(so->level == model::Level::Po);
  CHECK(so->label(model::Language::Dutch) == "SO/VSO, PO-leeftijd (peildatum 2021/22)");
  CHECK(catalogue().find("count.so_vso.vo.2021")->label(model::Language::English) ==
        "Special education (SO/VSO), secondary age (count date 2021/22)");
  CHECK(catalogue().find("waiting.so_cluster4.po.2021")->label(model::Language::Dutch) ==
        "Wachtlijst SO cluster 4, PO-leeftijd (peildatum 2021/22)");
  CHECK(catalogue().find("distinct.thuiszitter.2021")->label(model::Language::Dutch) ==
        "Thuiszitters in schooljaar 2021/22 (unieke leerlingen)");
  CHECK(catalogue().find("count.long_thuiszitter.2021")->family->id == model::KpiId::LongThuiszitterByYear);
  CHECK(catalogue().find("no_education.months.per_year")->label(model::Language::Dutch) ==
        "Tijd zonder onderwijs per jaar (maanden)");
  CHECK(catalogue().find("no_education.months.2021")->family->unit == model::KpiUnit::Months);
  CHECK_FALSE(catalogue().find("count.so_vso.mbo.2021"));
  // Not KPIs the model writes.
  CHECK_FALSE(catalogue().find("count.exited"));
  CHECK_FALSE(catalogue().find("count.thuiszitter.21"));
  CHECK_FALSE(catalogue().find("flow.oov.exit_nowhere.per_year"));
  CHECK_FALSE(catalogue().find("cost.gemeente.perjaar"));
  CHECK_FALSE(catalogue().find("home..mean_days"));
  CHECK_FALSE(catalogue().find(""));
}

TEST_CASE("KPI catalogue: find picks each family among those sharing its first word, and binds it") {
  // find() looks a name up among the families whose pattern starts with the name's first word ("count",
  // "home", "region", ...): a name built from any family's pattern must come back as that family.
  const model::KpiBinding binding{.setting = model::Setting::Thuiszitter,
                                  .to = "exit_moved",
                                  .provision = "oov@utrecht",
                                  .payer = "gemeente",
                                  .region = "utrecht",
                                  .year = 2024,
                                  .level = model::Level::Vo};
  for (const model::KpiFamily& family : catalogue().families()) {
    const std::string name = catalogue().name(family.id, binding);
    INFO(family.pattern << " as " << name);
    const std::optional<model::KpiName> kpi = catalogue().find(name);
    REQUIRE(kpi.has_value());
    CHECK(kpi->family == &family);
    CHECK(name.starts_with(family.name_prefix()));  // readers look a family up in that range of a map
    CHECK(name_again(*kpi) == name);
  }
  CHECK(catalogue().family(model::KpiId::PlacesPerYear).name_prefix() == "places.");
  CHECK(catalogue().family(model::KpiId::CostTotalPerYear).name_prefix() == "cost.");
  CHECK(catalogue().find("cost.total.per_year")->family->id == model::KpiId::CostTotalPerYear);
  CHECK(catalogue().find("cost.swv.per_year")->family->id == model::KpiId::CostPerYear);
  CHECK(catalogue().find("jos.occupancy")->family->id == model::KpiId::JosOccupancy);
  CHECK(catalogue().find("occupancy.jos")->family->id == model::KpiId::Occupancy);
  CHECK_FALSE(catalogue().find("count"));                              // a first word alone
  CHECK_FALSE(catalogue().find("nothing.thuiszitter"));                // a first word no pattern has
  CHECK_FALSE(catalogue().find("region.a.b.c.d.e.f.g.h.i.per_year"));  // longer than every pattern
}

TEST_CASE("KPI catalogue: headline KPIs and the values of absent KPIs") {
  const std::vector<std::string> headlines = catalogue().headline_names({"oov", "sbo"});
  CHECK(headlines.size() == catalogue().headline_patterns().size() + 1);
  CHECK(headlines.front() == "count.thuiszitter");
  CHECK(std::find(headlines.begin(), headlines.end(), "wait_days.sbo.mean") != headlines.end());
  for (const std::string& name : headlines) {
    INFO(name);
    CHECK(catalogue().is_headline(name));
  }
  CHECK_FALSE(catalogue().is_headline("count.oov"));
  CHECK_FALSE(catalogue().is_headline("count.thuiszitter.2021"));
  const std::map<std::string, double> kpis = {{"count.thuiszitter", 3.0}};
  CHECK(catalogue().value(kpis, "count.thuiszitter") == 3.0);
  CHECK(catalogue().value(kpis, "flow.oov.sbo.per_year") == 0.0);  // sparse: absent means none
  CHECK_FALSE(catalogue().value(kpis, "count.oov").has_value());   // dense: absent means not written
}

TEST_CASE("flows: a replication writes only the flows that happened, and summaries read absent ones as 0") {
  const scenario::LoadedScenario s = scenario::load_scenario(test::scenario_path("tiny.toml"));
  std::vector<model::RunResult> runs;
  for (std::uint32_t r = 0; r < 4; ++r) runs.push_back(model::run_replication(s.config, 2, r));
  std::set<std::string> flows_written;
  std::size_t possible_flows = 0;
  for (const model::KpiFamily& family : catalogue().families()) possible_flows += family.sparse ? 1 : 0;
  REQUIRE(possible_flows == 3);  // flow.<setting>.<to>.per_year and .<year>, region.<region>.flow...
  for (const model::RunResult& r : runs)
    for (const auto& [name, value] : r.kpis)
      if (catalogue().find(name)->family->sparse) {
        INFO(name);
        CHECK(value > 0.0);
        flows_written.insert(name);
      }
  // 13 settings x 17 targets (13 settings, 4 exits) less the stays, per year and as a mean: most never
  // happen.
  const std::size_t every_flow = 13 * 16 * static_cast<std::size_t>(1 + s.config.simulation.years);
  CHECK(!flows_written.empty());
  CHECK(flows_written.size() < every_flow / 2);
  // A flow written by some replications only is summarised over all of them, absent ones as 0.
  const analysis::ScenarioSummary summary = analysis::summarize_kpis(runs, "tiny");
  CHECK(summary.incomplete.empty());
  std::size_t partly_written = 0;
  for (const std::string& name : flows_written) {
    std::size_t written = 0;
    double sum = 0.0;
    for (const model::RunResult& r : runs)
      if (const auto it = r.kpis.find(name); it != r.kpis.end()) {
        ++written;
        sum += it->second;
      }
    const analysis::Summary& flow = summary.kpis.at(name);
    CHECK(flow.n == runs.size());
    CHECK(flow.mean == doctest::Approx(sum / static_cast<double>(runs.size())));
    partly_written += written < runs.size() ? 1 : 0;
  }
  CHECK(partly_written > 0);  // the case above was exercised
}

TEST_CASE("README.md's KPI table is the catalogue's") {
  const std::string path = std::string(OZSIM_SOURCE_DIR) + "/README.md";
  const std::string begin_marker = "<!-- kpi-table: generated from sim/model/kpi_catalogue.cpp -->\n";
  const std::string end_marker = "<!-- kpi-table end -->\n";
  const std::string readme = read_text(path);
  const std::size_t begin = readme.find(begin_marker);
  const std::size_t end = readme.find(end_marker);
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  const std::size_t body = begin + begin_marker.size();
  const std::string expected = catalogue().markdown_table();
  if (std::getenv("OZSIM_UPDATE_README") != nullptr) {
    output::write_file_atomically(path, readme.substr(0, body) + expected + readme.substr(end));
    MESSAGE("rewrote the KPI table in " << path);
    return;
  }
  INFO(
      "README.md's KPI table differs from the catalogue; refresh it with "
      "OZSIM_UPDATE_README=1 ./build/release/tests/ozsim_tests -tc=\"*README*\"");
  CHECK(readme.substr(body, end - body) == expected);
}

TEST_CASE("every payer a scenario may name has a Dutch and an English label") {
  for (std::string_view payer : model::PAYER_NAMES) {
    INFO(payer);
    CHECK(model::payer_label(payer, model::Language::English) != payer);
    CHECK_FALSE(model::payer_label(payer, model::Language::Dutch).empty());
  }
}

TEST_CASE("a cost KPI names its payer in words, a catchment's partners too") {
  // The label a report, a workbook and the terminal show: not the scenario's key.
  CHECK(catalogue().find("cost.swv_po.per_year")->label(model::Language::Dutch) ==
        "Kosten samenwerkingsverband PO per jaar");
  CHECK(catalogue().find("cost.gemeente.2021")->label(model::Language::English) ==
        "Cost to municipality (gemeente) (2021/22)");
  // A catchment's partners are named by the scenario (midden-holland.toml: holland_rijnland).
  CHECK(model::payer_label("holland_rijnland", model::Language::Dutch) == "Holland Rijnland");
  CHECK(model::payer_label("holland_rijnland", model::Language::English) == "Holland Rijnland");
}

TEST_CASE("every provision of every bundled scenario has a Dutch and an English label, not its key") {
  // Found in the report: so_cluster4 and cluster4_out_of_region showed as raw keys.
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(OZSIM_SOURCE_DIR) + "/scenarios")) {
    const scenario::LoadedScenario s = scenario::load_scenario(entry.path().string(), {});
    for (const model::ProvisionConfig& provision : s.config.provisions) {
      INFO(entry.path().filename().string() << ": " << provision.name);
      // A provision named after its setting (dagbesteding, sbo) reads as the setting does.
      if (model::setting_from_name(provision.name)) continue;
      CHECK(model::provision_label(provision.name, model::Language::Dutch) != provision.name);
      CHECK(model::provision_label(provision.name, model::Language::English) != provision.name);
    }
  }
  // A provision a scenario invents reads as its name with spaces.
  CHECK(model::provision_label("herstart_so", model::Language::Dutch) == "herstart so");
}
