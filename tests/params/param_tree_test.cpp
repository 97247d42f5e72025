// ParamTree: flattening, locations, base overlay, --set, set_number, to_toml.

#include "sim/params/param_tree.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/params/input_error.hpp"
#include "tests/params/param_test_support.hpp"

using ozsim::params::InputError;
using ozsim::params::ParamEntry;
using ozsim::params::ParamTree;
using ozsim::params::SourceLocation;
using ozsim::params::test::data_path;

TEST_CASE("SourceLocation formats file:line:col") {
  CHECK(SourceLocation{"a.toml", 3, 7}.to_string() == "a.toml:3:7");
  CHECK(SourceLocation{"a.toml", 3, 0}.to_string() == "a.toml:3");
  CHECK(SourceLocation{"--set", 0, 0}.to_string() == "--set");
  const InputError e(SourceLocation{"x.toml", 12, 5}, "provisions.oov.capacity", "an integer >= 0", "-3");
  CHECK(std::string(e.what()) ==
        "x.toml:12:5: key 'provisions.oov.capacity': expected an integer >= 0, found -3");
  CHECK(e.key() == "provisions.oov.capacity");
}

TEST_CASE("flattening: tables, inline tables, arrays of tables, locations") {
  const ParamTree t = ParamTree::parse_string(
      "top = 1\n"
      "[a.b]\n"
      "x = 2.5\n"
      "s = \"hi\"\n"
      "dur = { dist = \"fixed\", value = 3 }\n"
      "list = [1, 2]\n"
      "empty = []\n"
      "[[a.r]]\n"
      "to = \"p\"\n"
      "[[a.r]]\n"
      "to = \"q\"\n",
      "f.toml");
  CHECK(t.keys() == std::vector<std::string>{"a.b.dur.dist", "a.b.dur.value", "a.b.empty", "a.b.list",
                                             "a.b.s", "a.b.x", "a.r.0.to", "a.r.1.to", "top"});
  CHECK(t.has("a.b.dur"));  // inline-table marker
  CHECK(t.find("a.b.dur")->kind == ParamEntry::Kind::InlineTable);
  CHECK(t.find("a.r")->kind == ParamEntry::Kind::TableArray);
  CHECK(t.find("a.r")->table_count == 2);
  CHECK(!t.has("a.b"));
  CHECK(t.has_children("a.b"));
  CHECK(t.child_names("") == std::vector<std::string>{"a", "top"});
  CHECK(t.child_names("a") == std::vector<std::string>{"b", "r"});
  CHECK(t.child_names("a.r") == std::vector<std::string>{"0", "1"});
  CHECK(t.child_names("a.b") == std::vector<std::string>{"dur", "empty", "list", "s", "x"});
  CHECK(t.child_names("nothing").empty());
  CHECK(t.location("a.b.x").to_string() == "f.toml:3:5");
  CHECK(t.find("a.b.x")->key_location.to_string() == "f.toml:3:1");
  CHECK(t.location("a.r.1.to").to_string() == "f.toml:11:6");
  CHECK(t.location("a.b").to_string() == "f.toml:3:1");  // a table: its first key
  CHECK_THROWS_AS((void)t.location("zzz"), std::out_of_range);
  CHECK(t.files() == std::vector<std::string>{"f.toml"});
}

TEST_CASE("child_names is not confused by sibling names sorting between 'x' and 'x.'") {
  const ParamTree t = ParamTree::parse_string("[p]\na = 1\n[p-q]\nb = 2\n[p_r]\nc = 3\n", "s.toml");
  CHECK(t.child_names("p") == std::vector<std::string>{"a"});
  CHECK(t.has_children("p"));
  CHECK(t.child_names("") == std::vector<std::string>{"p", "p-q", "p_r"});
}

