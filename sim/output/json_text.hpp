#pragma once
// JSON values appended to a text exactly as nlohmann::json's dump() writes them, for the parts of a file
// that are too large to build as a json tree first: summary.json's KPIs are five values for each of
// thousands of KPIs (11,095 for nederland.toml), and building, copying and dumping them as a tree cost
// more than a quarter of a billion instructions (callgrind). tests/output/json_text_test.cpp checks every
// function against dump().
#include <string>
#include <string_view>

namespace ozsim::output::json_text {

// A number as dump() writes a double: the shortest text that reads back the same (nlohmann's Grisu2,
// "181.0" for a whole number), "null" for NaN and the infinities.
void append_number(std::string& out, double value);
// A string, quoted and escaped as dump() writes it (UTF-8 kept as it is; throws nlohmann's type_error for
// invalid UTF-8, as dump() does).
void append_string(std::string& out, std::string_view text);

}  // namespace ozsim::output::json_text
