#include "sim/params/content_hash.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace ozsim::params {

std::uint64_t fnv1a64(std::string_view bytes) {
  constexpr std::uint64_t OFFSET_BASIS = 0xcbf29ce484222325ULL;
  constexpr std::uint64_t PRIME = 0x100000001b3ULL;
  std::uint64_t hash = OFFSET_BASIS;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= PRIME;
  }
  return hash;
}

std::string hash_hex(std::uint64_t hash) {
  static constexpr char DIGITS[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) out[static_cast<std::size_t>(i)] = DIGITS[hash & 0xF];
  return out;
}

std::string file_content_hash(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read '" + path + "': " + std::strerror(errno));
  const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw std::runtime_error("cannot read '" + path + "'");
  return hash_hex(fnv1a64(content));
}

}  // namespace ozsim::params
