// KeyTable / KeyReader: every generic input error with its exact message, and
// the positive paths (typed reads, defaults, help text).

#include "sim/params/key_table.hpp"

#include <doctest/doctest.h>

#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/params/input_error.hpp"
#include "sim/params/param_tree.hpp"
#include "tests/params/param_test_support.hpp"

using ozsim::params::InputError;
using ozsim::params::KeyReader;
using ozsim::params::KeySpec;
using ozsim::params::KeyTable;
using ozsim::params::KeyType;
using ozsim::params::ParamTree;
using ozsim::params::test::data_path;
using ozsim::params::test::demo_table;
using ozsim::params::test::load_demo;

namespace {

struct BadCase {
  const char* name;
  std::string toml;               // parsed as "case.toml"; empty when `file` is used
  std::string file;               // a fixture in tests/params/data
  std::vector<std::string> sets;  // --set KEY=VALUE
  std::string expected;           // the exact what(); "@" stands for the data directory
};

std::string expand(std::string text) {
  const std::string dir = data_path("");
  for (std::size_t pos = text.find('@'); pos != std::string::npos; pos = text.find('@', pos + dir.size())) {
    text.replace(pos, 1, dir);
  }
  return text;
}

// Runs the whole pipeline (load, --set, read everything, reject leftovers) and
// returns the message of the InputError, or "" when none was thrown.
std::string error_of(const BadCase& c) {
  try {
    ParamTree tree = c.file.empty() ? ParamTree::parse_string(c.toml, "case.toml")
                                    : ParamTree::load_file(data_path(c.file));
    for (const std::string& s : c.sets) tree.set_override(s);
    (void)load_demo(tree);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

const std::string OK = "[provisions.oov]\ncapacity = 1\n";

}  // namespace

TEST_CASE("bad_* inputs: each error has its exact message") {
  const std::vector<BadCase> cases = {
      {"syntax error (toml++'s message and position)",
       "",
       "bad_syntax.toml",
       {},
       "@bad_syntax.toml:4:12: TOML syntax error: Error while parsing value: could not determine value type"},
      {"non-ASCII character in a key (guard against toml++ 3.3.0 undefined behaviour)",
       "",
       "bad_non_ascii_key.toml",
       {},
       "@bad_non_ascii_key.toml:3:8: TOML syntax error: Error while parsing key-value pair: expected '=', "
       "saw "
       "'\xc3\xb8'"},
      {"missing file",
       "",
       "no_such_file.toml",
       {},
       "@no_such_file.toml: cannot read scenario file: No such file or directory"},
      {"base cycle a -> b -> a",
       "",
       "bad_cycle_a.toml",
       {},
       "@bad_cycle_b.toml:1:1: base files form a cycle: @bad_cycle_a.toml -> @bad_cycle_b.toml -> "
       "@bad_cycle_a.toml"},
      {"base file missing",
       "",
       "bad_base_missing.toml",
       {},
       "@bad_base_missing.toml:2:1: cannot read base file '@no_such_base.toml': No such file or directory"},
      {"base not a string",
       "",
       "bad_base_not_string.toml",
       {},
       "@bad_base_not_string.toml:1:1: key 'base': expected a file name string such as \"base.toml\", found "
       "3"},
      {"unknown key with did-you-mean",
       "",
       "bad_unknown_key.toml",
       {},
       "@bad_unknown_key.toml:5:1: unknown key 'provisions.oov.capacty' (did you mean "
       "'provisions.oov.capacity'?)"},
      {"unknown key in a base file, at the base file's location",
       "",
       "bad_base_unused.toml",
       {},
       "@bad_unused_in_base.toml:5:1: unknown key 'provisions.oov.polcy' (did you mean "
       "'provisions.oov.policy'?)"},
      {"unknown table name typo",
       "[provisons.oov]\ncapacity = 1\n",
       "",
       {},
       "case.toml:2:1: unknown key 'provisons.oov.capacity' (did you mean 'provisions.oov.capacity'?)"},
      {"unknown top-level key without a close match",
       "colour = \"red\"\n" + OK,
       "",
       {},
       "case.toml:1:1: unknown key 'colour'"},
      {"integer below its range",
       "",
       "bad_negative_capacity.toml",
       {},
       "@bad_negative_capacity.toml:2:12: key 'provisions.oov.capacity': expected an integer >= 0, found -3"},
      {"number above its range",
       OK + "share = 1.5\n",
       "",
       {},
       "case.toml:3:9: key 'provisions.oov.share': expected a number in [0, 1], found 1.5"},
      {"exclusive minimum",
       "horizon_years = 0\n" + OK,
       "",
       {},
       "case.toml:1:17: key 'horizon_years': expected a number in (0, 100], found 0"},
      {"integer given as a float",
       "seed = 3.0\n" + OK,
       "",
       {},
       "case.toml:1:8: key 'seed': expected an integer in [0, 1000000000], found 3.0"},
      {"number given as a string",
       OK + "share = \"0.5\"\n",
       "",
       {},
       "case.toml:3:9: key 'provisions.oov.share': expected a number in [0, 1], found a string \"0.5\""},
      {"number given as a partly numeric string",
       "horizon_years = \"12abc\"\n" + OK,
       "",
       {},
       "case.toml:1:17: key 'horizon_years': expected a number in (0, 100], found a string \"12abc\""},
      {"number given as nan",
       "horizon_years = nan\n" + OK,
       "",
       {},
       "case.toml:1:17: key 'horizon_years': expected a finite number, found nan"},
      {"integer given as boolean",
       "[provisions.oov]\ncapacity = true\n",
       "",
       {},
       "case.toml:2:12: key 'provisions.oov.capacity': expected an integer >= 0, found true"},
      {"boolean given as a string",
       OK + "enabled = \"yes\"\n",
       "",
       {},
       "case.toml:3:11: key 'provisions.oov.enabled': expected true or false, found a string \"yes\""},
      {"string given as a number",
       OK + "label = 5\n",
       "",
       {},
       "case.toml:3:9: key 'provisions.oov.label': expected a string, found 5"},
      {"choice not in the list, with did-you-mean",
       OK + "policy = \"fifi\"\n",
       "",
       {},
       "case.toml:3:10: key 'provisions.oov.policy': expected one of \"fifo\", \"priority\", found a string "
       "\"fifi\" (did you mean \"fifo\"?)"},
      {"choice given a number",
       OK + "policy = 1\n",
       "",
       {},
       "case.toml:3:10: key 'provisions.oov.policy': expected one of \"fifo\", \"priority\", found 1"},
      {"number list with a string element",
       OK + "[trend]\nmultipliers = [1, \"2\"]\n",
       "",
       {},
       "case.toml:4:15: key 'trend.multipliers': expected a list of numbers >= 0, found a string \"2\" at "
       "index 1"},
      {"number list element out of range",
       OK + "[trend]\nmultipliers = [1, -0.5]\n",
       "",
       {},
       "case.toml:4:15: key 'trend.multipliers': expected a list of numbers >= 0, found -0.5 at index 1"},
      {"number list given a scalar",
       OK + "[trend]\nmultipliers = 1.5\n",
       "",
       {},
       "case.toml:4:15: key 'trend.multipliers': expected a list of numbers >= 0, found 1.5"},
      {"string list element not allowed",
       OK + "[output]\ntables = [\"pupils\", \"wait\"]\n",
       "",
       {},
       "case.toml:4:10: key 'output.tables': expected a list of strings from \"pupils\", \"waits\", "
       "\"costs\", "
       "found a string \"wait\" at index 1 (did you mean \"waits\"?)"},
      {"string list given a table",
       OK + "[output]\ntables = { a = 1 }\n",
       "",
       {},
       "case.toml:4:10: key 'output.tables': expected a list of strings from \"pupils\", \"waits\", "
       "\"costs\", "
       "found a table"},
      {"distribution given a number",
       OK + "duration = 30\n",
       "",
       {},
       "case.toml:3:12: key 'provisions.oov.duration': expected a distribution such as { dist = "
       "\"exponential\", "
       "mean = 1 }, found 30"},
      {"distribution without dist",
       OK + "duration = { mean = 30 }\n",
       "",
       {},
       "case.toml:3:12: key 'provisions.oov.duration': expected a distribution such as { dist = "
       "\"exponential\", "
       "mean = 1 }, found a table without a 'dist' field"},
      {"unknown distribution name (engine message)",
       OK + "duration = { dist = \"expo\", mean = 30 }\n",
       "",
       {},
       "ENGINE"},
      {"bad distribution parameter (engine message, at the parameter)",
       OK + "duration = { dist = \"lognormal\", mean = 30, sd = -1 }\n",
       "",
       {},
       "ENGINE"},
      {"distribution parameter given as a string",
       OK + "duration = { dist = \"exponential\", mean = \"30\" }\n",
       "",
       {},
       "case.toml:3:43: key 'provisions.oov.duration.mean': expected a finite number, found a string \"30\""},
      {"empirical values and weights of different lengths",
       OK + "duration = { dist = \"empirical\", values = [1, 2, 3], weights = [1, 2] }\n",
       "",
       {},
       "ENGINE"},
      {"list of tables given a list of numbers",
       OK + "routing = [1, 2]\n",
       "",
       {},
       "case.toml:3:11: key 'provisions.oov.routing': expected a list of tables such as [{ ... }, { ... }], "
       "found a "
       "list [1, 2]"},
      {"required field missing in a list element",
       OK + "routing = [{ weight = 1 }]\n",
       "",
       {},
       "case.toml: missing required key 'provisions.oov.routing.0.to' (a string), not set in case.toml"},
      {"unknown field in a list element",
       OK + "routing = [{ to = \"sbo\", wieght = 1 }]\n",
       "",
       {},
       "case.toml:3:26: unknown key 'provisions.oov.routing.0.wieght' (did you mean "
       "'provisions.oov.routing.0.weight'?)"},
      {"missing required key",
       "[provisions.oov]\nshare = 0.1\n",
       "",
       {},
       "case.toml: missing required key 'provisions.oov.capacity' (an integer >= 0), not set in case.toml"},
      {"missing required key through a base chain",
       "",
       "good_grandchild.toml",
       {"provisions.new.share=0.1"},
       "@good_grandchild.toml: missing required key 'provisions.new.capacity' (an integer >= 0), not set in "
       "@good_grandchild.toml or its bases @good_child.toml, @good_base.toml"},
      {"table where a number is expected",
       "[provisions.oov.capacity]\nx = 1\n",
       "",
       {},
       "case.toml:2:1: key 'provisions.oov.capacity': expected an integer >= 0, found a table"},
      {"date value",
       OK + "label = 2024-01-01\n",
       "",
       {},
       "case.toml:3:9: key 'provisions.oov.label': expected a number, true/false, a string, a list or a "
       "table, "
       "found a date/time"},
      {"nested list",
       OK + "[trend]\nmultipliers = [[1], [2]]\n",
       "",
       {},
       "case.toml:4:16: key 'trend.multipliers': expected a list of numbers, a list of strings or a list of "
       "tables, "
       "found a nested list"},
      {"key with characters outside the bare-key set",
       OK + "\"my label\" = \"x\"\n",
       "",
       {},
       "case.toml:3:1: key \"provisions.oov.my label\": key names may only use letters, digits, '_' and '-'"},
      {"--set of an unknown key",
       OK,
       "",
       {"provisions.oov.capasity=3"},
       "--set: unknown key 'provisions.oov.capasity' (did you mean 'provisions.oov.capacity'?)"},
      {"--set with an unparsable value",
       OK,
       "",
       {"provisions.oov.capacity=12abc"},
       "--set: key 'provisions.oov.capacity': expected a TOML value (a number, true/false, a \"quoted "
       "string\", a "
       "[list] or an { inline table }), found \"12abc\""},
      {"--set with a bare word",
       OK,
       "",
       {"provisions.oov.policy=fifo"},
       "--set: key 'provisions.oov.policy': expected a TOML value (a number, true/false, a \"quoted "
       "string\", a "
       "[list] or an { inline table }), found \"fifo\""},
      {"--set of a value out of range",
       OK,
       "",
       {"provisions.oov.capacity=-1"},
       "--set: key 'provisions.oov.capacity': expected an integer >= 0, found -1"},
      {"--set with a malformed key",
       OK,
       "",
       {"provisions..capacity=3"},
       "--set: key 'provisions..capacity': expected a dotted key such as provisions.oov.capacity, found "
       "\"provisions..capacity\""},
      {"--set without '='",
       OK,
       "",
       {"provisions.oov.capacity"},
       "--set: expected KEY=VALUE (e.g. provisions.oov.capacity=12), found \"provisions.oov.capacity\""},
  };
  CHECK(cases.size() >= 40);
  for (const BadCase& c : cases) {
    CAPTURE(c.name);
    const std::string got = error_of(c);
    if (c.expected == "ENGINE") {
      // The engine's own message, prefixed with file:line:col and the key; checked in detail below.
      CHECK(got.rfind("case.toml:3:", 0) == 0);
      CHECK(got.find("key 'provisions.oov.duration'") != std::string::npos);
    } else {
      CHECK(got == expand(c.expected));
    }
  }
}

TEST_CASE("distribution errors carry the engine's message at the field it names") {
  auto error = [](const std::string& dist) {
    try {
      (void)load_demo(
          ParamTree::parse_string("[provisions.oov]\ncapacity = 1\nduration = " + dist + "\n", "d.toml"));
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(error("{ dist = \"expo\", mean = 30 }") ==
        "d.toml:3:21: key 'provisions.oov.duration': unknown distribution 'expo' (did you mean "
        "'exponential'?); "
        "valid: exponential, weibull, lognormal, gamma, uniform, fixed, empirical, bernoulli");
  CHECK(error("{ dist = \"lognormal\", mean = 30, sd = -1 }") ==
        "d.toml:3:50: key 'provisions.oov.duration': lognormal: parameter 'sd' must be > 0, found -1");
  CHECK(error("{ dist = \"empirical\", values = [1, 2, 3], weights = [1, 2] }") ==
        "d.toml:3:43: key 'provisions.oov.duration': empirical: 'values' has 3 entries but 'weights' has 2");
}

TEST_CASE("model-level checks after parsing point at the key") {
  const ParamTree tree =
      ParamTree::parse_string("[provisions.oov]\ncapacity = 1\nrouting = [{ to = \"nowhere\" }]\n", "m.toml");
  const KeyTable table = demo_table();
  KeyReader r(tree, table);
  CHECK(r.string("provisions.oov.routing.0.to") == "nowhere");
  try {
    r.fail("provisions.oov.routing.0.to", "the name of a provision (\"oov\")", "\"nowhere\"");
    FAIL("fail() returned");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) ==
          "m.toml:3:19: key 'provisions.oov.routing.0.to': expected the name of a provision (\"oov\"), found "
          "\"nowhere\"");
    CHECK(e.key() == "provisions.oov.routing.0.to");
    CHECK(e.where().line == 3);
  }
}

TEST_CASE("a declared key the model did not read is reported as unused") {
  const ParamTree tree = ParamTree::parse_string("seed = 3\nhorizon_years = 2\n", "u.toml");
  const KeyTable table = demo_table();
  KeyReader r(tree, table);
  CHECK(r.integer("seed") == 3);
  try {
    r.reject_unused_keys();
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) ==
          "u.toml:2:1: key 'horizon_years' is declared but not used by this scenario (remove it)");
  }
}

