// engine::keep_freed_memory_for_reuse: after it, a large block comes from the heap and a freed one stays
// in the process, so the next comes without faulting its pages in again.
#include "sim/engine/process_memory.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <cstring>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

// Under AddressSanitizer malloc is the sanitizer's, which glibc's settings and statistics do not describe.
#if defined(__SANITIZE_ADDRESS__)
#define OZSIM_GLIBC_MALLOC 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OZSIM_GLIBC_MALLOC 0
#endif
#endif
#if !defined(OZSIM_GLIBC_MALLOC)
#if defined(__GLIBC__)
#define OZSIM_GLIBC_MALLOC 1
#else
#define OZSIM_GLIBC_MALLOC 0
#endif
#endif

TEST_CASE("keep_freed_memory_for_reuse: a freed 48 MiB block stays in the process") {
#if OZSIM_GLIBC_MALLOC
  ozsim::engine::keep_freed_memory_for_reuse();
  // Above 32 MiB, the most glibc's own threshold ever rises to: without the call, the block is a mapping of
  // its own, which free hands back to the kernel.
  constexpr std::size_t BLOCK = std::size_t{48} << 20;
  const struct mallinfo2 before = mallinfo2();
  void* block = std::malloc(BLOCK);
  REQUIRE(block != nullptr);
  std::memset(block, 1, BLOCK);
  // A volatile read: the block is used, so the compiler cannot drop the allocation.
  CHECK(static_cast<volatile unsigned char*>(block)[BLOCK - 1] == 1);
  const struct mallinfo2 holding = mallinfo2();
  CHECK(holding.hblks == before.hblks);  // from the heap
  std::free(block);
  // The heap was not trimmed back. (Not "grew by the block": earlier tests may have left room enough in it.)
  CHECK(mallinfo2().arena >= holding.arena);
  CHECK(holding.arena >= BLOCK);
#else
  ozsim::engine::keep_freed_memory_for_reuse();  // does nothing here; must not fail
  MESSAGE("not glibc's malloc: keep_freed_memory_for_reuse has nothing to check");
#endif
}
