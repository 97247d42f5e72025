#pragma once
// Small text helpers for the terminal tables: numbers, padding, wrapping.
// Numbers come from params/number_format, the one formatter; CSV from params/csv.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sim/params/number_format.hpp"

namespace ozsim::output::table {

// Terminal tables are in English: params::human with English grouping ("12,015,299", "3.5", "0.035").
inline std::string human(double value) {
  return params::human(value, params::Language::En);
}

// Columns a text takes on a terminal: its UTF-8 characters, so "€" counts once.
std::size_t display_width(std::string_view text);
// Padded with spaces to `width` columns.
std::string pad_right(std::string_view text, std::size_t width);
std::string pad_left(std::string_view text, std::size_t width);

// Breaks text at spaces into lines of at most `width` characters (longer words
// stay whole); every line but the first starts with `indent`.
std::vector<std::string> wrap(std::string_view text, std::size_t width, std::string_view indent = {});

}  // namespace ozsim::output::table
