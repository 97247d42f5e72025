#include "sim/output/compare_output.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "sim/analysis/multiplicity.hpp"
#include "sim/model/kpi_catalogue.hpp"
#include "sim/output/atomic_file.hpp"
#include "sim/output/costs_csv.hpp"
#include "sim/output/decision_table.hpp"
#include "sim/output/posterior_output.hpp"
#include "sim/output/precision_output.hpp"
#include "sim/output/table.hpp"

namespace ozsim::output {

namespace {

// count.sbo.2024, cost.gemeente.2025: the per-year breakdowns that would flood a terminal.
bool is_per_year_kpi(const std::string& kpi) {
  const std::optional<model::KpiName> found = model::kpi_catalogue().find(kpi);
  return found && found->family->by_year();
}

bool is_flow_kpi(const std::string& kpi) {
  const std::optional<model::KpiName> found = model::kpi_catalogue().find(kpi);
  return found &&
         (found->family->id == model::KpiId::FlowPerYear || found->family->id == model::KpiId::FlowByYear);
}

std::string difference_interval(const std::string& kpi, double lo, double hi) {
  if (std::isnan(lo) || std::isnan(hi)) return "";
  return "[" + terminal_difference(kpi, lo) + ", " + terminal_difference(kpi, hi) + "]";
}

std::string euro_interval(double lo, double hi) {
  if (std::isnan(lo) || std::isnan(hi)) return "";
  return "[" + terminal_euros(lo) + ", " + terminal_euros(hi) + "]";
}

bool excludes_zero(const analysis::Summary& s) {
  return s.n >= 2 && (s.lo95 > 0.0 || s.hi95 < 0.0);
}

std::string percent(double rate) {
  std::string text = table::human(rate * 100.0);
  return text + "%";
}

void append_wrapped(std::string& out, const std::string& text, std::size_t width, const std::string& indent) {
  for (const auto& line : table::wrap(text, width > indent.size() ? width - indent.size() : 1, "  "))
    out += indent + line + "\n";
}

constexpr std::size_t NUMBER = 12;

// A table row: a label, right-aligned numbers and free text after them (an
// interval). Rows with no numbers are group titles.
struct Row {
  std::string label;
  std::vector<std::string> numbers;
  std::string trailing;
};

// The label column is as wide as the longest label, but never so wide that the
// numbers and the longest trailing text run past `width`; a label that does not
// fit goes on a line of its own, so no name is cut.
void render(std::string& out, const Row& header, const std::vector<Row>& rows, std::size_t width) {
  std::size_t label_width = table::display_width(header.label) + 1;
  std::size_t trailing_width = table::display_width(header.trailing);
  for (const auto& row : rows) {
    if (row.numbers.empty()) continue;
    label_width = std::max(label_width, table::display_width(row.label) + 1);
    trailing_width = std::max(trailing_width, table::display_width(row.trailing));
  }
  const std::size_t fixed = header.numbers.size() * NUMBER + (trailing_width > 0 ? 2 + trailing_width : 0);
  if (fixed < width) label_width = std::min(label_width, width - fixed);
  auto emit = [&](const Row& row) {
    if (row.numbers.empty()) {
      out += row.label + "\n";
      return;
    }
    std::string line;
    if (table::display_width(row.label) + 1 > label_width) {
      out += row.label + "\n";
      line = std::string(label_width, ' ');
    } else {
      line = table::pad_right(row.label, label_width);
    }
    for (const auto& number : row.numbers) line += table::pad_left(number, NUMBER);
    if (!row.trailing.empty()) line += "  " + row.trailing;
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  };
  emit(header);
  for (const auto& row : rows) emit(row);
}

bool all_zero(const analysis::Summary& s) {
  return s.n > 0 && s.mean == 0.0 && !(s.sd > 0.0);
}

void format_kpis(std::string& out, const analysis::AltComparison& alt, std::size_t width, bool all_kpis) {
  static const std::vector<std::pair<std::string, std::string>> GROUPS = {
      {"home", "Home"},
      {"waiting", "Waiting"},
      {"counts", "Counts, stays and flows"},
      {"costs", "Costs per payer"},
      {"other", "Other"}};
  std::vector<Row> rows;
  std::size_t per_year = 0, quiet_flows = 0, zeros = 0, identical = 0, beyond_headline = 0;
  for (const auto& [group, title] : GROUPS) {
    bool titled = false;
    for (const auto& kpi : alt.paired.kpis) {
      if (kpi_group(kpi.kpi) != group) continue;
      const bool missing = kpi.diff.n == 0;
      // By default the headline KPIs, what a council reads; --all-kpis shows the rest.
      if (!all_kpis && !missing && !model::kpi_catalogue().is_headline(kpi.kpi)) {
        ++beyond_headline;
        continue;
      }
      // The terminal keeps what a reader scans for; compare.csv has every KPI.
      if (!missing && is_per_year_kpi(kpi.kpi)) {
        ++per_year;
        continue;
      }
      if (!missing && all_zero(kpi.base) && all_zero(kpi.alt)) {
        ++zeros;
        continue;
      }
      // Home KPIs are the headline and stay even when nothing changed.
      if (!missing && group != "home" && all_zero(kpi.diff)) {
        ++identical;
        continue;
      }
      if (!missing && is_flow_kpi(kpi.kpi) && !excludes_zero(kpi.diff)) {
        ++quiet_flows;
        continue;
      }
      if (!titled) {
        rows.push_back({title, {}, {}});
        titled = true;
      }
      std::string trailing = difference_interval(kpi.kpi, kpi.diff.lo95, kpi.diff.hi95);
      if (kpi.significant) trailing += " *";
      if (missing) trailing = "missing: see below";
      rows.push_back({"  " + terminal_kpi_label(kpi.kpi),
                      {terminal_value(kpi.kpi, kpi.base.mean), terminal_value(kpi.kpi, kpi.alt.mean),
                       terminal_difference(kpi.kpi, kpi.diff.mean)},
                      trailing});
    }
  }
  render(out, {"KPI", {"BASE", "ALT", "difference"}, "95% interval"}, rows, width);
  std::string note =
      "* a headline KPI whose difference stays significant with the false-discovery rate held at " +
      percent(analysis::FALSE_DISCOVERY_RATE) + " over the " + std::to_string(alt.paired.headline_tests) +
      " headline KPIs (Benjamini-Hochberg); other KPIs get no star, read their intervals.";
  std::vector<std::string> hidden;
  if (beyond_headline > 0)
    hidden.push_back(std::to_string(beyond_headline) +
                     " KPIs beyond the headline ones (--all-kpis shows them)");
  if (per_year > 0) hidden.push_back(std::to_string(per_year) + " per-year KPIs");
  if (quiet_flows > 0) hidden.push_back(std::to_string(quiet_flows) + " flows without a clear difference");
  if (zeros > 0) hidden.push_back(std::to_string(zeros) + " KPIs that are 0 in both");
  if (identical > 0) hidden.push_back(std::to_string(identical) + " KPIs equal in every replication");
  if (!hidden.empty()) {
    note += " Only in compare.csv:";
    for (std::size_t i = 0; i < hidden.size(); ++i) note += (i == 0 ? " " : ", ") + hidden[i];
    note += ".";
  }
  append_wrapped(out, note, width, "");
}

void format_missing(std::string& out, const analysis::AltComparison& alt, std::size_t replications,
                    std::size_t width) {
  if (alt.paired.missing.empty()) return;
  out += "\nMissing KPIs (left out, not counted as zero):\n";
  for (const auto& missing : alt.paired.missing)
    append_wrapped(out,
                   missing.kpi + ": missing in '" + missing.scenario + "' in " +
                       std::to_string(missing.replications) + " of " + std::to_string(replications) +
                       " replications",
                   width, "  ");
}

void format_budget(std::string& out, const analysis::BudgetImpact& budget, std::size_t width) {
  if (budget.years.empty()) {
    out += "\nBudget impact: no costs in either scenario.\n";
    return;
  }
  // A school year by its label (2019/20), never as the calendar year it starts in: costs.csv and budget.csv
  // have calendar-year rows named "2020" too.
  const auto period = [&](int year) { return analysis::period_label(budget.basis, year); };
  out += "\nBudget impact per " + std::string(analysis::to_string(budget.basis)) + ", " +
         period(budget.years.front()) + " to " + period(budget.years.back()) + "; discounted at " +
         percent(budget.discount_rate) + " a year to " + period(budget.first_year) + "\n";
  std::vector<Row> rows;
  auto row = [&](const std::string& label, const analysis::BudgetRow& r) {
    const std::string trailing = euro_interval(r.undiscounted.diff.lo95, r.undiscounted.diff.hi95);
    rows.push_back({label,
                    {terminal_euros(r.undiscounted.base.mean), terminal_euros(r.undiscounted.alt.mean),
                     terminal_euros(r.undiscounted.diff.mean), terminal_euros(r.discounted.diff.mean)},
                    trailing});
  };
  for (const auto& r : budget.rows)
    if (!r.year) row("  " + r.payer, r);
  rows.push_back({"All payers by " + std::string(analysis::to_string(budget.basis)), {}, {}});
  for (const auto& r : budget.rows)
    if (r.year && r.payer == analysis::ALL_PAYERS) row("  " + period(*r.year), r);
  render(out, {"payer", {"BASE", "ALT", "difference", "discounted"}, "95% interval of difference"}, rows,
         width);
  out += "Totals over all " + std::string(analysis::to_string(budget.basis)) +
         "s; 'discounted' is the present value of the difference.\n";
}

void format_cost_effectiveness(std::string& out, const analysis::CostEffectiveness& ce, std::size_t width) {
  out += "\n";
  append_wrapped(out, "Cost-effectiveness (" + ce.cost_basis + ")", width, "");
  std::vector<Row> rows;
  for (const auto& row : ce.rows) {
    std::string ratio;
    std::string trailing;
    switch (row.method) {
      case analysis::RatioMethod::RatioOfMeans:  // ratio of the mean differences, Fieller's interval
        ratio = terminal_euros(row.ratio.mean);
        trailing = euro_interval(row.ratio.lo95, row.ratio.hi95);
        break;
      case analysis::RatioMethod::NotDefined:
        ratio = "-";
        break;
    }
    rows.push_back({"  " + row.measure,
                    {table::human(row.averted.mean), terminal_euros(row.incremental_cost.mean), ratio},
                    trailing});
  }
  render(out, {"per unit averted", {"averted/yr", "cost/yr", "per unit"}, "95% interval"}, rows, width);
  for (const auto& row : ce.rows)
    if (!row.note.empty()) append_wrapped(out, row.measure + ": " + row.note, width, "  ");
  if (ce.catchment_incremental_cost.n > 0) {
    const auto& c = ce.catchment_incremental_cost;
    // Kept out of the ratios above (their effects count the region's pupils only), shown on its own line.
    std::string text =
        analysis::catchment_measure(ce) + ", not in the ratios: " + terminal_euros(c.mean) + " per year";
    if (!std::isnan(c.lo95)) text += " " + euro_interval(c.lo95, c.hi95);
    text += " (what the alternative changes in the budget of referrals from outside the modelled region)";
    append_wrapped(out, text, width, "");
  }
  if (ce.value_per_home_month && ce.net_monetary_benefit.n > 0) {
    const auto& nmb = ce.net_monetary_benefit;
    std::string text = "Net monetary benefit at " + terminal_euros(*ce.value_per_home_month) +
                       " per home-month averted: " + terminal_euros(nmb.mean) + " per year";
    if (!std::isnan(nmb.lo95)) text += " " + euro_interval(nmb.lo95, nmb.hi95);
    text += nmb.mean > 0 ? " (worth it at this value)" : " (not worth it at this value)";
    append_wrapped(out, text, width, "");
  } else {
    append_wrapped(out, "Net monetary benefit: " + ce.net_monetary_benefit_note, width, "");
  }
}

using Json = nlohmann::ordered_json;

Json number(double value) {
  return std::isfinite(value) ? Json(value) : Json(nullptr);
}

Json summary_json(const analysis::Summary& s) {
  return Json{{"n", s.n},
              {"mean", number(s.mean)},
              {"sd", number(s.sd)},
              {"lo95", number(s.lo95)},
              {"hi95", number(s.hi95)},
              {"p2_5", number(s.p2_5)},
              {"p97_5", number(s.p97_5)}};
}

Json cell_json(const analysis::BudgetCell& cell) {
  return Json{
      {"base", summary_json(cell.base)}, {"alt", summary_json(cell.alt)}, {"diff", summary_json(cell.diff)}};
}

Json budget_json(const analysis::BudgetImpact& budget) {
  Json rows = Json::array();
  for (const auto& row : budget.rows)
    rows.push_back(Json{{"payer", row.payer},
                        {"year", row.year ? Json(*row.year) : Json("all")},
                        {"discount_factor", row.discount_factor},
                        {"undiscounted", cell_json(row.undiscounted)},
                        {"discounted", cell_json(row.discounted)}});
  return Json{{"year_basis", analysis::to_string(budget.basis)},
              {"first_year", budget.first_year},
              {"discount_rate", budget.discount_rate},
              {"years", budget.years},
              {"payers", budget.payers},
              {"rows", std::move(rows)}};
}

Json cost_effectiveness_json(const analysis::CostEffectiveness& ce) {
  Json rows = Json::array();
  for (const auto& row : ce.rows)
    rows.push_back(
        Json{{"measure", row.measure},
             {"source", row.source},
             {"method", analysis::to_string(row.method)},
             {"euros_per_unit_averted", summary_json(row.ratio)},
             {"averted_per_year", summary_json(row.averted)},
             {"incremental_cost_per_year", summary_json(row.incremental_cost)},
             {"note", row.method == analysis::RatioMethod::NotDefined && row.note.empty() ? "not defined"
                                                                                          : row.note}});
  Json nmb{{"value_per_home_month", ce.value_per_home_month ? Json(*ce.value_per_home_month) : Json(nullptr)},
           {"euros_per_year", summary_json(ce.net_monetary_benefit)},
           {"note", ce.net_monetary_benefit_note}};
  // Not in the ratios or the net monetary benefit: their effects count the region's pupils only.
  Json catchments{{"payers", ce.catchment_payers},
                  {"incremental_cost_per_year", summary_json(ce.catchment_incremental_cost)}};
  return Json{{"cost_basis", ce.cost_basis},
              {"cost_basis_nl", ce.cost_basis_nl},
              {"rows", std::move(rows)},
              {"net_monetary_benefit", std::move(nmb)},
              {"catchment_payers", std::move(catchments)}};
}

}  // namespace

std::string kpi_group(const std::string& kpi) {
  const std::optional<model::KpiName> found = model::kpi_catalogue().find(kpi);
  return found ? model::group_name(found->family->group) : "other";
}

std::string format_comparison(const analysis::Comparison& comparison, std::size_t width, bool all_kpis) {
  std::string out;
  if (comparison.alternatives.empty()) {
    out += "Only the baseline '" + comparison.base + "' was given: nothing to compare.\n";
    return out;
  }
  out += format_decision_table(comparison, width);
  for (const auto& alt : comparison.alternatives) {
    if (!out.empty()) out += "\n";
    out += "=== " + alt.scenario + " (ALT) versus " + comparison.base + " (BASE) ===\n";
    append_wrapped(
        out,
        std::to_string(comparison.replications) +
            " paired replications on common random numbers (master seed " +
            std::to_string(comparison.master_seed) +
            "). Difference = ALT - BASE, with a 95% interval for its mean; a share's in percentage "
            "points (pp)." +
            (comparison.posterior.empty()
                 ? std::string()
                 : " Parameter sets drawn from " + comparison.posterior +
                       "; the interval here is for the mean over all draws, the credible "
                       "interval follows below."),
        width, "");
    out += "\n";
    format_kpis(out, alt, width, all_kpis);
    format_missing(out, alt, comparison.replications, width);
    format_budget(out, alt.budget, width);
    format_cost_effectiveness(out, alt.cost_effectiveness, width);
  }
  return out;
}

std::vector<std::pair<std::string, const analysis::CostLineReduction*>> comparison_cost_lines(
    const analysis::Comparison& comparison) {
  std::vector<std::pair<std::string, const analysis::CostLineReduction*>> costs;
  for (const auto& [scenario, lines] : comparison.cost_lines) costs.emplace_back(scenario, &lines);
  return costs;
}

std::vector<std::pair<std::string, KpiMeans>> comparison_kpi_means(const analysis::Comparison& comparison) {
  std::vector<std::pair<std::string, KpiMeans>> means = {{comparison.base, {}}};
  for (const analysis::AltComparison& alt : comparison.alternatives)
    means.emplace_back(alt.scenario, KpiMeans{});
  // The baseline's from its first comparison: every comparison pairs the same baseline replications.
  for (std::size_t a = 0; a < comparison.alternatives.size(); ++a)
    for (const analysis::PairedKpi& kpi : comparison.alternatives[a].paired.kpis) {
      if (a == 0) means[0].second[kpi.kpi] = kpi.base;
      means[a + 1].second[kpi.kpi] = kpi.alt;
    }
  return means;
}

std::string comparison_json(const analysis::Comparison& comparison) {
  Json alternatives = Json::array();
  for (const auto& alt : comparison.alternatives) {
    Json kpis = Json::array();
    for (const auto& kpi : alt.paired.kpis)
      kpis.push_back(Json{{"kpi", kpi.kpi},
                          {"base_mean", number(kpi.base.mean)},
                          {"alt_mean", number(kpi.alt.mean)},
                          {"diff_mean", number(kpi.diff.mean)},
                          {"diff_lo95", number(kpi.diff.lo95)},
                          {"diff_hi95", number(kpi.diff.hi95)},
                          {"n", kpi.diff.n},
                          {"headline", kpi.headline},
                          {"p_value", number(kpi.p_value)},
                          {"significant", kpi.significant},
                          {"base", summary_json(kpi.base)},
                          {"alt", summary_json(kpi.alt)},
                          {"diff", summary_json(kpi.diff)}});
    Json missing = Json::array();
    for (const auto& m : alt.paired.missing)
      missing.push_back(Json{{"kpi", m.kpi}, {"scenario", m.scenario}, {"replications", m.replications}});
    alternatives.push_back(Json{{"scenario", alt.scenario},
                                {"kpis", std::move(kpis)},
                                {"missing_kpis", std::move(missing)},
                                {"budget_impact", budget_json(alt.budget)},
                                {"budget_impact_calendar_years", budget_json(alt.budget_calendar)},
                                {"cost_effectiveness", cost_effectiveness_json(alt.cost_effectiveness)}});
  }
  const auto& economics = comparison.economics;
  const Json document{
      {"base", comparison.base},
      {"replications", comparison.replications},
      {"master_seed", comparison.master_seed},
      {"posterior", comparison.posterior.empty() ? Json(nullptr) : Json(comparison.posterior)},
      {"difference", "alt - base, paired by replication (common random numbers)"},
      {"interval",
       "95% for the mean, Student t; levels of non-negative KPIs on the log scale, shares on the logit "
       "scale"},
      {"economics",
       Json{{"discount_rate", economics.discount_rate},
            {"value_per_home_month",
             economics.value_per_home_month ? Json(*economics.value_per_home_month) : Json(nullptr)},
            {"home_months_kpi", economics.home_months_kpi},
            {"dagbesteding_kpi", economics.dagbesteding_kpi},
            {"long_home_spells_kpi", economics.long_home_spells_kpi},
            {"cost_kpi", economics.cost_kpi}}},
      {"alternatives", std::move(alternatives)}};
  Json result = document;
  if (comparison.precision) result["precision"] = precision_json(*comparison.precision);
  if (comparison.nested) result["posterior_nested"] = nested_json(*comparison.nested);
  return result.dump(2) + "\n";
}

std::vector<std::string> write_comparison(const analysis::Comparison& comparison, const std::string& out_dir,
                                          params::CsvDialect dialect) {
  std::vector<std::string> written;
  const auto write = [&](const char* name, const std::string& content) {
    written.push_back((std::filesystem::path(out_dir) / name).string());
    write_file_atomically(written.back(), content);
  };
  write("compare.csv", comparison_csv(comparison, dialect));
  write("budget.csv", budget_csv(comparison, dialect));
  write("cost_effectiveness.csv", cost_effectiveness_csv(comparison, dialect));
  if (comparison.nested) {
    write("posterior_effects.csv", nested_effects_csv(*comparison.nested, dialect));
    write("ceac.csv", acceptability_csv(*comparison.nested, dialect));
  }
  write("costs.csv", costs_csv(comparison_cost_lines(comparison), dialect));
  const std::vector<std::pair<std::string, KpiMeans>> means = comparison_kpi_means(comparison);
  std::vector<std::pair<std::string, const KpiMeans*>> provisions;
  for (const auto& [scenario, kpis] : means) provisions.emplace_back(scenario, &kpis);
  write("provision_costs.csv", provision_costs_csv(provisions, dialect));
  write("compare.json", comparison_json(comparison));
  return written;
}

}  // namespace ozsim::output
