#include "sim/output/costs_csv.hpp"

#include <optional>

#include "sim/model/kpi_catalogue.hpp"

namespace ozsim::output {

bool costs_have_regions(
    const std::vector<std::pair<std::string, const analysis::CostLineReduction*>>& scenarios) {
  for (const auto& [scenario, lines] : scenarios)
    for (const analysis::CostLineRow& row : lines->rows())
      if (!row.key.region.empty()) return true;
  return false;
}

std::string costs_csv(
    const std::vector<std::pair<std::string, const analysis::CostLineReduction*>>& scenarios,
    params::CsvDialect dialect) {
  // Only a run with regions gets the column, so the file of a run without them stays as it was.
  const bool regions = costs_have_regions(scenarios);
  std::vector<std::string> header = {"scenario", "year_basis", "year",        "payer",        "item",
                                     "kind",     "euros_mean", "euros_low95", "euros_high95", "replications"};
  if (regions) header.insert(header.begin() + 3, "region");
  std::string csv(params::csv_preamble(dialect));
  csv += params::csv_line(header, dialect);
  params::CsvLine line(csv, dialect);
  for (const auto& [scenario, lines] : scenarios)
    for (const analysis::CostLineRow& row : lines->rows()) {
      line.field(scenario);
      line.field(analysis::to_string(row.basis));
      line.field(analysis::period_label(row.basis, row.key.year));
      if (regions) line.field(row.key.region);
      line.field(row.key.payer);
      line.field(row.key.item);
      line.field(model::cost_kind_name(row.key.kind));
      line.number(row.euros.mean);
      line.number(row.euros.lo95);
      line.number(row.euros.hi95);
      line.field(std::to_string(row.euros.n));
      line.end();
    }
  return csv;
}

std::vector<ProvisionCostRow> provision_cost_rows(
    const std::vector<std::pair<std::string, const KpiMeans*>>& scenarios) {
  const model::KpiCatalogue& catalogue = model::kpi_catalogue();
  std::vector<ProvisionCostRow> rows;
  for (const auto& [scenario, kpis] : scenarios) {
    const auto mean = [&](model::KpiId id, const std::string& provision) {
      const auto found = kpis->find(catalogue.name(id, {.provision = provision}));
      return found == kpis->end() ? 0.0 : found->second.mean;
    };
    const auto ratio = [](double euros, double per) {
      return per > 0.0 ? euros / per : analysis::NOT_AVAILABLE;
    };
    // Only the names that start as the places KPIs do ("places."), not all of them, are looked up.
    const std::string_view prefix = catalogue.family(model::KpiId::PlacesPerYear).name_prefix();
    for (auto it = kpis->lower_bound(std::string(prefix)); it != kpis->end() && it->first.starts_with(prefix);
         ++it) {
      const auto& [name, summary] = *it;
      const std::optional<model::KpiName> kpi = catalogue.find(name);
      if (!kpi || kpi->family->id != model::KpiId::PlacesPerYear) continue;
      const std::string& provision = kpi->provision;
      // The occupancy KPI is each replication's places x utilisation; the product of their means is not its
      // mean when the places differ between replications.
      const double used = mean(model::KpiId::Occupancy, provision);
      const double served = mean(model::KpiId::ServedPerYear, provision);
      const double euros = mean(model::KpiId::CostOfItemPerYear, provision);
      rows.push_back({scenario, provision, summary.mean, used,
                      100.0 * mean(model::KpiId::Utilisation, provision), served, euros, ratio(euros, used),
                      ratio(euros, served)});
    }
  }
  return rows;
}

std::string provision_costs_csv(const std::vector<std::pair<std::string, const KpiMeans*>>& scenarios,
                                params::CsvDialect dialect) {
  const auto number = [dialect](double v) { return params::csv_number(v, dialect); };
  std::string csv(params::csv_preamble(dialect));
  csv += params::csv_line(
      {"scenario", "provision", "places", "places_used", "utilisation_percent", "pupils_served_per_year",
       "euros_per_year", "euros_per_used_place_year", "euros_per_pupil_served"},
      dialect);
  for (const ProvisionCostRow& row : provision_cost_rows(scenarios))
    csv += params::csv_line(
        {row.scenario, row.provision, number(row.places), number(row.places_used),
         number(row.utilisation_percent), number(row.pupils_served_per_year), number(row.euros_per_year),
         number(row.euros_per_used_place_year), number(row.euros_per_pupil_served)},
        dialect);
  return csv;
}

}  // namespace ozsim::output
