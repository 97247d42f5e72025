#pragma once
// The KPI catalogue: every KPI the model writes belongs to exactly one family
// declared here, with its name pattern, unit, Dutch and English label, help
// text and how it may be read. Tables, comparisons, sweeps, economics and
// calibration look KPIs up here instead of parsing name prefixes, and the
// model builds every KPI name from these patterns.
//
//   const model::KpiCatalogue& catalogue = model::kpi_catalogue();
//   if (const auto kpi = catalogue.find("wait_days.oov.mean")) {
//     kpi->family->unit;                    // KpiUnit::Days
//     kpi->label(model::Language::Dutch);   // "wachttijd OOV (dagen)"
//     kpi->provision;                       // "oov"
//   }
//   catalogue.find("count.oov.2021")->year;  // 2021
//   catalogue.find("cost.gemeente.perjaar"); // std::nullopt: not a KPI the model writes
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/model/names.hpp"

namespace ozsim::model {

enum class KpiUnit : std::uint8_t { Pupils, Days, Months, Share, Spells, Cases, Euros };
// The sections a comparison groups KPIs into.
enum class KpiGroup : std::uint8_t { Counts, Waiting, Home, Costs, Other };
enum class Language : std::uint8_t { Dutch, English };

// One family per name pattern. A pattern is dot-separated segments; a segment in angle brackets is a
// parameter: <setting> (a setting name but "exited"), <to> (such a setting or exit_<reason>), <provision> and
// <payer> (names from the scenario, one segment each, a payer never "total"), <level> (po or vo: primary or
// secondary school age), <year> (the calendar year in which the school year starts), <region> (a region of
// a scenario of several, RegionConfig). In cost_of.<provision>
// the parameter is any item costs are booked on: a provision, a setting, a programme or "escalation".
enum class KpiId : std::uint8_t {
  Count,
  CountByYear,
  HomeOverNorm,
  HomeOverNormByYear,
  LongThuiszitter,
  LongThuiszitterByYear,
  CountByLevelByYear,
  DistinctPerYear,
  DistinctByYear,
  Average,
  StayDays,
  EntriesPerYear,
  EntriesByYear,
  EntriesVoByYear,
  FlowPerYear,
  FlowByYear,
  AdmittedPerYear,
  Occupancy,
  Waiting,
  WaitingByYear,
  WaitingByLevelByYear,
  WaitDays,
  Queue,
  HomeMeanDays,
  HomeMedianDays,
  HomeP90Days,
  HomeSpells,
  HomeShareOverNorm,
  HomeMonthsPerYear,
  HomeSpellsOverNormPerYear,
  HomeMonthsByYear,
  HomeSpellsOverNormByYear,
  NoEducationMonthsPerYear,
  NoEducationMonthsByYear,
  NoEducationThuiszitterMonthsPerYear,
  NoEducationAbsoluutVerzuimMonthsPerYear,
  NoEducationOnHoldMonthsPerYear,
  NoEducationRisicoleerlingMonthsPerYear,
  HomeKmMedianDays,
  HomeKmStillHome90,
  HomeKmStillHome90Low,
  HomeKmStillHome90High,
  HomeKmStillHome365,
  HomeKmStillHome365Low,
  HomeKmStillHome365High,
  WaitKmMedianDays,
  WaitKmStillWaiting90,
  WaitKmStillWaiting90Low,
  WaitKmStillWaiting90High,
  WaitKmStillWaiting365,
  WaitKmStillWaiting365Low,
  WaitKmStillWaiting365High,
  AbsenceMonthsByYear,
  EscalationsByYear,
  JosCasesPerYear,
  JosPreventedPerYear,
  JosPreventedByYear,
  JosOccupancy,
  JosQueue,
  JosWaitDays,
  CostPerYear,
  CostByYear,
  CostTotalPerYear,
  CostTotalByYear,
  PlacesPerYear,
  ServedPerYear,
  Utilisation,
  CostOfItemPerYear,
  CatchmentReferralsPerYear,
  CatchmentAdmittedPerYear,
  CatchmentTurnedAwayPerYear,
  CatchmentOccupancy,
  CatchmentQueue,
  CatchmentWaitDays,
  CatchmentCostPerYear,
  RegionCount,
  RegionWaiting,
  RegionNoEducationMonthsPerYear,
  RegionPlacedElsewherePerYear,
  RegionOutOfRegionOccupancy,
  RegionCostPerYear,
  RegionCostTotalPerYear,
  RegionFlowPerYear,
};

struct KpiFamily {
  KpiId id;
  std::string_view pattern;
  KpiGroup group;
  KpiUnit unit;
  bool per_year;         // a yearly rate: the mean over the whole reported school years of a replication
  bool can_be_negative;  // false: a negative value is a bug
  // Written only where non-zero in a replication, and absent reads as 0: most of the 13 x 16 flows never
  // happen. Every other family is written in every replication, and absent means not measured.
  bool sparse;
  std::string_view
      label_nl;  // placeholders {setting}, {to}, {provision}, {payer}, {level}, {year} take labels
  std::string_view label_en;
  std::string_view help;

