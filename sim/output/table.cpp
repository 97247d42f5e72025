#include "sim/output/table.hpp"

namespace ozsim::output::table {

std::string pad_right(std::string_view text, std::size_t width) {
  std::string padded(text);
  if (padded.size() < width) padded.append(width - padded.size(), ' ');
  return padded;
}

std::string pad_left(std::string_view text, std::size_t width) {
  std::string padded;
  if (text.size() < width) padded.assign(width - text.size(), ' ');
  padded += text;
  return padded;
}

std::vector<std::string> wrap(std::string_view text, std::size_t width, std::string_view indent) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t position = 0;
  while (position < text.size()) {
    const std::size_t start = text.find_first_not_of(' ', position);
    if (start == std::string_view::npos) break;
    std::size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(start, end - start);
    const std::size_t prefix = lines.empty() ? 0 : indent.size();
    if (!line.empty() && prefix + line.size() + 1 + word.size() > width) {
      lines.push_back((lines.empty() ? std::string() : std::string(indent)) + line);
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += word;
    position = end;
  }
  if (!line.empty() || lines.empty())
    lines.push_back((lines.empty() ? std::string() : std::string(indent)) + line);
  return lines;
}

}  // namespace ozsim::output::table
