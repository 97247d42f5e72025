#pragma once
// How the process's allocator treats freed memory.

namespace ozsim::engine {

// Keeps freed memory in the process for reuse instead of handing it back to the kernel. By default glibc
// returns a freed block of more than 128 KiB (and free space at the top of its heap) to the kernel at once,
// so each of a replication's large temporary vectors (a school year's drawn arrivals, an age group's draws)
// is faulted in afresh, a page at a time: a national replication took 109,000 page faults
// where 43,000 map its peak, and about 0.25 s of its 2.8 s (README, Benchmarks). The cost is that the
// process keeps its peak: a few percent more resident memory. Call once, first thing in main; a no-op
// where the C library is not glibc.
void keep_freed_memory_for_reuse();

}  // namespace ozsim::engine
