#include "sim/params/toml_document.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <system_error>
#include <utility>

#include "sim/params/param_prescan.hpp"

namespace ozsim::params::detail {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t MAX_BASE_DEPTH = 32;
constexpr std::uintmax_t MAX_FILE_BYTES = std::uintmax_t{64} * 1024 * 1024;

std::string toml_quoted(std::string_view text) {
  return scalar_to_toml(ParamScalar{std::string(text)});
}

SourceLocation to_location(const toml::source_region& region, const std::string& file, bool use_position) {
  SourceLocation loc{file, 0, 0};
  if (use_position && region.begin) {
    loc.line =
        static_cast<int>(std::min<toml::source_index>(region.begin.line, std::numeric_limits<int>::max()));
    loc.column =
        static_cast<int>(std::min<toml::source_index>(region.begin.column, std::numeric_limits<int>::max()));
  }
  return loc;
}

// Turns parsed TOML into flat entries (see the rules in param_tree.hpp).
class Flattener {
 public:
  Flattener(std::string file, bool use_position) : file_(std::move(file)), use_position_(use_position) {}

  void table(const toml::table& tbl, const std::string& prefix, ParamTree::EntryMap& out) const {
    for (auto&& [k, node] : tbl) {
      const SourceLocation key_loc = to_location(k.source(), file_, use_position_);
      if (!is_valid_segment(k.str())) {
        const std::string full = join_key(prefix, k.str());
        throw InputError::with_key(
            key_loc, full,
            "key " + toml_quoted(full) + ": key names may only use letters, digits, '_' and '-'");
      }
      if (prefix.empty() && k.str() == "base") continue;  // handled by the loader
      this->node(node, join_key(prefix, k.str()), key_loc, out);
    }
  }

  void node(const toml::node& n, const std::string& key, const SourceLocation& key_loc,
            ParamTree::EntryMap& out) const {
    if (static_cast<std::size_t>(std::count(key.begin(), key.end(), '.')) >= MAX_KEY_SEGMENTS) {
      throw InputError::with_key(key_loc, key.substr(0, 60) + "...",
                                 "key nested deeper than " + std::to_string(MAX_KEY_SEGMENTS) + " levels");
    }
    ParamEntry entry;
    entry.key_location = key_loc;
    entry.value_location = to_location(n.source(), file_, use_position_);
    if (!use_position_) entry.value_location = key_loc;
    if (const toml::table* t = n.as_table()) {
      if (t->is_inline()) {
        entry.kind = ParamEntry::Kind::InlineTable;
        out[key] = entry;
      }
      table(*t, key, out);
      return;
    }
    if (const toml::array* a = n.as_array()) {
      array(*a, key, std::move(entry), out);
      return;
    }
    entry.kind = ParamEntry::Kind::Scalar;
    entry.scalar = scalar(n, key, entry.value_location);
    out[key] = std::move(entry);
  }

 private:
  void array(const toml::array& a, const std::string& key, ParamEntry entry, ParamTree::EntryMap& out) const {
    const bool all_tables =
        !a.empty() && std::all_of(a.begin(), a.end(), [](const toml::node& e) { return e.is_table(); });
    if (all_tables) {
      entry.kind = ParamEntry::Kind::TableArray;
      entry.table_count = a.size();
      out[key] = entry;
      for (std::size_t i = 0; i < a.size(); ++i) {
        table(*a[i].as_table(), join_key(key, std::to_string(i)), out);
      }
      return;
    }
    entry.kind = ParamEntry::Kind::Array;
    for (const toml::node& e : a) {
      if (e.is_table() || e.is_array()) {
        throw InputError(to_location(e.source(), file_, use_position_), key,
                         "a list of numbers, a list of strings or a list of tables",
                         e.is_table() ? "a list mixing tables and values" : "a nested list");
      }
      entry.items.push_back(scalar(e, key, entry.value_location));
    }
    out[key] = std::move(entry);
  }

  ParamScalar scalar(const toml::node& n, const std::string& key, const SourceLocation& fallback) const {
    if (const auto* b = n.as_boolean()) return b->get();
    if (const auto* i = n.as_integer()) return static_cast<std::int64_t>(i->get());
    if (const auto* f = n.as_floating_point()) return f->get();
    if (const auto* s = n.as_string()) return s->get();
    SourceLocation loc = to_location(n.source(), file_, use_position_);
    if (loc.line == 0) loc = fallback;
    throw InputError(loc, key, "a number, true/false, a string, a list or a table", "a date/time");
  }

