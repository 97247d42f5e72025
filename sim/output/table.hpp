#pragma once
// Small text helpers shared by the compare and sweep outputs: numbers for
// people (terminal) and for machines (CSV), CSV quoting, padding, wrapping.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ozsim::output::table {

// For the terminal: 4 significant digits below 10,000, whole numbers with
// thousands separators up to 1e8, then scientific; "n/a" for NaN. At most 11
// characters, never "-0".
std::string number(double value);

// For CSV and other files: the shortest text that reads back as the same
// double (std::to_chars), so files are byte-identical across runs; "" for NaN.
std::string exact(double value);

// Quotes a CSV field when it holds a comma, quote or line break (RFC 4180).
std::string csv_field(std::string_view text);

// Joins fields with commas, quoting each as needed, and ends the line.
std::string csv_line(const std::vector<std::string>& fields);

std::string pad_right(std::string_view text, std::size_t width);
std::string pad_left(std::string_view text, std::size_t width);

// Breaks text at spaces into lines of at most `width` characters (longer words
// stay whole); every line but the first starts with `indent`.
std::vector<std::string> wrap(std::string_view text, std::size_t width, std::string_view indent = {});

}  // namespace ozsim::output::table
