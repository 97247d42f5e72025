#pragma once
// The one exception type for bad scenario input, and the source position every
// parsed value carries so that any later check can point at file:line:col.

#include <stdexcept>
#include <string>

namespace ozsim::params {

// Where a value came from: a scenario file position, or an origin without a
// position such as "--set" (command-line override) or "(default)".
struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based; 0 = no position (whole file or a non-file origin)
  int column = 0;  // 1-based; 0 = no column

  // "file:line:col", "file:line" or just "file" when there is no position.
  std::string to_string() const;
  bool operator==(const SourceLocation&) const = default;
};

// Thrown for every problem with user input: TOML syntax, missing files, base
// cycles, unknown keys, wrong types, out-of-range values, bad distributions.
// what() is the full one-line message, for example
//   scenarios/x.toml:12:5: key 'provisions.oov.capacity': expected an integer >= 0, found -3
class InputError : public std::runtime_error {
 public:
  // "<where>: key '<key>': expected <expected>, found <found>"
  InputError(SourceLocation where, std::string key, std::string expected, std::string found);
  // "<where>: <message>" for messages that are not expected/found shaped.
  InputError(SourceLocation where, std::string message);
  // "<where>: <message>", remembering the key the message is about.
  static InputError with_key(SourceLocation where, std::string key, std::string message);

  const SourceLocation& where() const { return where_; }
  const std::string& key() const { return key_; }  // empty when the error is not about one key

 private:
  InputError(SourceLocation where, std::string key, std::string full_message, int /*tag*/);
  SourceLocation where_;
  std::string key_;
};

}  // namespace ozsim::params
