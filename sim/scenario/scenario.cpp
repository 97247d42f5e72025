#include "sim/scenario/scenario.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include "sim/model/calendar.hpp"
#include "sim/params/number_format.hpp"
#include "sim/scenario/count_check.hpp"
#include "sim/scenario/interventions.hpp"
#include "sim/scenario/zero_time_check.hpp"

namespace ozsim::scenario {
namespace {

using model::Destination;
using model::Setting;

constexpr double INF = std::numeric_limits<double>::infinity();

void add(params::KeyTable& table, std::string pattern, params::KeyType type, std::string help,
         std::optional<std::string> default_text, double min = -INF, double max = INF,
         std::string source = {}, std::vector<std::string> choices = {}) {
  table.declare(std::move(pattern), type, std::move(help), std::move(default_text), min, max,
                std::move(source), std::move(choices));
}

std::vector<std::string> free_setting_choices() {
  return model::setting_names(model::DESTINATION_FREE_SETTINGS);
}
std::vector<std::string> provision_setting_choices() {
  return model::setting_names(model::PROVISION_SETTINGS);
}

// Rule rows, shared by onset, settings and provisions.
void add_rule_keys(params::KeyTable& table, const std::string& prefix, bool with_duration) {
  add(table, prefix, params::KeyType::Table, "rule rows; the first row whose filters match the pupil applies",
      std::nullopt);
  add(table, prefix + ".*.level", params::KeyType::Choice, "only pupils of this level (po/vo)", std::nullopt,
      -INF, INF, {}, model::level_names());
  add(table, prefix + ".*.profile", params::KeyType::Choice, "only pupils with this problem profile",
      std::nullopt, -INF, INF, {}, model::profile_names());
  add(table, prefix + ".*.min_severity", params::KeyType::Integer, "only pupils at least this severe (1-3)",
      "0", 0, 3);
  if (with_duration)
    add(table, prefix + ".*.duration", params::KeyType::Distribution, "days spent here before moving on",
        std::nullopt);
  add(table, prefix + ".*.to", params::KeyType::StringList,
      "destinations: provision names, free settings (attending, risicoleerling, thuiszitter, "
      "absoluut_verzuim, "
      "vrijstelling_5a) or exits (exit_startkwalificatie, exit_age_out, exit_moved, exit_mbo)",
      std::nullopt);
  add(table, prefix + ".*.p", params::KeyType::NumberList, "probability of each destination; sums to 1",
      std::nullopt, 0.0, 1.0);
}

void add_cost_keys(params::KeyTable& table, const std::string& prefix) {
  add(table, prefix + ".per_pupil_day", params::KeyType::Number, "euros per pupil-day of use", "0", 0.0);
  add(table, prefix + ".per_place_year", params::KeyType::Number,
      "euros per place-year of capacity, used or not", "0", 0.0);
  add(table, prefix + ".startup", params::KeyType::Number, "one-off euros in the first reported year", "0",
      0.0);
  add(table, prefix + ".payers.*", params::KeyType::Number,
      "share of the cost paid by this payer; shares sum to 1", std::nullopt, 0.0, 1.0);
}

struct ProjectionCsv {
  std::vector<model::YearCount> intake;
  std::vector<model::YearCount> migration_in;
  bool has_migration_in = false;
};

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields(1);
  for (char ch : line) {
    if (ch == ',') {
      fields.emplace_back();
    } else if (ch != '\r' && ch != ' ' && ch != '\t' && ch != '"') {
      fields.back() += ch;
    }
  }
  return fields;
}

std::int64_t csv_integer(const std::string& path, int line, const std::string& column,
                         const std::string& text, std::int64_t min, std::int64_t max) {
  std::size_t used = 0;
  long long value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (text.empty() || used != text.size() || value < min || value > max)
    throw params::InputError(
        {path, line, 0}, "population.projection_csv",
        "column '" + column + "': an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]",
        text.empty() ? "an empty field" : "'" + text + "'");
  return value;
}

// year,intake[,migration_in] with a header row; years strictly increasing.
ProjectionCsv read_projection_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    throw params::InputError({path, 0, 0}, "population.projection_csv", "a readable CSV file",
                             "no such file");
  ProjectionCsv csv;
  std::string text;
  int line = 0;
  std::size_t year_col = 0, intake_col = 0, migration_col = 0;
  bool header_seen = false;
  while (std::getline(in, text)) {
    ++line;
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::vector<std::string> fields = split_csv_line(text);
    if (!header_seen) {
      header_seen = true;
      const auto column = [&](const std::string& name) -> std::optional<std::size_t> {
        for (std::size_t i = 0; i < fields.size(); ++i)
          if (fields[i] == name) return i;
        return std::nullopt;
      };
      const auto year = column("year");
      const auto intake = column("intake");
      if (!year || !intake)
        throw params::InputError({path, line, 0}, "population.projection_csv",
                                 "a header naming the columns year and intake (and optionally migration_in)",
                                 "'" + text + "'");
      year_col = *year;
      intake_col = *intake;
      if (const auto migration = column("migration_in")) {
        migration_col = *migration;
        csv.has_migration_in = true;
      }
      continue;
    }
    const std::size_t needed = std::max({year_col, intake_col, csv.has_migration_in ? migration_col : 0}) + 1;
    if (fields.size() < needed)
      throw params::InputError({path, line, 0}, "population.projection_csv",
                               std::to_string(needed) + " fields as in the header",
                               std::to_string(fields.size()) + " fields");
    const int year = static_cast<int>(csv_integer(path, line, "year", fields[year_col], 1900, 2200));
    if (!csv.intake.empty() && year <= csv.intake.back().year)
      throw params::InputError({path, line, 0}, "population.projection_csv",
                               "column 'year': a year after " + std::to_string(csv.intake.back().year),
                               std::to_string(year));
    csv.intake.push_back({year, csv_integer(path, line, "intake", fields[intake_col], 0, 100'000'000)});
    if (csv.has_migration_in)
      csv.migration_in.push_back(
          {year, csv_integer(path, line, "migration_in", fields[migration_col], 0, 100'000'000)});
  }
  if (csv.intake.empty())
    throw params::InputError({path, line, 0}, "population.projection_csv",
                             "a header and at least one year row", "no year rows");
  return csv;
}

