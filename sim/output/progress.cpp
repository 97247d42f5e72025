#include "sim/output/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>

namespace ozsim::output {
namespace {

// A terminal line redrawn more often than this flickers and costs time for nothing.
constexpr double REDRAW_SECONDS = 0.2;

}  // namespace

std::string duration_text(double seconds) {
  if (!(seconds >= 0.0)) return "?";
  if (seconds < 59.95) return fmt::format("{:.1f} s", seconds);
  const auto whole = static_cast<long long>(std::llround(seconds));
  if (whole < 3600) return fmt::format("{} min {:02} s", whole / 60, whole % 60);
  return fmt::format("{} h {:02} min", whole / 3600, (whole % 3600) / 60);
}

double seconds_left(std::size_t done, std::size_t total, double elapsed_seconds) {
  if (done == 0 || done > total) return -1.0;
  return elapsed_seconds * static_cast<double>(total - done) / static_cast<double>(done);
}

std::string progress_text(const std::string& task, const std::string& unit, std::size_t done,
                          std::size_t total, double elapsed_seconds) {
  const double fraction = total == 0 ? 0.0 : static_cast<double>(done) / static_cast<double>(total);
  std::string text = fmt::format("{}: {} of {} {} ({:.0f}%), {} elapsed", task, done, total, unit,
                                 std::floor(fraction * 100.0), duration_text(elapsed_seconds));
  // With nothing done yet there is no pace to estimate from.
  if (done > 0 && done < total)
    text += ", about " + duration_text(seconds_left(done, total, elapsed_seconds)) + " left";
  return text;
}

Progress::Options Progress::for_stderr(bool quiet, double every_seconds) {
  Options options;
  options.quiet = quiet;
  options.terminal = ::isatty(STDERR_FILENO) == 1;
  options.every_seconds = every_seconds;
  return options;
}

Progress::Progress(std::string task, std::string unit, Options options)
    : task_(std::move(task)), unit_(std::move(unit)), options_(std::move(options)) {
  if (!options_.clock)
    options_.clock = [start = started_] {
      return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
}

Progress::~Progress() {
  finish();
}

double Progress::elapsed() const {
  return options_.clock();
}

void Progress::update(std::size_t done, std::size_t total) {
  show([&](double elapsed) { return progress_text(task_, unit_, done, total, elapsed); }, done >= total);
}

void Progress::show(const std::function<std::string(double)>& text, bool last) {
  if (options_.quiet || last) return;
  const std::lock_guard lock(mutex_);
  if (finished_) return;
  const double now = options_.clock();
  if (options_.terminal) {
    if (now < options_.delay_seconds || (line_open_ && now - last_shown_ < REDRAW_SECONDS)) return;
    std::fprintf(options_.out, "\r%s\033[K", text(now).c_str());
    line_open_ = true;
  } else {
    if (now - last_shown_ < options_.every_seconds) return;
    std::fprintf(options_.out, "ozsim: %s\n", text(now).c_str());
  }
  last_shown_ = now;
  std::fflush(options_.out);
}

void Progress::note(const std::string& text) {
  if (options_.quiet) return;
  const std::lock_guard lock(mutex_);
  if (finished_) return;
  if (options_.terminal) {
    std::fprintf(options_.out, "\r%s\033[K\n", text.c_str());
    line_open_ = false;
  } else {
    std::fprintf(options_.out, "ozsim: %s\n", text.c_str());
  }
  std::fflush(options_.out);
}

void Progress::finish() {
  const std::lock_guard lock(mutex_);
  if (finished_) return;
  finished_ = true;
  if (line_open_) {
    std::fprintf(options_.out, "\r\033[K");
    std::fflush(options_.out);
  }
}

std::function<void(std::size_t, std::size_t)> Progress::callback() {
  return [this](std::size_t done, std::size_t total) { update(done, total); };
}

}  // namespace ozsim::output
