#include "sim/model/run.hpp"

#include "sim/engine/random.hpp"
#include "sim/model/pupil_model.hpp"

namespace ozsim::model {

std::uint64_t replication_seed(std::uint64_t master_seed, std::uint32_t replication) {
  // Purpose 0 is reserved for replication seeds; pupils use purposes >= 1.
  return engine::mix_seed(master_seed, 0, replication, 0);
}

RunResult run_replication(const ScenarioConfig& config, std::uint64_t master_seed, std::uint32_t replication,
                          const RunOptions& options) {
  PupilModel model(config, replication_seed(master_seed, replication), options);
  return model.run();
}

}  // namespace ozsim::model
