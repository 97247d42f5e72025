#include "sim/output/scenario_values.hpp"

#include <algorithm>
#include <fstream>
#include <map>

namespace ozsim::output {
namespace {

// The text after a '#' that is not inside a string, trimmed; "" when there is none.
std::string trailing_comment(const std::string& line) {
  bool in_string = false;
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_string) {
      if (c == '\\' && quote == '"')
        ++i;
      else if (c == quote)
        in_string = false;
    } else if (c == '"' || c == '\'') {
      in_string = true;
      quote = c;
    } else if (c == '#') {
      std::string text = line.substr(i + 1);
      const std::size_t first = text.find_first_not_of(" \t");
      const std::size_t last = text.find_last_not_of(" \t\r");
      return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
    }
  }
  return {};
}

bool is_comment_only(const std::string& line) {
  const std::size_t first = line.find_first_not_of(" \t");
  return first != std::string::npos && line[first] == '#';
}

std::string value_text(const params::ParamEntry& entry) {
  if (entry.kind == params::ParamEntry::Kind::Scalar) return params::scalar_to_toml(entry.scalar);
  std::string text = "[";
  for (std::size_t i = 0; i < entry.items.size(); ++i)
    text += (i ? ", " : "") + params::scalar_to_toml(entry.items[i]);
  return text + "]";
}

std::string basis_of(const std::string& note) {
  std::string lower = note;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower.find("assumption") != std::string::npos) return "assumption";
  if (lower.find("source") != std::string::npos) return "source";
  return {};
}

}  // namespace

std::vector<ScenarioValue> scenario_values(const params::ParamTree& tree) {
  std::map<std::string, std::vector<std::string>> files;  // path -> lines
  const auto lines_of = [&](const std::string& path) -> const std::vector<std::string>& {
    auto [it, inserted] = files.try_emplace(path);
    if (inserted) {
      std::ifstream in(path);
      for (std::string line; std::getline(in, line);) it->second.push_back(line);
    }
    return it->second;
  };
  std::vector<std::pair<const params::ParamEntry*, std::string>> entries;
  for (const auto& [key, entry] : tree.entries())
    if (entry.is_value()) entries.emplace_back(&entry, key);
  std::stable_sort(entries.begin(), entries.end(), [&](const auto& a, const auto& b) {
    return tree.earlier(a.first->value_location, b.first->value_location);
  });
  std::vector<ScenarioValue> values;
  for (const auto& [entry, key] : entries) {
    ScenarioValue v;
    v.key = key;
    v.value = value_text(*entry);
    const params::SourceLocation& at = entry->value_location;
    v.location = at.to_string();
    if (at.file == "--set") {
      v.basis = "override";
      v.note = "--set";
    } else if (at.line > 0) {
      const std::vector<std::string>& lines = lines_of(at.file);
      const std::size_t index = static_cast<std::size_t>(at.line - 1);
      if (index < lines.size()) {
        v.note = trailing_comment(lines[index]);
        // A value without a comment of its own takes the comment block right above it.
        if (v.note.empty()) {
          std::size_t first = index;
          while (first > 0 && is_comment_only(lines[first - 1])) --first;
          for (std::size_t i = first; i < index; ++i)
            v.note += (v.note.empty() ? "" : " ") + trailing_comment(lines[i]);
        }
      }
      v.basis = basis_of(v.note);
    }
    values.push_back(std::move(v));
  }
  return values;
}

}  // namespace ozsim::output
