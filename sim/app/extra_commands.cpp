#include "sim/app/commands.hpp"

namespace ozsim::app {

void add_extra_commands(CLI::App& /*app*/) {}

}  // namespace ozsim::app