  std::string file_;
  bool use_position_;
};

// toml++'s error as "file:line:col: TOML syntax error: ...". `original` is the text
// the user wrote, for putting back a character the ASCII-substituted copy replaced.
InputError syntax_error(const toml::parse_error& e, const std::string& file, std::string_view original) {
  SourceLocation loc = to_location(e.source(), file, true);
  std::string description(e.description());
  std::string ch = character_at(original, loc.line, loc.column);
  if (!ch.empty() && static_cast<unsigned char>(ch[0]) >= 0x80) {
    if (ch.size() == 1) {  // a byte that is not UTF-8
      static const char* const HEX = "0123456789ABCDEF";
      const auto b = static_cast<unsigned char>(ch[0]);
      ch = "\\x";
      ch += HEX[b >> 4];
      ch += HEX[b & 0xF];
    }
    const std::size_t at = description.find("'?'");
    if (at != std::string::npos) description.replace(at + 1, 1, ch);
  }
  return InputError(std::move(loc), "TOML syntax error: " + description);
}

// toml::parse, with the guards of param_prescan.hpp.
toml::table guarded_parse(std::string_view text, const std::string& file) {
  reject_deep_structure(text, file);
  if (has_non_ascii(text)) {
    const std::string ascii = ascii_placeholder_copy(text);
    try {
      (void)toml::parse(std::string_view(ascii), std::string_view(file));
    } catch (const toml::parse_error& e) {
      throw syntax_error(e, file, text);
    }
    reject_backslash_before_non_ascii(text, file);
  }
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    throw syntax_error(e, file, text);
  }
}

struct ReadResult {
  bool ok = false;
  std::string text;
  std::string error;
};

ReadResult read_file(const std::string& path) {
  ReadResult r;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec) {
    r.error = ec.message();
    return r;
  }
  if (!fs::is_regular_file(st)) {
    r.error = fs::is_directory(st) ? "it is a directory" : "not a regular file";
    return r;
  }
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec) {
    r.error = ec.message();
    return r;
  }
  if (size > MAX_FILE_BYTES) {
    r.error = "file larger than 64 MiB";
    return r;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    r.error = "cannot open for reading";
    return r;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) {
    r.error = "read error";
    return r;
  }
  r.ok = true;
  r.text = std::move(buf).str();
  return r;
}

std::string identity_of(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::path(path), ec);
  if (ec) p = fs::path(path).lexically_normal();
  return p.generic_string();
}

void erase_subtree(ParamTree::EntryMap& map, std::string_view key) {
  if (const auto self = map.find(key); self != map.end()) map.erase(self);
  auto it = subtree_begin(map, key);
  while (it != map.end() && starts_with_prefix(it->first, key)) it = map.erase(it);
}

bool is_index_below(std::string_view segment, std::size_t count) {
  std::size_t value = 0;
  const auto [ptr, ec] = std::from_chars(segment.data(), segment.data() + segment.size(), value);
  return ec == std::errc() && ptr == segment.data() + segment.size() && value < count;
}

// Overlays `top` on `base` (rules in param_tree.hpp).
void overlay_maps(ParamTree::EntryMap& base, ParamTree::EntryMap&& top) {
  for (const auto& item : top) {
    const std::string& key = item.first;
    // Whatever the top sets at `key` replaces what the base has at and below it;
    // the top's own entries below `key` are inserted afterwards.
    erase_subtree(base, key);
    // Where the base has a value at a prefix of `key`, the top's table wins. Inline
    // tables merge; an array of tables merges when `key` goes into one of its elements.
    const auto segments = split_key(key);
    std::string prefix;
    for (std::size_t i = 0; i + 1 < segments.size(); ++i) {
      prefix = join_key(prefix, segments[i]);
      const auto it = base.find(prefix);
      if (it == base.end() || it->second.kind == ParamEntry::Kind::InlineTable) continue;
      if (it->second.kind == ParamEntry::Kind::TableArray &&
          is_index_below(segments[i + 1], it->second.table_count)) {
        continue;
      }
      erase_subtree(base, prefix);
      break;
    }
  }
  for (auto& [key, entry] : top) base.insert_or_assign(key, std::move(entry));
}

struct Chain {
  std::vector<std::string> identities;  // canonical paths, top first
  std::vector<std::string> displays;    // as shown in messages
};

Document load_document(std::string_view text, const std::string& display, Chain& chain);