  bool by_year() const;  // one value per school year: the pattern has <year>
  // What every name of the family starts with: its pattern's first word and the dot after it ("places." for
  // "places.<provision>"), "" for a pattern that starts with a parameter. In a map sorted by name, the
  // family's KPIs lie within the names that start with it (other families' may too: find() tells).
  std::string_view name_prefix() const;
};

// A concrete KPI name matched to its family, with the parameters it binds.
struct KpiName {
  const KpiFamily* family = nullptr;
  std::optional<Setting> setting;
  std::string to;  // a flow target: setting name or exit_<reason>
  std::string provision;
  std::string payer;
  std::string region;
  std::optional<int> year;
  std::optional<Level> level;

  std::string label(Language language) const;
};

// What a pattern's parameters are bound to when a name is built.
struct KpiBinding {
  std::optional<Setting> setting = std::nullopt;
  std::string_view to = {};
  std::string_view provision = {};
  std::string_view payer = {};
  std::string_view region = {};
  std::optional<int> year = std::nullopt;
  std::optional<Level> level = std::nullopt;
};

// Every family, in KpiId order (kpi_families.cpp); the catalogue's one source.
std::vector<KpiFamily> declare_kpi_families();

class KpiCatalogue {
 public:
  KpiCatalogue();

  std::span<const KpiFamily> families() const { return families_; }
  const KpiFamily& family(KpiId id) const { return families_[static_cast<std::size_t>(id)]; }
  // The family a concrete name belongs to and the parameters it binds, or nullopt for a name the model never
  // writes. Names are matched segment by segment; at most one family matches (a test checks every KPI of
  // every bundled scenario).
  std::optional<KpiName> find(std::string_view name) const;
  // The concrete name of a family with its parameters bound.
  std::string name(KpiId id, const KpiBinding& binding = {}) const;

  // The headline KPIs, in reading order: what a reader looks at first (terminal tables, sweeps, reports).
  // Patterns may bind <provision>: one headline per provision.
  std::span<const std::string_view> headline_patterns() const;
  bool is_headline(std::string_view name) const;
  // The headline KPIs of a scenario with these provisions, concrete and in reading order.
  std::vector<std::string> headline_names(const std::vector<std::string>& provisions) const;

  // A value of a replication's KPIs: absent sparse KPIs read as 0, other absent or unknown names as nullopt.
  std::optional<double> value(const std::map<std::string, double>& kpis, std::string_view name) const;

  // The catalogue as text: `ozsim --help-kpis`, and the table in README.md.
  std::string help_text() const;
  std::string markdown_table() const;

 private:
  // What one segment of a pattern is: a literal word, or which parameter it binds.
  enum class SegmentKind : std::uint8_t { Literal, Setting, To, Provision, Payer, Level, Region, Year };
  struct PatternSegment {
    SegmentKind kind;
    std::string_view text;  // the literal word, or the parameter as written ("<setting>")
  };
  // The families whose pattern starts with one literal word, e.g. "count": find() tries only these (and
  // those starting with a parameter, if any), not all families, for every KPI name a run writes.
  struct FamiliesByHead {
    std::string_view head;
    std::vector<std::size_t> families;
  };

  static SegmentKind segment_kind(std::string_view word);
  // Binds one pattern segment to one name segment; false if it does not fit.
  static bool bind(const PatternSegment& pattern, std::string_view segment, KpiName& out);
  // The family's match of a name already split at its dots, or nullopt.
  std::optional<KpiName> match(std::size_t family, std::span<const std::string_view> segments) const;

  std::vector<KpiFamily> families_;
  // Each family's pattern split at its dots and classified, once: find() and name() run for every KPI name
  // a run writes, and splitting every pattern on every call made it half of a one-replication run's time
  // (callgrind).
  std::vector<std::vector<PatternSegment>> pattern_segments_;
  std::vector<FamiliesByHead> families_by_head_;     // sorted by head
  std::vector<std::size_t> families_with_any_head_;  // patterns that start with a parameter
  std::size_t most_segments_ = 0;                    // of any pattern: a longer name is no KPI
};

const KpiCatalogue& kpi_catalogue();
const char* unit_name(KpiUnit unit);             // "pupils", "days", ...
std::string unit_text(const KpiFamily& family);  // the unit with " per year" for a yearly rate
const char* group_name(KpiGroup group);          // "counts", "waiting", "home", "costs", "other"
// A region's label: "noord_holland" -> "Noord-Holland".
std::string region_label(std::string_view region);
// A provision's label: its setting's label when named after one ("oov" -> "OOV"), else its name; a region's
// copy with the region: "oov@utrecht" -> "OOV (Utrecht)".
std::string provision_label(std::string_view provision, Language language);
// Where a flow goes: a setting's label ("thuiszitters") or an exit's ("verhuisd"); other names as written.
std::string destination_label(std::string_view to, Language language);
// A payer's label ("swv" -> "samenwerkingsverband"); a name the catalogue does not know (a catchment's
// partners) with spaces for underscores and its words capitalised ("holland_rijnland" -> "Holland Rijnland").
std::string payer_label(std::string_view payer, Language language);
// "2021/22": the school year that starts on 1 August 2021.
std::string school_year_label(int year);
// A unit in words, for axes and table headers: "leerlingen", "dagen", "€ per jaar", "%".
std::string unit_label(KpiUnit unit, bool per_year, Language language);

}  // namespace ozsim::model
