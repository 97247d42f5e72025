// json_text writes values as nlohmann::json's dump() does, byte for byte: summary.json is partly written
// by dump() and partly by json_text, and must read as one dump(2) of the whole document.
#include "sim/output/json_text.hpp"

#include <doctest/doctest.h>

#include <bit>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>

using namespace ozsim;

namespace {

std::string number_text(double value) {
  std::string out = "x";  // appends: what is there stays
  output::json_text::append_number(out, value);
  return out.substr(1);
}

std::string string_text(std::string_view text) {
  std::string out = "x";
  output::json_text::append_string(out, text);
  return out.substr(1);
}

}  // namespace

TEST_CASE("json_text: a number reads as dump() writes it") {
  using limits = std::numeric_limits<double>;
  for (double v : {0.0,
                   -0.0,
                   1.0,
                   -1.0,
                   181.0,
                   115.77777777777777,
                   0.1,
                   1e-4,
                   1e-5,
                   123456789012345.0,
                   1e15,
                   1e16,
                   1e17,
                   1e20,
                   1e21,
                   1e-300,
                   5e-324,
                   limits::max(),
                   limits::min(),
                   limits::denorm_min(),
                   limits::lowest(),
                   2.5e-7,
                   3.0e100}) {
    INFO(v);
    CHECK(number_text(v) == nlohmann::json(v).dump());
  }
  CHECK(number_text(181.0) == "181.0");
  CHECK(number_text(limits::quiet_NaN()) == "null");
  CHECK(number_text(limits::infinity()) == "null");
  CHECK(number_text(-limits::infinity()) == "null");
  // Any double: random bit patterns cover every exponent; random means of counts the usual values.
  std::mt19937_64 random(20261203);
  std::uniform_real_distribution<double> mean(0.0, 1e6);
  for (int i = 0; i < 200000; ++i) {
    const double bits = std::bit_cast<double>(random());
    const double v = std::isfinite(bits) ? bits : mean(random);
    const double w = mean(random) / static_cast<double>(1 + i % 97);
    if (number_text(v) != nlohmann::json(v).dump() || number_text(w) != nlohmann::json(w).dump()) {
      INFO(v << " " << w);
      CHECK(number_text(v) == nlohmann::json(v).dump());
      CHECK(number_text(w) == nlohmann::json(w).dump());
      break;
    }
  }
}

TEST_CASE("json_text: a string reads as dump() writes it, escapes and UTF-8 included") {
  for (std::string_view text :
       {"", "count.thuiszitter", "wait_days.oov@zuid_holland.mean", "say \"hi\"", "back\\slash", "tab\there",
        "new\nline", "bell\x07", "delete\x7f", "\xe2\x82\xac 21.000", "slash/ and ~"}) {
    INFO(text);
    CHECK(string_text(text) == nlohmann::json(text).dump());
  }
  CHECK(string_text("count.oov") == "\"count.oov\"");
  // Invalid UTF-8: dump() refuses it, and so does append_string.
  CHECK_THROWS_AS(nlohmann::json(std::string_view("bad\xff")).dump(), nlohmann::json::type_error);
  CHECK_THROWS_AS(string_text("bad\xff"), nlohmann::json::type_error);
}
