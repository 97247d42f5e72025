#include "sim/params/csv.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "sim/params/number_format.hpp"

namespace ozsim::params {
namespace {

constexpr std::string_view UTF8_BOM = "\xEF\xBB\xBF";

}  // namespace

CsvDialect csv_dialect_from_name(std::string_view name) {
  if (name == "rfc4180") return CsvDialect::Rfc4180;
  if (name == "nl") return CsvDialect::Nl;
  throw std::invalid_argument("CSV dialect: expected rfc4180 or nl, found '" + std::string(name) + "'");
}

const char* csv_dialect_name(CsvDialect dialect) {
  return dialect == CsvDialect::Nl ? "nl" : "rfc4180";
}

char csv_separator(CsvDialect dialect) {
  return dialect == CsvDialect::Nl ? ';' : ',';
}

char csv_decimal_mark(CsvDialect dialect) {
  return dialect == CsvDialect::Nl ? ',' : '.';
}

std::string_view csv_preamble(CsvDialect dialect) {
  return dialect == CsvDialect::Nl ? UTF8_BOM : std::string_view();
}

CsvDialect csv_dialect_of(std::string_view text) {
  if (text.substr(0, UTF8_BOM.size()) != UTF8_BOM) return CsvDialect::Rfc4180;
  // A spreadsheet saving "CSV UTF-8" also writes the mark, with commas: the header line tells.
  const std::string_view header = text.substr(UTF8_BOM.size(), text.find('\n') - UTF8_BOM.size());
  return header.find(';') != std::string_view::npos ? CsvDialect::Nl : CsvDialect::Rfc4180;
}

std::string csv_number(double value, CsvDialect dialect) {
  return dialect == CsvDialect::Nl ? exact_decimal_comma(value) : exact(value);
}

namespace {

// A field holding the separator, a quote or a line break is quoted.
bool needs_quotes(std::string_view text, CsvDialect dialect) {
  const char special[] = {csv_separator(dialect), '"', '\r', '\n', '\0'};
  return text.find_first_of(special) != std::string_view::npos;
}

}  // namespace

std::string csv_field(std::string_view text, CsvDialect dialect) {
  if (!needs_quotes(text, dialect)) return std::string(text);
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string csv_line(const std::vector<std::string>& fields, CsvDialect dialect) {
  std::string text;
  CsvLine line(text, dialect);
  for (const std::string& field : fields) line.field(field);
  line.end();
  return text;
}

void CsvLine::separate() {
  if (line_started_) out_ += csv_separator(dialect_);
  line_started_ = true;
}

void CsvLine::field(std::string_view text) {
  separate();
  if (needs_quotes(text, dialect_)) {
    out_ += csv_field(text, dialect_);
    return;
  }
  out_ += text;
}

void CsvLine::number(double value) {
  separate();
  // exact()'s text, formatted in place. A number never holds a quote, a line break or the separator (the
  // decimal comma of nl goes with ';'), so it needs no quoting.
  const std::size_t start = out_.size();
  append_exact(out_, value);
  if (dialect_ == CsvDialect::Nl)
    std::replace(out_.begin() + static_cast<std::ptrdiff_t>(start), out_.end(), '.', ',');
}

void CsvLine::end() {
  out_ += '\n';
  line_started_ = false;
}

bool csv_parse_number(std::string_view field, CsvDialect dialect, double& value) {
  if (field.empty()) return false;
  std::string text(field);
  if (dialect == CsvDialect::Nl) {
    // A '.' in a Dutch field would be a thousands separator, which ozsim never writes: refuse it.
    if (text.find('.') != std::string::npos) return false;
    for (char& c : text)
      if (c == ',') c = '.';
  }
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc{} && end == text.data() + text.size();
}

}  // namespace ozsim::params
