#pragma once
// Every euro a run books, in one place: occupied places and reserved capacity
// of provisions, start-up costs, days in the paid free settings, yearly
// programmes (e.g. JOS, MDO) and escalations, each split over its payers. Only
// whole reported school years are booked, so a year's cost is never a fragment.
#include <map>
#include <string>
#include <vector>

#include "sim/model/calendar.hpp"
#include "sim/model/ledger.hpp"
#include "sim/model/run.hpp"
#include "sim/model/scenario_config.hpp"

namespace ozsim::model {

struct CostBook {
  std::vector<CostLine> lines;                            // year, payer, item, euros; in booking order
  std::map<std::string, std::map<int, double>> by_payer;  // payer -> calendar year -> euros
};

// The item travel to a place in another region is booked on (CrossRegionConfig).
inline constexpr std::string_view CROSS_REGION_TRAVEL_ITEM = "cross_region_travel";

CostBook book_costs(const ScenarioConfig& config, const SchoolCalendar& calendar, const Ledger& ledger);

}  // namespace ozsim::model