params::KeyTable make_table() {
  params::KeyTable t;
  add(t, "name", params::KeyType::String, "scenario name shown in outputs", "\"unnamed\"");
  add(t, "description", params::KeyType::String, "what the scenario represents", "\"\"");

  add(t, "simulation.start_year", params::KeyType::Integer, "calendar year of the first simulated 1 August",
      "2014", 1900, 2200);
  add(t, "simulation.years", params::KeyType::Number, "horizon in years", "11", 0.0, 200.0);
  add(t, "simulation.warmup_years", params::KeyType::Number, "years before statistics start", "5", 0.0,
      199.0);
  add(t, "simulation.peildatum_day", params::KeyType::Number,
      "days after 1 August of the yearly count (61 = 1 October)", "61", 0.0, 364.0);

  add(t, "population.initial", params::KeyType::Table,
      "pupils on day 0 by age band (scenarios give single years of age)", std::nullopt);
  add(t, "population.initial.*.age_from", params::KeyType::Number, "youngest age in the band", std::nullopt,
      0.0, 30.0);
  add(t, "population.initial.*.age_to", params::KeyType::Number, "age the band ends before", std::nullopt,
      0.0, 30.0);
  add(t, "population.initial.*.count", params::KeyType::Integer, "pupils in the band", std::nullopt, 0.0);
  add(t, "population.intake", params::KeyType::Table,
      "new pupils on 1 August of each year after the first, as { year, count } rows; a year not listed takes "
      "the latest listed year before it",
      "[]");
  add(t, "population.intake.*.year", params::KeyType::Integer, "school year (its 1 August)", std::nullopt,
      1900, 2200);
  add(t, "population.intake.*.count", params::KeyType::Integer, "pupils in the intake year group",
      std::nullopt, 0.0);
  add(t, "population.intake_age", params::KeyType::Number,
      "youngest age of the intake year group (its ages span one year from here)", "5", 0.0, 30.0);
  add(t, "population.projection_csv", params::KeyType::String,
      "population projection: a CSV file (path relative to the scenario file) with columns year,intake and "
      "optionally migration_in; replaces population.intake (and population.migration_in)",
      std::nullopt);
  add(t, "population.po_vo_age", params::KeyType::Number,
      "age of the move from primary (PO) to secondary (VO)", "12", 0.0, 30.0);
  add(t, "population.max_age", params::KeyType::Number,
      "age at which qualification duty ends and pupils leave", "18", 1.0, 30.0);
  add(t, "population.migration_out_per_year", params::KeyType::Number,
      "yearly hazard of moving out of the region", "0", 0.0, 1.0);
  add(t, "population.migration_in", params::KeyType::Table,
      "pupils moving into the region on 1 August of each year after the first, as { year, count } rows",
      "[]");
  add(t, "population.migration_in.*.year", params::KeyType::Integer, "school year (its 1 August)",
      std::nullopt, 1900, 2200);
  add(t, "population.migration_in.*.count", params::KeyType::Integer, "pupils moving in", std::nullopt, 0.0);
  add(t, "population.migration_in_age_from", params::KeyType::Number, "youngest in-migrant age", "5", 0.0,
      30.0);
  add(t, "population.migration_in_age_to", params::KeyType::Number, "oldest in-migrant age", "17", 0.0, 30.0);
  add(t, "population.qualification_age", params::KeyType::Distribution,
      "age at startkwalificatie; draws at or above max_age mean none before max_age", std::nullopt);
  add(t, "population.mbo_entree_share", params::KeyType::Number,
      "share of qualification exits via MBO Entree", "0", 0.0, 1.0);

  add(t, "onset.hazard_per_year.po", params::KeyType::Number, "yearly onset hazard of problems, primary age",
      std::nullopt, 0.0, 10.0);
  add(t, "onset.hazard_per_year.vo", params::KeyType::Number,
      "yearly onset hazard of problems, secondary age", std::nullopt, 0.0, 10.0);
  add(t, "onset.relapse_multiplier", params::KeyType::Number, "hazard multiplier after a first episode", "1",
      0.0, 1000.0);
  for (const std::string& level : model::level_names())
    for (const std::string& profile : model::profile_names(model::PROBLEM_PROFILES))
      add(t, "onset.profile_share." + level + "." + profile, params::KeyType::Number,
          "share of onsets with this profile at this level; the three sum to 1", std::nullopt, 0.0, 1.0);
  add(t, "onset.severity_share", params::KeyType::NumberList, "shares of severity 1, 2, 3 at onset",
      std::nullopt, 0.0, 1.0);
  add_rule_keys(t, "onset.rules", false);

  for (const std::string& s : model::setting_names(model::RULED_FREE_SETTINGS)) {
    add_rule_keys(t, "settings." + s + ".rules", true);
    add_cost_keys(t, "settings." + s + ".cost");
  }

  const std::string p = "provisions.*";
  add(t, p + ".setting", params::KeyType::Choice, "the kind of setting pupils are in while placed",
      std::nullopt, -INF, INF, {}, provision_setting_choices());
  add(t, p + ".capacity", params::KeyType::Integer, "places", std::nullopt, 0.0);
  add(t, p + ".queue_rule", params::KeyType::Choice, "waiting-list order", "\"fifo\"", -INF, INF, {},
      model::queue_rule_names());
  add(t, p + ".max_queue", params::KeyType::Integer, "longest waiting list; absent = unbounded", std::nullopt,
      0.0);
  add(t, p + ".wait_in", params::KeyType::Choice, "where a waiting pupil is meanwhile", "\"thuiszitter\"",
      -INF, INF, {}, free_setting_choices());
  add(t, p + ".is_care", params::KeyType::Boolean, "youth care or treatment: 'care comes first' applies",
      "false");
  add(t, p + ".max_wait_days", params::KeyType::Number,
      "days after which a waiting pupil gives up; absent = never", std::nullopt, 0.0);
  add(t, p + ".on_renege", params::KeyType::String, "destination after giving up", std::nullopt);
  add(t, p + ".fallback", params::KeyType::StringList,
      "destinations tried in order when not eligible or the list is full", "[]");
  add(t, p + ".eligible_levels", params::KeyType::StringList, "levels admitted; empty = all", "[]", -INF, INF,
      {}, model::level_names());
  add(t, p + ".eligible_profiles", params::KeyType::StringList, "profiles admitted; empty = all", "[]", -INF,
      INF, {}, model::profile_names());
  add(t, p + ".leave_at_age", params::KeyType::Number, "pupils leave when they reach this age", std::nullopt,
      0.0, 30.0);
  add(t, p + ".leave_at_age_to", params::KeyType::String, "destination at leave_at_age", "\"attending\"");
  add(t, p + ".capacity_changes", params::KeyType::Table, "capacity from the start of a school year", "[]");
  add(t, p + ".capacity_changes.*.year", params::KeyType::Integer, "school year (its 1 August)", std::nullopt,
      1900, 2200);
  add(t, p + ".capacity_changes.*.capacity", params::KeyType::Integer, "new capacity", std::nullopt, 0.0);
  add_rule_keys(t, p + ".rules", true);
  add_cost_keys(t, p + ".cost");

  add(t, "rules.care_first", params::KeyType::Boolean,
      "pupils waiting for care wait at home with the search for education on hold", "true", -INF, INF,
      "[MH-2024] section 4: 'hulp voorliggend op onderwijs'");

  add(t, "trends.years", params::KeyType::NumberList,
      "school years at which trend multipliers start to apply", "[]", 1900, 2200);
  add(t, "trends.incidence_multiplier", params::KeyType::NumberList, "onset hazard multiplier per trend year",
      "[]", 0.0, 100.0);
  add(t, "trends.duration_multiplier", params::KeyType::NumberList, "duration multiplier per trend year",
      "[]", 0.0, 100.0);
  add(t, "trends.duration_settings", params::KeyType::StringList,
      "settings whose durations the multiplier stretches", "[]", -INF, INF, {}, free_setting_choices());

  add(t, "escalation.enabled", params::KeyType::Boolean, "MDO/RET escalation of stuck cases", "false");
  add(t, "escalation.after_days", params::KeyType::Number, "days at home while waiting before escalation",
      "90", 0.0);
  add(t, "escalation.cost_per_case", params::KeyType::Number, "euros per escalated case", "0", 0.0);
  add(t, "escalation.payers.*", params::KeyType::Number, "share of escalation cost per payer", std::nullopt,
      0.0, 1.0);

  add(t, "programmes.*.per_year", params::KeyType::Number, "fixed yearly cost of a programme (e.g. JOS)", "0",
      0.0);
  add(t, "programmes.*.first_year", params::KeyType::Integer, "first school year it is paid", "0", 0.0, 2200);
  add(t, "programmes.*.payers.*", params::KeyType::Number, "share of the programme cost per payer",
      std::nullopt, 0.0, 1.0);

  add(t, "kpi.home_settings", params::KeyType::StringList, "settings counted as time at home",
      "[\"thuiszitter\", \"absoluut_verzuim\"]", -INF, INF, {}, free_setting_choices());
  add(t, "kpi.norm_days", params::KeyType::Number,
      "thuiszitterspact norm: days at home without a started offer", "90", 0.0, 3650.0,
      "[AMF-2021]: thuiszitterspact norm, 3 months");
  add(t, "costs.discount_rate", params::KeyType::Number, "yearly discount rate for budget impact", "0.0225",
      0.0, 1.0, "[WDV-2020], the Dutch standard rate for social cost-benefit analysis");
  add_intervention_keys(t);
  return t;
}

