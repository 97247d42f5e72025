#pragma once
// The rules that say where a pupil goes next: the first rule row whose filters
// match the pupil applies, and one uniform draw picks among its destinations.
// PupilModel's routing members (routing.cpp) apply them: go_to, fallbacks,
// sojourn lengths.
#include <cstdint>
#include <span>
#include <vector>

#include "sim/engine/random.hpp"
#include "sim/model/scenario_config.hpp"

namespace ozsim::model {

// Index of the option one uniform draw picks, each with its probability. A span, so that a fixed set of
// shares (a profile, a severity) is picked from without building a vector: that was two allocations a
// problem episode.
std::size_t pick(engine::RandomStream& rng, std::span<const double> probability);

// The first row whose level, profile and minimum severity admit the pupil, or nullptr.
const RuleRow* match_rule(const std::vector<RuleRow>& rules, Level level, Profile profile, int severity);

}  // namespace ozsim::model
