#pragma once
// A minimal fork-join loop over indices. Work is handed out by an atomic counter, so which thread
// runs an index varies; callers make each index's result depend only on the index.
#include <cstddef>
#include <functional>

namespace ozsim::calibration {

// 0 means one thread per hardware thread (at least 1).
unsigned resolve_threads(unsigned requested);

// Calls body(i) for every i in [0, n) on `threads` threads (the caller's thread is one of them).
// The first exception stops handing out new indices and is rethrown after all threads joined.
void parallel_for(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& body);

}  // namespace ozsim::calibration