TEST_CASE("typed reads, defaults and the base chain") {
  const ParamTree tree = ParamTree::load_file(data_path("good_grandchild.toml"));
  const auto c = load_demo(tree);
  CHECK(c.seed == 7);
  CHECK(c.horizon == 5.0);
  REQUIRE(c.provisions.size() == 3);
  const auto& dag = c.provisions[0];
  CHECK(dag.name == "dagbesteding");
  CHECK(dag.capacity == 20);
  CHECK(!dag.enabled);
  CHECK(dag.share == 0.5);           // default
  CHECK(dag.policy == "fifo");       // default
  CHECK(dag.duration_mean == 30.0);  // default distribution
  CHECK(dag.routing.empty());        // default []
  const auto& oov = c.provisions[1];
  CHECK(oov.capacity == 15);
  CHECK(oov.share == 0.25);                           // from the base
  CHECK(oov.duration_mean == doctest::Approx(90.0));  // the inline table replaced the base's lognormal
  REQUIRE(oov.routing.size() == 1);                   // the list replaced the base's list
  CHECK(oov.routing[0] == std::pair<std::string, double>("dagbesteding", 0.5));
  const auto& sbo = c.provisions[2];
  CHECK(sbo.label == "speciaal basisonderwijs");
  CHECK(sbo.policy == "priority");
  CHECK(c.multipliers == std::vector<double>{2.0});
  CHECK(c.tables == std::vector<std::string>{"pupils", "waits"});
}

