#pragma once
// Content hashes that identify input files in manifest.json and checkpoints.
//
// FNV-1a 64 (Fowler-Noll-Vo, the published offset basis and prime): a
// well-known, fully specified hash that anyone can recompute in a few lines of
// any language. It detects changed or swapped inputs; it is not meant to resist
// someone forging a collision, so a cryptographic hash (and a new dependency such
// as libcrypto) would buy nothing here.
#include <cstdint>
#include <string>
#include <string_view>

namespace ozsim::params {

std::uint64_t fnv1a64(std::string_view bytes);
// 16 lowercase hex digits.
std::string hash_hex(std::uint64_t hash);
// fnv1a64 of a file's bytes as 16 hex digits; throws std::runtime_error naming the file if it cannot be read.
std::string file_content_hash(const std::string& path);

}  // namespace ozsim::params
