#pragma once
// Routing cycles that can close without simulated time passing. A pupil whose
// rules send it round such a cycle moves for ever at one instant and the run
// never ends, so a scenario with one is bad input: sim/scenario reports the
// cycle with the file line of each of its rules before anything is simulated.
//
// The graph: a node per ruled free setting and two per provision (asking for a
// place, and holding one). An edge is a move that can take 0 days:
//   - a rule row whose duration can be 0, to each destination it gives a
//     probability > 0 (a rule row with a duration that cannot be 0 is no edge);
//   - asking for a place -> holding it (admitted at once when a place is free);
//   - asking -> the first fallback, or else the wait_in setting, when the pupil
//     can be turned away at once (eligibility limited, or max_queue set);
//   - asking -> the wait_in setting, whose rules run while a care pupil waits
//     (is_care with rules.care_first = false);
//   - holding a place -> leave_at_age_to (at once for a pupil already past that age);
//   - asking -> on_renege (or the setting it waits in) when max_wait_days is too short for the clock to
//     tell from 0.
// "Can be 0" is on the run's clock: a day count in doubles, on which a step
// shorter than the spacing of doubles near the horizon does not move time.
// Attending and the exits end a path: leaving school takes an onset, which
// takes time. The edges over-approximate: a cycle found can close for some
// pupil, though perhaps not for every one.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "sim/engine/distribution.hpp"
#include "sim/model/scenario_config.hpp"

namespace ozsim::model {

// True if a draw can be 0 days on a clock that runs to `clock_end` days: fixed
// 0, uniform from 0, an empirical list holding 0, a bernoulli with p < 1, any
// duration scaled by 0, and values so small that clock_end + value ==
// clock_end. The continuous kinds on (0, inf) (exponential, weibull,
// lognormal, gamma) cannot, unless their mean is that small.
bool duration_can_be_zero(const engine::Distribution& duration, double clock_end);

// One move of a zero-time cycle.
struct ZeroTimeStep {
  enum class Via {
    RuleRow,     // a rule row of a free setting or of a provision (`owner`), index `row`
    Admission,   // asked for provision `owner` and got a place
    Fallback,    // turned away by provision `owner`, went to its first fallback
    WaitIn,      // turned away by (or waiting for care at) provision `owner`, went to its wait_in setting
    LeaveAtAge,  // left provision `owner` at its leave_at_age
    Renege,      // gave up waiting for provision `owner` after its max_wait_days
  };
  Via via = Via::RuleRow;
  bool owner_is_provision = false;
  std::size_t owner = 0;  // a Setting (as an index) or a provision index
  std::size_t row = 0;    // Via::RuleRow: the row's index in the owner's rules
  Destination to;         // where the move goes
};

// The first zero-time cycle in `config` (nodes and edges in a fixed order), or
// nothing. Checks only `config` itself; the caller checks each policy start's.
std::optional<std::vector<ZeroTimeStep>> find_zero_time_cycle(const ScenarioConfig& config);

// The rule row a RuleRow step took.
const RuleRow& step_rule(const ScenarioConfig& config, const ZeroTimeStep& step);

// "thuiszitter", "oov": the owner of a step, as scenario files name it.
std::string step_owner_name(const ScenarioConfig& config, const ZeroTimeStep& step);

}  // namespace ozsim::model