TEST_CASE("base overlay: leaves override, tables merge, arrays and inline tables replace whole") {
  const ParamTree t = ParamTree::load_file(data_path("good_child.toml"));
  CHECK(t.files() == std::vector<std::string>{data_path("good_child.toml"), data_path("good_base.toml")});
  auto integer = [&t](const char* key) { return std::get<std::int64_t>(t.find(key)->scalar); };
  CHECK(integer("seed") == 7);                      // only in the base
  CHECK(integer("horizon_years") == 5);             // overridden
  CHECK(integer("provisions.oov.capacity") == 15);  // overridden inside a merged table
  CHECK(std::get<double>(t.find("provisions.oov.share")->scalar) == 0.25);  // merged from the base
  CHECK(integer("provisions.sbo.capacity") == 40);                          // a table only in the base
  CHECK(integer("provisions.dagbesteding.capacity") == 20);                 // a table only in the child
  // The inline table replaced the base's whole: no 'sd' left over from the lognormal.
  CHECK(t.child_names("provisions.oov.duration") == std::vector<std::string>{"dist", "mean"});
  // The array of tables replaced the base's whole.
  CHECK(t.find("provisions.oov.routing")->table_count == 1);
  CHECK(!t.has("provisions.oov.routing.1.to"));
  CHECK(t.find("trend.multipliers")->items.size() == 1);
  // Each value's location is in the file that set it.
  CHECK(t.location("seed").to_string() == data_path("good_base.toml") + ":2:8");
  CHECK(t.location("provisions.oov.capacity").to_string() == data_path("good_child.toml") + ":6:12");
  CHECK(t.location("provisions.oov.share").to_string() == data_path("good_base.toml") + ":7:9");
}

TEST_CASE("a value replaces a base table and a table replaces a base value") {
  ParamTree t = ParamTree::parse_string("[a]\nx = 1\ny = 2\nv = 3\n", "b.toml");
  t.set_override("a", "5");
  CHECK(t.keys() == std::vector<std::string>{"a"});
  t.set_override("a.z", "true");
  CHECK(t.keys() == std::vector<std::string>{"a.z"});
}

TEST_CASE("--set: values, lists, inline tables, one field of a list element") {
  ParamTree t = ParamTree::load_file(data_path("good_base.toml"));
  t.set_override("provisions.oov.capacity", "99");
  t.set_override("provisions.oov.policy=\"priority\"");
  t.set_override(" trend.multipliers = [3, 4.5] ");
  t.set_override("provisions.oov.duration.sd", "10");         // one parameter of an inline table merges
  t.set_override("provisions.oov.routing.1.weight", "0.25");  // one field of one list element merges
  CHECK(std::get<std::int64_t>(t.find("provisions.oov.capacity")->scalar) == 99);
  CHECK(t.location("provisions.oov.capacity").to_string() == "--set");
  CHECK(std::get<std::string>(t.find("provisions.oov.policy")->scalar) == "priority");
  CHECK(t.find("trend.multipliers")->items.size() == 2);
  CHECK(t.child_names("provisions.oov.duration") == std::vector<std::string>{"dist", "mean", "sd"});
  CHECK(t.find("provisions.oov.routing")->table_count == 2);
  CHECK(std::get<std::string>(t.find("provisions.oov.routing.0.to")->scalar) == "sbo");
  CHECK(std::get<double>(t.find("provisions.oov.routing.1.weight")->scalar) == 0.25);
  t.set_override("provisions.oov.duration", "{ dist = \"fixed\", value = 2 }");
  CHECK(t.child_names("provisions.oov.duration") == std::vector<std::string>{"dist", "value"});
  // A value cannot smuggle in extra keys.
  CHECK_THROWS_AS(t.set_override("seed", "1\nother = 2"), InputError);
  CHECK_THROWS_AS(t.set_override("base", "\"x.toml\""), InputError);
  const auto c = ozsim::params::test::load_demo(t);
  CHECK(c.provisions[0].capacity == 99);
}

