#pragma once
// Checks every numeric flag of every subcommand before CLI11 converts it, so a
// value CLI11 would wrap, saturate or accept as NaN is a usage error (exit 2)
// before anything is read or simulated:
//   whole numbers (unsigned):  decimal digits only, at most 18446744073709551615
//                              (`--seed -1`, `--seed 1e23`, `--seed 2^64` are refused, not saturated);
//   whole numbers (signed):    an optional '-' and decimal digits, within 64 bits;
//   numbers:                   a finite decimal number (`nan`, `inf` are refused).
// Range checks of the individual options still apply after these.
#include <CLI/CLI.hpp>

namespace ozsim::app {

void guard_numeric_flags(CLI::App& app);

}  // namespace ozsim::app
