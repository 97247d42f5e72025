#include "sim/output/run_output.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string_view>
#include <tuple>
#include <utility>

#include "sim/analysis/summary_stats.hpp"
#include "sim/model/calendar.hpp"
#include "sim/model/kpi_catalogue.hpp"
#include "sim/output/atomic_file.hpp"
#include "sim/output/costs_csv.hpp"
#include "sim/output/decision_table.hpp"
#include "sim/output/precision_output.hpp"
#include "sim/output/table.hpp"
#include "sim/params/csv.hpp"
#include "sim/params/number_format.hpp"

namespace ozsim::output {
namespace {

nlohmann::json summary_to_json(const analysis::Summary& s) {
  const auto value = [](double v) { return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v); };
  return {{"mean", value(s.mean)},
          {"lo95", value(s.lo95)},
          {"hi95", value(s.hi95)},
          {"sd", value(s.sd)},
          {"n", s.n}};
}

// A value of `document` (dump(2) text) swapped for other text: the one of its first-level `key`, which the
// document was built with as the string `placeholder`. Matched with the key and the indent, so that a string
// elsewhere that happens to read like the placeholder stays as it is.
struct Splice {
  std::string_view key;
  std::string_view placeholder;
  std::string_view text;
};
std::string splice(const std::string& document, std::initializer_list<Splice> splices) {
  struct At {
    std::size_t value_start, value_end;
    std::string_view text;
  };
  std::vector<At> at;
  std::size_t size = document.size();
  for (const Splice& s : splices) {
    const std::string entry = "\n  \"" + std::string(s.key) + "\": \"" + std::string(s.placeholder) + '"';
    const std::size_t found = document.find(entry);
    if (found == std::string::npos)
      throw std::logic_error("summary_json: placeholder of " + std::string(s.key) + " not found");
    const std::size_t value_end = found + entry.size();
    const std::size_t value_start = value_end - (s.placeholder.size() + 2);  // at the placeholder's quote
    at.push_back({value_start, value_end, s.text});
    size += s.text.size();
  }
  std::sort(at.begin(), at.end(), [](const At& a, const At& b) { return a.value_start < b.value_start; });
  std::string out;
  out.reserve(size);
  std::size_t from = 0;
  for (const At& a : at) {
    out.append(document, from, a.value_start - from);
    out += a.text;
    from = a.value_end;
  }
  out.append(document, from, std::string::npos);
  return out;
}

std::string interval_text(const analysis::Summary& s, int decimals, bool euros) {
  // Euros as every terminal table shows them (decision_table.hpp: "€5,928,673").
  const auto text = [&](double v) {
    return euros ? terminal_euros(v) : params::grouped(v, decimals, params::Language::En);
  };
  std::string out = table::pad_left(text(s.mean), 10);
  if (s.n >= 2 && !std::isnan(s.lo95)) out += "  [" + text(s.lo95) + ", " + text(s.hi95) + "]";
  return out;
}

}  // namespace

std::string date_of_day(int start_year, double day) {
  return model::iso_date(model::date_of_day(start_year, day));
}

