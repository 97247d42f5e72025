#pragma once
// Guards toml++ 3.3.0 (the Debian 12 package) against input that drives it into
// undefined behaviour: its Unicode whitespace test reaches TOML_UNREACHABLE for
// many non-ASCII code points (upstream issues marzer/tomlplusplus#190 and #295,
// fixed after 3.3.0). The parser asks that question about characters outside
// strings and comments (including while it looks ahead through a malformed bare
// value), and after a backslash in a """ string.
//
// The loader therefore parses text containing non-ASCII bytes twice: first a copy
// with every non-ASCII character replaced by one '?' -- invalid outside strings
// and comments, harmless inside them, and at the same line and column -- so that
// syntax errors come from toml++ without it ever classifying a non-ASCII
// character; then, once the structure is known to be valid TOML (so non-ASCII
// text is only in strings and comments), the original, after
// reject_backslash_before_non_ascii().

#include <string>
#include <string_view>

#include "sim/params/input_error.hpp"

namespace ozsim::params {

// True if the text has a byte >= 0x80.
bool has_non_ascii(std::string_view text);
// The text with each non-ASCII UTF-8 character (or stray byte) replaced by '?';
// a leading UTF-8 byte-order mark is kept.
std::string ascii_placeholder_copy(std::string_view text);
// The character at a 1-based line and column (columns count characters), or "".
std::string character_at(std::string_view text, int line, int column);
// For valid TOML: throws InputError for a non-ASCII character right after a
// backslash, or as the first character after a line-ending backslash, in a """
// string (valid TOML that toml++ 3.3.0 mishandles).
void reject_backslash_before_non_ascii(std::string_view text, const std::string& file);

// Limits that keep toml++ from recursing without bound (a key or table header
// with ~40,000 dotted parts overflows its stack): at most MAX_KEY_PARTS parts in
// one dotted key and at most MAX_NESTING open arrays and inline tables.
inline constexpr int MAX_KEY_PARTS = 64;
inline constexpr int MAX_NESTING = 32;
// Throws InputError at the first key with too many parts or the first bracket
// nested too deeply. Strings and comments are skipped; the text need not be valid TOML.
void reject_deep_structure(std::string_view text, const std::string& file);

}  // namespace ozsim::params
