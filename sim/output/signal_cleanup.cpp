#include "sim/output/signal_cleanup.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <mutex>
#include <stdexcept>

namespace ozsim::output::detail {
namespace {

// ---- Cleanup on SIGINT/SIGTERM/SIGHUP --------------------------------------
// The handler may only make async-signal-safe calls, so everything it needs is
// prepared in fixed buffers while arming: the staging path, the lock path and
// the message. It empties the staging directory with getdents64/unlinkat (it
// holds only plain files), removes it and the lock, writes the message, and
// re-raises the signal with the default action so the exit status says which
// signal ended the process.
struct CleanupSlot {
  std::atomic<bool> armed{false};
  char staging[4096] = {};
  char lock[4096] = {};
  char message[4096] = {};
};
constexpr std::size_t SLOTS = 4;
std::array<CleanupSlot, SLOTS> cleanup_slots;
std::mutex arming;
int armed_count = 0;
constexpr std::array<int, 3> CAUGHT = {SIGINT, SIGTERM, SIGHUP};
std::array<struct sigaction, 3> previous_actions;

void remove_flat_directory(const char* path) noexcept {
  const int fd = ::open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    alignas(8) char buffer[8192];
    for (;;) {
      const long n = ::syscall(SYS_getdents64, fd, buffer, sizeof buffer);
      if (n <= 0) break;
      for (long offset = 0; offset < n;) {
        struct Entry {
          std::uint64_t inode;
          std::int64_t next;
          unsigned short length;
          unsigned char type;
          char name[1];
        };
        const auto* entry = reinterpret_cast<const Entry*>(buffer + offset);
        const char* name = entry->name;
        const bool dot = name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'));
        if (!dot && ::unlinkat(fd, name, 0) != 0) ::unlinkat(fd, name, AT_REMOVEDIR);
        offset += entry->length;
      }
    }
    ::close(fd);
  }
  ::rmdir(path);
}

extern "C" void ozsim_output_on_signal(int signal_number) {
  for (CleanupSlot& slot : cleanup_slots) {
    if (!slot.armed.exchange(false)) continue;
    remove_flat_directory(slot.staging);
    ::unlink(slot.lock);
    const ssize_t ignored = ::write(STDERR_FILENO, slot.message, std::strlen(slot.message));
    (void)ignored;
  }
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}

void copy_bounded(char* destination, std::size_t size, const std::string& source) {
  const std::size_t n = std::min(size - 1, source.size());
  std::memcpy(destination, source.data(), n);
  destination[n] = '\0';
}

}  // namespace

int arm_cleanup(const std::string& staging, const std::string& lock, const std::string& message) {
  std::lock_guard<std::mutex> guard(arming);
  for (std::size_t i = 0; i < SLOTS; ++i) {
    CleanupSlot& slot = cleanup_slots[i];
    if (slot.armed.load()) continue;
    copy_bounded(slot.staging, sizeof slot.staging, staging);
    copy_bounded(slot.lock, sizeof slot.lock, lock);
    copy_bounded(slot.message, sizeof slot.message, message);
    slot.armed.store(true);
    if (armed_count++ == 0) {
      struct sigaction action {};
      action.sa_handler = ozsim_output_on_signal;
      sigemptyset(&action.sa_mask);
      for (const int s : CAUGHT) sigaddset(&action.sa_mask, s);
      for (std::size_t k = 0; k < CAUGHT.size(); ++k) ::sigaction(CAUGHT[k], &action, &previous_actions[k]);
    }
    return static_cast<int>(i);
  }
  throw std::logic_error("more than 4 output folders open at once");
}

void set_cleanup_message(int index, const std::string& message) {
  std::lock_guard<std::mutex> guard(arming);
  CleanupSlot& slot = cleanup_slots.at(static_cast<std::size_t>(index));
  if (!slot.armed.exchange(false)) return;
  copy_bounded(slot.message, sizeof slot.message, message);
  slot.armed.store(true);
}

void disarm_cleanup(int index) noexcept {
  if (index < 0) return;
  std::lock_guard<std::mutex> guard(arming);
  cleanup_slots[static_cast<std::size_t>(index)].armed.store(false);
  if (--armed_count == 0)
    for (std::size_t k = 0; k < CAUGHT.size(); ++k) ::sigaction(CAUGHT[k], &previous_actions[k], nullptr);
}

}  // namespace ozsim::output::detail
