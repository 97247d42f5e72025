#include "sim/app/cluster.hpp"

namespace ozsim::app {
namespace {

analysis::SingleProcess one_process;
analysis::Cluster* current = &one_process;

}  // namespace

analysis::Cluster& cluster() {
  return *current;
}

void set_cluster(analysis::Cluster& ranks) {
  current = &ranks;
}

}  // namespace ozsim::app