// Converts names to model values with the same precise messages as type errors.
class ConfigBuilder {
 public:
  ConfigBuilder(const params::ParamTree& tree) : tree_(tree), reader_(tree, scenario_key_table()) {}

  model::ScenarioConfig build() {
    model::ScenarioConfig c;
    c.name = reader_.string("name");
    reader_.string("description");
    c.source = tree_.files().empty() ? std::string() : tree_.files().front();
    read_simulation(c);
    read_population(c);
    // Provision names first: routing rules anywhere may refer to them.
    for (const std::string& name : reader_.child_names("provisions")) {
      model::ProvisionConfig pc;
      pc.name = name;
      c.provisions.push_back(std::move(pc));
    }
    config_ = &c;
    read_onset(c);
    for (const std::string& s : model::setting_names(model::RULED_FREE_SETTINGS)) {
      model::FreeSettingRules f;
      f.setting = *model::setting_from_name(s);
      const std::string prefix = "settings." + s;
      if (!reader_.present(prefix + ".rules"))
        reader_.fail(prefix + ".rules", "at least one rule row for " + s, "none");
      f.rules = read_rules(prefix + ".rules", true);
      f.cost = read_cost(prefix + ".cost");
      c.free_settings.push_back(std::move(f));
    }
    for (model::ProvisionConfig& pc : c.provisions) read_provision(pc);
    check_fallback_cycles(c);
    c.care_first = reader_.boolean("rules.care_first");
    read_trends(c);
    read_escalation(c);
    for (const std::string& name : reader_.child_names("programmes")) {
      model::ProgrammeCost programme;
      programme.name = name;
      const std::string prefix = "programmes." + name;
      programme.per_year = reader_.number(prefix + ".per_year");
      programme.first_year = static_cast<int>(reader_.integer(prefix + ".first_year"));
      programme.payers = read_payers(prefix + ".payers", programme.per_year > 0.0);
      c.programme_costs.push_back(std::move(programme));
    }
    for (const std::string& s : reader_.string_list("kpi.home_settings"))
      c.kpi.home_settings.push_back(*model::setting_from_name(s));
    c.kpi.norm_days = reader_.number("kpi.norm_days");
    c.discount_rate = reader_.number("costs.discount_rate");
    apply_interventions(reader_, c);
    reader_.reject_unused_keys();
    return c;
  }

