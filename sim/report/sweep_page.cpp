// The report of a sweep: each headline KPI against the swept values, as levels or, after
// `sweep --baseline`, as paired differences from the baseline scenario.
#include <set>

#include "sim/report/page.hpp"

namespace ozsim::report {
namespace {

// The baseline scenario file of `sweep --baseline`, as manifest.json records it.
std::string baseline_file(const OutputFolder& folder) {
  if (!folder.manifest || !folder.manifest->contains("inputs")) return {};
  for (const Json& input : (*folder.manifest)["inputs"])
    if (text_at(input, "role") == "baseline") return text_at(input, "path");
  return {};
}

}  // namespace

void sweep_page(Page& page, const OutputFolder& folder, const ReportOptions& options) {
  const Language language = options.language;
  if (!folder.sweep) {
    page.heading(1, pick(language, "Gevoeligheid: kerncijfers bij verschillende waarden",
                         "Sweep: headline figures across values"));
    page.missing(
        pick(language, "sweep.csv ontbreekt in deze map, dus er zijn geen kerncijfers. Maak het met:",
             "sweep.csv is missing from this folder, so there are no figures. Make it with:"),
        "ozsim sweep SCENARIO --set KEY=V1,V2,... --out " + folder.path);
    return;
  }
  const CsvTable& sweep = *folder.sweep;
  const bool differences = sweep_has_differences(sweep);
  const std::string baseline = baseline_file(folder);
  page.heading(1, differences
                      ? pick(language, "Gevoeligheid: verschil met de basis bij verschillende waarden",
                             "Sweep: difference from the baseline across values")
                      : pick(language, "Gevoeligheid: kerncijfers bij verschillende waarden",
                             "Sweep: headline figures across values"));
  std::string keys;
  for (const std::string& key : swept_keys(sweep)) keys += (keys.empty() ? "" : ", ") + key;
  page.paragraph(std::string(pick(language, "Gevarieerd: ", "Varied: ")) + keys, "meta");
  if (differences)
    page.paragraph(
        say(language,
            "Elk punt is vergeleken met het basisscenario {} op dezelfde toevalsgetallen per "
            "replicatie (gepaard): een punt gelijk aan de basis heeft precies verschil nul.",
            "Each point is compared with the baseline scenario {} on the same random numbers per "
            "replication (paired): a point equal to the baseline has a difference of exactly zero.",
            baseline.empty() ? std::string("?") : baseline),
        "meta");
  const int c_kpi = sweep.column("kpi");
  std::set<std::string> present;
  for (const auto& row : sweep.rows)
    if (c_kpi >= 0) present.insert(row[static_cast<std::size_t>(c_kpi)]);
  for (const std::string& kpi : headline_kpis(provisions_in({present.begin(), present.end()})))
    if (present.count(kpi)) page.chart(sweep_chart(sweep, kpi, language, differences));
  reproducibility(page, folder, options,
                  "ozsim sweep SCENARIO --set KEY=V1,V2,..." +
                      (differences ? " --baseline " + (baseline.empty() ? std::string("BASELINE") : baseline)
                                   : std::string()) +
                      " --out " + folder.path);
}

}  // namespace ozsim::report