namespace {

// summary_json() with the KPI summary already made: write_run_outputs needs it for two files, and making it
// takes a map of thousands of KPIs.
std::string summary_json_of(const model::ScenarioConfig& config, const RunMeta& meta,
                            const analysis::RunReduction& results, const analysis::ScenarioSummary& summary) {
  // The fingerprints, one per replication, are the one part that grows with the replications: they go into
  // the text as dump(2) would write them (about 24 bytes a replication in memory), not as JSON values (about
  // 200). The KPIs stay a json tree: nlohmann writes JSON, not this file.
  const std::string fingerprints_placeholder = "@fingerprints@";
  nlohmann::json kpis = nlohmann::json::object();
  for (const auto& [name, s] : summary.kpis) kpis[name] = summary_to_json(s);
  nlohmann::json doc = {
      {"scenario", meta.scenario_name},
      {"scenario_file", meta.scenario_file},
      {"seed", meta.seed},
      {"replications", results.replications()},
      {"start_year", config.simulation.start_year},
      {"years", config.simulation.years},
      {"warmup_years", config.simulation.warmup_years},
      {"interval",
       "95% interval of the mean over replications: Student t, on the log scale for a KPI that cannot be "
       "negative and the logit scale for a share, so it stays in range (docs/statistics.md)"},
      {"fingerprints", fingerprints_placeholder},
      {"kpis", std::move(kpis)},
  };
  // What a report needs beside the KPIs: the description, each provision's
  // places (the capacity line), the norm, and every value with its basis.
  if (meta.precision) doc["precision"] = precision_json(*meta.precision);
  doc["description"] = meta.description;
  doc["norm_days"] = config.kpi.norm_days;
  nlohmann::json provisions = nlohmann::json::array();
  for (const model::ProvisionConfig& p : config.provisions) {
    nlohmann::json changes = nlohmann::json::array();
    for (const model::CapacityChange& c : p.capacity_changes)
      changes.push_back({{"year", c.year}, {"capacity", c.capacity}});
    provisions.push_back({{"name", p.name}, {"capacity", p.capacity}, {"capacity_changes", changes}});
  }
  doc["provisions"] = provisions;
  nlohmann::json values = nlohmann::json::array();
  for (const ScenarioValue& v : meta.values)
    values.push_back(
        {{"key", v.key}, {"value", v.value}, {"location", v.location}, {"basis", v.basis}, {"note", v.note}});
  doc["scenario_values"] = values;
  doc["scenario_files"] = meta.files;
  const std::vector<std::uint64_t>& fingerprints = results.fingerprints();
  std::string fingerprints_text;
  if (fingerprints.empty()) {
    fingerprints_text = "[]";
  } else {
    fingerprints_text.reserve(fingerprints.size() * 24 + 8);
    fingerprints_text = "[";
    for (std::size_t r = 0; r < fingerprints.size(); ++r) {
      char line[40];
      std::snprintf(line, sizeof line, "%s\n    \"%016llx\"", r == 0 ? "" : ",",
                    static_cast<unsigned long long>(fingerprints[r]));
      fingerprints_text += line;
    }
    fingerprints_text += "\n  ]";
  }
  return splice(doc.dump(2) + "\n", {{"fingerprints", fingerprints_placeholder, fingerprints_text}});
}

}  // namespace

std::string summary_json(const model::ScenarioConfig& config, const RunMeta& meta,
                         const analysis::RunReduction& results) {
  return summary_json_of(config, meta, results, results.kpi_summary());
}

std::string timeseries_csv(const model::ScenarioConfig& config, const analysis::RunReduction& results,
                           params::CsvDialect dialect) {
  std::string out(params::csv_preamble(dialect));
  std::vector<std::string> fields = {"date", "day"};
  if (results.replications() == 0) return out + params::csv_line(fields, dialect);
  const std::vector<std::string>& names = results.series_names();
  const std::vector<double>& days = results.series_days();
  const std::vector<std::vector<double>> mean = results.series_mean();
  const std::vector<std::vector<analysis::Summary>> spread = results.series_summary();
  // The means first, then each series' 95% interval over the replications (empty with one replication), so
  // a reader that knows only the means reads the file as before.
  fields.insert(fields.end(), names.begin(), names.end());
  for (const std::string& name : names) {
    fields.push_back(name + ".lo95");
    fields.push_back(name + ".hi95");
  }
  out += params::csv_line(fields, dialect);
  params::CsvLine line(out, dialect);
  for (std::size_t m = 0; m < days.size(); ++m) {
    line.field(date_of_day(config.simulation.start_year, days[m]));
    line.number(days[m]);
    for (std::size_t c = 0; c < names.size(); ++c) line.number(mean[m][c]);
    for (const analysis::Summary& s : spread[m]) {
      line.number(s.lo95);
      line.number(s.hi95);
    }
    line.end();
  }
  return out;
}

std::string flows_csv(const analysis::RunReduction& results, params::CsvDialect dialect) {
  std::string out(params::csv_preamble(dialect));
  out += params::csv_line({"year", "from", "to", "count", "count_low95", "count_high95"}, dialect);
  // The interval of the mean over replications (a replication without the flow counts as 0), on the log
  // scale like every count's, so it never goes below zero.
  const auto spread = results.flows_summary();
  for (const auto& [key, mean] : results.flows_mean()) {
    const analysis::Summary& s = spread.at(key);
    out += params::csv_line({std::to_string(std::get<0>(key)), std::get<1>(key), std::get<2>(key),
                             params::csv_number(mean, dialect), params::csv_number(s.lo95, dialect),
                             params::csv_number(s.hi95, dialect)},
                            dialect);
  }
  return out;
}