 private:
  void read_simulation(model::ScenarioConfig& c) {
    c.simulation.start_year = static_cast<int>(reader_.integer("simulation.start_year"));
    c.simulation.years = reader_.number("simulation.years");
    if (c.simulation.years <= 0.0)
      reader_.fail("simulation.years", "a number > 0", params::format_number(c.simulation.years));
    c.simulation.warmup_years = reader_.number("simulation.warmup_years");
    if (c.simulation.warmup_years >= c.simulation.years)
      reader_.fail("simulation.warmup_years",
                   "a number below simulation.years (" + params::format_number(c.simulation.years) + ")",
                   params::format_number(c.simulation.warmup_years));
    c.simulation.peildatum_day = reader_.number("simulation.peildatum_day");
    // Every reported figure is a peildatum count or a school-year total: a
    // horizon that ends before the first complete school year after the warm-up
    // would report zeros for everything.
    if (model::SchoolCalendar(c.simulation).full_reported_years().empty()) {
      const double needed = std::ceil(c.simulation.warmup_years - 1e-9) + 1.0;
      reader_.fail("simulation.years",
                   "a horizon that holds at least one complete school year after the warm-up of " +
                       params::format_number(c.simulation.warmup_years) + " years, so at least " +
                       params::format_number(needed) + " (raise --years or simulation.years, or lower " +
                       "simulation.warmup_years with --set simulation.warmup_years=N)",
                   params::format_number(c.simulation.years));
    }
  }

