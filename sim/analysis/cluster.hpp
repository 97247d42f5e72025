#pragma once
// The processes one command runs in: one, or under `mpirun -np N` (the OZSIM_MPI build, sim/mpi) its N
// ranks. Every rank runs the same command on the same input; slots of work (replications, sweep points,
// particles) are split between the ranks in fixed blocks (share_of), and every rank then receives every
// slot's result in slot order, so the reductions that follow are the single-process ones and the output
// is the same bits for any number of ranks. The only collective is exchange_or_stop(): it carries each rank's
// results or its failure, so a failure anywhere stops every rank, never a hang.
#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace ozsim::analysis {

class Cluster {
 public:
  virtual ~Cluster() = default;
  virtual std::size_t rank() const = 0;
  virtual std::size_t size() const = 0;
  // Collective: every rank passes its bytes and gets every rank's, indexed by rank.
  virtual std::vector<std::string> all_gather(const std::string& mine) = 0;
};

// One process: rank 0 of 1.
class SingleProcess final : public Cluster {
 public:
  std::size_t rank() const override { return 0; }
  std::size_t size() const override { return 1; }
  std::vector<std::string> all_gather(const std::string& mine) override { return {mine}; }
};

// What stopped a rank: the exit code main would return (2 bad input, 1 otherwise) and its message.
struct Failure {
  int exit_code = 1;
  std::string message;
};

// A rank failed; thrown on every rank by exchange_or_stop(). what() is the message to print once: the
// failure of the lowest failing rank, prefixed "rank K: " unless every rank failed with the same
// message (bad input read alike by every rank reads as in one process).
class RankFailure : public std::runtime_error {
 public:
  RankFailure(std::size_t rank, Failure failure, bool every_rank_alike);
  std::size_t rank() const noexcept { return rank_; }
  int exit_code() const noexcept { return exit_code_; }
  bool every_rank_alike() const noexcept { return every_rank_alike_; }

 private:
  std::size_t rank_ = 0;
  int exit_code_ = 1;
  bool every_rank_alike_ = false;
};

// Collective: each rank passes its bytes, or the failure that stopped it. Returns every rank's bytes
// when none failed; otherwise throws the same RankFailure on every rank. A rank that fails outside a
// step (main's catch) calls it once with its failure and thereby matches the others' next exchange.
std::vector<std::string> exchange_or_stop(Cluster& cluster, std::variant<std::string, Failure> mine);

// The slots [begin, end) of `count` that `rank` of `ranks` runs: consecutive blocks in rank order,
// sizes differing by at most one, so rank order is slot order.
struct SlotRange {
  std::size_t begin = 0;
  std::size_t end = 0;
};
SlotRange share_of(std::size_t count, std::size_t rank, std::size_t ranks);

// Runs task(slot) for this rank's share of [0, count) on `threads` threads, then hands each slot of
// the other ranks to `load` as the numbers `save` gave there: afterwards every rank holds every slot,
// as in one process. A failing slot throws RankFailure on every rank ("rank K: <noun> S: <reason>").
// With one rank: parallel_for, the failure's own exception. For the calibration's slots (its
// SpreadFor, calibration/inference/parallel.hpp).
void spread_for(Cluster& cluster, std::size_t count, unsigned threads,
                const std::function<void(std::size_t)>& task,
                const std::function<std::vector<double>(std::size_t)>& save,
                const std::function<void(std::size_t, const std::vector<double>&)>& load,
                const std::string& noun);

}  // namespace ozsim::analysis
