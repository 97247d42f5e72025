#include "sim/output/decision_table.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "sim/model/kpi_catalogue.hpp"
#include "sim/output/table.hpp"

namespace ozsim::output {
namespace {

// The headline KPIs the comparison has, in the catalogue's reading order (one wait per provision).
std::vector<const analysis::PairedKpi*> headline_rows(const analysis::AltComparison& first) {
  const model::KpiCatalogue& catalogue = model::kpi_catalogue();
  std::vector<const analysis::PairedKpi*> rows;
  for (const std::string_view pattern : catalogue.headline_patterns())
    for (const analysis::PairedKpi& kpi : first.paired.kpis) {
      const std::optional<model::KpiName> name = catalogue.find(kpi.kpi);
      if (name && (kpi.kpi == pattern || name->family->pattern == pattern)) rows.push_back(&kpi);
    }
  return rows;
}

const analysis::PairedKpi* find(const analysis::AltComparison& alt, const std::string& kpi) {
  const auto it = std::find_if(alt.paired.kpis.begin(), alt.paired.kpis.end(),
                               [&](const analysis::PairedKpi& k) { return k.kpi == kpi; });
  return it == alt.paired.kpis.end() ? nullptr : &*it;
}

std::string interval_cell(const std::string& kpi, const analysis::Summary& s) {
  if (s.n < 2 || std::isnan(s.lo95) || std::isnan(s.hi95)) return "";
  return "[" + terminal_value(kpi, s.lo95) + ", " + terminal_value(kpi, s.hi95) + "]";
}

}  // namespace

std::string terminal_euros(double value) {
  return params::euros_compact(value, params::Language::En);
}

std::string terminal_kpi_label(const std::string& kpi) {
  const std::optional<model::KpiName> name = model::kpi_catalogue().find(kpi);
  if (!name) return kpi;
  std::string label = name->label(model::Language::English);
  const std::string unit =
      model::unit_label(name->family->unit, name->family->per_year, model::Language::English);
  if (!unit.empty() && label.find("(" + unit + ")") == std::string::npos) label += " (" + unit + ")";
  return label;
}

std::string terminal_value(const std::string& kpi, double value) {
  const std::optional<model::KpiName> name = model::kpi_catalogue().find(kpi);
  if (name && name->family->unit == model::KpiUnit::Euros) return terminal_euros(value);
  if (name && name->family->unit == model::KpiUnit::Share)
    return params::percent(value, 1, params::Language::En);
  return table::human(value);
}

std::string terminal_difference(const std::string& kpi, double difference) {
  const std::optional<model::KpiName> name = model::kpi_catalogue().find(kpi);
  if (name && name->family->unit == model::KpiUnit::Share)
    return params::grouped(difference * 100.0, 1, params::Language::En) + " pp";
  return terminal_value(kpi, difference);
}

std::string format_decision_table(const analysis::Comparison& comparison, std::size_t width) {
  if (comparison.alternatives.empty()) return "";
  const std::vector<const analysis::PairedKpi*> rows = headline_rows(comparison.alternatives.front());
  if (rows.empty()) return "";
  const model::KpiCatalogue& catalogue = model::kpi_catalogue();
  std::vector<std::string> options{comparison.base};
  for (const auto& alt : comparison.alternatives) options.push_back(alt.scenario);

  // Two lines per KPI: its label and the options' means; its unit and the options' intervals.
  struct Line {
    std::string label;
    std::vector<std::string> cells;
  };
  std::vector<Line> lines;
  const auto zero = [](const analysis::Summary& s) { return s.n > 0 && s.mean == 0.0 && !(s.sd > 0.0); };
  std::size_t left_out = 0;
  for (const analysis::PairedKpi* row : rows) {
    // A wait at a provision nobody waited for in any option says nothing to decide on.
    bool all_zero = zero(row->base);
    for (const auto& alt : comparison.alternatives) {
      const analysis::PairedKpi* k = find(alt, row->kpi);
      all_zero = all_zero && k && zero(k->alt);
    }
    if (all_zero) {
      ++left_out;
      continue;
    }
    const model::KpiName name = *catalogue.find(row->kpi);
    Line values{name.label(model::Language::English), {terminal_value(row->kpi, row->base.mean)}};
    Line intervals{
        "  " + model::unit_label(name.family->unit, name.family->per_year, model::Language::English),
        {interval_cell(row->kpi, row->base)}};
    for (const auto& alt : comparison.alternatives) {
      const analysis::PairedKpi* k = find(alt, row->kpi);
      values.cells.push_back(k && k->alt.n > 0 ? terminal_value(row->kpi, k->alt.mean) : "-");
      intervals.cells.push_back(k ? interval_cell(row->kpi, k->alt) : "");
    }
    lines.push_back(std::move(values));
    lines.push_back(std::move(intervals));
  }

  std::size_t label_width = 3, cell_width = 10;
  for (const Line& line : lines) {
    label_width = std::max(label_width, table::display_width(line.label));
    for (const std::string& cell : line.cells) cell_width = std::max(cell_width, table::display_width(cell));
  }
  for (const std::string& option : options) cell_width = std::max(cell_width, table::display_width(option));
  cell_width += 2;
  // A label too long for the line goes on a line of its own, so no name is cut.
  const std::size_t fixed = options.size() * cell_width;
  if (fixed + label_width > width && width > fixed + 20) label_width = width - fixed;

  std::string out;
  for (const std::string& line : table::wrap(
           "Options side by side: each option's mean over " + std::to_string(comparison.replications) +
               " replications (common random numbers, master seed " + std::to_string(comparison.master_seed) +
               ") and, below it, its unit and 95% interval.",
           width, "  "))
    out += line + "\n";
  const auto emit = [&](const std::string& label, const std::vector<std::string>& cells) {
    std::string text;
    if (table::display_width(label) > label_width) {
      out += label + "\n";
      text = std::string(label_width, ' ');
    } else {
      text = table::pad_right(label, label_width);
    }
    for (const std::string& cell : cells) text += table::pad_left(cell, cell_width);
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out += text + "\n";
  };
  emit("", options);
  std::vector<std::string> roles{"BASE"};
  for (std::size_t i = 1; i < options.size(); ++i) roles.push_back("ALT");
  emit("KPI, unit", roles);
  for (const Line& line : lines) emit(line.label, line.cells);
  if (left_out > 0)
    out += std::to_string(left_out) + " headline KPI" + (left_out == 1 ? " is" : "s are") +
           " 0 in every option and not shown.\n";
  return out;
}

}  // namespace ozsim::output
