#pragma once
// `ozsim compare` and `ozsim sweep`.
#include <CLI/CLI.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/params/param_tree.hpp"

namespace ozsim::app {

// Draws `count` parameter sets from a posterior file and returns `scenario`
// with each applied (same signature as calibration::scenarios_from_posterior).
// The draws must depend on the file, count and seed only: replication r of
// every compared scenario then gets the same parameter set.
using PosteriorSampler = std::function<std::vector<params::ParamTree>(const params::ParamTree& scenario,
                                                                      const std::string& posterior_path,
                                                                      std::size_t count, std::uint64_t seed)>;

struct CompareHooks {
  PosteriorSampler posterior;  // empty: --posterior is refused with a message
};

// Registers `compare` and `sweep` on `app` (actions via set_action / run_selected).
void add_compare_commands(CLI::App& app, CompareHooks hooks = {});

}  // namespace ozsim::app
