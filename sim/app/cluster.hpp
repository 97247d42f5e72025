#pragma once
// The processes this ozsim runs in: one, or under mpirun the MPI build's ranks (main.cpp says which).
// Every rank runs the command; the replications, sweep points and particles are spread over them
// (analysis/cluster.hpp); only rank 0 opens the output folder, shows progress and prints.
#include "sim/analysis/cluster.hpp"

namespace ozsim::app {

analysis::Cluster& cluster();
// main.cpp, before any command runs; `ranks` must outlive every command.
void set_cluster(analysis::Cluster& ranks);
// Rank 0: the one that writes files and prints.
inline bool is_writer() {
  return cluster().rank() == 0;
}

}  // namespace ozsim::app