TEST_CASE("optional_number, present and location") {
  KeyTable table;
  table.add(KeySpec{"a", KeyType::Number, "optional", std::nullopt, 0, 10, false, {}, ""});
  table.add(KeySpec{"b", KeyType::Number, "optional", std::nullopt, 0, 10, false, {}, ""});
  const ParamTree tree = ParamTree::parse_string("a = 4\n", "o.toml");
  KeyReader r(tree, table);
  CHECK(r.optional_number("a") == 4.0);
  CHECK(!r.optional_number("b").has_value());
  CHECK(r.present("a"));
  CHECK(!r.present("b"));
  CHECK(r.location("a").to_string() == "o.toml:1:5");
  CHECK(r.location("b").to_string() == "o.toml");
  r.reject_unused_keys();
}

TEST_CASE("reading an undeclared key or with the wrong type is a programming error") {
  const KeyTable table = demo_table();
  const ParamTree tree = ParamTree::parse_string("seed = 1\n", "p.toml");
  KeyReader r(tree, table);
  CHECK_THROWS_AS(r.number("nope"), std::logic_error);
  CHECK_THROWS_AS(r.string("seed"), std::logic_error);
  CHECK(r.number("seed") == 1.0);  // an integer key may be read as a number
}

TEST_CASE("KeyTable: the most specific pattern wins, coverage of distribution fields") {
  KeyTable t;
  t.add(KeySpec{"p.*.x", KeyType::Number, "generic", "1", -1e300, 1e300, false, {}, ""});
  t.add(KeySpec{"p.special.x", KeyType::Integer, "special", "2", -1e300, 1e300, false, {}, ""});
  t.add(KeySpec{"p.*.d", KeyType::Distribution, "dist", std::nullopt, -1e300, 1e300, false, {}, ""});
  REQUIRE(t.find("p.a.x") != nullptr);
  CHECK(t.find("p.a.x")->help == "generic");
  CHECK(t.find("p.special.x")->help == "special");
  CHECK(t.find("p.a.y") == nullptr);
  CHECK(t.find("p.a.x.z") == nullptr);
  CHECK(t.covers("p.a.d.mean"));
  CHECK(!t.covers("p.a.x.mean"));
}

