#include "sim/params/number_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <locale>
#include <stdexcept>

namespace ozsim::params {
namespace {

// Decimal point and thousands separator of a language, independent of the
// machine's locale (fmt formats with "L" against this facet only).
class Punctuation : public std::numpunct<char> {
 public:
  Punctuation(char decimal_point, char thousands_separator)
      : decimal_point_(decimal_point), thousands_separator_(thousands_separator) {}

 protected:
  char do_decimal_point() const override { return decimal_point_; }
  char do_thousands_sep() const override { return thousands_separator_; }
  std::string do_grouping() const override { return "\3"; }

 private:
  char decimal_point_;
  char thousands_separator_;
};

const std::locale& locale_of(Language language) {
  // The locale owns (and deletes) its facet.
  static const std::locale nl(std::locale::classic(), new Punctuation(',', '.'));
  static const std::locale en(std::locale::classic(), new Punctuation('.', ','));
  return language == Language::Nl ? nl : en;
}

const char* not_available(Language language) {
  return language == Language::Nl ? "n.b." : "n/a";
}

// Rounds first, so that -0.04 at one decimal prints as "0,0" and not "-0,0".
double without_negative_zero(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  const double rounded = std::round(value * scale) / scale;
  return rounded == 0.0 ? 0.0 : value;
}

}  // namespace

Language language_from_name(std::string_view name) {
  if (name == "nl") return Language::Nl;
  if (name == "en") return Language::En;
  throw std::invalid_argument("language: expected nl or en, found '" + std::string(name) + "'");
}

const char* language_name(Language language) {
  return language == Language::Nl ? "nl" : "en";
}

std::string exact(double value) {
  std::string text;
  append_exact(text, value);
  return text;
}

void append_exact(std::string& out, double value) {
  if (std::isnan(value)) return;
  fmt::format_to(std::back_inserter(out), "{}", value);
}

std::string format_number(double value) {
  return fmt::to_string(value);
}

std::string exact_decimal_comma(double value) {
  std::string text = exact(value);
  for (char& c : text)
    if (c == '.') c = ',';
  return text;
}

std::string grouped(double value, int decimals, Language language) {
  if (std::isnan(value)) return not_available(language);
  if (std::isinf(value)) return value > 0 ? "∞" : "-∞";
  return fmt::format(locale_of(language), "{:.{}Lf}", without_negative_zero(value, decimals), decimals);
}

int human_decimals(double value) {
  const double magnitude = std::fabs(value);
  if (magnitude >= 100.0) return 0;
  if (magnitude >= 10.0) return 1;
  // Nothing to round: "0", not "0,00". A mean difference of identical values can come out as 1e-17 from
  // rounding in the sum; below what 12 decimals show, it is zero too.
  if (magnitude < 0.5e-12) return 0;
  if (magnitude >= 1.0 || !std::isfinite(magnitude)) return 2;
  // Below one, two significant digits: 0.35, 0.015, 0.0047 (never 0.00).
  return std::min(12, static_cast<int>(-std::floor(std::log10(magnitude))) + 1);
}

std::string human(double value, Language language) {
  const int decimals = human_decimals(value);
  std::string text = grouped(value, decimals, language);
  // 3,50 -> 3,5 but 0,05 stays: a person reads "3,5" more easily, and the
  // second decimal matters only below one.
  if (decimals == 2 && std::fabs(value) >= 1.0 && text.size() > 1 && text.back() == '0') text.pop_back();
  // Below one: 0,050 -> 0,05, but at least two decimals stay.
  for (int kept = decimals; kept > 2 && text.back() == '0'; --kept) text.pop_back();
  return text;
}

std::string euros(double value, int decimals, Language language) {
  if (std::isnan(value)) return not_available(language);
  const bool negative = without_negative_zero(value, decimals) < 0.0;
  const std::string amount = grouped(std::fabs(value), decimals, language);
  const std::string sign = negative ? "-" : "";
  return language == Language::Nl ? sign + "€ " + amount : sign + "€" + amount;
}

std::string euros_compact(double value, Language language) {
  if (std::isnan(value) || std::fabs(value) < 1e6) return euros(value, 0, language);
  const std::string sign = value < 0 ? "-" : "";
  const std::string millions = grouped(std::fabs(value) / 1e6, 1, language);
  return language == Language::Nl ? sign + "€ " + millions + " mln" : sign + "€" + millions + "m";
}

std::string percent(double fraction, int decimals, Language language) {
  if (std::isnan(fraction)) return not_available(language);
  return grouped(fraction * 100.0, decimals, language) + "%";
}

}  // namespace ozsim::params
