#include "sim/output/table.hpp"

namespace ozsim::output::table {

std::size_t display_width(std::string_view text) {
  // UTF-8: every byte but a continuation byte (10xxxxxx) starts a character ("€" is three bytes, one column).
  std::size_t width = 0;
  for (const char c : text) width += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return width;
}

std::string pad_right(std::string_view text, std::size_t width) {
  std::string padded(text);
  const std::size_t shown = display_width(text);
  if (shown < width) padded.append(width - shown, ' ');
  return padded;
}

std::string pad_left(std::string_view text, std::size_t width) {
  std::string padded;
  const std::size_t shown = display_width(text);
  if (shown < width) padded.assign(width - shown, ' ');
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