  void read_population(model::ScenarioConfig& c) {
    model::PopulationConfig& pop = c.population;
    const std::size_t bands = reader_.list_size("population.initial");
    for (std::size_t i = 0; i < bands; ++i) {
      const std::string prefix = "population.initial." + std::to_string(i);
      model::AgeGroup g;
      g.age_from = reader_.number(prefix + ".age_from");
      g.age_to = reader_.number(prefix + ".age_to");
      g.count = reader_.integer(prefix + ".count");
      if (g.age_to <= g.age_from)
        reader_.fail(prefix + ".age_to", "an age above age_from (" + params::format_number(g.age_from) + ")",
                     params::format_number(g.age_to));
      pop.initial.push_back(g);
    }
    read_yearly_series(pop);
    pop.intake_age = reader_.number("population.intake_age");
    pop.po_vo_age = reader_.number("population.po_vo_age");
    pop.max_age = reader_.number("population.max_age");
    for (std::size_t i = 0; i < pop.initial.size(); ++i)
      if (pop.initial[i].age_to > pop.max_age)
        reader_.fail("population.initial." + std::to_string(i) + ".age_to",
                     "an age at most population.max_age (" + params::format_number(pop.max_age) + ")",
                     params::format_number(pop.initial[i].age_to));
    if (pop.intake_age >= pop.max_age)
      reader_.fail("population.intake_age", "an age below population.max_age",
                   params::format_number(pop.intake_age));
    pop.migration_out_per_year = reader_.number("population.migration_out_per_year");
    pop.migration_in_age_from = reader_.number("population.migration_in_age_from");
    pop.migration_in_age_to = reader_.number("population.migration_in_age_to");
    if (pop.migration_in_age_to < pop.migration_in_age_from)
      reader_.fail("population.migration_in_age_to", "an age at least migration_in_age_from",
                   params::format_number(pop.migration_in_age_to));
    pop.qualification_age = reader_.distribution("population.qualification_age");
    if (pop.qualification_age.support_min() < 0.0)
      reader_.fail("population.qualification_age", "an age distribution that cannot draw a negative age",
                   pop.qualification_age.describe());
    pop.mbo_entree_share = reader_.number("population.mbo_entree_share");
  }

  std::vector<model::YearCount> read_series(const std::string& key) {
    std::vector<model::YearCount> series;
    const std::size_t n = reader_.list_size(key);
    for (std::size_t i = 0; i < n; ++i) {
      const std::string row = key + "." + std::to_string(i);
      model::YearCount entry{static_cast<int>(reader_.integer(row + ".year")),
                             reader_.integer(row + ".count")};
      if (!series.empty() && entry.year <= series.back().year)
        reader_.fail(row + ".year",
                     "a year after " + std::to_string(series.back().year) + " (rows in year order)",
                     std::to_string(entry.year));
      series.push_back(entry);
    }
    return series;
  }

  // Intake and in-migration: inline { year, count } rows, or a projection CSV in the form a municipal or CBS
  // prognosis takes (one row per year).
  void read_yearly_series(model::PopulationConfig& pop) {
    const std::string csv_key = "population.projection_csv";
    if (!reader_.present(csv_key)) {
      pop.intake = read_series("population.intake");
      pop.migration_in = read_series("population.migration_in");
      return;
    }
    const params::SourceLocation where = reader_.location(csv_key);
    const std::string name = reader_.string(csv_key);
    const std::filesystem::path path = std::filesystem::path(name).is_absolute()
                                           ? std::filesystem::path(name)
                                           : std::filesystem::path(where.file).parent_path() / name;
    const ProjectionCsv projection = read_projection_csv(path.string());
    // The projection replaces the inline rows (often inherited from a base scenario); they are still checked.
    read_series("population.intake");
    pop.intake = projection.intake;
    pop.migration_in = read_series("population.migration_in");
    if (projection.has_migration_in) pop.migration_in = projection.migration_in;
  }