TEST_CASE("KeyTable: find looks among the patterns of the key's first segment and those starting with *") {
  KeyTable t;
  const auto declare = [&t](const char* pattern) {
    t.add(KeySpec{pattern, KeyType::Number, pattern, "1", -1e300, 1e300, false, {}, ""});
  };
  declare("top");
  declare("*.weight");
  declare("routing.*");
  declare("routing.a");
  declare("*.a.b");
  declare("q.x");
  declare("q.*.b");
  const auto found = [&t](const char* key) -> std::string {
    const KeySpec* spec = t.find(key);
    return spec == nullptr ? "none" : spec->help;
  };
  CHECK(found("top") == "top");
  CHECK(found("routing.a") == "routing.a");
  CHECK(found("routing.b") == "routing.*");
  CHECK(found("routing.weight") == "routing.*");  // a literal first segment beats a '*'
  CHECK(found("other.weight") == "*.weight");
  CHECK(found("other.a.b") == "*.a.b");
  CHECK(found("q.a.b") == "q.*.b");
  CHECK(found("q.x") == "q.x");
  CHECK(found("q.y") == "none");
  CHECK(found("nothing") == "none");
  CHECK(found("") == "none");
}

TEST_CASE("KeyTable rejects bad declarations and defaults that break their own rules") {
  KeyTable t;
  t.add(KeySpec{"a", KeyType::Number, "", "1", 0, 10, false, {}, ""});
  CHECK_THROWS_WITH_AS(t.add(KeySpec{"a", KeyType::Number, "", "1", 0, 10, false, {}, ""}),
                       "KeyTable: key 'a': declared twice", std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      t.add(KeySpec{"b", KeyType::Integer, "", "-1", 0, 10, false, {}, ""}),
      "KeyTable: key 'b': bad default: (default of 'b'):1:11: key 'b': expected an integer in [0, "
      "10], found -1",
      std::invalid_argument);
  CHECK_THROWS_AS(t.add(KeySpec{"c", KeyType::Choice, "", "\"x\"", 0, 0, false, {}, ""}),
                  std::invalid_argument);
  CHECK_THROWS_AS(t.add(KeySpec{"d", KeyType::Distribution, "", "{ dist = \"nope\" }", -1, 1, false, {}, ""}),
                  std::invalid_argument);
  CHECK_THROWS_AS(t.add(KeySpec{"e", KeyType::Number, "", "1\nf = 2", -1, 1, false, {}, ""}),
                  std::invalid_argument);
  CHECK_THROWS_AS(t.add(KeySpec{"bad key", KeyType::Number, "", std::nullopt, -1, 1, false, {}, ""}),
                  std::invalid_argument);
  CHECK_THROWS_AS(t.add(KeySpec{"g", KeyType::Number, "", std::nullopt, 2, 1, false, {}, ""}),
                  std::invalid_argument);
  CHECK_THROWS_AS(t.add(KeySpec{"h", KeyType::Table, "", "[{ a = 1 }]", -1, 1, false, {}, ""}),
                  std::invalid_argument);
  CHECK(t.specs().size() == 1);
}

