#pragma once
// CSV files as ozsim writes and reads them, in one of two dialects:
//   rfc4180 (the default): ',' between fields, '.' as the decimal mark, no byte-order mark;
//   nl: ';' between fields, ',' as the decimal mark, and a UTF-8 byte-order mark, so that a
//       spreadsheet in a Dutch locale opens the file by double-click with every field in its
//       own column and 92,325 read as a number (not as 92325, as a ',' file imported there is).
// Both quote a field holding the separator, a quote or a line break (RFC 4180 quoting).
// Numbers are the shortest text that reads back as the same double (params::exact), so
// both dialects hold exactly the same values. The byte-order mark and a ';' in the header line
// tell a reader the dialect.
#include <string>
#include <string_view>
#include <vector>

namespace ozsim::params {

enum class CsvDialect { Rfc4180, Nl };

// "rfc4180" or "nl"; throws std::invalid_argument otherwise.
CsvDialect csv_dialect_from_name(std::string_view name);
const char* csv_dialect_name(CsvDialect dialect);

char csv_separator(CsvDialect dialect);
char csv_decimal_mark(CsvDialect dialect);
// What a file of the dialect starts with: the UTF-8 byte-order mark for nl, nothing for rfc4180.
std::string_view csv_preamble(CsvDialect dialect);
// The dialect of a file's text: nl when it starts with the byte-order mark and its header line has a ';'
// (a spreadsheet's "CSV UTF-8" has the mark with ',' separators).
CsvDialect csv_dialect_of(std::string_view text);

// A number as a field: exact, with the dialect's decimal mark; "" for NaN.
std::string csv_number(double value, CsvDialect dialect);
// Quotes a field when it holds the separator, a quote or a line break.
std::string csv_field(std::string_view text, CsvDialect dialect);
// Joins fields with the separator, quoting each as needed, and ends the line with '\n'.
std::string csv_line(const std::vector<std::string>& fields, CsvDialect dialect);

// One line appended to a text field by field: the same bytes as csv_line() of csv_field() and csv_number()
// texts, without a string for each field and a vector for each line, for files of many numbers
// (timeseries.csv has 1,644 fields a line for nederland.toml).
//
//   params::CsvLine line(out, dialect);
//   line.field("2021-10-01");
//   line.number(61.0);
//   line.end();  // "2021-10-01,61\n"
class CsvLine {
 public:
  CsvLine(std::string& out, CsvDialect dialect) : out_(out), dialect_(dialect) {}
  void field(std::string_view text);  // quoted when it holds the separator, a quote or a line break
  void number(double value);          // csv_number()'s text: exact, empty for NaN
  void end();                         // the '\n'; the next field starts a new line

 private:
  void separate();
  std::string& out_;
  CsvDialect dialect_;
  bool line_started_ = false;
};

// A field read back as a number in the dialect; false when it is empty or not a whole number text.
bool csv_parse_number(std::string_view field, CsvDialect dialect, double& value);

}  // namespace ozsim::params
