// Runs one replication of a scenario given on the command line through the installed libraries.
#include <iostream>

#include "sim/model/run.hpp"
#include "sim/scenario/scenario.hpp"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const auto scenario = ozsim::scenario::load_scenario(argv[1]);
  const auto result = ozsim::model::run_replication(scenario.config, 1, 0);
  std::cout << "fingerprint " << result.fingerprint << "\n";
  return result.fingerprint != 0 ? 0 : 1;
}
