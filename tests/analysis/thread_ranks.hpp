#pragma once
// Ranks as threads of this process, for tests of what spreads over the ranks of mpirun
// (analysis/cluster.hpp) without MPI: all_gather meets at a barrier around a shared table.
#include <barrier>
#include <cstddef>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "sim/analysis/cluster.hpp"

namespace ozsim::testing {

// `size` ranks as threads: all_gather is a barrier on both sides of a shared table.
class ThreadRanks {
 public:
  explicit ThreadRanks(std::size_t size) : table_(size), barrier_(static_cast<std::ptrdiff_t>(size)) {
    for (std::size_t r = 0; r < size; ++r) ranks_.push_back(std::make_unique<Rank>(*this, r));
  }
  // Runs body(rank) on every rank, each in its own thread.
  template <typename Body>
  void run(Body body) {
    std::vector<std::thread> threads;
    for (auto& rank : ranks_) threads.emplace_back([&body, &rank] { body(*rank); });
    for (auto& thread : threads) thread.join();
  }

 private:
  class Rank final : public analysis::Cluster {
   public:
    Rank(ThreadRanks& all, std::size_t rank) : all_(all), rank_(rank) {}
    std::size_t rank() const override { return rank_; }
    std::size_t size() const override { return all_.table_.size(); }
    std::vector<std::string> all_gather(const std::string& mine) override {
      all_.table_[rank_] = mine;
      all_.barrier_.arrive_and_wait();
      std::vector<std::string> copy = all_.table_;
      all_.barrier_.arrive_and_wait();
      return copy;
    }

   private:
    ThreadRanks& all_;
    std::size_t rank_;
  };
  std::vector<std::string> table_;
  std::barrier<> barrier_;
  std::vector<std::unique_ptr<Rank>> ranks_;
};

}  // namespace ozsim::testing
