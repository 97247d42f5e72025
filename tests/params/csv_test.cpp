// CSV dialects: the same values in rfc4180 and nl, quoting by the dialect's separator.
#include "sim/params/csv.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

using namespace ozsim::params;

TEST_CASE("csv: rfc4180 and nl write the same values with their own separator and decimal mark") {
  CHECK(csv_line({"a", "92.325", ""}, CsvDialect::Rfc4180) == "a,92.325,\n");
  CHECK(csv_line({"a", csv_number(92.325, CsvDialect::Nl), ""}, CsvDialect::Nl) == "a;92,325;\n");
  // A field holding the separator is quoted; a comma in a Dutch field needs no quotes.
  CHECK(csv_field("a,b", CsvDialect::Rfc4180) == "\"a,b\"");
  CHECK(csv_field("a,b", CsvDialect::Nl) == "a,b");
  CHECK(csv_field("a;b", CsvDialect::Nl) == "\"a;b\"");
  CHECK(csv_field("say \"hi\"", CsvDialect::Nl) == "\"say \"\"hi\"\"\"");
  CHECK(csv_number(std::nan(""), CsvDialect::Nl).empty());
  CHECK(csv_preamble(CsvDialect::Rfc4180).empty());
  CHECK(csv_preamble(CsvDialect::Nl) == "\xEF\xBB\xBF");
  CHECK(csv_dialect_of("\xEF\xBB\xBFx;y\n") == CsvDialect::Nl);
  CHECK(csv_dialect_of("x,y\n") == CsvDialect::Rfc4180);
  CHECK(csv_dialect_of("\xEF\xBB\xBFx,y\n1;2\n") == CsvDialect::Rfc4180);  // "CSV UTF-8" from a spreadsheet
  CHECK(csv_dialect_from_name("nl") == CsvDialect::Nl);
  CHECK_THROWS_AS(csv_dialect_from_name("excel"), std::invalid_argument);
}

TEST_CASE("csv: every number reads back exactly in both dialects") {
  for (double v : {1.0 / 3.0, 92.325, -5.4800000000000004, 12015299.123456789, 1e-300, 2.5e17, 0.0}) {
    for (CsvDialect dialect : {CsvDialect::Rfc4180, CsvDialect::Nl}) {
      double back = 0.0;
      REQUIRE(csv_parse_number(csv_number(v, dialect), dialect, back));
      CHECK(back == v);
    }
  }
  double ignored = 0.0;
  CHECK_FALSE(csv_parse_number("", CsvDialect::Nl, ignored));
  CHECK_FALSE(csv_parse_number("92.325", CsvDialect::Nl, ignored));  // a thousands point, never written
  CHECK_FALSE(csv_parse_number("1,5", CsvDialect::Rfc4180, ignored));
}

TEST_CASE("csv: a line written field by field is csv_line of the same fields") {
  for (CsvDialect dialect : {CsvDialect::Rfc4180, CsvDialect::Nl}) {
    INFO(csv_dialect_name(dialect));
    const std::vector<double> numbers = {92.325, -5.4800000000000004, 1e-300, 2.5e17,
                                         0.0,    std::nan(""),        61.0};
    const std::vector<std::string> texts = {"2021-10-01", "a,b", "a;b", "say \"hi\"", "two\nlines", ""};
    std::vector<std::string> fields;
    std::string out = "kept\n";
    CsvLine line(out, dialect);
    for (std::size_t i = 0; i < std::max(numbers.size(), texts.size()); ++i) {
      if (i < texts.size()) {
        fields.push_back(texts[i]);
        line.field(texts[i]);
      }
      if (i < numbers.size()) {
        fields.push_back(csv_number(numbers[i], dialect));
        line.number(numbers[i]);
      }
    }
    line.end();
    line.number(1.5);  // a second line starts without a separator
    line.end();
    CHECK(out == "kept\n" + csv_line(fields, dialect) + csv_line({csv_number(1.5, dialect)}, dialect));
  }
}
