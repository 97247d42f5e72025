#pragma once
// ABC-SMC checkpoints on disk: the inference hands over each generation's state
// (AbcSettings::save_checkpoint) and takes a resumed one (AbcSettings::resume_from); here they become
// a file, written atomically so that a run killed mid-write leaves the previous checkpoint whole.
#include <string>

#include "calibration/inference/checkpoint.hpp"

namespace ozsim::calibration {

void write_checkpoint(const std::string& path, const Checkpoint& checkpoint);
// Throws params::InputError naming the file when it cannot be opened or its content is not a valid
// checkpoint (checkpoint_from_json).
Checkpoint read_checkpoint(const std::string& path);

}  // namespace ozsim::calibration