std::string trace_csv(const analysis::RunReduction& results, params::CsvDialect dialect) {
  std::string out(params::csv_preamble(dialect));
  out += params::csv_line({"replication", "day", "pupil", "event", "from", "to"}, dialect);
  if (dialect == params::CsvDialect::Rfc4180) return out + results.trace_csv();
  // The model writes its trace in the default dialect: plain names, and only the day has a decimal point.
  std::string body = results.trace_csv();
  for (char& c : body) {
    if (c == ',')
      c = params::csv_separator(dialect);
    else if (c == '.')
      c = params::csv_decimal_mark(dialect);
  }
  return out + body;
}

std::string kpi_table(const model::ScenarioConfig& config, const analysis::RunReduction& results) {
  const analysis::ScenarioSummary summary = results.kpi_summary();
  const auto get = [&](const std::string& name) -> const analysis::Summary* {
    const auto it = summary.kpis.find(name);
    return it == summary.kpis.end() ? nullptr : &it->second;
  };
  std::string out;
  char line[200];
  std::snprintf(line, sizeof line, "%s: %zu replication%s, mean and 95%% interval\n", config.name.c_str(),
                results.replications(), results.replications() == 1 ? "" : "s");
  out += line;
  const auto row = [&](const std::string& label, const std::string& kpi, int decimals) {
    if (const analysis::Summary* s = get(kpi)) {
      const std::optional<model::KpiName> name = model::kpi_catalogue().find(kpi);
      const bool euros = name && name->family->unit == model::KpiUnit::Euros;
      std::snprintf(line, sizeof line, "  %-44s %s\n", label.c_str(),
                    interval_text(*s, decimals, euros).c_str());
      out += line;
    }
  };
  out += "Peildatum counts (1 October, mean over the reported school years)\n";
  const model::KpiCatalogue& catalogue = model::kpi_catalogue();
  for (model::Setting s : model::SETTINGS_IN_READING_ORDER)
    row(model::setting_name(s), catalogue.name(model::KpiId::Count, {.setting = s}), 1);
  row("at home > 3 months (thuiszitterspact norm)", catalogue.name(model::KpiId::HomeOverNorm), 1);
  if (config.regions.empty()) {
    out += "Waiting lists (peildatum) and mean wait in days\n";
    for (const model::ProvisionConfig& p : config.provisions) {
      if (p.capacity == 0 && p.capacity_changes.empty()) continue;
      row("waiting " + p.name, catalogue.name(model::KpiId::Waiting, {.provision = p.name}), 1);
      row("  wait days " + p.name, catalogue.name(model::KpiId::WaitDays, {.provision = p.name}), 0);
    }
  } else {
    // A provision per region would be a screen per kind: the kinds' totals here, each copy in the files.
    out += "Waiting lists (peildatum, mean, all regions together; each region's in summary.json)\n";
    for (std::size_t kind = 0; kind < config.provisions.size(); ++kind) {
      if (config.kind_of(kind) != kind) continue;
      double waiting = 0.0;
      bool any_places = false;
      for (std::size_t k = 0; k < config.provisions.size(); ++k) {
        if (config.kind_of(k) != kind) continue;
        const model::ProvisionConfig& p = config.provisions[k];
        any_places = any_places || p.capacity > 0 || !p.capacity_changes.empty();
        if (const analysis::Summary* s = get(catalogue.name(model::KpiId::Waiting, {.provision = p.name})))
          waiting += s->mean;
      }
      if (!any_places) continue;
      const std::string& name = config.provisions[kind].name;
      std::snprintf(line, sizeof line, "  %-44s %8.1f\n",
                    ("waiting " + name.substr(0, name.find('@'))).c_str(), waiting);
      out += line;
    }
    out += "Regions (means; intervals in summary.json and the report)\n";
    std::snprintf(line, sizeof line, "  %-18s %12s %9s %12s %11s %14s\n", "region", "thuiszitters", "waiting",
                  "no educ. m/y", "elsewhere/y", "cost/y");
    out += line;
    const auto mean_of = [&](model::KpiId id, const model::KpiBinding& binding) {
      const analysis::Summary* s = get(catalogue.name(id, binding));
      return s == nullptr ? 0.0 : s->mean;
    };
    for (const model::RegionConfig& region : config.regions) {
      const model::KpiBinding of{.region = region.name};
      std::snprintf(
          line, sizeof line, "  %-18s %12.1f %9.1f %12.1f %11.2f %14s\n", region.name.c_str(),
          mean_of(model::KpiId::RegionCount, {.setting = model::Setting::Thuiszitter, .region = region.name}),
          mean_of(model::KpiId::RegionWaiting, of), mean_of(model::KpiId::RegionNoEducationMonthsPerYear, of),
          mean_of(model::KpiId::RegionPlacedElsewherePerYear, of),
          terminal_euros(mean_of(model::KpiId::RegionCostTotalPerYear, of)).c_str());
      out += line;
    }
  }
  out += "Time at home (completed and running home spells, days)\n";
  row("mean", catalogue.name(model::KpiId::HomeMeanDays), 0);
  row("median", catalogue.name(model::KpiId::HomeMedianDays), 0);
  row("p90", catalogue.name(model::KpiId::HomeP90Days), 0);
  row("share of spells > 3 months without an offer", catalogue.name(model::KpiId::HomeShareOverNorm), 3);
  out += "Cost per school year (mean over the whole reported school years)\n";
  // Only the names that start as the cost KPIs do ("cost."), not all of them, are looked up.
  const std::string_view cost_prefix = catalogue.family(model::KpiId::CostPerYear).name_prefix();
  if (catalogue.family(model::KpiId::CostTotalPerYear).name_prefix() != cost_prefix)
    throw std::logic_error("kpi_table: the cost KPIs no longer share their first word");
  for (auto it = summary.kpis.lower_bound(std::string(cost_prefix));
       it != summary.kpis.end() && it->first.starts_with(cost_prefix); ++it) {
    const std::string& name = it->first;
    const std::optional<model::KpiName> kpi = catalogue.find(name);
    if (!kpi) continue;
    if (kpi->family->id == model::KpiId::CostPerYear) row(kpi->payer, name, 0);
    if (kpi->family->id == model::KpiId::CostTotalPerYear) row("total", name, 0);
  }
  return out;
}

