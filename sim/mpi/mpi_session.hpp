#pragma once
// The MPI build's cluster (-DOZSIM_MPI=ON): MPI_COMM_WORLD's ranks under mpirun or srun, one rank when
// started alone. Only sim/app/main.cpp creates it; everything else sees an analysis::Cluster, so no
// other file includes <mpi.h> or changes with the option.
#include <cstddef>
#include <string>
#include <vector>

#include "sim/analysis/cluster.hpp"

namespace ozsim::mpi {

class Session final : public analysis::Cluster {
 public:
  // MPI_Init_thread (only the main thread calls MPI; the worker threads never do).
  Session(int& argc, char**& argv);
  // MPI_Finalize.
  ~Session() override;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  std::size_t rank() const override { return rank_; }
  std::size_t size() const override { return size_; }
  // MPI_Allgather of the sizes, then MPI_Allgatherv of the bytes.
  std::vector<std::string> all_gather(const std::string& mine) override;

 private:
  std::size_t rank_ = 0;
  std::size_t size_ = 1;
};

}  // namespace ozsim::mpi