  void read_onset(model::ScenarioConfig& c) {
    model::OnsetConfig& o = c.onset;
    o.hazard_per_year[0] = reader_.number("onset.hazard_per_year.po");
    o.hazard_per_year[1] = reader_.number("onset.hazard_per_year.vo");
    o.relapse_multiplier = reader_.number("onset.relapse_multiplier");
    for (std::size_t level = 0; level < model::LEVEL_COUNT; ++level) {
      double sum = 0.0;
      std::string last_key;
      for (std::size_t i = 0; i < model::PROBLEM_PROFILES.size(); ++i) {
        last_key = std::string("onset.profile_share.") + model::level_name(static_cast<model::Level>(level)) +
                   "." + model::profile_name(model::PROBLEM_PROFILES[i]);
        o.profile_share[level][i + 1] = reader_.number(last_key);
        sum += o.profile_share[level][i + 1];
      }
      if (std::abs(sum - 1.0) > 1e-6)
        reader_.fail(last_key, "profile shares at this level summing to 1",
                     "a sum of " + params::format_number(sum));
    }
    const std::vector<double> severity = reader_.number_list("onset.severity_share");
    if (severity.size() != 3)
      reader_.fail("onset.severity_share", "3 shares (severity 1, 2, 3)",
                   std::to_string(severity.size()) + " values");
    double sum = 0.0;
    for (std::size_t i = 0; i < 3; ++i) sum += (o.severity_share[i] = severity[i]);
    if (std::abs(sum - 1.0) > 1e-6)
      reader_.fail("onset.severity_share", "shares summing to 1", "a sum of " + params::format_number(sum));
    o.routes = read_rules("onset.rules", false);
  }

  std::vector<model::RuleRow> read_rules(const std::string& prefix, bool with_duration) {
    std::vector<model::RuleRow> rows;
    const std::size_t n = reader_.list_size(prefix);
    if (n == 0) reader_.fail(prefix, "at least one rule row", "an empty list");
    for (std::size_t i = 0; i < n; ++i) {
      const std::string row_key = prefix + "." + std::to_string(i);
      model::RuleRow row;
      if (reader_.present(row_key + ".level"))
        row.level = model::level_from_name(reader_.choice(row_key + ".level"));
      if (reader_.present(row_key + ".profile"))
        row.profile = model::profile_from_name(reader_.choice(row_key + ".profile"));
      row.min_severity = static_cast<int>(reader_.integer(row_key + ".min_severity"));
      if (with_duration) {
        row.duration = reader_.distribution(row_key + ".duration");
        if (row.duration.support_min() < 0.0)
          reader_.fail(row_key + ".duration",
                       "a duration distribution that cannot draw a negative number of days",
                       row.duration.describe());
      }
      const std::vector<std::string> to = reader_.string_list(row_key + ".to");
      row.probability = reader_.number_list(row_key + ".p");
      if (to.empty()) reader_.fail(row_key + ".to", "at least one destination", "an empty list");
      if (to.size() != row.probability.size())
        reader_.fail(row_key + ".p",
                     std::to_string(to.size()) + " probabilities, one per destination in 'to'",
                     std::to_string(row.probability.size()));
      double sum = 0.0;
      for (double p : row.probability) sum += p;
      if (std::abs(sum - 1.0) > 1e-6)
        reader_.fail(row_key + ".p", "probabilities summing to 1", "a sum of " + params::format_number(sum));
      for (const std::string& name : to) row.to.push_back(destination(row_key + ".to", name));
      rows.push_back(std::move(row));
    }
    // A pupil that no row matches would be stuck: the last row must catch everyone.
    const model::RuleRow& last = rows.back();
    if (last.level || last.profile || last.min_severity > 0)
      reader_.fail(prefix + "." + std::to_string(n - 1),
                   "a last rule row without level/profile/min_severity filters",
                   "a filtered row (pupils matching no row would be stuck)");
    return rows;
  }

  Destination destination(const std::string& key, const std::string& name) {
    const int k = config_->provision_index(name);
    if (k >= 0) return {Destination::Type::Provision, static_cast<std::uint16_t>(k)};
    if (const auto s = model::setting_from_name(name);
        s && model::is_free_setting(*s) && *s != Setting::Exited)
      return {Destination::Type::Setting, static_cast<std::uint16_t>(*s)};
    if (const auto r = model::exit_from_destination_name(name))
      return {Destination::Type::Exit, static_cast<std::uint16_t>(*r)};
    std::vector<std::string> valid;
    for (const model::ProvisionConfig& pc : config_->provisions) valid.push_back(pc.name);
    for (const std::string& s : free_setting_choices()) valid.push_back(s);
    for (const std::string& e : model::exit_destination_names()) valid.push_back(e);
    std::string expected = "a provision, free setting or exit (";
    for (std::size_t i = 0; i < valid.size(); ++i) expected += (i ? ", " : "") + valid[i];
    expected += ")";
    std::string found = "'" + name + "'";
    if (const auto guess = params::closest_match(name, valid)) found += " (did you mean '" + *guess + "'?)";
    reader_.fail(key, expected, found);
  }