TEST_CASE("help_text lists every key with type, range, default, help and source") {
  const std::string help = demo_table().help_text();
  CHECK(help.find("[provisions]") != std::string::npos);
  CHECK(help.find("[trend]") != std::string::npos);
  CHECK(help.find("provisions.*.capacity") != std::string::npos);
  CHECK(help.find("integer >= 0") != std::string::npos);
  CHECK(help.find("required") != std::string::npos);
  CHECK(help.find("default \"fifo\"") != std::string::npos);
  CHECK(help.find("one of \"fifo\"|\"priority\"") != std::string::npos);
  CHECK(help.find("number in (0, 100]") != std::string::npos);
  CHECK(help.find("Places available at once. [source: Midden-Holland 2021/22]") != std::string::npos);
}

TEST_CASE("help_text: exact layout, with long fields continuing on the next line") {
  KeyTable t;
  t.add(KeySpec{"seed", KeyType::Integer, "Master seed.", "1", 0, 1e9, false, {}, "assumption"});
  t.add(KeySpec{"p.*.policy",
                KeyType::Choice,
                "Queue discipline.",
                "\"fifo\"",
                0,
                0,
                false,
                {"fifo", "priority", "shortest_remaining_first"},
                ""});
  t.add(KeySpec{"p.*.capacity",
                KeyType::Integer,
                "Places.",
                std::nullopt,
                0,
                std::numeric_limits<double>::infinity(),
                false,
                {},
                "midden-holland"});
  t.add(KeySpec{"p.*.share", KeyType::Number, "Share.", "0.5", 0, 1, true, {}, ""});
  CHECK(t.help_text() ==
        "Scenario keys ('*' stands for any table name or list index):\n"
        "\n"
        "(top level)\n"
        "  seed          integer in [0, 1000000000]      default 1       Master seed. [source: assumption]\n"
        "\n"
        "[p]\n"
        "  p.*.policy    one of \"fifo\"|\"priority\"|\"shortest_remaining_first\"\n"
        "                                                default \"fifo\"  Queue discipline.\n"
        "  p.*.capacity  integer >= 0                    required        Places. [source: midden-holland]\n"
        "  p.*.share     number in (0, 1]                default 0.5     Share.\n");
}

TEST_CASE("closest_match suggests plausible typos only") {
  using ozsim::params::closest_match;
  const std::vector<std::string> words = {"fifo", "priority", "provisions.oov.capacity"};
  CHECK(closest_match("fifi", words) == "fifo");
  CHECK(closest_match("priorty", words) == "priority");
  CHECK(closest_match("provisions.oov.capacyti", words) == "provisions.oov.capacity");
  CHECK(!closest_match("lifo-x", words).has_value());
  CHECK(!closest_match("zzz", words).has_value());
}
