#include "sim/output/atomic_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace ozsim::output {
namespace {

std::function<void(const std::string&)>& before_write_hook() {
  static std::function<void(const std::string&)> hook;
  return hook;
}

}  // namespace

void set_before_atomic_write_hook(std::function<void(const std::string& path)> hook) {
  before_write_hook() = std::move(hook);
}

void write_file_atomically(const std::string& path, std::string_view content) {
  if (before_write_hook()) before_write_hook()(path);
  namespace fs = std::filesystem;
  const fs::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) {
    fs::create_directories(target.parent_path(), ec);
    if (ec)
      throw std::runtime_error("cannot create directory '" + target.parent_path().string() +
                               "': " + ec.message());
  }
  // The pid keeps concurrent writers (parallel calibration, tests) from sharing a temporary.
  const std::string temporary = path + ".tmp." + std::to_string(::getpid());
  std::FILE* file = std::fopen(temporary.c_str(), "wb");
  if (file == nullptr) throw std::runtime_error("cannot write '" + temporary + "': " + std::strerror(errno));
  const bool written = std::fwrite(content.data(), 1, content.size(), file) == content.size();
  const bool flushed = std::fflush(file) == 0 && ::fsync(::fileno(file)) == 0;
  const bool closed = std::fclose(file) == 0;
  if (!written || !flushed || !closed) {
    const std::string reason = std::strerror(errno);
    std::remove(temporary.c_str());
    throw std::runtime_error("cannot write '" + path + "': " + reason);
  }
  fs::rename(temporary, target, ec);
  if (ec) {
    std::remove(temporary.c_str());
    throw std::runtime_error("cannot rename '" + temporary + "' to '" + path + "': " + ec.message());
  }
}

}  // namespace ozsim::output