std::vector<std::string> write_run_outputs(const std::string& dir, const model::ScenarioConfig& config,
                                           const RunMeta& meta, const analysis::RunReduction& results) {
  std::vector<std::string> written;
  const auto write = [&](const std::string& file, const std::string& content) {
    const std::string path = dir + "/" + file;
    write_file_atomically(path, content);
    written.push_back(path);
  };
  const analysis::ScenarioSummary summary = results.kpi_summary();
  write("summary.json", summary_json_of(config, meta, results, summary));
  write("timeseries.csv", timeseries_csv(config, results, meta.csv_dialect));
  write("flows.csv", flows_csv(results, meta.csv_dialect));
  write("costs.csv", costs_csv({{meta.scenario_name, &results.cost_lines()}}, meta.csv_dialect));
  write("provision_costs.csv", provision_costs_csv({{meta.scenario_name, &summary.kpis}}, meta.csv_dialect));
  if (meta.trace) write("trace.csv", trace_csv(results, meta.csv_dialect));
  return written;
}

analysis::RunReduction reduce(const std::vector<model::RunResult>& results, const std::string& scenario) {
  analysis::RunReduction reduction(scenario);
  for (const model::RunResult& r : results) reduction.add(model::RunResult(r));
  return reduction;
}

std::string summary_json(const model::ScenarioConfig& config, const RunMeta& meta,
                         const std::vector<model::RunResult>& results) {
  return summary_json(config, meta, reduce(results, meta.scenario_name));
}

std::string timeseries_csv(const model::ScenarioConfig& config,
                           const std::vector<model::RunResult>& results) {
  return timeseries_csv(config, reduce(results));
}

std::string flows_csv(const std::vector<model::RunResult>& results) {
  return flows_csv(reduce(results));
}

std::string kpi_table(const model::ScenarioConfig& config, const std::vector<model::RunResult>& results) {
  return kpi_table(config, reduce(results, config.name));
}

std::vector<std::string> write_run_outputs(const std::string& dir, const model::ScenarioConfig& config,
                                           const RunMeta& meta,
                                           const std::vector<model::RunResult>& results) {
  return write_run_outputs(dir, config, meta, reduce(results, meta.scenario_name));
}

}  // namespace ozsim::output
