#pragma once
// Shared by the ParamTree / KeyTable tests: a small declared key set and a
// "model" that reads all of it the way scenario code does.

#include <string>
#include <vector>

#include "sim/params/key_table.hpp"
#include "sim/params/param_tree.hpp"

namespace ozsim::params::test {

inline std::string data_path(const std::string& name) {
  return std::string(OZSIM_SOURCE_DIR) + "/tests/params/data/" + name;
}

inline KeyTable demo_table() {
  KeyTable t;
  auto add = [&t](std::string pattern, KeyType type, std::string help,
                  std::optional<std::string> def = std::nullopt) {
    KeySpec s;
    s.pattern = std::move(pattern);
    s.type = type;
    s.help = std::move(help);
    s.default_text = std::move(def);
    t.add(s);
    return s;
  };
  KeySpec seed = {"seed", KeyType::Integer, "Master random seed.", "1", 0, 1e9, false, {}, "assumption"};
  t.add(seed);
  KeySpec horizon = {"horizon_years", KeyType::Number, "Simulated years.", "10", 0, 100, true, {}, ""};
  t.add(horizon);
  KeySpec capacity = {"provisions.*.capacity",
                      KeyType::Integer,
                      "Places available at once.",
                      std::nullopt,
                      0,
                      std::numeric_limits<double>::infinity(),
                      false,
                      {},
                      "Midden-Holland 2021/22"};
  t.add(capacity);
  KeySpec share = {"provisions.*.share", KeyType::Number, "Share of referrals.", "0.5", 0, 1, false, {}, ""};
  t.add(share);
  add("provisions.*.enabled", KeyType::Boolean, "Whether the provision exists.", "true");
  add("provisions.*.label", KeyType::String, "Display name.", "\"\"");
  KeySpec policy = {"provisions.*.policy",
                    KeyType::Choice,
                    "Queue discipline.",
                    "\"fifo\"",
                    -std::numeric_limits<double>::infinity(),
                    std::numeric_limits<double>::infinity(),
                    false,
                    {"fifo", "priority"},
                    ""};
  t.add(policy);
  add("provisions.*.duration", KeyType::Distribution, "Length of stay in days.",
      "{ dist = \"exponential\", mean = 30 }");
  add("provisions.*.routing", KeyType::Table, "Where pupils go next.", "[]");
  add("provisions.*.routing.*.to", KeyType::String, "Destination provision.");
  KeySpec weight = {"provisions.*.routing.*.weight",
                    KeyType::Number,
                    "Relative weight.",
                    "1",
                    0,
                    std::numeric_limits<double>::infinity(),
                    false,
                    {},
                    ""};
  t.add(weight);
  KeySpec mult = {"trend.multipliers",
                  KeyType::NumberList,
                  "Yearly multipliers.",
                  "[]",
                  0,
                  std::numeric_limits<double>::infinity(),
                  false,
                  {},
                  ""};
  t.add(mult);
  KeySpec tables = {"output.tables",
                    KeyType::StringList,
                    "Tables to write.",
                    "[\"pupils\"]",
                    -std::numeric_limits<double>::infinity(),
                    std::numeric_limits<double>::infinity(),
                    false,
                    {"pupils", "waits", "costs"},
                    ""};
  t.add(tables);
  return t;
}

// Everything one provision has, as the model would read it.
struct DemoProvision {
  std::string name;
  std::int64_t capacity = 0;
  double share = 0;
  bool enabled = true;
  std::string label;
  std::string policy;
  double duration_mean = 0;
  std::vector<std::pair<std::string, double>> routing;
};

struct DemoConfig {
  std::int64_t seed = 0;
  double horizon = 0;
  std::vector<DemoProvision> provisions;
  std::vector<double> multipliers;
  std::vector<std::string> tables;
};

inline DemoConfig read_demo(KeyReader& r) {
  DemoConfig c;
  c.seed = r.integer("seed");
  c.horizon = r.number("horizon_years");
  for (const std::string& name : r.child_names("provisions")) {
    const std::string p = "provisions." + name;
    DemoProvision d;
    d.name = name;
    d.capacity = r.integer(p + ".capacity");
    d.share = r.number(p + ".share");
    d.enabled = r.boolean(p + ".enabled");
    d.label = r.string(p + ".label");
    d.policy = r.choice(p + ".policy");
    d.duration_mean = r.distribution(p + ".duration").mean();
    const std::size_t n = r.list_size(p + ".routing");
    for (std::size_t i = 0; i < n; ++i) {
      const std::string e = p + ".routing." + std::to_string(i);
      d.routing.emplace_back(r.string(e + ".to"), r.number(e + ".weight"));
    }
    c.provisions.push_back(std::move(d));
  }
  c.multipliers = r.number_list("trend.multipliers");
  c.tables = r.string_list("output.tables");
  return c;
}

// Reads everything and rejects leftovers, as a scenario loader does.
inline DemoConfig load_demo(const ParamTree& tree) {
  const KeyTable table = demo_table();
  KeyReader reader(tree, table);
  DemoConfig c = read_demo(reader);
  reader.reject_unused_keys();
  return c;
}

}  // namespace ozsim::params::test
