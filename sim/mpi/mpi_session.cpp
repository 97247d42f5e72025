#include "sim/mpi/mpi_session.hpp"

#include <mpi.h>

#include <climits>
#include <cstdint>
#include <stdexcept>

namespace ozsim::mpi {
namespace {

void check(int code, const char* call) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  throw std::runtime_error(std::string(call) +
                           " failed: " + std::string(text, static_cast<std::size_t>(length)));
}

}  // namespace

Session::Session(int& argc, char**& argv) {
  int provided = 0;
  check(MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
  // Errors come back as codes (check() turns them into exceptions) instead of aborting the job unexplained.
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  rank_ = static_cast<std::size_t>(rank);
  size_ = static_cast<std::size_t>(size);
}

Session::~Session() {
  MPI_Finalize();
}

std::vector<std::string> Session::all_gather(const std::string& mine) {
  // MPI counts are ints: one rank's bytes in one exchange stay below 2 GiB (a round of replications with
  // traces of a national scenario would be the first to reach it).
  if (mine.size() > static_cast<std::size_t>(INT_MAX))
    throw std::runtime_error(
        "rank " + std::to_string(rank_) + ": " + std::to_string(mine.size()) +
        " bytes of results in one exchange; MPI allows at most 2 GiB (use fewer --threads)");
  const int my_size = static_cast<int>(mine.size());
  std::vector<int> sizes(size_);
  check(MPI_Allgather(&my_size, 1, MPI_INT, sizes.data(), 1, MPI_INT, MPI_COMM_WORLD), "MPI_Allgather");
  std::vector<int> offsets(size_);
  std::int64_t total = 0;
  for (std::size_t r = 0; r < size_; ++r) {
    if (total > INT_MAX) throw std::runtime_error("more than 2 GiB of results in one exchange");
    offsets[r] = static_cast<int>(total);
    total += sizes[r];
  }
  if (total > INT_MAX) throw std::runtime_error("more than 2 GiB of results in one exchange");
  std::string buffer(static_cast<std::size_t>(total), '\0');
  check(MPI_Allgatherv(mine.data(), my_size, MPI_CHAR, buffer.data(), sizes.data(), offsets.data(), MPI_CHAR,
                       MPI_COMM_WORLD),
        "MPI_Allgatherv");
  std::vector<std::string> all(size_);
  for (std::size_t r = 0; r < size_; ++r)
    all[r] = buffer.substr(static_cast<std::size_t>(offsets[r]), static_cast<std::size_t>(sizes[r]));
  return all;
}

}  // namespace ozsim::mpi
