// The one number formatter: exact text for machines, the reader's convention for people.
#include "sim/params/number_format.hpp"

#include <doctest/doctest.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <locale>
#include <string>

using namespace ozsim::params;

TEST_CASE("number format: exact text reads back as the same double") {
  CHECK(exact(5.48) == "5.48");
  CHECK(exact(5.4800000000000004) == "5.48");  // the same double; never the long form
  CHECK(exact(2092.0) == "2092");
  CHECK(exact(0.1 + 0.2) == "0.30000000000000004");
  CHECK(exact(-0.0).find('e') == std::string::npos);
  CHECK(exact(std::nan("")).empty());
  for (double v : {1.0 / 3.0, 92.325, 1e-300, 123456789.123456789, -2.5e17, 4.9e-324}) {
    const std::string text = exact(v);
    double back = 0.0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), back);
    CHECK(error == std::errc{});
    CHECK(end == text.data() + text.size());
    CHECK(back == v);
  }
  CHECK(exact_decimal_comma(92.325) == "92,325");
  CHECK(exact_decimal_comma(-1.5) == "-1,5");
}

TEST_CASE("number format: numbers in messages as the user would write them") {
  CHECK(format_number(0.5) == "0.5");
  CHECK(format_number(2092.0) == "2092");
  CHECK(format_number(1e9) == "1000000000");
  CHECK(format_number(1e20) == "1e+20");
  CHECK(format_number(std::nan("")) == "nan");
  CHECK(format_number(-std::numeric_limits<double>::infinity()) == "-inf");
}

TEST_CASE("number format: Dutch and English for people") {
  CHECK(grouped(21000.0, 0, Language::Nl) == "21.000");
  CHECK(grouped(21000.0, 0, Language::En) == "21,000");
  CHECK(grouped(1234567.891, 2, Language::Nl) == "1.234.567,89");
  CHECK(grouped(1234567.891, 2, Language::En) == "1,234,567.89");
  CHECK(euros(21000.0, 0, Language::Nl) == "€ 21.000");
  CHECK(euros(21000.0, 0, Language::En) == "€21,000");
  CHECK(euros(-3500.4, 0, Language::Nl) == "-€ 3.500");
  CHECK(euros(-0.2, 0, Language::Nl) == "€ 0");  // never "-€ 0"
  CHECK(euros_compact(12253569.0, Language::Nl) == "€ 12,3 mln");
  CHECK(euros_compact(-12253569.0, Language::En) == "-€12.3m");
  CHECK(euros_compact(631000.0, Language::Nl) == "€ 631.000");
  CHECK(percent(0.035, 1, Language::Nl) == "3,5%");
  CHECK(percent(0.035, 1, Language::En) == "3.5%");
  CHECK(grouped(-0.04, 1, Language::Nl) == "0,0");
  CHECK(grouped(std::nan(""), 1, Language::Nl) == "n.b.");
  CHECK(grouped(std::nan(""), 1, Language::En) == "n/a");
}

TEST_CASE("number format: human rounding by size") {
  CHECK(human(5928673.4, Language::Nl) == "5.928.673");
  CHECK(human(5928673.4, Language::En) == "5,928,673");
  CHECK(human(42.26, Language::Nl) == "42,3");
  CHECK(human(3.5, Language::Nl) == "3,5");
  CHECK(human(3.0, Language::En) == "3.0");
  CHECK(human(0.05, Language::En) == "0.05");
  CHECK(human_decimals(100.0) == 0);
  CHECK(human_decimals(99.9) == 1);
  CHECK(human_decimals(9.99) == 2);
  CHECK(human(0.0047654, Language::Nl) == "0,0048");
  CHECK(human(0.01496, Language::Nl) == "0,015");
  CHECK(human(0.35, Language::En) == "0.35");
  // Zero has nothing to round: a card whose interval starts at a count of 0 says "0", not "0,00".
  CHECK(human_decimals(0.0) == 0);
  CHECK(human(0.0, Language::Nl) == "0");
  CHECK(human(-0.0, Language::En) == "0");
  CHECK(human(5.55e-17, Language::Nl) == "0");  // a difference of equal values, off by rounding
  CHECK(human(-3e-14, Language::En) == "0");
  CHECK(human(2e-12, Language::En) == "0.000000000002");
}

TEST_CASE("number format: independent of the global locale") {
  const std::locale previous = std::locale::global(std::locale::classic());
  CHECK(grouped(1234.5, 1, Language::Nl) == "1.234,5");
  std::locale::global(previous);
}

TEST_CASE("number format: language names") {
  CHECK(language_from_name("nl") == Language::Nl);
  CHECK(language_from_name("en") == Language::En);
  CHECK_THROWS_AS(language_from_name("de"), std::invalid_argument);
  CHECK(std::string(language_name(Language::Nl)) == "nl");
}
