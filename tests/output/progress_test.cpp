// Progress lines: their text, their pace on a terminal and in a log, and --quiet.
#include "sim/output/progress.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <string>

namespace {

using ozsim::output::Progress;

// A Progress writing to a temporary file, on a clock the test sets.
struct Captured {
  std::FILE* file = std::tmpfile();
  double now = 0.0;
  ~Captured() { std::fclose(file); }
  Progress::Options options(bool terminal, bool quiet = false) {
    Progress::Options o;
    o.terminal = terminal;
    o.quiet = quiet;
    o.out = file;
    o.clock = [this] { return now; };
    return o;
  }
  std::string text() {
    std::fflush(file);
    std::rewind(file);
    std::string out;
    for (int c = std::fgetc(file); c != EOF; c = std::fgetc(file)) out.push_back(static_cast<char>(c));
    return out;
  }
};

}  // namespace

TEST_CASE("progress: durations and the line with the fraction done and the time left") {
  using ozsim::output::duration_text;
  using ozsim::output::progress_text;
  CHECK(duration_text(7.46) == "7.5 s");
  CHECK(duration_text(59.96) == "1 min 00 s");
  CHECK(duration_text(125.2) == "2 min 05 s");
  CHECK(duration_text(3780.0) == "1 h 03 min");
  CHECK(duration_text(-1.0) == "?");
  // 12 done in 3.2 s: 28 left at the same pace take 7.47 s.
  CHECK(progress_text("compare", "replications", 12, 40, 3.2) ==
        "compare: 12 of 40 replications (30%), 3.2 s elapsed, about 7.5 s left");
  // Nothing done: no pace, so no time left; all done: nothing left to estimate.
  CHECK(progress_text("run", "replications", 0, 10, 1.0) == "run: 0 of 10 replications (0%), 1.0 s elapsed");
  CHECK(progress_text("run", "replications", 10, 10, 9.0) ==
        "run: 10 of 10 replications (100%), 9.0 s elapsed");
  // The percentage is floored: 99.9% done is not "100%".
  CHECK(progress_text("sweep", "replications", 999, 1000, 100.0).find("(99%)") != std::string::npos);
}

TEST_CASE("progress: in a log, a plain line every few seconds, never the last step") {
  Captured c;
  Progress p("run", "replications", c.options(false));
  c.now = 1.0;
  p.update(1, 10);  // before the first 5 s: nothing
  c.now = 5.0;
  p.update(2, 10);
  c.now = 7.0;
  p.update(3, 10);  // 2 s after the last line: nothing
  c.now = 10.5;
  p.update(6, 10);
  c.now = 20.0;
  p.update(10, 10);  // the command's summary follows at once
  p.finish();
  CHECK(c.text() ==
        "ozsim: run: 2 of 10 replications (20%), 5.0 s elapsed, about 20.0 s left\n"
        "ozsim: run: 6 of 10 replications (60%), 10.5 s elapsed, about 7.0 s left\n");
}

TEST_CASE("progress: --progress-every 0 writes a line at every step but the last") {
  Captured c;
  Progress::Options o = c.options(false);
  o.every_seconds = 0.0;
  Progress p("sweep", "replications", o);
  for (std::size_t done = 1; done <= 3; ++done) p.update(done, 3);
  CHECK(c.text() ==
        "ozsim: sweep: 1 of 3 replications (33%), 0.0 s elapsed, about 0.0 s left\n"
        "ozsim: sweep: 2 of 3 replications (66%), 0.0 s elapsed, about 0.0 s left\n");
}

TEST_CASE("progress: on a terminal, one line redrawn after the first second and cleared at the end") {
  Captured c;
  Progress p("compare", "replications", c.options(true));
  c.now = 0.5;
  p.update(1, 4);  // a quick command stays quiet
  c.now = 1.0;
  p.update(2, 4);
  c.now = 1.1;
  p.update(3, 4);  // redrawn at most 5 times a second
  c.now = 1.2;
  p.note("generation 0 done");  // stays, below it the next line
  c.now = 1.25;
  p.show([](double) { return std::string("again"); }, false);
  p.finish();
  p.update(3, 4);  // after finish: nothing
  CHECK(c.text() ==
        "\rcompare: 2 of 4 replications (50%), 1.0 s elapsed, about 1.0 s left\033[K"
        "\rgeneration 0 done\033[K\n"
        "\ragain\033[K"
        "\r\033[K");
}

TEST_CASE("progress: --quiet writes nothing, on a terminal or in a log") {
  for (const bool terminal : {true, false}) {
    Captured c;
    Progress p("run", "replications", c.options(terminal, true));
    for (std::size_t done = 1; done <= 20; ++done) {
      c.now = static_cast<double>(done);
      p.update(done, 20);
    }
    p.note("generation 0 done");
    p.finish();
    CHECK(c.text().empty());
  }
}
