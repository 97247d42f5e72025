#include "sim/io/param_prescan.hpp"

#include <cstddef>
#include <cstdint>

namespace ozsim::io {
namespace {

struct Scanner {
  std::string_view text;
  const std::string& file;
  std::size_t pos = 0;
  int line = 1;
  int column = 1;

  bool at_end() const { return pos >= text.size(); }
  unsigned char peek(std::size_t ahead = 0) const {
    return pos + ahead < text.size() ? static_cast<unsigned char>(text[pos + ahead]) : 0;
  }
  bool starts(std::string_view s) const { return text.substr(pos, s.size()) == s; }
  void advance() {
    const unsigned char c = peek();
    ++pos;
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0) != 0x80) {  // columns count characters, not UTF-8 continuation bytes
      ++column;
    }
  }

  // The UTF-8 character at pos as text and as "U+XXXX"-style escape.
  void describe(std::string& shown, std::string& escape) const {
    const unsigned char c = peek();
    const std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    std::uint32_t cp = len == 4 ? c & 0x07u : len == 3 ? c & 0x0Fu : len == 2 ? c & 0x1Fu : c;
    bool valid = len > 1 && pos + len <= text.size();
    for (std::size_t i = 1; valid && i < len; ++i) {
      const unsigned char cc = peek(i);
      valid = (cc & 0xC0) == 0x80;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    static const char* const HEX = "0123456789ABCDEF";
    if (!valid) {
      shown = "byte 0x";
      shown += HEX[c >> 4];
      shown += HEX[c & 0xF];
      escape.clear();
      return;
    }
    // Appended piecewise: GCC 12 at -O3 warns falsely (-Wrestrict) on a "'" + s + "'" chain.
    shown.assign(1, '\'');
    shown.append(text.substr(pos, len));
    shown.push_back('\'');
    escape = cp > 0xFFFF ? "\\U" : "\\u";
    for (int shift = cp > 0xFFFF ? 28 : 12; shift >= 0; shift -= 4) escape += HEX[(cp >> shift) & 0xF];
  }

  [[noreturn]] void fail(bool after_backslash) const {
    std::string shown;
    std::string escape;
    describe(shown, escape);
    std::string message = "TOML syntax error: unexpected character " + shown;
    if (after_backslash) {
      message += " after a backslash in a \"\"\" string (not supported by the TOML library";
      message += escape.empty() ? ")" : "; write it as " + escape + ")";
    } else {
      message += " (non-ASCII characters are allowed only in strings and comments)";
    }
    throw InputError(SourceLocation{file, line, column}, message);
  }

  void skip_to_line_end() {
    while (!at_end() && peek() != '\n') advance();
  }

  // A single-line string; `quote` is '"' (escapes) or '\''.
  void single_line(char quote) {
    advance();
    while (!at_end() && peek() != '\n') {
      if (quote == '"' && peek() == '\\') {
        advance();
        if (!at_end() && peek() != '\n') advance();
        continue;
      }
      if (peek() == static_cast<unsigned char>(quote)) {
        advance();
        return;
      }
      advance();
    }
  }

  // A multi-line string opened by three quotes; closes at 3-5 quotes (up to two belong to the content).
  void multi_line(char quote) {
    for (int i = 0; i < 3; ++i) advance();
    while (!at_end()) {
      const unsigned char c = peek();
      if (quote == '"' && c == '\\') {
        advance();
        // toml++ asks whether the next character, and after a line-ending backslash the
        // first character after the skipped whitespace, is Unicode whitespace.
        if (peek() >= 0x80) fail(true);
        if (peek() == ' ' || peek() == '\t' || peek() == '\r' || peek() == '\n') {
          while (peek() == ' ' || peek() == '\t' || peek() == '\r' || peek() == '\n') advance();
          if (peek() >= 0x80) fail(true);
        } else if (!at_end()) {
          advance();
        }
        continue;
      }
      if (c == static_cast<unsigned char>(quote) && peek(1) == c && peek(2) == c) {
        int quotes = 0;
        while (quotes < 5 && peek() == c) {
          advance();
          ++quotes;
        }
        return;
      }
      advance();
    }
  }

  void run() {
    if (starts("\xEF\xBB\xBF")) pos = 3;  // a UTF-8 byte-order mark is fine
    // The last character outside strings and comments, ignoring spaces and tabs. In
    // valid TOML a string (key or value) starts only at a line start or after one of
    // = [ , { . -- elsewhere toml++ treats a quote as part of a malformed bare token
    // and scans on through it (classifying each character), so it must not hide
    // what follows from this check.
    unsigned char last = '\n';
    while (!at_end()) {
      const unsigned char c = peek();
      const bool string_may_start =
          last == '\n' || last == '=' || last == '[' || last == ',' || last == '{' || last == '.';
      if (c == '#') {
        skip_to_line_end();
      } else if ((c == '"' || c == '\'') && string_may_start) {
        const char q = static_cast<char>(c);
        if (peek(1) == c && peek(2) == c) {
          multi_line(q);
        } else {
          single_line(q);
        }
        last = c;
      } else if (c >= 0x80) {
        fail(false);
      } else {
        if (c != ' ' && c != '\t') last = c;
        advance();
      }
    }
  }
};

}  // namespace

void reject_unsafe_toml(std::string_view text, const std::string& file) { Scanner{text, file}.run(); }

}  // namespace ozsim::io
