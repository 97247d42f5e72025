#include "sim/params/param_prescan.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace ozsim::params {
namespace {

constexpr std::string_view BOM = "\xEF\xBB\xBF";

std::size_t utf8_length(unsigned char lead) {
  return lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
}

// Walks a document that is valid TOML, tracking strings and comments.
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

  [[noreturn]] void fail() const {
    const unsigned char c = peek();
    const std::size_t len = std::min(utf8_length(c), text.size() - pos);
    std::uint32_t cp = len == 4 ? c & 0x07u : len == 3 ? c & 0x0Fu : len == 2 ? c & 0x1Fu : c;
    for (std::size_t i = 1; i < len; ++i) cp = (cp << 6) | (peek(i) & 0x3Fu);
    static const char* const HEX = "0123456789ABCDEF";
    std::string escape = cp > 0xFFFF ? "\\U" : "\\u";
    for (int shift = cp > 0xFFFF ? 28 : 12; shift >= 0; shift -= 4) escape += HEX[(cp >> shift) & 0xF];
    std::string message = "TOML syntax error: unexpected character '";
    message.append(text.substr(pos, len));
    message += "' after a backslash in a \"\"\" string (not supported by the TOML library; write it as ";
    message += escape;
    message += ")";
    throw InputError(SourceLocation{file, line, column}, message);
  }

  void single_line(char quote) {
    advance();
    while (!at_end() && peek() != '\n') {
      if (quote == '"' && peek() == '\\') {
        advance();
        if (!at_end() && peek() != '\n') advance();
        continue;
      }
      const bool closing = peek() == static_cast<unsigned char>(quote);
      advance();
      if (closing) return;
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
        if (peek() >= 0x80) fail();
        if (peek() == ' ' || peek() == '\t' || peek() == '\r' || peek() == '\n') {
          while (peek() == ' ' || peek() == '\t' || peek() == '\r' || peek() == '\n') advance();
          if (peek() >= 0x80) fail();
        } else if (!at_end()) {
          advance();
        }
        continue;
      }
      if (c == static_cast<unsigned char>(quote) && peek(1) == c && peek(2) == c) {
        for (int quotes = 0; quotes < 5 && peek() == c; ++quotes) advance();
        return;
      }
      advance();
    }
  }

  void run() {
    while (!at_end()) {
      const unsigned char c = peek();
      if (c == '#') {
        while (!at_end() && peek() != '\n') advance();
      } else if (c == '"' || c == '\'') {
        if (peek(1) == c && peek(2) == c) {
          multi_line(static_cast<char>(c));
        } else {
          single_line(static_cast<char>(c));
        }
      } else {
        advance();
      }
    }
  }
};

}  // namespace

bool has_non_ascii(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

std::string ascii_placeholder_copy(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  if (text.substr(0, BOM.size()) == BOM) {
    out.append(BOM);
    pos = BOM.size();
  }
  while (pos < text.size()) {
    const auto c = static_cast<unsigned char>(text[pos]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++pos;
      continue;
    }
    // One '?' per character: a lead byte and the continuation bytes that follow it.
    out.push_back('?');
    const std::size_t len = utf8_length(c);
    ++pos;
    for (std::size_t i = 1;
         i < len && pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80; ++i) {
      ++pos;
    }
  }
  return out;
}

std::string character_at(std::string_view text, int line, int column) {
  int l = 1;
  int col = 1;
  for (std::size_t pos = 0; pos < text.size();) {
    const auto c = static_cast<unsigned char>(text[pos]);
    std::size_t len = 1;
    if (c >= 0x80) {
      const std::size_t want = utf8_length(c);
      while (len < want && pos + len < text.size() &&
             (static_cast<unsigned char>(text[pos + len]) & 0xC0) == 0x80) {
        ++len;
      }
    }
    if (l == line && col == column) return std::string(text.substr(pos, len));
    if (c == '\n') {
      ++l;
      col = 1;
    } else {
      ++col;
    }
    pos += len;
  }
  return "";
}

void reject_deep_structure(std::string_view text, const std::string& file) {
  int line = 1;
  int column = 1;
  int depth = 0;
  int dots = 0;  // dots outside strings since the last separator: a float has one, a dotted key one per part
  int token_line = 1;
  int token_column = 1;
  std::size_t pos = 0;
  const auto step = [&] {
    if (text[pos] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[pos]) & 0xC0) != 0x80) {
      ++column;
    }
    ++pos;
  };
  const auto starts = [&](std::string_view s) { return text.substr(pos, s.size()) == s; };
  while (pos < text.size()) {
    const char c = text[pos];
    if (c == '#') {
      while (pos < text.size() && text[pos] != '\n') step();
    } else if (starts("\"\"\"") || starts("'''")) {
      const std::string_view close = text.substr(pos, 3);
      for (int i = 0; i < 3; ++i) step();
      while (pos < text.size() && !starts(close)) {
        if (close[0] == '"' && text[pos] == '\\' && pos + 1 < text.size()) step();
        step();
      }
      while (pos < text.size() && text[pos] == close[0]) step();
    } else if (c == '"' || c == '\'') {
      step();
      while (pos < text.size() && text[pos] != c && text[pos] != '\n') {
        if (c == '"' && text[pos] == '\\' && pos + 1 < text.size() && text[pos + 1] != '\n') step();
        step();
      }
      if (pos < text.size() && text[pos] == c) step();
    } else {
      if (c == '=' || c == ',' || c == '\n' || c == '{' || c == '}' || c == '[' || c == ']') dots = 0;
      if (c == '[' || c == '{') {
        if (++depth > MAX_NESTING)
          throw InputError(SourceLocation{file, line, column},
                           "TOML nested more than " + std::to_string(MAX_NESTING) +
                               " arrays or inline tables deep; parameter files need only a few levels");
      } else if (c == ']' || c == '}') {
        if (depth > 0) --depth;
      } else if (c == '.') {
        if (dots == 0) {
          token_line = line;
          token_column = column;
        }
        if (++dots >= MAX_KEY_PARTS)
          throw InputError(SourceLocation{file, token_line, token_column},
                           "a dotted key or table header of more than " + std::to_string(MAX_KEY_PARTS) +
                               " parts; parameter files need only a few");
      }
      step();
    }
  }
}

void reject_backslash_before_non_ascii(std::string_view text, const std::string& file) {
  Scanner{text, file}.run();
}

}  // namespace ozsim::params
