#include "sim/report/output_folder.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ozsim::report {
namespace {

namespace fs = std::filesystem;

std::optional<std::string> read_text(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

template <class T, class Parse>
void read_into(const fs::path& dir, const char* file, std::optional<T>& slot,
               std::vector<std::string>& problems, Parse parse) {
  const std::optional<std::string> text = read_text(dir / file);
  if (!text) return;
  try {
    slot = parse(*text);
  } catch (const std::exception& e) {
    problems.push_back(std::string(file) + ": " + e.what());
  }
}

}  // namespace

int CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

double CsvTable::number(std::size_t row, int col) const {
  if (col < 0 || row >= rows.size() || static_cast<std::size_t>(col) >= rows[row].size()) return std::nan("");
  const std::string& cell = rows[row][static_cast<std::size_t>(col)];
  double value = 0.0;
  return params::csv_parse_number(cell, dialect, value) ? value : std::nan("");
}

CsvTable parse_csv(std::string_view text) {
  const params::CsvDialect dialect = params::csv_dialect_of(text);
  text.remove_prefix(params::csv_preamble(dialect).size());
  const char separator = params::csv_separator(dialect);
  std::vector<std::vector<std::string>> lines;
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  bool any = false;
  std::size_t line = 1;
  std::size_t quote_line = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      quote_line = line;
      any = true;
    } else if (c == separator) {
      fields.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (any || !field.empty()) {
        fields.push_back(std::move(field));
        lines.push_back(std::move(fields));
      }
      fields.clear();
      field.clear();
      any = false;
      ++line;
    } else {
      field += c;
      any = true;
    }
  }
  if (quoted)
    throw std::runtime_error("line " + std::to_string(quote_line) + ": a quoted field is never closed");
  if (any || !field.empty()) {
    fields.push_back(std::move(field));
    lines.push_back(std::move(fields));
  }
  CsvTable table;
  table.dialect = dialect;
  if (lines.empty()) return table;
  table.header = std::move(lines.front());
  table.rows.assign(std::make_move_iterator(lines.begin() + 1), std::make_move_iterator(lines.end()));
  return table;
}

const char* folder_kind_name(FolderKind kind) {
  switch (kind) {
    case FolderKind::Empty:
      return "empty";
    case FolderKind::Run:
      return "run";
    case FolderKind::Compare:
      return "compare";
    case FolderKind::Sweep:
      return "sweep";
    case FolderKind::Calibration:
      return "calibrate";
    case FolderKind::Sensitivity:
      return "sensitivity";
  }
  return "empty";
}

OutputFolder read_output_folder(const std::string& dir) {
  OutputFolder folder;
  folder.path = dir;
  const fs::path root(dir);
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    folder.problems.push_back(dir + ": no such folder");
    return folder;
  }
  const auto json = [](const std::string& text) { return nlohmann::json::parse(text); };
  read_into(root, "summary.json", folder.summary, folder.problems, json);
  read_into(root, "timeseries.csv", folder.timeseries, folder.problems, parse_csv);
  read_into(root, "flows.csv", folder.flows, folder.problems, parse_csv);
  read_into(root, "compare.json", folder.compare, folder.problems, json);
  read_into(root, "sweep.csv", folder.sweep, folder.problems, parse_csv);
  read_into(root, "calibration.json", folder.calibration, folder.problems, json);
  read_into(root, "fit.csv", folder.fit, folder.problems, parse_csv);
  read_into(root, "posterior.csv", folder.posterior, folder.problems, parse_csv);
  read_into(root, "summary.csv", folder.parameters, folder.problems, parse_csv);
  read_into(root, "priors.json", folder.priors, folder.problems, json);
  read_into(root, "morris.csv", folder.morris, folder.problems, parse_csv);
  read_into(root, "sobol.csv", folder.sobol, folder.problems, parse_csv);
  read_into(root, "manifest.json", folder.manifest, folder.problems, json);
  // A folder holds one command's files; the most specific one decides.
  if (folder.compare)
    folder.kind = FolderKind::Compare;
  else if (folder.calibration || folder.fit || folder.posterior)
    folder.kind = FolderKind::Calibration;
  else if (folder.morris || folder.sobol)
    folder.kind = FolderKind::Sensitivity;
  else if (folder.sweep)
    folder.kind = FolderKind::Sweep;
  else if (folder.summary || folder.timeseries || folder.flows)
    folder.kind = FolderKind::Run;
  // A folder whose command's files are gone still has the manifest that names the command: its report says
  // which file is missing and how to make it, rather than calling the folder empty. (compare's page needs
  // compare.json and stays with the empty page's list.)
  if (folder.kind == FolderKind::Empty && folder.manifest && folder.manifest->is_object()) {
    const auto command = folder.manifest->find("command");
    if (command != folder.manifest->end() && command->is_string()) {
      const std::string name = command->get<std::string>();
      if (name == "run") folder.kind = FolderKind::Run;
      if (name == "sweep") folder.kind = FolderKind::Sweep;
      if (name == "calibrate") folder.kind = FolderKind::Calibration;
      if (name == "sensitivity") folder.kind = FolderKind::Sensitivity;
    }
  }
  return folder;
}

}  // namespace ozsim::report
