#pragma once
// The reduction of a finished run to its result: every KPI, the flows and the
// cost lines, from what the ledger scored. The names it writes are declared in
// the KPI catalogue (kpi_catalogue.hpp).
#include <span>
#include <vector>

#include "sim/engine/provision.hpp"
#include "sim/model/calendar.hpp"
#include "sim/model/ledger.hpp"
#include "sim/model/run.hpp"
#include "sim/model/scenario_config.hpp"

namespace ozsim::model {

struct RunEnd {
  double day = 0.0;  // the horizon
  const std::vector<engine::Provision>* provisions = nullptr;
  const engine::Provision* jos = nullptr;       // the JOS caseload (JosConfig)
  std::span<const double> running_home_spells;  // lengths so far of home spells still running, in days
};

void reduce_run(const ScenarioConfig& config, const SchoolCalendar& calendar, const Ledger& ledger,
                const RunEnd& end, RunResult& result);

}  // namespace ozsim::model
