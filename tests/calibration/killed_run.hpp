#pragma once
// A calibration killed mid-run, as a power cut or `kill -9` would: a forked child runs it, writing each
// complete generation's checkpoint, and kills itself with SIGKILL once generation `generation` is written.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "calibration/bridge/checkpoint_file.hpp"
#include "calibration/inference/abc.hpp"

namespace ozsim::calibration::testing {

// Returns once the child is dead; REQUIREs that SIGKILL is what ended it.
inline void run_killed_after_generation(std::size_t generation, const ParameterSpace& space,
                                        const std::vector<Target>& targets, const ModelFunction& model,
                                        const AbcSettings& settings, const std::string& checkpoint_path) {
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    AbcSettings killed = settings;
    killed.save_checkpoint = [&](const Checkpoint& c) {
      write_checkpoint(checkpoint_path, c);
      if (c.generation == generation) kill(getpid(), SIGKILL);
    };
    calibrate(space, targets, model, killed);
    _exit(3);  // never reached
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  REQUIRE(WIFSIGNALED(status));
  REQUIRE(WTERMSIG(status) == SIGKILL);
}

}  // namespace ozsim::calibration::testing
