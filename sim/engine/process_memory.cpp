#include "sim/engine/process_memory.hpp"

#include <cstdlib>  // defines __GLIBC__ with glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace ozsim::engine {

void keep_freed_memory_for_reuse() {
#if defined(__GLIBC__)
  // Blocks up to 64 MiB (glibc's ceiling for this setting) come from the heap: a school year's national
  // arrivals take about 20 MiB in all. The heap is trimmed only when 1 GiB at its top is free. Setting either
  // turns off glibc's own adjustment of both.
  constexpr int MMAP_THRESHOLD = 64 << 20;
  constexpr int TRIM_THRESHOLD = 1 << 30;
  mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD);
  mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD);
#endif
}

}  // namespace ozsim::engine
