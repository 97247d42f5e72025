// libFuzzer target for the generic scenario loader: any byte string must either
// load or raise ozsim::params::InputError, never crash, hang or trip a sanitizer.
//
// Per input: ParamTree::parse_string; an optional first line "#--set KEY=VALUE"
// (a TOML comment, so the parser ignores it) is applied as a --set override; the
// tree must survive a to_toml() round trip unchanged; then a KeyReader over a
// small demo KeyTable reads what a model would read and rejects unused keys.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>

#include "sim/params/input_error.hpp"
#include "sim/params/key_table.hpp"
#include "sim/params/param_tree.hpp"

namespace {

using ozsim::params::InputError;
using ozsim::params::KeyReader;
using ozsim::params::KeySpec;
using ozsim::params::KeyTable;
using ozsim::params::KeyType;
using ozsim::params::ParamTree;

constexpr double INF = std::numeric_limits<double>::infinity();

KeyTable demo_table() {
  KeyTable t;
  auto add = [&t](std::string pattern, KeyType type, const char* def, double min = -INF, double max = INF,
                  bool min_exclusive = false, std::vector<std::string> choices = {}) {
    KeySpec s;
    s.pattern = std::move(pattern);
    s.type = type;
    s.help = "fuzz";
    if (def != nullptr) s.default_text = def;
    s.min = min;
    s.max = max;
    s.min_exclusive = min_exclusive;
    s.choices = std::move(choices);
    t.add(std::move(s));
  };
  add("seed", KeyType::Integer, "1", 0, 1e12);
  add("simulation.years", KeyType::Number, "10", 0, 200, true);
  add("provisions.*.capacity", KeyType::Integer, nullptr, 0);
  add("provisions.*.share", KeyType::Number, "0.5", 0, 1);
  add("provisions.*.enabled", KeyType::Boolean, "true");
  add("provisions.*.label", KeyType::String, "\"\"");
  add("provisions.*.policy", KeyType::Choice, "\"fifo\"", -INF, INF, false, {"fifo", "priority"});
  add("provisions.*.duration", KeyType::Distribution, "{ dist = \"exponential\", mean = 30 }");
  add("provisions.*.routing", KeyType::Table, "[]");
  add("provisions.*.routing.*.to", KeyType::String, nullptr);
  add("provisions.*.routing.*.weight", KeyType::Number, "1", 0);
  add("trend.multipliers", KeyType::NumberList, "[]", 0);
  add("output.tables", KeyType::StringList, "[\"pupils\"]", -INF, INF, false, {"pupils", "waits", "costs"});
  return t;
}

[[noreturn]] void die(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz_scenario_loader: %s\n%s\n", what, detail.c_str());
  std::abort();
}

std::string without_first_line(const std::string& text) {
  return text.substr(text.find('\n') + 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const KeyTable table = demo_table();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    ParamTree tree = ParamTree::parse_string(text, "fuzz.toml");
    if (text.rfind("#--set ", 0) == 0) {
      const std::string_view line =
          text.substr(7, text.find('\n') == std::string_view::npos ? text.npos : text.find('\n') - 7);
      tree.set_override(line);
    }

    // Whatever loaded must be written back as TOML that loads to the same tree.
    const std::string written = tree.to_toml();
    try {
      const ParamTree again = ParamTree::parse_string(written, "written.toml");
      if (without_first_line(again.to_toml()) != without_first_line(written))
        die("to_toml round trip differs", written);
    } catch (const InputError& e) {
      die("to_toml output does not load", std::string(e.what()) + "\n" + written);
    }

    KeyReader r(tree, table);
    (void)r.integer("seed");
    (void)r.number("simulation.years");
    for (const std::string& name : r.child_names("provisions")) {
      const std::string p = "provisions." + name;
      (void)r.integer(p + ".capacity");
      (void)r.number(p + ".share");
      (void)r.boolean(p + ".enabled");
      (void)r.string(p + ".label");
      (void)r.choice(p + ".policy");
      (void)r.distribution(p + ".duration").mean();
      const std::size_t n = r.list_size(p + ".routing");
      for (std::size_t i = 0; i < n; ++i) {
        const std::string e = p + ".routing." + std::to_string(i);
        (void)r.string(e + ".to");
        (void)r.number(e + ".weight");
      }
    }
    (void)r.number_list("trend.multipliers");
    (void)r.string_list("output.tables");
    r.reject_unused_keys();
  } catch (const InputError&) {
    // The expected outcome for bad input.
  }
  return 0;
}
