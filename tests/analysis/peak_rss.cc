// peak_rss COMMAND ARGS...: runs COMMAND and prints its peak resident set in KB
// (ru_maxrss from wait4) on the last line of stderr; exits with its exit code.
//
// Why a program of its own: Linux carries the resident high-water mark of the
// process that execs over into the new image, so a child started from a big
// parent (Python, the test binary) reports at least the parent's size. Started
// from this small program it reports its own.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: peak_rss COMMAND [ARGS...]\n");
    return 2;
  }
  const pid_t child = fork();
  if (child < 0) {
    std::perror("peak_rss: fork");
    return 2;
  }
  if (child == 0) {
    execv(argv[1], argv + 1);
    std::perror("peak_rss: exec");
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  if (wait4(child, &status, 0, &usage) != child) {
    std::perror("peak_rss: wait4");
    return 2;
  }
  std::fprintf(stderr, "peak_rss_kb %ld\n", usage.ru_maxrss);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}
