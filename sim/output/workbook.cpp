#include "sim/output/workbook.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <tuple>

#include "sim/analysis/economics.hpp"
#include "sim/analysis/summary_stats.hpp"
#include "sim/model/kpi_catalogue.hpp"
#include "sim/output/compare_output.hpp"
#include "sim/output/costs_csv.hpp"
#include "sim/output/run_output.hpp"
#include "sim/params/csv.hpp"

namespace ozsim::output {
namespace {

// Excel's own format codes: the reader's spreadsheet shows them with its locale's decimal mark.
const char* format_code(CellStyle style) {
  switch (style) {
    case CellStyle::Whole:
      return "0";
    case CellStyle::Decimal:
      return "#,##0.00";
    case CellStyle::Euros:
      return "#,##0";
    case CellStyle::Share:
      return "0.0%";
    case CellStyle::PercentagePoints:
      return "0.0\" pp\"";
    case CellStyle::Text:
    case CellStyle::General:  // no format of its own: the cell's default
      break;
  }
  return nullptr;
}

std::string label_of(const std::string& kpi, model::Language language) {
  const std::optional<model::KpiName> found = model::kpi_catalogue().find(kpi);
  return found ? found->label(language) : "";
}

std::string unit_of(const std::string& kpi) {
  const std::optional<model::KpiName> found = model::kpi_catalogue().find(kpi);
  return found ? model::unit_text(*found->family) : "";
}

// kpi, label_nl, label_en, unit: the first columns of every KPI table.
void kpi_cells(std::vector<Cell>& row, const std::string& kpi) {
  row.push_back(text_cell(kpi));
  row.push_back(text_cell(label_of(kpi, model::Language::Dutch)));
  row.push_back(text_cell(label_of(kpi, model::Language::English)));
  row.push_back(text_cell(unit_of(kpi)));
}

Cell whole(std::size_t n) {
  return number_cell(static_cast<double>(n), CellStyle::Whole);
}

std::string basis_name(analysis::YearBasis basis) {
  return basis == analysis::YearBasis::CalendarYear ? "calendar" : "school";
}

// The budget rows of budget.csv for one BudgetImpact; `side` picks the base, alt or paired cells.
void budget_rows(Sheet& sheet, const std::string& scenario, const analysis::BudgetImpact& budget,
                 bool with_alternative) {
  for (const auto& row : budget.rows) {
    const std::string period = row.year ? analysis::period_label(budget.basis, *row.year)
                                        : analysis::period_label(budget.basis, budget.years.front()) + "-" +
                                              analysis::period_label(budget.basis, budget.years.back());
    for (const bool discounted : {false, true}) {
      const analysis::BudgetCell& cell = discounted ? row.discounted : row.undiscounted;
      std::vector<Cell> cells;
      if (with_alternative) cells.push_back(text_cell(scenario));
      cells.push_back(text_cell(basis_name(budget.basis)));
      cells.push_back(text_cell(row.payer));
      cells.push_back(row.year ? number_cell(*row.year, CellStyle::Whole) : text_cell("all"));
      cells.push_back(text_cell(period));
      cells.push_back(text_cell(discounted ? "yes" : "no"));
      cells.push_back(!discounted ? number_cell(1.0, CellStyle::Decimal)
                      : row.year  ? number_cell(row.discount_factor, CellStyle::Decimal)
                                  : Cell{});
      if (with_alternative) {
        for (double v : {cell.base.mean, cell.alt.mean, cell.diff.mean, cell.diff.lo95, cell.diff.hi95})
          cells.push_back(number_cell(v, CellStyle::Euros));
        cells.push_back(whole(cell.diff.n));
      } else {
        for (double v : {cell.base.mean, cell.base.lo95, cell.base.hi95})
          cells.push_back(number_cell(v, CellStyle::Euros));
        cells.push_back(whole(cell.base.n));
      }
      sheet.rows.push_back(std::move(cells));
    }
  }
}

class XlsxFile {
 public:
  explicit XlsxFile(const std::string& path) {
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE;
    book_ = workbook_new_opt(path.c_str(), &options);
    if (book_ == nullptr) throw std::runtime_error("cannot create '" + path + "'");
    // A fixed creation date: the same run gives the same bytes (the date is also the zip entries' time).
    lxw_doc_properties properties{};
    properties.created = 946684800;  // 2000-01-01
    workbook_set_properties(book_, &properties);
    header_ = workbook_add_format(book_);
    format_set_bold(header_);
    for (CellStyle style : {CellStyle::Whole, CellStyle::Decimal, CellStyle::Euros, CellStyle::Share,
                            CellStyle::PercentagePoints}) {
      lxw_format* format = workbook_add_format(book_);
      format_set_num_format(format, format_code(style));
      formats_[style] = format;
    }
  }
  ~XlsxFile() {
    if (book_ != nullptr) workbook_close(book_);  // only after a failure; frees the memory
  }
  XlsxFile(const XlsxFile&) = delete;
  XlsxFile& operator=(const XlsxFile&) = delete;