  std::optional<Destination> optional_destination(const std::string& key) {
    if (!reader_.present(key)) return std::nullopt;
    return destination(key, reader_.string(key));
  }

  std::vector<model::PayerShare> read_payers(const std::string& prefix, bool required) {
    std::vector<model::PayerShare> payers;
    double sum = 0.0;
    std::string last;
    for (const std::string& payer : reader_.child_names(prefix)) {
      last = prefix + "." + payer;
      model::PayerShare share{payer, reader_.number(last)};
      sum += share.share;
      payers.push_back(share);
    }
    if (payers.empty()) {
      if (required)
        reader_.fail(prefix, "payer shares (e.g. { gemeente = 0.8, school = 0.2 }) for a non-zero cost",
                     "none");
      return payers;
    }
    if (std::abs(sum - 1.0) > 1e-6)
      reader_.fail(last, "payer shares summing to 1", "a sum of " + params::format_number(sum));
    return payers;
  }

  model::CostConfig read_cost(const std::string& prefix) {
    model::CostConfig cost;
    cost.per_pupil_day = reader_.number(prefix + ".per_pupil_day");
    cost.per_place_year = reader_.number(prefix + ".per_place_year");
    cost.startup = reader_.number(prefix + ".startup");
    cost.payers = read_payers(prefix + ".payers",
                              cost.per_pupil_day > 0 || cost.per_place_year > 0 || cost.startup > 0);
    return cost;
  }

  static std::vector<model::Level> levels(const std::vector<std::string>& names) {
    std::vector<model::Level> out;
    for (const std::string& n : names) out.push_back(*model::level_from_name(n));
    return out;
  }

  void read_provision(model::ProvisionConfig& pc) {
    const std::string prefix = "provisions." + pc.name;
    // Fields a lever sets (the opbouwarrangement's design) are read there, not here.
    const std::optional<ProvisionOwner> owner = lever_owning_provision(reader_, pc.name);
    const auto from_lever = [&](std::string_view field) {
      return set_by_lever(reader_, owner, pc.name, field);
    };
    pc.setting = *model::setting_from_name(reader_.choice(prefix + ".setting"));
    if (!from_lever("capacity")) pc.capacity = reader_.integer(prefix + ".capacity");
    pc.queue_rule = *model::queue_rule_from_name(reader_.choice(prefix + ".queue_rule"));
    if (!from_lever("max_queue") && reader_.present(prefix + ".max_queue"))
      pc.max_queue = static_cast<std::size_t>(reader_.integer(prefix + ".max_queue"));
    pc.wait_in = *model::setting_from_name(reader_.choice(prefix + ".wait_in"));
    pc.is_care = reader_.boolean(prefix + ".is_care");
    if (reader_.present(prefix + ".max_wait_days")) {
      pc.max_wait_days = reader_.number(prefix + ".max_wait_days");
      if (*pc.max_wait_days <= 0.0)
        reader_.fail(prefix + ".max_wait_days", "a number > 0", params::format_number(*pc.max_wait_days));
    }
    pc.on_renege = optional_destination(prefix + ".on_renege");
    if (!from_lever("fallback"))
      for (const std::string& name : reader_.string_list(prefix + ".fallback"))
        pc.fallback.push_back(destination(prefix + ".fallback", name));
    if (!from_lever("eligible_levels"))
      pc.eligible_levels = levels(reader_.string_list(prefix + ".eligible_levels"));
    if (!from_lever("eligible_profiles"))
      for (const std::string& n : reader_.string_list(prefix + ".eligible_profiles"))
        pc.eligible_profiles.push_back(*model::profile_from_name(n));
    if (reader_.present(prefix + ".leave_at_age")) {
      pc.leave_at_age = reader_.number(prefix + ".leave_at_age");
      pc.leave_at_age_to =
          destination(prefix + ".leave_at_age_to", reader_.string(prefix + ".leave_at_age_to"));
    } else if (reader_.present(prefix + ".leave_at_age_to")) {
      reader_.fail(prefix + ".leave_at_age_to", "leave_at_age to be set as well", "leave_at_age_to alone");
    }
    const std::size_t changes = reader_.list_size(prefix + ".capacity_changes");
    for (std::size_t i = 0; i < changes; ++i) {
      const std::string key = prefix + ".capacity_changes." + std::to_string(i);
      pc.capacity_changes.push_back(
          {static_cast<int>(reader_.integer(key + ".year")), reader_.integer(key + ".capacity")});
    }
    if (!from_lever("rules")) pc.rules = read_rules(prefix + ".rules", true);
    if (!from_lever("cost")) pc.cost = read_cost(prefix + ".cost");
  }

