#include "sim/scenario/projection_csv.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <optional>

#include "sim/params/input_error.hpp"

namespace ozsim::scenario {
namespace {

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

}  // namespace

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

}  // namespace ozsim::scenario
