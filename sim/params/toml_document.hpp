#pragma once
// Reading TOML into a ParamTree's flat entries: parsing (guarded against toml++'s weak spots, see
// param_prescan.hpp), flattening, `base = "file"` chains and overlaying one set of entries on another.
// Internal to sim/params: param_tree.cpp is its only user.
#include <toml++/toml.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sim/params/param_tree.hpp"

namespace ozsim::params::detail {

inline constexpr std::size_t MAX_KEY_SEGMENTS = 32;

std::string join_key(std::string_view prefix, std::string_view name);
// True if `key` lies below `prefix` ("prefix.x...").
bool starts_with_prefix(std::string_view key, std::string_view prefix);
// The first entry below `key` in the sorted map (see starts_with_prefix for where the run ends).
ParamTree::EntryMap::const_iterator subtree_begin(const ParamTree::EntryMap& map, std::string_view key);
// Overlays `top` on `base` (rules in param_tree.hpp).
void overlay_entries(ParamTree::EntryMap& base, ParamTree::EntryMap&& top);

// toml::parse, made safe from toml++ 3.3.0's undefined behaviour on non-ASCII characters outside strings.
toml::table parse_toml(std::string_view text, const std::string& file);
// One value given on the command line (no source positions), flattened under `key`.
void flatten_value(const toml::node& node, const std::string& key, const SourceLocation& where,
                   ParamTree::EntryMap& out);

struct Document {
  ParamTree::EntryMap entries;
  std::vector<std::string> files;  // the file itself first, then its bases
};
// A scenario file and its base chain; InputError if it cannot be read.
Document read_document(const std::string& path);
// The same for text that stands for the file at `pretend_path` (bases are found relative to it).
Document parse_document(std::string_view text, const std::string& pretend_path);

}  // namespace ozsim::params::detail