  // A fallback chain that returns to its start would bounce a pupil forever.
  void check_fallback_cycles(const model::ScenarioConfig& c) {
    for (std::size_t start = 0; start < c.provisions.size(); ++start) {
      std::vector<std::size_t> chain = {start};
      std::size_t k = start;
      while (!c.provisions[k].fallback.empty() &&
             c.provisions[k].fallback.front().type == Destination::Type::Provision) {
        k = c.provisions[k].fallback.front().index;
        if (std::find(chain.begin(), chain.end(), k) != chain.end()) {
          std::string path;
          for (std::size_t j : chain) path += c.provisions[j].name + " -> ";
          reader_.fail("provisions." + c.provisions[start].name + ".fallback",
                       "fallbacks that end outside a cycle", "the cycle " + path + c.provisions[k].name);
        }
        chain.push_back(k);
      }
    }
  }

  void read_trends(model::ScenarioConfig& c) {
    for (double y : reader_.number_list("trends.years")) {
      if (y != std::floor(y)) reader_.fail("trends.years", "whole years", params::format_number(y));
      c.trends.years.push_back(static_cast<int>(y));
    }
    if (!std::is_sorted(c.trends.years.begin(), c.trends.years.end()))
      reader_.fail("trends.years", "years in increasing order", "an unsorted list");
    c.trends.incidence_multiplier = reader_.number_list("trends.incidence_multiplier");
    c.trends.duration_multiplier = reader_.number_list("trends.duration_multiplier");
    for (const char* key : {"trends.incidence_multiplier", "trends.duration_multiplier"}) {
      const auto& list = std::string(key) == "trends.incidence_multiplier" ? c.trends.incidence_multiplier
                                                                           : c.trends.duration_multiplier;
      if (!list.empty() && list.size() != c.trends.years.size())
        reader_.fail(key, std::to_string(c.trends.years.size()) + " values, one per trend year",
                     std::to_string(list.size()) + " values");
    }
    for (const std::string& s : reader_.string_list("trends.duration_settings"))
      c.trends.duration_settings.push_back(*model::setting_from_name(s));
  }

  void read_escalation(model::ScenarioConfig& c) {
    c.escalation.enabled = reader_.boolean("escalation.enabled");
    c.escalation.after_days = reader_.number("escalation.after_days");
    c.escalation.cost_per_case = reader_.number("escalation.cost_per_case");
    c.escalation.payers =
        read_payers("escalation.payers", c.escalation.enabled && c.escalation.cost_per_case > 0);
  }

  const params::ParamTree& tree_;
  params::KeyReader reader_;
  const model::ScenarioConfig* config_ = nullptr;
};

}  // namespace

const params::KeyTable& scenario_key_table() {
  static const params::KeyTable table = make_table();
  return table;
}

model::ScenarioConfig build_config(const params::ParamTree& tree) {
  model::ScenarioConfig config = ConfigBuilder(tree).build();
  check_pupil_total(tree, config);
  check_zero_time_cycles(tree, config);
  return config;
}

LoadedScenario load_scenario(const std::string& path) {
  return load_scenario(path, {});
}

LoadedScenario load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
  LoadedScenario loaded{params::ParamTree::load_file(path), {}};
  for (const std::string& assignment : overrides) loaded.tree.set_override(assignment);
  loaded.config = build_config(loaded.tree);
  return loaded;
}

std::string default_scenario_path() {
  namespace fs = std::filesystem;
  std::vector<fs::path> candidates;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    // build/<preset>/sim/ozsim -> source tree; <prefix>/bin/ozsim -> <prefix>/share/ozsim.
    for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
      candidates.push_back(dir / "scenarios" / "midden-holland.toml");
      candidates.push_back(dir / "share" / "ozsim" / "scenarios" / "midden-holland.toml");
    }
  }
  candidates.push_back(fs::current_path(ec) / "scenarios" / "midden-holland.toml");
  for (const fs::path& candidate : candidates)
    if (fs::exists(candidate, ec)) return candidate.string();
  throw params::InputError(
      params::SourceLocation{"scenarios/midden-holland.toml", 0, 0},
      "the bundled default scenario was not found next to the executable or in ./scenarios; pass a "
      "scenario file");
}

}  // namespace ozsim::scenario