  void add(const Sheet& sheet) {
    lxw_worksheet* page = workbook_add_worksheet(book_, sheet.name.c_str());
    if (page == nullptr) throw std::logic_error("workbook: bad sheet name '" + sheet.name + "'");
    std::vector<std::size_t> widths(sheet.header.size(), 8);
    for (std::size_t c = 0; c < sheet.header.size(); ++c) {
      worksheet_write_string(page, 0, static_cast<lxw_col_t>(c), sheet.header[c].c_str(), header_);
      widths[c] = std::max(widths[c], sheet.header[c].size() + 2);
    }
    for (std::size_t r = 0; r < sheet.rows.size(); ++r) {
      const auto row = static_cast<lxw_row_t>(r + 1);
      for (std::size_t c = 0; c < sheet.rows[r].size(); ++c) {
        const Cell& cell = sheet.rows[r][c];
        const auto col = static_cast<lxw_col_t>(c);
        if (const auto* text = std::get_if<std::string>(&cell.value)) {
          if (!text->empty()) worksheet_write_string(page, row, col, text->c_str(), nullptr);
          if (c < widths.size()) widths[c] = std::max(widths[c], std::min<std::size_t>(text->size() + 2, 60));
        } else if (const auto* number = std::get_if<double>(&cell.value)) {
          worksheet_write_number(page, row, col, *number, formats_[cell.style]);
          if (c < widths.size()) widths[c] = std::max<std::size_t>(widths[c], 14);
        }
      }
    }
    for (std::size_t c = 0; c < widths.size(); ++c)
      worksheet_set_column(page, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           static_cast<double>(widths[c]), nullptr);
    worksheet_freeze_panes(page, 1, 0);
    if (!sheet.header.empty())
      worksheet_autofilter(page, 0, 0, static_cast<lxw_row_t>(sheet.rows.size()),
                           static_cast<lxw_col_t>(sheet.header.size() - 1));
  }

  void close(const std::string& shown) {
    const lxw_error error = workbook_close(book_);
    book_ = nullptr;
    if (error != LXW_NO_ERROR)
      throw std::runtime_error("cannot write '" + shown + "': " + lxw_strerror(error));
  }

