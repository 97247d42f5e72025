#pragma once
// Progress of a long command on stderr, so a national run or a batch job's log
// does not sit silent. On a terminal: one line redrawn in place with the
// fraction done and an estimate of the time left, shown once the command has
// run for a second and cleared when it ends. Elsewhere (a log file, a pipe): a
// plain line "ozsim: ..." every few seconds. Nothing with --quiet. It only reads
// counts and the clock, so it cannot change what a command computes or writes.
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>

namespace ozsim::output {

// "7.5 s", "2 min 05 s", "1 h 03 min"; "?" for a negative or NaN duration.
std::string duration_text(double seconds);
// The time left at the pace so far, `done` of `total` in `elapsed_seconds`; negative when there is no pace
// yet.
double seconds_left(std::size_t done, std::size_t total, double elapsed_seconds);
// "compare: 12 of 40 replications (30%), 3.2 s elapsed, about 7.5 s left".
std::string progress_text(const std::string& task, const std::string& unit, std::size_t done,
                          std::size_t total, double elapsed_seconds);

class Progress {
 public:
  struct Options {
    bool quiet = false;
    bool terminal = false;       // redraw one line in place; else write whole lines
    double delay_seconds = 1.0;  // terminal: nothing before this (a quick command stays quiet)
    // Not a terminal: the first line after this many seconds, then one every this many (0: at every step).
    double every_seconds = 5.0;
    std::FILE* out = stderr;
    std::function<double()> clock;  // seconds since start; default: a steady clock started with Progress
  };
  // For stderr as it is (a terminal or not), quiet and paced as asked.
  static Options for_stderr(bool quiet, double every_seconds);

  // `task` names the command in each line; `unit` what update() counts ("replications").
  Progress(std::string task, std::string unit, Options options);
  ~Progress();  // finish()
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // `done` of `total` steps: progress_text at the pace set in Options. Safe from any thread. The last
  // step shows nothing in a log: the command's own summary follows at once.
  void update(std::size_t done, std::size_t total);
  // A line the caller composes from the seconds elapsed, at the same pace (`last`: as update's last step).
  void show(const std::function<std::string(double elapsed_seconds)>& text, bool last);
  // A line that stays, such as a finished calibration generation: not paced; on a terminal it replaces
  // the redrawn line, which the next show() draws again below it.
  void note(const std::string& text);
  // Clears a terminal line; afterwards nothing is shown.
  void finish();
  // update() as a callback, for analysis::ReplicationSettings::on_progress.
  std::function<void(std::size_t, std::size_t)> callback();
  // Seconds since the Progress started (its clock).
  double elapsed() const;

 private:
  std::string task_;
  std::string unit_;
  Options options_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::mutex mutex_;
  double last_shown_ = 0.0;  // when the last paced line was shown (0: none yet)
  bool line_open_ = false;   // a terminal line is on screen
  bool finished_ = false;
};

}  // namespace ozsim::output
