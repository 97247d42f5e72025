#pragma once
// ABC-SMC checkpoints on disk: the inference hands over each generation's state
// (AbcSettings::save_checkpoint) and takes a resumed one (AbcSettings::resume_from); here they become
// a file, written atomically so that a run killed mid-write leaves the previous checkpoint whole.
#include <string>

#include "calibration/inference/checkpoint.hpp"

namespace ozsim::calibration {

void write_checkpoint(const std::string& path, const Checkpoint& checkpoint);
// Throws std::runtime_error naming the file when it cannot be opened, and whatever
// checkpoint_from_json throws for its content.
Checkpoint read_checkpoint(const std::string& path);

}  // namespace ozsim::calibration
