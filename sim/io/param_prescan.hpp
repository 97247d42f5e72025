#pragma once
// Guards toml++ 3.3.0 (the Debian 12 package) against input that drives it into
// undefined behaviour: its Unicode whitespace test reaches TOML_UNREACHABLE for
// many non-ASCII code points (upstream issues marzer/tomlplusplus#190 and #295,
// fixed after 3.3.0). The parser only asks that question about characters
// outside strings and comments, and after a backslash in a """ string, so we
// reject non-ASCII characters in exactly those places before toml++ sees them.
// Outside strings and comments they are TOML syntax errors anyway.

#include <string>
#include <string_view>

#include "sim/io/input_error.hpp"

namespace ozsim::io {

// Throws InputError ("file:line:col: TOML syntax error: ...") for such a character.
void reject_unsafe_toml(std::string_view text, const std::string& file);

}  // namespace ozsim::io
