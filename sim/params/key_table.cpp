#include "sim/params/key_table.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <utility>

#include "sim/params/number_format.hpp"

namespace ozsim::params {
namespace {

std::string toml_quoted(std::string_view text) {
  return scalar_to_toml(ParamScalar{std::string(text)});
}

std::string join_quoted(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += separator;
    out += toml_quoted(items[i]);
  }
  return out;
}

// "" (no limit), ">= 0", "> 0", "<= 1", "in [0, 1]", "in (0, 1]".
std::string range_text(const KeySpec& spec) {
  const bool has_min = std::isfinite(spec.min);
  const bool has_max = std::isfinite(spec.max);
  if (has_min && has_max) {
    return std::string("in ") + (spec.min_exclusive ? "(" : "[") + format_number(spec.min) + ", " +
           format_number(spec.max) + "]";
  }
  if (has_min) return (spec.min_exclusive ? "> " : ">= ") + format_number(spec.min);
  if (has_max) return "<= " + format_number(spec.max);
  return "";
}

std::string with_range(std::string text, const KeySpec& spec) {
  const std::string range = range_text(spec);
  return range.empty() ? text : text + " " + range;
}

// Short type column for help_text.
std::string short_type(const KeySpec& spec) {
  switch (spec.type) {
    case KeyType::Choice:
      return "one of " + join_quoted(spec.choices, "|");
    case KeyType::StringList:
      return spec.choices.empty() ? "list of strings" : "list of " + join_quoted(spec.choices, "|");
    case KeyType::NumberList:
      return with_range("list of numbers", spec);
    case KeyType::Number:
    case KeyType::Integer:
      return with_range(std::string(to_string(spec.type)), spec);
    case KeyType::Boolean:
    case KeyType::String:
    case KeyType::Distribution:
    case KeyType::Table:
      break;
  }
  return std::string(to_string(spec.type));
}

// Which of two patterns matching the same key is more specific: a literal segment
// beats '*', compared from the left.
bool more_specific(std::string_view a, std::string_view b) {
  const auto sa = split_key(a);
  const auto sb = split_key(b);
  for (std::size_t i = 0; i < sa.size() && i < sb.size(); ++i) {
    const bool la = sa[i] != "*";
    const bool lb = sb[i] != "*";
    if (la != lb) return la;
  }
  return false;
}

std::string instantiate_with_x(std::string_view pattern) {
  std::string out;
  for (const std::string_view segment : split_key(pattern)) {
    if (!out.empty()) out += '.';
    out += segment == "*" ? std::string_view("x") : segment;
  }
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: insertions, deletions, substitutions, adjacent swaps.
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

}  // namespace

std::string_view to_string(KeyType type) {
  switch (type) {
    case KeyType::Number:
      return "number";
    case KeyType::Integer:
      return "integer";
    case KeyType::Boolean:
      return "boolean";
    case KeyType::String:
      return "string";
    case KeyType::Choice:
      return "choice";
    case KeyType::NumberList:
      return "list of numbers";
    case KeyType::StringList:
      return "list of strings";
    case KeyType::Distribution:
      return "distribution";
    case KeyType::Table:
      return "list of tables";
  }
  return "value";
}

std::string describe_expected(const KeySpec& spec) {
  switch (spec.type) {
    case KeyType::Number:
      return with_range("a number", spec);
    case KeyType::Integer:
      return with_range("an integer", spec);
    case KeyType::Boolean:
      return "true or false";
    case KeyType::String:
      return "a string";
    case KeyType::Choice:
      return "one of " + join_quoted(spec.choices, ", ");
    case KeyType::NumberList:
      return with_range("a list of numbers", spec);
    case KeyType::StringList:
      return spec.choices.empty() ? "a list of strings"
                                  : "a list of strings from " + join_quoted(spec.choices, ", ");
    case KeyType::Distribution:
      return "a distribution such as { dist = \"exponential\", mean = 1 }";
    case KeyType::Table:
      return "a list of tables such as [{ ... }, { ... }]";
  }
  return "a value";
}

bool key_matches(std::string_view pattern, std::string_view key) {
  // Segment by segment without allocating: building a scenario calls this for every key against every
  // declaration, and calibration builds a scenario per particle.
  std::size_t p = 0;
  std::size_t k = 0;
  for (;;) {
    const std::size_t p_end = std::min(pattern.find('.', p), pattern.size());
    const std::size_t k_end = std::min(key.find('.', k), key.size());
    const std::string_view ps = pattern.substr(p, p_end - p);
    if (ps != "*" && ps != key.substr(k, k_end - k)) return false;
    const bool pattern_done = p_end == pattern.size();
    const bool key_done = k_end == key.size();
    if (pattern_done || key_done) return pattern_done && key_done;
    p = p_end + 1;
    k = k_end + 1;
  }
}

std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  // Plausible typos only: up to 1 edit for short words, up to 3 for long keys.
  const std::size_t limit = std::clamp<std::size_t>((word.size() + 2) / 5, 1, 3);
  constexpr std::size_t MAX_LENGTH = 256;  // keeps the quadratic distance cheap on hostile input
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  if (word.size() > MAX_LENGTH) return best;
  for (const std::string& c : candidates) {
    if (c == word || c.size() > MAX_LENGTH) continue;
    const std::size_t diff = c.size() > word.size() ? c.size() - word.size() : word.size() - c.size();
    if (diff > limit) continue;
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance || (d == best_distance && best && c < *best)) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

void KeyTable::add(KeySpec spec) {
  const std::string context = "KeyTable: key '" + spec.pattern + "': ";
  const auto segments = split_key(spec.pattern);
  for (const std::string_view s : segments) {
    if (s != "*" && !is_valid_segment(s)) throw std::invalid_argument(context + "malformed pattern");
  }
  if (spec.pattern == "base")
    throw std::invalid_argument(context + "'base' is reserved for scenario inheritance");
  for (const KeySpec& other : specs_) {
    if (other.pattern == spec.pattern) throw std::invalid_argument(context + "declared twice");
  }
  if (spec.type == KeyType::Choice && spec.choices.empty()) {
    throw std::invalid_argument(context + "a choice needs a list of choices");
  }
  if (std::isnan(spec.min) || std::isnan(spec.max) || spec.min > spec.max) {
    throw std::invalid_argument(context + "bad range");
  }
  if (spec.default_text && spec.type == KeyType::Table && *spec.default_text != "[]") {
    throw std::invalid_argument(context + "a list of tables can only default to []");
  }
  if (spec.default_text) {
    // Check the default against the declaration itself, through the same reader
    // that checks user input, so that a bad default fails when the table is built.
    const std::string key = instantiate_with_x(spec.pattern);
    KeyTable alone;
    alone.add_unchecked(spec);
    const ParamTree empty;
    try {
      KeyReader reader(empty, alone);
      switch (spec.type) {
        case KeyType::Number:
          (void)reader.number(key);
          break;
        case KeyType::Integer:
          (void)reader.integer(key);
          break;
        case KeyType::Boolean:
          (void)reader.boolean(key);
          break;
        case KeyType::String:
          (void)reader.string(key);
          break;
        case KeyType::Choice:
          (void)reader.choice(key);
          break;
        case KeyType::NumberList:
          (void)reader.number_list(key);
          break;
        case KeyType::StringList:
          (void)reader.string_list(key);
          break;
        case KeyType::Distribution:
          (void)reader.distribution(key);
          break;
        case KeyType::Table:
          (void)reader.list_size(key);
          break;
      }
    } catch (const InputError& e) {
      throw std::invalid_argument(context + "bad default: " + e.what());
    }
  }
  add_unchecked(std::move(spec));
}

void KeyTable::add_unchecked(KeySpec spec) {
  std::optional<ParamTree> parsed;
  if (spec.default_text) {
    const std::string origin = "(default of '" + spec.pattern + "')";
    const std::string& text = *spec.default_text;
    if (text.find_first_of("\r\n") != std::string::npos) {
      throw std::invalid_argument("KeyTable: key '" + spec.pattern + "': default must be one line");
    }
    try {
      parsed = ParamTree::parse_string("default = " + text + "\n", origin);
    } catch (const InputError& e) {
      throw std::invalid_argument("KeyTable: key '" + spec.pattern +
                                  "': default is not a TOML value: " + e.what());
    }
    for (const std::string& name : parsed->child_names("")) {
      if (name != "default") {
        throw std::invalid_argument("KeyTable: key '" + spec.pattern + "': default is not one TOML value");
      }
    }
  }
  const std::string_view first = std::string_view(spec.pattern).substr(0, spec.pattern.find('.'));
  if (first == "*")
    first_segment_any_.push_back(specs_.size());
  else
    by_first_segment_[std::string(first)].push_back(specs_.size());
  specs_.push_back(std::move(spec));
  defaults_.push_back(std::move(parsed));
}

void KeyTable::declare(std::string pattern, KeyType type, std::string help,
                       std::optional<std::string> default_text, double min, double max, std::string source,
                       std::vector<std::string> choices) {
  KeySpec spec;
  spec.pattern = std::move(pattern);
  spec.type = type;
  spec.help = std::move(help);
  spec.default_text = std::move(default_text);
  spec.min = min;
  spec.max = max;
  spec.source = std::move(source);
  spec.choices = std::move(choices);
  add(std::move(spec));
}

const KeySpec* KeyTable::find(std::string_view key) const {
  // Only a pattern whose first segment is the key's or '*' can match. Two matches equally specific have
  // '*' in the same places, so they are in the same list, where the first declared wins as before; a
  // literal first segment is always more specific than '*'.
  const KeySpec* best = nullptr;
  const auto consider = [&](const std::vector<std::size_t>& candidates) {
    for (std::size_t i : candidates) {
      const KeySpec& spec = specs_[i];
      if (key_matches(spec.pattern, key) && (best == nullptr || more_specific(spec.pattern, best->pattern)))
        best = &spec;
    }
  };
  if (const auto it = by_first_segment_.find(key.substr(0, key.find('.'))); it != by_first_segment_.end())
    consider(it->second);
  consider(first_segment_any_);
  return best;
}

bool KeyTable::covers(std::string_view key) const {
  if (find(key) != nullptr) return true;
  for (std::size_t dot = key.rfind('.'); dot != std::string_view::npos && dot > 0;
       dot = key.rfind('.', dot - 1)) {
    const KeySpec* owner = find(key.substr(0, dot));
    if (owner != nullptr) return owner->type == KeyType::Distribution;
  }
  return false;
}

const ParamTree* KeyTable::default_tree(const KeySpec& spec) const {
  const auto index = static_cast<std::size_t>(&spec - specs_.data());
  if (index >= specs_.size() || !defaults_[index]) return nullptr;
  return &*defaults_[index];
}

std::string KeyTable::help_text() const {
  // Keys grouped by their first segment (one-segment keys together), groups in
  // order of first declaration. Columns are aligned up to a width cap; a longer
  // field continues on the next line at the following column.
  constexpr std::size_t MAX_KEY = 44;
  constexpr std::size_t MAX_TYPE = 30;
  constexpr std::size_t MAX_DEFAULT = 24;
  const std::string top_level = "(top level)";
  std::vector<std::string> groups;
  std::map<std::string, std::vector<const KeySpec*>> by_group;
  std::size_t w_key = 0;
  std::size_t w_type = 0;
  std::size_t w_default = 0;
  auto default_column = [](const KeySpec& spec) {
    return spec.default_text ? "default " + *spec.default_text : std::string("required");
  };
  for (const KeySpec& spec : specs_) {
    const auto segments = split_key(spec.pattern);
    const std::string group = segments.size() == 1 ? top_level : std::string(segments.front());
    if (by_group.find(group) == by_group.end()) groups.push_back(group);
    by_group[group].push_back(&spec);
    w_key = std::max(w_key, std::min(spec.pattern.size(), MAX_KEY));
    w_type = std::max(w_type, std::min(short_type(spec).size(), MAX_TYPE));
    w_default = std::max(w_default, std::min(default_column(spec).size(), MAX_DEFAULT));
  }
  const std::size_t c_key = 2;
  const std::size_t c_type = c_key + w_key + 2;
  const std::size_t c_default = c_type + w_type + 2;
  const std::size_t c_help = c_default + w_default + 2;
  std::string out = "Scenario keys ('*' stands for any table name or list index):\n";
  for (const std::string& group : groups) {
    out += group == top_level ? "\n" + top_level + "\n" : "\n[" + group + "]\n";
    for (const KeySpec* spec : by_group[group]) {
      std::string help = spec->help;
      if (!spec->source.empty()) help += " [source: " + spec->source + "]";
      std::string line;
      for (const auto& [column, text] : {std::pair<std::size_t, std::string>{c_key, spec->pattern},
                                         {c_type, short_type(*spec)},
                                         {c_default, default_column(*spec)},
                                         {c_help, help}}) {
        if (text.empty()) continue;
        if (!line.empty() && line.size() + 2 > column) {
          out += line + "\n";
          line.clear();
        }
        line.append(column - line.size(), ' ');
        line += text;
      }
      out += line + "\n";
    }
  }
  return out;
}

}  // namespace ozsim::params
