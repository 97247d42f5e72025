#pragma once
// Output files are never left half-written: content goes to a temporary file in
// the same directory, is flushed, and is renamed over the destination.
#include <string>
#include <string_view>

namespace ozsim::output {

// Writes `content` to `path` atomically; creates missing parent directories.
// Throws std::runtime_error naming the path and the OS error on failure.
void write_file_atomically(const std::string& path, std::string_view content);

}  // namespace ozsim::output