TEST_CASE("set_number keeps integral values readable as integers") {
  ParamTree t = ParamTree::parse_string("[provisions.oov]\ncapacity = 2\nshare = 0.1\n", "n.toml");
  t.set_number("provisions.oov.capacity", 14.0, SourceLocation{"calibration", 0, 0});
  t.set_number("provisions.oov.share", 0.375, SourceLocation{"calibration", 0, 0});
  CHECK(std::get<std::int64_t>(t.find("provisions.oov.capacity")->scalar) == 14);
  CHECK(std::get<double>(t.find("provisions.oov.share")->scalar) == 0.375);
  CHECK(t.location("provisions.oov.share").to_string() == "calibration");
  const auto c = ozsim::params::test::load_demo(t);
  CHECK(c.provisions[0].capacity == 14);
  CHECK(c.provisions[0].share == 0.375);
}

TEST_CASE("set_number with KEY[i] sets one item of a number list") {
  ParamTree t = ParamTree::parse_string("[trends]\nmultiplier = [1.0, 1.2, 1.4]\n", "n.toml");
  t.set_number("trends.multiplier[1]", 1.5, SourceLocation{"calibration", 0, 0});
  const auto* list = t.find("trends.multiplier");
  REQUIRE(list != nullptr);
  REQUIRE(list->items.size() == 3);
  CHECK(std::get<double>(list->items[0]) == 1.0);
  CHECK(std::get<double>(list->items[1]) == 1.5);
  CHECK(std::get<double>(list->items[2]) == 1.4);
  CHECK_THROWS_AS(t.set_number("trends.multiplier[3]", 2.0, SourceLocation{"calibration", 0, 0}),
                  std::invalid_argument);
  CHECK_THROWS_AS(t.set_number("trends.nothing[0]", 2.0, SourceLocation{"calibration", 0, 0}),
                  std::invalid_argument);
  CHECK(ParamTree::split_item("a.b[12]") == std::pair<std::string, std::size_t>{"a.b", 12});
  CHECK_FALSE(ParamTree::split_item("a.b[]"));
  CHECK_FALSE(ParamTree::split_item("a.b[x]"));
  CHECK_FALSE(ParamTree::split_item("a.b"));
  CHECK_FALSE(ParamTree::split_item("[1]"));
}

TEST_CASE("to_toml writes a self-contained scenario that round-trips") {
  ParamTree t = ParamTree::load_file(data_path("good_grandchild.toml"));
  t.set_number("provisions.oov.share", 0.1 + 0.2,
               SourceLocation{"calibration", 0, 0});  // needs all 17 digits
  t.set_override("provisions.sbo.label", "\"tab\\t \\\"quote\\\" \\\\ \\u00e9\"");
  t.set_override("horizon_years", "12.5");
  const std::string text = t.to_toml();
  CHECK(text.find("base =") == std::string::npos);
  CHECK(text.rfind("# Self-contained ozsim scenario written from " + data_path("good_grandchild.toml"), 0) ==
        0);
  CHECK(text.find("duration = { dist = \"exponential\", mean = 90 }") != std::string::npos);
  CHECK(text.find("routing = [{ to = \"dagbesteding\", weight = 0.5 }]") != std::string::npos);
  CHECK(text.find("[provisions.oov]\n") != std::string::npos);
  const ParamTree back = ParamTree::parse_string(text, "written.toml");
  REQUIRE(back.keys() == t.keys());
  for (const auto& [key, entry] : t.entries()) {
    CAPTURE(key);
    const ParamEntry* other = back.find(key);
    REQUIRE(other != nullptr);
    CHECK(other->kind == entry.kind);
    CHECK(other->scalar == entry.scalar);
    CHECK(other->items == entry.items);
    CHECK(other->table_count == entry.table_count);
  }
  const std::string again = back.to_toml();
  CHECK(again.substr(again.find('\n')) == text.substr(text.find('\n')));
  // And it still reads as a valid scenario.
  const auto c = ozsim::params::test::load_demo(back);
  CHECK(c.provisions.size() == 3);
}

