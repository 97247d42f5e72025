#include "calibration/bridge/checkpoint_file.hpp"

#include <fstream>
#include <sstream>

#include "sim/output/atomic_file.hpp"
#include "sim/params/input_error.hpp"

namespace ozsim::calibration {

void write_checkpoint(const std::string& path, const Checkpoint& checkpoint) {
  output::write_file_atomically(path, checkpoint_to_json(checkpoint));
}

Checkpoint read_checkpoint(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw params::InputError(params::SourceLocation{path, 0, 0},
                             "cannot open checkpoint (was the run started with this --out?)");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return checkpoint_from_json(text.str(), path);
}

}  // namespace ozsim::calibration
