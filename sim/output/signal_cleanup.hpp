#pragma once
// Cleanup of an output folder's staging directory and lock when SIGINT, SIGTERM or SIGHUP ends the process
// mid-write, so no half-written set is left behind. Internal to sim/output (output_folder.cpp).
#include <string>

namespace ozsim::output::detail {

// Arms cleanup for one open output folder; returns its slot. At most 4 folders at once (std::logic_error).
// The handler empties and removes `staging`, removes `lock`, writes `message` to stderr and re-raises the
// signal with the default action, so the exit status says which signal ended the process.
int arm_cleanup(const std::string& staging, const std::string& lock, const std::string& message);
// Replaces an armed slot's message. A signal in the few instructions this takes finds the slot disarmed
// and skips its cleanup (the next writer of the folder removes a staging directory left behind).
void set_cleanup_message(int slot, const std::string& message);
// Disarms a slot (negative: nothing); the previous signal actions return with the last slot.
void disarm_cleanup(int slot) noexcept;

}  // namespace ozsim::output::detail
