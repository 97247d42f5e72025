#pragma once
// Output files are never left half-written: content goes to a temporary file in
// the same directory, is flushed, and is renamed over the destination.
#include <functional>
#include <string>
#include <string_view>

namespace ozsim::output {

// Writes `content` to `path` atomically; creates missing parent directories.
// Throws std::runtime_error naming the path and the OS error on failure.
void write_file_atomically(const std::string& path, std::string_view content);

// Test hook for fault injection: called with the destination path just before
// each write_file_atomically, so a test can make that write fail (put a
// directory in its place) or raise a signal half-way through a set of files.
// An empty function removes the hook.
void set_before_atomic_write_hook(std::function<void(const std::string& path)> hook);

}  // namespace ozsim::output