 private:
  lxw_workbook* book_ = nullptr;
  lxw_format* header_ = nullptr;
  std::map<CellStyle, lxw_format*> formats_;
};

// A year as a cell: a calendar year is a number, as in the budget sheet; a school year is costs.csv's label
// ("2021/22"), text, so it is never read as the calendar year it starts in.
Cell year_cell(analysis::YearBasis basis, int year) {
  return basis == analysis::YearBasis::CalendarYear ? number_cell(year, CellStyle::Whole)
                                                    : text_cell(analysis::period_label(basis, year));
}

// The costs sheet: the rows of costs.csv, with its columns (the region column only with regions).
Sheet costs_sheet(const std::vector<std::pair<std::string, const analysis::CostLineReduction*>>& scenarios) {
  const bool regions = costs_have_regions(scenarios);
  Sheet sheet{"costs",
              {"scenario", "year_basis", "year", "payer", "item", "kind", "euros_mean", "euros_low95",
               "euros_high95", "replications"},
              {}};
  if (regions) sheet.header.insert(sheet.header.begin() + 3, "region");
  for (const auto& [scenario, lines] : scenarios)
    for (const analysis::CostLineRow& row : lines->rows()) {
      std::vector<Cell> cells = {text_cell(scenario),
                                 text_cell(analysis::to_string(row.basis)),
                                 year_cell(row.basis, row.key.year),
                                 text_cell(row.key.payer),
                                 text_cell(row.key.item),
                                 text_cell(model::cost_kind_name(row.key.kind)),
                                 number_cell(row.euros.mean, CellStyle::Euros),
                                 number_cell(row.euros.lo95, CellStyle::Euros),
                                 number_cell(row.euros.hi95, CellStyle::Euros),
                                 whole(row.euros.n)};
      if (regions) cells.insert(cells.begin() + 3, text_cell(row.key.region));
      sheet.rows.push_back(std::move(cells));
    }
  return sheet;
}

// The provision_costs sheet: the rows of provision_costs.csv.
Sheet provision_costs_sheet(const std::vector<std::pair<std::string, const KpiMeans*>>& scenarios) {
  Sheet sheet{
      "provision_costs",
      {"scenario", "provision", "places", "places_used", "utilisation_percent", "pupils_served_per_year",
       "euros_per_year", "euros_per_used_place_year", "euros_per_pupil_served"},
      {}};
  for (const ProvisionCostRow& row : provision_cost_rows(scenarios))
    sheet.rows.push_back({text_cell(row.scenario), text_cell(row.provision),
                          number_cell(row.places, CellStyle::Decimal),
                          number_cell(row.places_used, CellStyle::Decimal),
                          number_cell(row.utilisation_percent, CellStyle::Decimal),
                          number_cell(row.pupils_served_per_year, CellStyle::Decimal),
                          number_cell(row.euros_per_year, CellStyle::Euros),
                          number_cell(row.euros_per_used_place_year, CellStyle::Euros),
                          number_cell(row.euros_per_pupil_served, CellStyle::Euros)});
  return sheet;
}

// The regional figures a planner compares regions by, in this order; each payer's cost goes before the total.
constexpr model::KpiId REGION_FIGURES[] = {model::KpiId::RegionCount,
                                           model::KpiId::RegionWaiting,
                                           model::KpiId::RegionNoEducationMonthsPerYear,
                                           model::KpiId::RegionPlacedElsewherePerYear,
                                           model::KpiId::RegionOutOfRegionOccupancy,
                                           model::KpiId::RegionCostPerYear,
                                           model::KpiId::RegionCostTotalPerYear};
// Of the counts per setting, the ones that tell regions apart; the rest are in the summary sheet.
constexpr model::Setting REGION_SETTINGS[] = {model::Setting::Attending, model::Setting::Thuiszitter,
                                              model::Setting::AbsoluutVerzuim};

// The Regio's sheet: one row per region (in the order of the scenario), each figure as three columns: the
// mean under the figure's Dutch label, then lo95 and hi95.
Sheet regions_sheet(const model::ScenarioConfig& config, const analysis::ScenarioSummary& kpis) {
  const model::KpiCatalogue& catalogue = model::kpi_catalogue();
  // Per figure, the part of its name after "region.<region>." ("count.thuiszitter", "cost.swv.per_year").
  std::vector<std::pair<model::KpiId, std::string>> columns;  // (family, suffix), in column order
  std::map<std::pair<std::string, std::string>, const analysis::Summary*> found;  // (region, suffix)
  for (const auto& [name, summary] : kpis.kpis) {
    const std::optional<model::KpiName> kpi = catalogue.find(name);
    if (!kpi || std::find(std::begin(REGION_FIGURES), std::end(REGION_FIGURES), kpi->family->id) ==
                    std::end(REGION_FIGURES))
      continue;
    if (kpi->family->id == model::KpiId::RegionCount &&
        std::find(std::begin(REGION_SETTINGS), std::end(REGION_SETTINGS), *kpi->setting) ==
            std::end(REGION_SETTINGS))
      continue;
    const std::string prefix = "region." + kpi->region + ".";
    const std::string suffix = name.substr(prefix.size());
    found[{kpi->region, suffix}] = &summary;
    if (std::find(columns.begin(), columns.end(), std::pair{kpi->family->id, suffix}) == columns.end())
      columns.emplace_back(kpi->family->id, suffix);
  }
  const auto rank = [](const std::pair<model::KpiId, std::string>& column) {
    std::size_t family = static_cast<std::size_t>(
        std::find(std::begin(REGION_FIGURES), std::end(REGION_FIGURES), column.first) -
        std::begin(REGION_FIGURES));
    std::size_t setting = 0;
    for (std::size_t i = 0; i < std::size(REGION_SETTINGS); ++i)
      if (column.second == std::string("count.") + model::setting_name(REGION_SETTINGS[i])) setting = i;
    return std::tuple{family, setting, column.second};
  };
  std::sort(columns.begin(), columns.end(), [&](const auto& a, const auto& b) { return rank(a) < rank(b); });

  Sheet sheet{"Regio's", {"region", "regio"}, {}};
  for (const auto& [family, suffix] : columns) {
    // The catalogue's Dutch label of the figure, said of any region: "Thuiszitters in de regio (peildatum)".
    const std::string& region = config.regions.front().name;
    std::string label = label_of("region." + region + "." + suffix, model::Language::Dutch);
    const std::string named = model::region_label(region);
    if (const std::size_t at = label.find(named); at != std::string::npos)
      label.replace(at, named.size(), "de regio");
    sheet.header.push_back(label);
    sheet.header.emplace_back("lo95");
    sheet.header.emplace_back("hi95");
  }
  for (const model::RegionConfig& region : config.regions) {
    std::vector<Cell> row = {text_cell(region.name), text_cell(model::region_label(region.name))};
    for (const auto& [family, suffix] : columns) {
      const auto at = found.find({region.name, suffix});
      const CellStyle style = kpi_style("region." + region.name + "." + suffix);
      for (const double analysis::Summary::*field :
           {&analysis::Summary::mean, &analysis::Summary::lo95, &analysis::Summary::hi95})
        row.push_back(at == found.end() ? Cell{} : number_cell(at->second->*field, style));
    }
    sheet.rows.push_back(std::move(row));
  }
  return sheet;
}

}  // namespace

Cell number_cell(double value, CellStyle style) {
  if (!std::isfinite(value)) return {};
  return {value, style};
}

Cell text_cell(std::string text) {
  return {std::move(text), CellStyle::Text};
}

CellStyle kpi_style(const std::string& kpi) {
  const std::optional<model::KpiName> found = model::kpi_catalogue().find(kpi);
  if (!found) return CellStyle::Decimal;
  switch (found->family->unit) {
    case model::KpiUnit::Euros:
      return CellStyle::Euros;
    case model::KpiUnit::Share:
      return CellStyle::Share;
    default:
      return CellStyle::Decimal;
  }
}

Cell difference_cell(double difference, CellStyle kpi_style) {
  return kpi_style == CellStyle::Share ? number_cell(difference * 100.0, CellStyle::PercentagePoints)
                                       : number_cell(difference, kpi_style);
}

Workbook run_workbook(const model::ScenarioConfig& config, const analysis::RunReduction& results) {
  if (results.budget().discount_rate() != config.discount_rate)
    throw std::invalid_argument("run_workbook: the replications were reduced at a discount rate of " +
                                std::to_string(results.budget().discount_rate()) + ", the scenario's is " +
                                std::to_string(config.discount_rate));
  Workbook book;
  const analysis::ScenarioSummary kpis = results.kpi_summary();
  Sheet summary{"summary", {"kpi", "label_nl", "label_en", "unit", "mean", "lo95", "hi95", "sd", "n"}, {}};
  for (const auto& [kpi, s] : kpis.kpis) {
    std::vector<Cell> row;
    kpi_cells(row, kpi);
    const CellStyle style = kpi_style(kpi);
    for (double v : {s.mean, s.lo95, s.hi95, s.sd}) row.push_back(number_cell(v, style));
    row.push_back(whole(s.n));
    summary.rows.push_back(std::move(row));
  }
  book.sheets.push_back(std::move(summary));

  // From the replications' cost lines, as costs.csv: every row, calendar years and sums of years too, has
  // its interval and n.
  Sheet budget{"budget",
               {"year_basis", "payer", "year", "period", "discounted", "discount_factor", "mean_eur",
                "lo95_eur", "hi95_eur", "n"},
               {}};
  for (const auto basis : {analysis::YearBasis::SchoolYear, analysis::YearBasis::CalendarYear})
    budget_rows(budget, config.name, results.budget().impact(basis), false);
  book.sheets.push_back(std::move(budget));

  Sheet series{"timeseries", {"date", "day"}, {}};
  if (results.replications() > 0) {
    const std::vector<std::string>& names = results.series_names();
    const std::vector<double>& days = results.series_days();
    const std::vector<std::vector<double>> mean = results.series_mean();
    const std::vector<std::vector<analysis::Summary>> spread = results.series_summary();
    series.header.insert(series.header.end(), names.begin(), names.end());
    for (const std::string& name : names) {
      series.header.push_back(name + ".lo95");
      series.header.push_back(name + ".hi95");
    }
    for (std::size_t m = 0; m < days.size(); ++m) {
      std::vector<Cell> row = {text_cell(date_of_day(config.simulation.start_year, days[m])),
                               number_cell(days[m], CellStyle::Decimal)};
      for (std::size_t c = 0; c < names.size(); ++c)
        row.push_back(number_cell(mean[m][c], CellStyle::Decimal));
      for (const analysis::Summary& s : spread[m]) {
        row.push_back(number_cell(s.lo95, CellStyle::Decimal));
        row.push_back(number_cell(s.hi95, CellStyle::Decimal));
      }
      series.rows.push_back(std::move(row));
    }
  }
  book.sheets.push_back(std::move(series));
  // flows.csv: a school year named by the calendar year it starts in, a number as in the CSV file.
  Sheet flows{"flows", {"year", "from", "to", "count", "count_low95", "count_high95"}, {}};
  const auto flow_spread = results.flows_summary();
  for (const auto& [key, mean] : results.flows_mean()) {
    const analysis::Summary& s = flow_spread.at(key);
    flows.rows.push_back({number_cell(std::get<0>(key), CellStyle::Whole), text_cell(std::get<1>(key)),
                          text_cell(std::get<2>(key)), number_cell(mean, CellStyle::Decimal),
                          number_cell(s.lo95, CellStyle::Decimal), number_cell(s.hi95, CellStyle::Decimal)});
  }
  book.sheets.push_back(std::move(flows));
  book.sheets.push_back(costs_sheet({{config.name, &results.cost_lines()}}));
  book.sheets.push_back(provision_costs_sheet({{config.name, &kpis.kpis}}));
  if (!config.regions.empty()) book.sheets.push_back(regions_sheet(config, kpis));
  return book;
}

Workbook comparison_workbook(const analysis::Comparison& comparison) {
  Workbook book;
  Sheet summary{"summary",
                {"scenario", "kpi", "label_nl", "label_en", "unit", "base_mean", "alt_mean", "diff_mean",
                 "diff_lo95", "diff_hi95", "n", "headline", "p_value", "significant"},
                {}};
  for (const auto& alt : comparison.alternatives)
    for (const auto& kpi : alt.paired.kpis) {
      std::vector<Cell> row = {text_cell(alt.scenario)};
      kpi_cells(row, kpi.kpi);
      const CellStyle style = kpi_style(kpi.kpi);
      for (double v : {kpi.base.mean, kpi.alt.mean}) row.push_back(number_cell(v, style));
      for (double v : {kpi.diff.mean, kpi.diff.lo95, kpi.diff.hi95}) row.push_back(difference_cell(v, style));
      row.push_back(whole(kpi.diff.n));
      row.push_back(text_cell(kpi.headline ? "yes" : "no"));
      row.push_back(number_cell(kpi.p_value, CellStyle::Decimal));
      row.push_back(text_cell(kpi.significant ? "yes" : "no"));
      summary.rows.push_back(std::move(row));
    }
  book.sheets.push_back(std::move(summary));

  Sheet budget{"budget",
               {"scenario", "year_basis", "payer", "year", "period", "discounted", "discount_factor",
                "base_eur", "alt_eur", "diff_eur", "diff_lo95_eur", "diff_hi95_eur", "n"},
               {}};
  for (const auto& alt : comparison.alternatives)
    for (const analysis::BudgetImpact* impact : {&alt.budget, &alt.budget_calendar})
      budget_rows(budget, alt.scenario, *impact, true);
  book.sheets.push_back(std::move(budget));

  Sheet ce{"cost_effectiveness",
           {"scenario", "measure", "effect_kpi", "effect_unit", "averted_per_year", "averted_per_year_lo95",
            "averted_per_year_hi95", "extra_cost_eur_per_year", "extra_cost_lo95_eur_per_year",
            "extra_cost_hi95_eur_per_year", "method", "eur_per_unit_averted", "eur_per_unit_averted_lo95",
            "eur_per_unit_averted_hi95", "n", "note"},
           {}};
  for (const auto& alt : comparison.alternatives)
    for (const auto& row : alt.cost_effectiveness.rows) {
      std::vector<Cell> cells = {text_cell(alt.scenario), text_cell(row.measure), text_cell(row.source),
                                 text_cell(unit_of(row.source.substr(0, row.source.find(' '))))};
      for (double v : {row.averted.mean, row.averted.lo95, row.averted.hi95})
        cells.push_back(number_cell(v, CellStyle::Decimal));
      for (double v : {row.incremental_cost.mean, row.incremental_cost.lo95, row.incremental_cost.hi95})
        cells.push_back(number_cell(v, CellStyle::Euros));
      cells.push_back(text_cell(analysis::to_string(row.method)));
      for (double v : {row.ratio.mean, row.ratio.lo95, row.ratio.hi95})
        cells.push_back(number_cell(v, CellStyle::Euros));
      cells.push_back(whole(row.averted.n));
      cells.push_back(text_cell(row.note));
      ce.rows.push_back(std::move(cells));
    }
  // As cost_effectiveness.csv: one row per alternative for the catchments outside the region.
  for (const auto& alt : comparison.alternatives) {
    const auto& c = alt.cost_effectiveness.catchment_incremental_cost;
    if (c.n == 0) continue;
    std::vector<Cell> cells = {text_cell(alt.scenario),
                               text_cell(analysis::catchment_measure(alt.cost_effectiveness)), text_cell(""),
                               text_cell("")};
    for (int i = 0; i < 3; ++i) cells.push_back(number_cell(analysis::NOT_AVAILABLE, CellStyle::Decimal));
    for (double v : {c.mean, c.lo95, c.hi95}) cells.push_back(number_cell(v, CellStyle::Euros));
    cells.push_back(text_cell(analysis::to_string(analysis::RatioMethod::NotDefined)));
    for (int i = 0; i < 3; ++i) cells.push_back(number_cell(analysis::NOT_AVAILABLE, CellStyle::Euros));
    cells.push_back(whole(c.n));
    cells.push_back(text_cell(analysis::CATCHMENT_NOTE));
    ce.rows.push_back(std::move(cells));
  }
  book.sheets.push_back(std::move(ce));
  if (comparison.nested) {
    Sheet effects{"posterior_effects",
                  {"scenario", "kpi", "unit", "mean", "credible_lo95", "credible_hi95", "mc_error",
                   "p_below_zero", "noise_share", "draws"},
                  {}};
    for (const auto& alt : comparison.nested->alternatives)
      for (const auto& e : alt.effects) {
        std::vector<Cell> row = {text_cell(alt.scenario), text_cell(e.kpi), text_cell(unit_of(e.kpi))};
        const CellStyle style = kpi_style(e.kpi);
        for (double v : {e.mean, e.lo95, e.hi95, e.mc_error}) row.push_back(number_cell(v, style));
        row.push_back(number_cell(e.p_below_zero, CellStyle::Share));
        row.push_back(number_cell(e.noise_share, CellStyle::Share));
        row.push_back(whole(e.draws));
        effects.rows.push_back(std::move(row));
      }
    book.sheets.push_back(std::move(effects));
    Sheet ceac{"ceac", {"scenario", "eur_per_home_month", "probability_cost_effective"}, {}};
    for (const auto& alt : comparison.nested->alternatives)
      for (const auto& point : alt.acceptability)
        ceac.rows.push_back({text_cell(alt.scenario),
                             number_cell(point.value_per_home_month, CellStyle::Euros),
                             number_cell(point.probability, CellStyle::Share)});
    book.sheets.push_back(std::move(ceac));
  }
  book.sheets.push_back(costs_sheet(comparison_cost_lines(comparison)));
  const std::vector<std::pair<std::string, KpiMeans>> means = comparison_kpi_means(comparison);
  std::vector<std::pair<std::string, const KpiMeans*>> provisions;
  for (const auto& [scenario, kpis] : means) provisions.emplace_back(scenario, &kpis);
  book.sheets.push_back(provision_costs_sheet(provisions));
  return book;
}

Workbook sweep_workbook(const analysis::SweepResult& result) {
  Sheet summary{"summary", {"point"}, {}};
  for (const auto& axis : result.axes) summary.header.push_back(axis.key);
  for (const char* column : {"kpi", "label_nl", "label_en", "unit", "mean", "lo95", "hi95", "n"})
    summary.header.emplace_back(column);
  if (result.has_baseline)
    for (const char* column : {"diff_mean", "diff_lo95", "diff_hi95"}) summary.header.emplace_back(column);
  for (const auto& point : result.points)
    for (const auto& [kpi, s] : point.summary.kpis) {
      std::vector<Cell> row = {whole(point.point.index)};
      // A swept value is a TOML value as given: a number cell when it is a number, else its text.
      for (const auto& override_value : point.point.overrides) {
        double value = 0.0;
        row.push_back(params::csv_parse_number(override_value.second, params::CsvDialect::Rfc4180, value)
                          ? number_cell(value, CellStyle::General)
                          : text_cell(override_value.second));
      }
      kpi_cells(row, kpi);
      const CellStyle style = kpi_style(kpi);
      for (double v : {s.mean, s.lo95, s.hi95}) row.push_back(number_cell(v, style));
      row.push_back(whole(s.n));
      if (result.has_baseline) {
        const auto diff = point.differences.find(kpi);
        const analysis::Summary d = diff == point.differences.end() ? analysis::Summary{} : diff->second;
        for (double v : {d.mean, d.lo95, d.hi95}) row.push_back(difference_cell(v, style));
      }
      summary.rows.push_back(std::move(row));
    }
  Workbook book;
  book.sheets.push_back(std::move(summary));
  return book;
}

void write_xlsx(const Workbook& workbook, const std::string& path) {
  const std::filesystem::path target(path);
  const std::string temporary =
      (target.parent_path() / ("." + target.filename().string() + ".tmp." + std::to_string(::getpid())))
          .string();
  try {
    XlsxFile file(temporary);
    for (const Sheet& sheet : workbook.sheets) file.add(sheet);
    file.close(path);
    if (std::rename(temporary.c_str(), path.c_str()) != 0)
      throw std::runtime_error("cannot write '" + path + "': " + std::strerror(errno));
  } catch (...) {
    std::remove(temporary.c_str());
    throw;
  }
}

}  // namespace ozsim::output
