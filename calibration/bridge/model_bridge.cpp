#include "calibration/bridge/model_bridge.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>
#include <stdexcept>
#include <variant>

#include "calibration/bridge/report.hpp"
#include "sim/model/kpi_catalogue.hpp"
#include "sim/model/run.hpp"
#include "sim/params/key_table.hpp"
#include "sim/scenario/scenario.hpp"

namespace ozsim::calibration {
namespace {

const params::SourceLocation kCalibrated{"(calibration)", 0, 0};

bool is_number(const params::ParamEntry& e) {
  return e.kind == params::ParamEntry::Kind::Scalar &&
         (std::holds_alternative<std::int64_t>(e.scalar) || std::holds_alternative<double>(e.scalar));
}

// A prior reaching outside its key's range stopped calibrate or sensitivity at the first draw there,
// mid-run, with "(calibration): key '...': expected an integer >= 0, found -2" and no word of the priors
// file: it is refused at the parameter's line before anything runs.
void check_prior_in_range(const Prior& prior, const params::KeySpec& spec, const std::string& key,
                          const params::SourceLocation& where, std::size_t index) {
  const double low = prior.support_low();
  const double high = prior.support_high();
  // A beta's support is open, so its low end may be an exclusive minimum.
  const bool low_inside =
      spec.min_exclusive && prior.kind() != PriorKind::beta ? low > spec.min : low >= spec.min;
  if (low_inside && high <= spec.max) return;
  throw params::InputError(
      where, "parameter." + std::to_string(index) + ".prior",
      "a prior inside the range of '" + key + "' (" + params::describe_expected(spec) + ")",
      prior.describe() + ", whose values run from " + exact_number(low) + " to " + exact_number(high));
}

}  // namespace

ScenarioModel::ScenarioModel(params::ParamTree scenario, const PriorsFile& priors)
    : scenario_(std::move(scenario)) {
  const params::KeyTable& table = scenario::scenario_key_table();
  const auto& params = priors.space.parameters();
  for (std::size_t i = 0; i < params.size(); ++i) {
    const std::string& key = params[i].name;
    const params::SourceLocation& where = priors.key_locations.at(i);
    const params::KeySpec* spec = table.find(key);
    const params::ParamEntry* entry = scenario_.find(key);
    bool integer = false;
    if (const auto item = params::ParamTree::split_item(key)) {
      // One number of a list (a trend's multiplier for one of its years): "trends.routes.0.multiplier[2]".
      const params::ParamEntry* array = scenario_.find(item->first);
      const bool numbers =
          array != nullptr && array->kind == params::ParamEntry::Kind::Array &&
          std::all_of(array->items.begin(), array->items.end(), [](const params::ParamScalar& v) {
            return std::holds_alternative<std::int64_t>(v) || std::holds_alternative<double>(v);
          });
      if (!numbers || item->second >= array->items.size() || !table.covers(item->first)) {
        const std::string found =
            array == nullptr ? "\"" + key + "\" (no list " + item->first + " in the scenario)"
                             : "\"" + key + "\" (" + params::describe_found(*array) + " in the scenario)";
        throw params::InputError(where, "parameter." + std::to_string(i) + ".key",
                                 "a numeric scenario key, or LIST[i] for item i of a list of numbers", found);
      }
      keys_.push_back(key);
      integer_.push_back(false);
      continue;
    }
    if (spec != nullptr &&
        (spec->type == params::KeyType::Number || spec->type == params::KeyType::Integer)) {
      integer = spec->type == params::KeyType::Integer;
      check_prior_in_range(params[i].prior, *spec, key, where, i);
    } else if (entry != nullptr && is_number(*entry) && table.covers(key)) {
      // A number inside a distribution or routing table that the scenario writes out.
      integer = false;
    } else {
      std::string found = "\"" + key + "\"";
      if (entry != nullptr) {
        found += " (" + params::describe_found(*entry) + " in the scenario)";
      } else if (spec == nullptr && !table.covers(key)) {
        const auto hint = params::closest_match(key, scenario_.keys());
        found += hint ? " (not a scenario key; did you mean '" + *hint + "'?)" : " (not a scenario key)";
      } else {
        found += " (not set in the scenario)";
      }
      throw params::InputError(where, "parameter." + std::to_string(i) + ".key", "a numeric scenario key",
                               found);
    }
    keys_.push_back(key);
    integer_.push_back(integer);
  }
}

params::ParamTree ScenarioModel::with_values(const std::vector<double>& values) const {
  params::ParamTree tree = scenario_;
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    tree.set_number(keys_[i], integer_[i] ? std::round(values[i]) : values[i], kCalibrated);
  }
  return tree;
}

