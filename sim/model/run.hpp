#pragma once
// One replication of the pupil model: the entry point that io, app and
// calibration use. Everything a caller needs comes back in RunResult.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/model/scenario_config.hpp"

namespace ozsim::model {

struct RunOptions {
  bool trace = false;             // collect a per-pupil event log in RunResult::trace_csv
  bool check_invariants = false;  // verify conservation and capacities after every event (tests)
  // Make every pupil, also those who only ever attend school until they leave (PupilModel counts those in
  // aggregate). Results are the same either way; tests compare the two, and a trace needs every pupil.
  bool materialise_every_pupil = false;
  // Threads that take the new pupils' creation draws (age, startkwalificatie, first spell in school) within
  // this replication: each pupil's draws are its own streams', so any count gives the same bits. More than
  // 1 only pays when fewer replications than cores run at once (one national run on a laptop).
  unsigned creation_threads = 1;
  // Headroom, in standard deviations, of the bound below which a starting stock's candidate keys are kept
  // (create_initial_population). The choice of pupils does not depend on it; tests set it below 0 to make
  // every region fall short and be drawn again, and very high to keep every key.
  double starting_stock_key_margin = 6.0;
};

// Pupils moving between two settings in one school year (year = calendar year in which the school year
// starts).
struct FlowCount {
  int year = 0;
  std::string from;
  std::string to;
  std::uint64_t count = 0;
};

// What a euro pays for: places whether used or not (fixed, startup), days of use (variable),
// leerlingenvervoer (transport), a yearly programme (e.g. JOS) or escalated cases (MDO/RET).
enum class CostKind : std::uint8_t { Fixed, Variable, Transport, Startup, Programme, Escalation };
inline constexpr std::size_t COST_KIND_COUNT = 6;
const char* cost_kind_name(CostKind kind);  // "fixed", "variable", ...

// Cost booked to one payer for one item (a provision, setting or programme) in one school year, in euros.
struct CostLine {
  int year = 0;  // the calendar year the school year starts in
  std::string payer;
  std::string item;
  double euros = 0.0;
  CostKind kind = CostKind::Variable;
  // Booked to a catchment outside the modelled population (CatchmentInflow: its referrals use the region's
  // provisions and its own partners pay their part), not to one of the region's payers.
  bool catchment = false;
  // The region the cost is for (RegionConfig::name): a provision's own region, a free setting's or travel
  // cost's pupils' region; empty in a scenario without regions, and for a provision several regions share
  // and programmes of the whole scenario.
  std::string region = {};
};

struct RunResult {
  // Flat scalar KPIs of this replication, by name. Every name belongs to one family of the KPI catalogue
  // (kpi_catalogue.hpp; `ozsim --help-kpis`), which gives its unit, labels and meaning.
  std::map<std::string, double> kpis;
  // Monthly series: one row per month (first day of month, days since start), one column per name.
  std::vector<std::string> series_names;
  std::vector<double> series_days;
  std::vector<std::vector<double>> series_values;  // [month][column]
  std::vector<FlowCount> flows;
  std::vector<CostLine> costs;
  // The school years costs are booked in (the whole reported ones), named by the calendar year they start in;
  // first > last when none.
  int first_cost_year = 0;
  int last_cost_year = -1;
  std::uint64_t fingerprint = 0;  // hash over every event; equal only for identical runs
  std::uint64_t events = 0;
  std::uint64_t pupils = 0;  // every pupil of the run: the initial population, arrivals, stocks past max_age
  // Of those, counted in aggregate, never made: nothing but school happened to them (never_materialised.cpp).
  std::uint64_t unmaterialised_pupils = 0;
  // Of the made pupils, those counted in aggregate until their onset's month began (never_materialised.cpp).
  std::uint64_t pupils_made_at_onset_month = 0;
  // Diagnostics, not a result: arrivals whose draws a spare creation thread took during the school year
  // before (0 with RunOptions::creation_threads 1). Not carried between MPI ranks.
  std::uint64_t arrivals_drawn_ahead = 0;
  // Diagnostics too: exits of pupils counted in aggregate that the thread drawing arrivals ahead put in time
  // order (0 with RunOptions::creation_threads 1).
  std::uint64_t exits_sorted_ahead = 0;
  // Diagnostics too: the starting stocks' candidate keys kept below their bound, and the regions whose keys
  // fell short of their stocks and were drawn again without one (RunOptions::starting_stock_key_margin).
  std::uint64_t starting_candidates_kept = 0;
  std::uint64_t starting_stock_redraws = 0;
  // Diagnostics too: wall-clock seconds of the run's phases (the bench reports them), never in an output.
  // Making the starting population (initial pupils and stocks), the event loop, the reduction at its end.
  double seconds_starting_population = 0.0;
  double seconds_event_loop = 0.0;
  double seconds_reduction = 0.0;
  std::string trace_csv;  // filled when RunOptions::trace
};

// The seed replication r uses: the same in every scenario, so comparisons share random numbers.
std::uint64_t replication_seed(std::uint64_t master_seed, std::uint32_t replication);

RunResult run_replication(const ScenarioConfig& config, std::uint64_t master_seed, std::uint32_t replication,
                          const RunOptions& options = {});

}  // namespace ozsim::model
