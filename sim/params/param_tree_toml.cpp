// Writing a parameter tree back as TOML: a self-contained scenario file that
// reads back into the same tree (ozsim calibrate writes its result this way).
#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "sim/params/number_format.hpp"
#include "sim/params/param_tree.hpp"

namespace ozsim::params {
namespace {

std::string join_key(std::string_view prefix, std::string_view name) {
  return prefix.empty() ? std::string(name) : std::string(prefix) + "." + std::string(name);
}

// TOML spells the non-finite values itself, and a float needs a '.' or an exponent to stay a float.
std::string format_double(double v) {
  if (std::isnan(v)) return std::signbit(v) ? "-nan" : "nan";
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  std::string out = exact(v);
  if (out.find_first_of(".e") == std::string::npos) out += ".0";
  return out;
}

// Nested view of the flat map, for writing TOML.
struct WriteNode {
  const ParamEntry* entry = nullptr;
  std::map<std::string, WriteNode, std::less<>> children;
};

std::string inline_value(const WriteNode& node);

std::string inline_table(const WriteNode& node) {
  if (node.children.empty()) return "{}";
  std::string out = "{ ";
  bool first = true;
  for (const auto& [name, child] : node.children) {
    if (!first) out += ", ";
    first = false;
    out += name + " = " + inline_value(child);
  }
  return out + " }";
}

std::string inline_value(const WriteNode& node) {
  if (node.entry == nullptr || node.entry->kind == ParamEntry::Kind::InlineTable) return inline_table(node);
  const ParamEntry& e = *node.entry;
  switch (e.kind) {
    case ParamEntry::Kind::Scalar:
      return scalar_to_toml(e.scalar);
    case ParamEntry::Kind::Array: {
      std::string out = "[";
      for (std::size_t i = 0; i < e.items.size(); ++i) out += (i ? ", " : "") + scalar_to_toml(e.items[i]);
      return out + "]";
    }
    case ParamEntry::Kind::TableArray: {
      static const WriteNode empty;
      std::string out = "[";
      for (std::size_t i = 0; i < e.table_count; ++i) {
        const auto it = node.children.find(std::to_string(i));
        out += (i ? ", " : "") + inline_table(it == node.children.end() ? empty : it->second);
      }
      return out + "]";
    }
    case ParamEntry::Kind::InlineTable:
      break;
  }
  return inline_table(node);
}

void write_section(std::string& out, const std::string& path, const WriteNode& node) {
  bool header_written = path.empty();
  for (const auto& [name, child] : node.children) {
    if (child.entry == nullptr) continue;  // a [table], written below
    if (!header_written) {
      out += "\n[" + path + "]\n";
      header_written = true;
    }
    out += name + " = " + inline_value(child) + "\n";
  }
  for (const auto& [name, child] : node.children) {
    if (child.entry == nullptr) write_section(out, join_key(path, name), child);
  }
}

}  // namespace

std::string scalar_to_toml(const ParamScalar& value) {
  if (const auto* b = std::get_if<bool>(&value)) return *b ? "true" : "false";
  if (const auto* i = std::get_if<std::int64_t>(&value)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&value)) return format_double(*d);
  const std::string& s = std::get<std::string>(value);
  std::string out = "\"";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          static const char* const HEX = "0123456789ABCDEF";
          out += "\\u00";
          out += HEX[c >> 4];
          out += HEX[c & 0xF];
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

std::string ParamTree::to_toml() const {
  WriteNode root;
  for (const auto& [key, entry] : entries_) {
    WriteNode* node = &root;
    for (const std::string_view segment : split_key(key)) {
      node = &node->children[std::string(segment)];
    }
    node->entry = &entry;
  }
  std::string out;
  if (!files_.empty()) {
    out += "# Self-contained ozsim scenario written from ";
    for (std::size_t i = 0; i < files_.size(); ++i) out += (i ? " <- " : "") + files_[i];
    // A file name must not end the comment line early.
    std::replace_if(
        out.begin(), out.end(), [](char c) { return c == '\n' || c == '\r'; }, '?');
    out += "\n";
  }
  write_section(out, "", root);
  return out;
}

}  // namespace ozsim::params
