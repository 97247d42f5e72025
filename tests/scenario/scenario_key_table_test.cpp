// The scenario key table's find() against a plain scan of every declaration: KeyTable indexes its patterns
// by their first segment, and every scenario key must still resolve to the declaration a scan picks.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/params/key_table.hpp"
#include "sim/scenario/scenario.hpp"

using namespace ozsim;

namespace {

std::vector<std::string> segments_of(std::string_view key) {
  std::vector<std::string> out;
  for (std::size_t start = 0;;) {
    const std::size_t dot = key.find('.', start);
    out.emplace_back(key.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) return out;
    start = dot + 1;
  }
}

std::string joined(const std::vector<std::string>& segments) {
  std::string out;
  for (const std::string& s : segments) out += (out.empty() ? "" : ".") + s;
  return out;
}

// The declaration a scan of all of them picks: a matching one, replaced only by a more specific one (a
// literal segment where the other has '*', compared from the left).
const params::KeySpec* scanned(const params::KeyTable& table, std::string_view key) {
  const params::KeySpec* best = nullptr;
  for (const params::KeySpec& spec : table.specs()) {
    if (!params::key_matches(spec.pattern, key)) continue;
    if (best != nullptr) {
      const std::vector<std::string> a = segments_of(spec.pattern), b = segments_of(best->pattern);
      bool more_specific = false;
      for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
        if ((a[i] != "*") != (b[i] != "*")) {
          more_specific = a[i] != "*";
          break;
        }
      if (!more_specific) continue;
    }
    best = &spec;
  }
  return best;
}

}  // namespace

TEST_CASE("scenario keys: find() picks the declaration a scan of every declaration picks") {
  const params::KeyTable& table = scenario::scenario_key_table();
  // Each pattern with its '*'s as a name no pattern has, and with each '*' in turn as every word some
  // pattern has at that place (where a literal declaration may compete with the '*').
  std::vector<std::set<std::string>> words_at;
  for (const params::KeySpec& spec : table.specs()) {
    const std::vector<std::string> segments = segments_of(spec.pattern);
    if (words_at.size() < segments.size()) words_at.resize(segments.size());
    for (std::size_t i = 0; i < segments.size(); ++i)
      if (segments[i] != "*") words_at[i].insert(segments[i]);
  }
  std::size_t keys = 0;
  for (const params::KeySpec& spec : table.specs()) {
    std::vector<std::string> segments = segments_of(spec.pattern);
    for (std::string& s : segments)
      if (s == "*") s = "unnamed";
    std::vector<std::string> candidates = {joined(segments)};
    for (std::size_t i = 0; i < segments.size(); ++i) {
      if (segments_of(spec.pattern)[i] != "*") continue;
      for (const std::string& word : words_at[i]) {
        std::vector<std::string> with_word = segments;
        with_word[i] = word;
        candidates.push_back(joined(with_word));
      }
    }
    for (const std::string& key : candidates) {
      INFO(spec.pattern << " as " << key);
      ++keys;
      const params::KeySpec* found = table.find(key);
      const params::KeySpec* expected = scanned(table, key);
      REQUIRE(expected != nullptr);  // at least the pattern the key was made from
      CHECK(found == expected);
    }
  }
  CHECK(keys > table.specs().size());
}
