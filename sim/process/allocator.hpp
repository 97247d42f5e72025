#pragma once
// The memory allocator the ozsim command and its benchmarks run on: process set-up, not simulation, so no
// library layer links it (a program that embeds the libraries keeps its own allocator).
#include <string>

namespace ozsim::process {

// Call once, first thing in main. With mimalloc linked (OZSIM_MIMALLOC, the default build) every malloc and
// new of the process is mimalloc's, and this asks it for its memory in 2 MiB pages where the kernel gives
// them on request (transparent huge pages in "madvise" mode, the default of many kernels). A national
// replication touches about 160 MiB: in 4 KiB pages that is some 40,000 page faults, each a trap into the
// (on a virtual machine, virtualised) kernel: on this project's 2-core machine 14-18% of the main thread's
// time while the starting population is made (README, Benchmarks). Without mimalloc (the sanitizer builds,
// whose allocator is their own), glibc's malloc is told to keep freed memory
// (engine::keep_freed_memory_for_reuse).
void set_up_allocator();

// For --version: which allocator serves malloc and new, and whether it asks for huge pages, e.g.
// "mimalloc 2.0.9, 2 MiB pages on request". Checked, not assumed: a mimalloc linked but not in front of the
// C library's malloc is reported as not in use.
std::string allocator_description();

}  // namespace ozsim::process