Document load_base(const toml::node& base_node, const SourceLocation& base_loc, const std::string& display,
                   Chain& chain) {
  const auto* base_str = base_node.as_string();
  if (base_str == nullptr) {
    ParamEntry e;
    e.kind = base_node.is_array() ? ParamEntry::Kind::Array : ParamEntry::Kind::Scalar;
    if (base_node.is_table()) e.kind = ParamEntry::Kind::InlineTable;
    if (const auto* i = base_node.as_integer()) e.scalar = static_cast<std::int64_t>(i->get());
    if (const auto* f = base_node.as_floating_point()) e.scalar = f->get();
    if (const auto* b = base_node.as_boolean()) e.scalar = b->get();
    throw InputError(base_loc, "base", "a file name string such as \"base.toml\"",
                     base_node.is_date() || base_node.is_time() || base_node.is_date_time()
                         ? "a date/time"
                         : describe_found(e));
  }
  const std::string& name = base_str->get();
  if (name.empty() || name.find('\0') != std::string::npos) {
    throw InputError(base_loc, "base", "a file name string such as \"base.toml\"", describe_scalar(name));
  }
  const std::string path =
      (fs::path(display).parent_path() / fs::path(name)).lexically_normal().generic_string();
  const std::string identity = identity_of(path);
  const auto seen = std::find(chain.identities.begin(), chain.identities.end(), identity);
  if (seen != chain.identities.end()) {
    std::string cycle;
    for (auto it = chain.displays.begin() + (seen - chain.identities.begin()); it != chain.displays.end();
         ++it) {
      cycle += *it + " -> ";
    }
    throw InputError::with_key(base_loc, "base", "base files form a cycle: " + cycle + path);
  }
  if (chain.identities.size() >= MAX_BASE_DEPTH) {
    throw InputError::with_key(base_loc, "base",
                               "base chain longer than " + std::to_string(MAX_BASE_DEPTH) + " files");
  }
  ReadResult r = read_file(path);
  if (!r.ok) {
    throw InputError::with_key(base_loc, "base", "cannot read base file '" + path + "': " + r.error);
  }
  chain.identities.push_back(identity);
  chain.displays.push_back(path);
  Document doc = load_document(r.text, path, chain);
  chain.identities.pop_back();
  chain.displays.pop_back();
  return doc;
}

Document load_document(std::string_view text, const std::string& display, Chain& chain) {
  const toml::table root = guarded_parse(text, display);
  Document doc;
  Flattener(display, true).table(root, "", doc.entries);
  doc.files.push_back(display);
  const toml::node* base_node = root.get("base");
  if (base_node == nullptr) return doc;
  SourceLocation base_loc = to_location(base_node->source(), display, true);
  for (auto&& [k, v] : root) {
    if (k.str() == "base") base_loc = to_location(k.source(), display, true);
  }
  Document base = load_base(*base_node, base_loc, display, chain);
  overlay_maps(base.entries, std::move(doc.entries));
  doc.entries = std::move(base.entries);
  doc.files.insert(doc.files.end(), base.files.begin(), base.files.end());
  return doc;
}

}  // namespace

toml::table parse_toml(std::string_view text, const std::string& file) {
  return guarded_parse(text, file);
}

std::string join_key(std::string_view prefix, std::string_view name) {
  if (prefix.empty()) return std::string(name);
  std::string out;
  out.reserve(prefix.size() + 1 + name.size());
  out.append(prefix).append(".").append(name);
  return out;
}

bool starts_with_prefix(std::string_view key, std::string_view prefix) {
  return key.size() > prefix.size() && key.compare(0, prefix.size(), prefix) == 0 &&
         key[prefix.size()] == '.';
}

// Keys below `key` ("key.x...") are contiguous in the sorted map, starting at "key."
// ("key-x" sorts between "key" and "key.", so never scan from "key" itself).
ParamTree::EntryMap::const_iterator subtree_begin(const ParamTree::EntryMap& map, std::string_view key) {
  std::string dotted;
  dotted.reserve(key.size() + 1);
  dotted.append(key).push_back('.');
  return map.lower_bound(dotted);
}

void overlay_entries(ParamTree::EntryMap& base, ParamTree::EntryMap&& top) {
  overlay_maps(base, std::move(top));
}

void flatten_value(const toml::node& node, const std::string& key, const SourceLocation& where,
                   ParamTree::EntryMap& out) {
  Flattener(where.file, false).node(node, key, where, out);
}

Document read_document(const std::string& path) {
  ReadResult r = read_file(path);
  if (!r.ok) throw InputError(SourceLocation{path, 0, 0}, "cannot read scenario file: " + r.error);
  return parse_document(r.text, path);
}

Document parse_document(std::string_view text, const std::string& pretend_path) {
  Chain chain;
  chain.identities.push_back(identity_of(pretend_path));
  chain.displays.push_back(pretend_path);
  return load_document(text, pretend_path, chain);
}

}  // namespace ozsim::params::detail