TEST_CASE("to_toml of empty lists and empty list elements") {
  const ParamTree t = ParamTree::parse_string(
      "a = []\nb = [{}, { x = 1 }]\nc = {}\nf = [1e300, -2.5e-300, inf, -inf, 0.0, -0.0, 9007199254740993]\n"
      "g = [true, \"\\u0001\"]\n",
      "e.toml");
  const ParamTree back = ParamTree::parse_string(t.to_toml(), "w.toml");
  CHECK(back.find("a")->kind == ParamEntry::Kind::Array);
  CHECK(back.find("b")->table_count == 2);
  CHECK(back.has("b.1.x"));
  CHECK(back.find("c")->kind == ParamEntry::Kind::InlineTable);
  CHECK(back.find("f")->items == t.find("f")->items);
  CHECK(back.find("g")->items == t.find("g")->items);
  CHECK(t.to_toml().find("f = [1e+300, -2.5e-300, inf, -inf, 0.0, -0.0, 9007199254740993]") !=
        std::string::npos);
}

TEST_CASE("non-ASCII characters where toml++ 3.3.0 would hit undefined behaviour are rejected first") {
  auto error = [](const std::string& text) {
    try {
      (void)ParamTree::parse_string(text, "u.toml");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  // toml++'s own messages and positions, with the original character put back.
  CHECK(error("seed = 1\nbaseGGG\xc3\xb8GGG = 1\n") ==
        "u.toml:2:8: TOML syntax error: Error while parsing key-value pair: expected '=', saw '\xc3\xb8'");
  CHECK(error("x = \"\xc3\xa9\" 1\xc3\xb8\n") ==
        "u.toml:1:9: TOML syntax error: Error while parsing key-value pair: expected a comment or "
        "whitespace, saw '1'");
  CHECK(error("x = 1\xc3\xb8\n") ==
        "u.toml:1:6: TOML syntax error: Error while parsing decimal integer: expected digit, saw '\xc3\xb8'");
  CHECK(error("x = 1\xff\n") ==
        "u.toml:1:6: TOML syntax error: Error while parsing decimal integer: expected digit, saw '\\xFF'");
  // Found by the fuzzer: toml++ looks ahead through a malformed bare value, quotes and brackets included.
  CHECK(error("seed =+1\x02i\"le\xef\xbb\xbe_x\"\n") ==
        "u.toml:1:9: TOML syntax error: Error while parsing floating-point: expected decimal digit, saw "
        "'\\u0002'");
  CHECK(error("1ty =2rovns.o[''''\xef\xbb\xbb =2\n").rfind("u.toml:1:", 0) == 0);
  // Valid TOML that toml++ 3.3.0 itself cannot take: rejected with advice.
  CHECK(error("s = \"\"\"a\\\n  \xc2\xa7\"\"\"\n") ==
        "u.toml:2:3: TOML syntax error: unexpected character '\xc2\xa7' after a backslash in a \"\"\" string "
        "(not "
        "supported by the TOML library; write it as \\u00A7)");
  // Everywhere else non-ASCII text is fine: strings, comments, multi-line strings, a BOM.
  const ParamTree t = ParamTree::parse_string(
      "\xEF\xBB\xBF# caf\xc3\xa9\nlabel = \"caf\xc3\xa9\" # \xc3\xa9\nm = \"\"\"\xc3\xa9\n\xc3\xa9\"\"\"\""
      "\nl = '''\xc3\xa9'''\n"
      "a = [\"\xc3\xa9\",\n  '\xc3\xa9']\nb = [{ k = \"\xc3\xa9\" }]\n[t.\"q\"]\nk = \"\xc3\xa9\"\n",
      "ok.toml");
  CHECK(std::get<std::string>(t.find("label")->scalar) == "caf\xc3\xa9");
  CHECK(std::get<std::string>(t.find("m")->scalar) == "\xc3\xa9\n\xc3\xa9\"");
  CHECK(
      error(std::string("[a]\nb = \"x\"\n") + "c = 1 \xe2\x80\x83\n").find("u.toml:3:7: TOML syntax error") ==
      0);
  CHECK(error("s = \"\"\"\\\xc3\xa9\"\"\"\n").rfind("u.toml:1:9: TOML syntax error: ", 0) == 0);
}