std::map<std::string, double> ScenarioModel::run(const std::vector<double>& values,
                                                 std::uint64_t seed) const {
  const model::ScenarioConfig config = scenario::build_config(with_values(values));
  std::map<std::string, double> kpis = model::run_replication(config, seed, 0).kpis;
  for (const std::string& name : sparse_targets_) kpis.try_emplace(name, 0.0);
  return kpis;
}

ModelFunction ScenarioModel::function() const {
  return [this](const std::vector<double>& values, std::uint64_t seed) { return run(values, seed); };
}

void ScenarioModel::check_targets(const std::vector<Target>& targets, std::uint64_t seed) {
  // One run of the scenario as written says which provisions, payers and years it reports; the
  // catalogue says which names the model can write at all, and which ones (the sparse flows) are
  // written only when non-zero, so that their absence from one run is no error.
  const auto kpis = model::run_replication(scenario::build_config(scenario_), seed, 0).kpis;
  const model::KpiCatalogue& catalogue = model::kpi_catalogue();
  std::vector<std::string> names;
  std::set<int> years;
  for (const auto& [name, value] : kpis) {
    names.push_back(name);
    if (const auto kpi = catalogue.find(name); kpi && kpi->year) years.insert(*kpi->year);
  }
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const Target& t = targets[i];
    const auto kpi = catalogue.find(t.kpi);
    if (kpi && kpi->family->sparse) sparse_targets_.push_back(t.kpi);
    if (kpi && kpis.count(t.kpi) != 0) continue;
    if (kpi && kpi->family->sparse && (!kpi->year || years.count(*kpi->year) != 0)) continue;
    const auto hint = params::closest_match(t.kpi, names);
    std::string expected = "an output the model reports for this scenario";
    if (!kpi) {
      expected = "a KPI name of the catalogue (ozsim --help-kpis lists every family)";
    } else if (kpi->year && !years.empty() && years.count(*kpi->year) == 0) {
      expected += " (its reported school years start in " + std::to_string(*years.begin()) + ".." +
                  std::to_string(*years.rbegin()) + ")";
    }
    throw params::InputError(
        t.kpi_location, "target." + std::to_string(i) + ".kpi", expected,
        "\"" + t.kpi + "\"" + (hint ? " (did you mean '" + *hint + "'?)" : std::string()));
  }
}

std::string calibrated_scenario_toml(const ScenarioModel& model, const std::vector<double>& values,
                                     const std::string& header_comment) {
  std::ostringstream out;
  std::istringstream lines(header_comment);
  for (std::string line; std::getline(lines, line);) out << "# " << line << "\n";
  out << "\n" << model.with_values(values).to_toml();
  return out.str();
}

std::vector<params::ParamTree> scenarios_from_posterior(const params::ParamTree& scenario,
                                                        const std::string& posterior_csv, std::size_t count,
                                                        std::uint64_t seed) {
  std::vector<std::string> names;
  const Population posterior = read_posterior_csv(posterior_csv, names);
  std::vector<params::ParamTree> out;
  for (const auto& values : draw_from_posterior(posterior, count, seed)) {
    params::ParamTree tree = scenario;
    for (std::size_t i = 0; i < names.size(); ++i) {
      const params::KeySpec* spec = scenario::scenario_key_table().find(names[i]);
      const bool integer = spec != nullptr && spec->type == params::KeyType::Integer;
      tree.set_number(names[i], integer ? std::round(values[i]) : values[i],
                      params::SourceLocation{posterior_csv, 0, 0});
    }
    out.push_back(std::move(tree));
  }
  return out;
}

}  // namespace ozsim::calibration
