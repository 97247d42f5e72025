#pragma once
// Results as bytes, so that a result computed by one rank (analysis/cluster.hpp) reaches the others
// bit for bit: doubles travel as their 8 bytes, never as text. The one place that knows the layout.
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "sim/model/run.hpp"

namespace ozsim::analysis {

// Appends plain values (numbers as their bytes in this machine's order: every rank runs the same
// build on the same kind of machine) and length-prefixed strings and vectors.
class ByteWriter {
 public:
  explicit ByteWriter(std::string& out) : out_(out) {}
  template <typename T>
  requires std::is_arithmetic_v<T>
  void put(T value) { out_.append(reinterpret_cast<const char*>(&value), sizeof value); }
  void put(std::string_view text) {
    put(static_cast<std::uint64_t>(text.size()));
    out_.append(text);
  }
  void put(const std::vector<double>& values) {
    put(static_cast<std::uint64_t>(values.size()));
    out_.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(double));
  }

 private:
  std::string& out_;
};

// Reads what ByteWriter wrote, in the same order; throws std::logic_error past the end.
class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  template <typename T>
  requires std::is_arithmetic_v<T> T get() {
    T value{};
    std::memcpy(&value, take(sizeof value).data(), sizeof value);
    return value;
  }
  std::string get_string() { return std::string(take(length())); }
  std::vector<double> get_doubles() {
    const std::size_t n = length();
    std::vector<double> values(n);
    if (n > 0) std::memcpy(values.data(), take(n * sizeof(double)).data(), n * sizeof(double));
    return values;
  }
  bool at_end() const { return in_.empty(); }

 private:
  std::size_t length() {
    const auto n = get<std::uint64_t>();
    if (n > in_.size()) throw std::logic_error("result bytes: a length past the end");
    return static_cast<std::size_t>(n);
  }
  std::string_view take(std::size_t n) {
    if (n > in_.size()) throw std::logic_error("result bytes: truncated");
    const std::string_view part = in_.substr(0, n);
    in_.remove_prefix(n);
    return part;
  }
  std::string_view in_;
};

// Every field of a replication's result.
void write_result(ByteWriter& out, const model::RunResult& result);
model::RunResult read_result(ByteReader& in);

}  // namespace ozsim::analysis
