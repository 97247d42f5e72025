// [simulation] and [population]: the horizon, and who is in the region when.
#include <cmath>
#include <filesystem>

#include "sim/model/calendar.hpp"
#include "sim/params/number_format.hpp"
#include "sim/scenario/projection_csv.hpp"
#include "sim/scenario/section_keys.hpp"

namespace ozsim::scenario {
namespace {

constexpr double INF = KeyBinding::INF;

}  // namespace

std::vector<model::YearCount> year_count_keys(KeyBinding& k, std::string_view field, std::string help,
                                              std::string count_help) {
  std::vector<model::YearCount> series;
  const std::size_t n = k.rows(field, std::move(help), "[]");
  for (std::size_t i = 0; i < n; ++i) {
    KeyBinding row = k.row(field, i);
    model::YearCount entry;
    row.integer("year", entry.year, "school year (its 1 August)", 1900, 2200, required());
    row.integer("count", entry.count, count_help, 0.0, INF, required());
    if (k.declaring()) continue;
    if (!series.empty() && entry.year <= series.back().year)
      k.reader().fail(row.key("year"),
                      "a year after " + std::to_string(series.back().year) + " (rows in year order)",
                      std::to_string(entry.year));
    series.push_back(entry);
  }
  return series;
}

void simulation_keys(KeyBinding& k, model::SimulationConfig& s) {
  k.integer("start_year", s.start_year, "calendar year of the first simulated 1 August", 1900, 2200);
  k.number("years", s.years, "horizon in years", 0.0, 200.0);
  k.number("warmup_years", s.warmup_years, "years before statistics start", 0.0, 199.0);
  k.number("peildatum_day", s.peildatum_day, "days after 1 August of the yearly count (61 = 1 October)", 0.0,
           364.0);
  if (k.declaring()) return;
  params::KeyReader& reader = k.reader();
  if (s.years <= 0.0) reader.fail(k.key("years"), "a number > 0", params::format_number(s.years));
  if (s.warmup_years >= s.years)
    reader.fail(k.key("warmup_years"),
                "a number below simulation.years (" + params::format_number(s.years) + ")",
                params::format_number(s.warmup_years));
  // Every reported figure is a peildatum count or a school-year total: a horizon that ends before the first
  // complete school year after the warm-up would report zeros for everything.
  if (model::SchoolCalendar(s).full_reported_years().empty()) {
    const double needed = std::ceil(s.warmup_years - 1e-9) + 1.0;
    reader.fail(k.key("years"),
                "a horizon that holds at least one complete school year after the warm-up of " +
                    params::format_number(s.warmup_years) + " years, so at least " +
                    params::format_number(needed) + " (raise --years or simulation.years, or lower " +
                    "simulation.warmup_years with --set simulation.warmup_years=N)",
                params::format_number(s.years));
  }
}

std::vector<model::AgeGroup> age_group_keys(KeyBinding& k, std::string_view field, std::string help,
                                            std::optional<std::string> default_text) {
  std::vector<model::AgeGroup> groups;
  const std::size_t bands = k.rows(field, std::move(help), std::move(default_text));
  for (std::size_t i = 0; i < bands; ++i) {
    KeyBinding row = k.row(field, i);
    model::AgeGroup g;
    row.number("age_from", g.age_from, "youngest age in the band", 0.0, 30.0, required());
    row.number("age_to", g.age_to, "age the band ends before", 0.0, 30.0, required());
    row.integer("count", g.count, "pupils in the band", 0.0, INF, required());
    if (k.declaring()) continue;
    if (g.age_to <= g.age_from)
      k.reader().fail(row.key("age_to"), "an age above age_from (" + params::format_number(g.age_from) + ")",
                      params::format_number(g.age_to));
    groups.push_back(g);
  }
  return groups;
}

void population_keys(KeyBinding& k, model::PopulationConfig& p) {
  p.initial = age_group_keys(k, "initial", "pupils on day 0 by age band (scenarios give single years of age)",
                             std::nullopt);
  std::vector<model::YearCount> intake = year_count_keys(
      k, "intake",
      "new pupils on 1 August of each year after the first, as { year, count } rows; a year not listed takes "
      "the latest listed year before it",
      "pupils in the intake year group");
  k.number("intake_age", p.intake_age,
           "youngest age of the intake year group (its ages span one year from here)", 0.0, 30.0);
  std::optional<std::string> projection_csv;
  k.optional_string("projection_csv", projection_csv,
                    "population projection: a CSV file (path relative to the scenario file) with columns "
                    "year,intake and optionally migration_in; replaces population.intake (and "
                    "population.migration_in)");
  k.number("po_vo_age", p.po_vo_age, "age of the move from primary (PO) to secondary (VO)", 0.0, 30.0);
  k.number("max_age", p.max_age, "age at which qualification duty ends and pupils leave", 1.0, 30.0);
  k.number("migration_out_per_year", p.migration_out_per_year, "yearly hazard of moving out of the region",
           0.0, 1.0);
  std::vector<model::YearCount> migration_in =
      year_count_keys(k, "migration_in",
                      "pupils moving into the region on 1 August of each year after the first, as { year, "
                      "count } rows",
                      "pupils moving in");
  k.number("migration_in_age_from", p.migration_in_age_from, "youngest in-migrant age", 0.0, 30.0);
  k.number("migration_in_age_to", p.migration_in_age_to, "oldest in-migrant age", 0.0, 30.0);
  k.distribution("qualification_age", p.qualification_age, std::nullopt,
                 "age at startkwalificatie; draws at or above max_age mean none before max_age", required());
  k.number("mbo_entree_share", p.mbo_entree_share, "share of qualification exits via MBO Entree", 0.0, 1.0);
  if (k.declaring()) return;

  params::KeyReader& reader = k.reader();
  // Intake and in-migration: inline { year, count } rows, or a projection CSV in the form a municipal or CBS
  // prognosis takes. The projection replaces the inline rows (often inherited from a base scenario), which
  // are still checked above.
  p.intake = std::move(intake);
  p.migration_in = std::move(migration_in);
  if (projection_csv) {
    const params::SourceLocation where = reader.location(k.key("projection_csv"));
    const std::filesystem::path name(*projection_csv);
    const std::filesystem::path path =
        name.is_absolute() ? name : std::filesystem::path(where.file).parent_path() / name;
    ProjectionCsv projection = read_projection_csv(path.string());
    p.intake = std::move(projection.intake);
    if (projection.has_migration_in) p.migration_in = std::move(projection.migration_in);
  }
  for (std::size_t i = 0; i < p.initial.size(); ++i)
    if (p.initial[i].age_to > p.max_age)
      reader.fail(k.row("initial", i).key("age_to"),
                  "an age at most population.max_age (" + params::format_number(p.max_age) + ")",
                  params::format_number(p.initial[i].age_to));
  if (p.intake_age >= p.max_age)
    reader.fail(k.key("intake_age"), "an age below population.max_age", params::format_number(p.intake_age));
  if (p.migration_in_age_to < p.migration_in_age_from)
    reader.fail(k.key("migration_in_age_to"), "an age at least migration_in_age_from",
                params::format_number(p.migration_in_age_to));
  if (p.qualification_age.support_min() < 0.0)
    reader.fail(k.key("qualification_age"), "an age distribution that cannot draw a negative age",
                p.qualification_age.describe());
}

}  // namespace ozsim::scenario
