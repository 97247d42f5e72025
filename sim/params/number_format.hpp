#pragma once
// The one number formatter of ozsim. Machine files (CSV, JSON text we build
// ourselves) get the shortest text that reads back as the same double; messages
// show a value as the user wrote it; text for people gets rounded numbers in the
// reader's convention:
//   nl: "21.000", "3,5", "€ 21.000", "3,5%"     en: "21,000", "3.5", "€21,000", "3.5%".
// Built on fmt, with a fixed numpunct facet per language, so the output never
// depends on the machine's locale.
#include <string>
#include <string_view>

namespace ozsim::params {

enum class Language { Nl, En };

// "nl" or "en"; throws std::invalid_argument otherwise.
Language language_from_name(std::string_view name);
const char* language_name(Language language);

// Shortest text that reads back as the same double ("5.48", "2092", "1e+20"); "" for NaN.
std::string exact(double value);
// exact() appended to `out` (nothing for NaN), for files of many numbers.
void append_exact(std::string& out, double value);
// A number in a message or help text, as the user would have written it: "0.5", "1000000", "1e+20",
// "nan", "inf". The engine, which links no params, writes fmt::to_string itself: the same text.
std::string format_number(double value);
// exact() with a decimal comma, for Dutch-dialect CSV ("5,48").
std::string exact_decimal_comma(double value);

// Rounded to `decimals` places with thousands separators: nl "1.234,5", en "1,234.5".
// Never "-0". NaN gives "n/a" (en) or "n.b." (nl).
std::string grouped(double value, int decimals, Language language);
// grouped() with as many decimals as a person needs: none from 100 up, one
// from 10, two from 1 (a trailing zero dropped), two significant digits below 1.
std::string human(double value, Language language);
// Decimals human() would use for a value of this size.
int human_decimals(double value);
// Euros: nl "€ 21.000", "-€ 3.500"; en "€21,000", "-€3,500".
std::string euros(double value, int decimals, Language language);
// Euros for a headline or an axis: millions as nl "€ 12,3 mln", en "€12.3m"; smaller amounts as euros(v, 0).
std::string euros_compact(double value, Language language);
// A fraction as a percentage: 0.035 -> nl "3,5%", en "3.5%".
std::string percent(double fraction, int decimals, Language language);

}  // namespace ozsim::params
