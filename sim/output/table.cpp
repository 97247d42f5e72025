#include "sim/output/table.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace ozsim::output::table {

std::string number(double value) {
  if (std::isnan(value)) return "n/a";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  std::array<char, 64> buffer{};
  const double magnitude = std::fabs(value);
  // Above 1e8 whole numbers would need 12 characters; tables reserve 11.
  if (magnitude >= 1e8) {
    std::snprintf(buffer.data(), buffer.size(), "%.3e", value);
    return buffer.data();
  }
  if (magnitude >= 9999.5) {
    std::snprintf(buffer.data(), buffer.size(), "%.0f", magnitude);
    const std::string digits = buffer.data();
    std::string grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
      grouped += digits[i];
    }
    return value < 0 ? "-" + grouped : grouped;
  }
  std::snprintf(buffer.data(), buffer.size(), "%.4g", value);
  std::string text = buffer.data();
  // A tiny negative rounds to "-0" in some formats; a reader would take it for a sign that means something.
  if (text == "-0") text = "0";
  return text;
}

std::string exact(double value) {
  if (std::isnan(value)) return {};
  std::array<char, 32> buffer{};
  const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (error != std::errc{}) return {};
  return std::string(buffer.data(), end);
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string csv_line(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    line += csv_field(fields[i]);
  }
  line += '\n';
  return line;
}

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
