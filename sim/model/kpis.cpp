#include "sim/model/kpis.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "sim/model/costs.hpp"
#include "sim/model/kpi_catalogue.hpp"

namespace ozsim::model {
namespace {

using enum KpiId;

// Every name comes from its family's pattern in the catalogue.
std::string kpi_name(KpiId id, const KpiBinding& binding = {}) {
  return kpi_catalogue().name(id, binding);
}

// The pieces every KPI family below needs: which years it averages over and how it names a year.
struct Window {
  const SchoolCalendar& calendar;
  std::vector<int> peildatum_years;  // reported years whose peildatum was taken
  const std::vector<int>& full_years;
  double full_year_count;  // at least 1, so a run shorter than a year still gives finite yearly means

  int year(int year_index) const { return calendar.calendar_year(year_index); }
  int first() const { return calendar.first_reported_year(); }
  int last() const { return calendar.years() - 1; }
};

Window make_window(const SchoolCalendar& calendar, const Ledger& ledger) {
  Window w{calendar,
           {},
           calendar.full_reported_years(),
           std::max<double>(1.0, static_cast<double>(calendar.full_reported_years().size()))};
  for (int y = w.first(); y <= w.last(); ++y)
    if (ledger.year(y).peildatum_taken) w.peildatum_years.push_back(y);
  return w;
}

// Writes the count of every peildatum year (family by_year) and their mean (family mean).
template <class CountOf>
void peildatum_counts(std::map<std::string, double>& kpi, const Window& w, const Ledger& ledger, KpiId mean,
                      KpiId by_year, KpiBinding binding, CountOf count_of) {
  double sum = 0.0;
  for (int y : w.peildatum_years) {
    const auto c = static_cast<double>(count_of(ledger.year(y)));
    binding.year = w.year(y);
    kpi[kpi_name(by_year, binding)] = c;
    sum += c;
  }
  binding.year.reset();
  kpi[kpi_name(mean, binding)] =
      w.peildatum_years.empty() ? 0.0 : sum / static_cast<double>(w.peildatum_years.size());
}

void setting_kpis(std::map<std::string, double>& kpi, const Window& w, const Ledger& ledger, double now) {
  for (std::size_t s = 0; s + 1 < SETTING_COUNT; ++s) {
    const auto setting = static_cast<Setting>(s);
    peildatum_counts(kpi, w, ledger, Count, CountByYear, {.setting = setting},
                     [s](const YearBook& book) { return book.peildatum[s]; });
    kpi[kpi_name(Average, {.setting = setting})] = ledger.setting_average(setting).mean(now);
    kpi[kpi_name(StayDays, {.setting = setting})] = ledger.stay_days(setting).mean();
    double entries = 0.0;
    for (int y : w.full_years) entries += static_cast<double>(ledger.year(y).entries[s]);
    kpi[kpi_name(EntriesPerYear, {.setting = setting})] = entries / w.full_year_count;
    for (int y = w.first(); y <= w.last(); ++y) {
      const YearBook& book = ledger.year(y);
      kpi[kpi_name(EntriesByYear, {.setting = setting, .year = w.year(y)})] =
          static_cast<double>(book.entries[s]);
      kpi[kpi_name(EntriesVoByYear, {.setting = setting, .year = w.year(y)})] =
          static_cast<double>(book.entries_vo[s]);
      kpi[kpi_name(DistinctByYear, {.setting = setting, .year = w.year(y)})] =
          static_cast<double>(book.distinct[s]);
    }
    double distinct = 0.0;
    for (int y : w.full_years) distinct += static_cast<double>(ledger.year(y).distinct[s]);
    kpi[kpi_name(DistinctPerYear, {.setting = setting})] = distinct / w.full_year_count;
    for (int y : w.peildatum_years)
      for (std::size_t l = 0; l < LEVEL_COUNT; ++l)
        kpi[kpi_name(CountByLevelByYear,
                     {.setting = setting, .year = w.year(y), .level = static_cast<Level>(l)})] =
            static_cast<double>(ledger.year(y).peildatum_by_level[s][l]);
  }
  peildatum_counts(kpi, w, ledger, HomeOverNorm, HomeOverNormByYear, {},
                   [](const YearBook& book) { return book.peildatum_home_over_norm; });
  peildatum_counts(kpi, w, ledger, LongThuiszitter, LongThuiszitterByYear, {},
                   [](const YearBook& book) { return book.peildatum_long_thuiszitters; });
}

// The Kaplan-Meier block of one kind of spell: the median and the shares still in the spell after 90 and
// 365 days, each share with the replication's Greenwood interval. Every value is finite: a median that the
// curve never reaches is the longest length watched (a lower bound), and no spells at all give 0 throughout
// (as wait_days does).
struct KmFamilies {
  KpiId median, still90, still90_low, still90_high, still365, still365_low, still365_high;
};

void survival_kpis(std::map<std::string, double>& kpi, const engine::SpellSurvival& spells,
                   const KmFamilies& f, const KpiBinding& binding = {}) {
  if (spells.size() == 0) {
    for (KpiId id :
         {f.median, f.still90, f.still90_low, f.still90_high, f.still365, f.still365_low, f.still365_high})
      kpi[kpi_name(id, binding)] = 0.0;
    return;
  }
  const engine::SurvivalCurve curve = spells.curve();
  double median = curve.median();
  if (std::isnan(median)) median = spells.longest();
  kpi[kpi_name(f.median, binding)] = median;
  const engine::SurvivalEstimate after90 = curve.at(90.0), after365 = curve.at(365.0);
  kpi[kpi_name(f.still90, binding)] = after90.survival;
  kpi[kpi_name(f.still90_low, binding)] = after90.lo95;
  kpi[kpi_name(f.still90_high, binding)] = after90.hi95;
  kpi[kpi_name(f.still365, binding)] = after365.survival;
  kpi[kpi_name(f.still365_low, binding)] = after365.lo95;
  kpi[kpi_name(f.still365_high, binding)] = after365.hi95;
}

void provision_kpis(std::map<std::string, double>& kpi, const Window& w, const Ledger& ledger,
                    const std::vector<engine::Provision>& provisions, double now) {
  for (std::size_t k = 0; k < provisions.size(); ++k) {
    const engine::Provision& prov = provisions[k];
    const KpiBinding provision{.provision = prov.name()};
    peildatum_counts(kpi, w, ledger, Waiting, WaitingByYear, provision,
                     [k](const YearBook& book) { return book.peildatum_waiting[k]; });
    for (int y : w.peildatum_years)
      for (std::size_t l = 0; l < LEVEL_COUNT; ++l)
        kpi[kpi_name(WaitingByLevelByYear,
                     {.provision = prov.name(), .year = w.year(y), .level = static_cast<Level>(l)})] =
            static_cast<double>(ledger.year(y).peildatum_waiting_by_level[k][l]);
    kpi[kpi_name(WaitDays, provision)] = prov.waiting_time().count() > 0 ? prov.waiting_time().mean() : 0.0;
    kpi[kpi_name(Occupancy, provision)] = prov.occupancy_stat().mean(now);
    kpi[kpi_name(Queue, provision)] = prov.queue_stat().mean(now);
    kpi[kpi_name(AdmittedPerYear, provision)] = static_cast<double>(prov.admitted()) / w.full_year_count;
    double place_days = 0.0;
    double used_days = 0.0;
    double served = 0.0;
    for (int y : w.full_years) {
      const YearBook& book = ledger.year(y);
      place_days += book.capacity_days[k];
      used_days += book.provision_days[k];
      served += static_cast<double>(book.provision_served[k]);
    }
    kpi[kpi_name(PlacesPerYear, provision)] = place_days / DAYS_PER_YEAR / w.full_year_count;
    kpi[kpi_name(ServedPerYear, provision)] = served / w.full_year_count;
    kpi[kpi_name(Utilisation, provision)] = place_days > 0.0 ? used_days / place_days : 0.0;
    survival_kpis(kpi, prov.waiting_spells(now),
                  {WaitKmMedianDays, WaitKmStillWaiting90, WaitKmStillWaiting90Low, WaitKmStillWaiting90High,
                   WaitKmStillWaiting365, WaitKmStillWaiting365Low, WaitKmStillWaiting365High},
                  provision);
  }
}

// Referrals from each provision's catchment outside the modelled population (CatchmentInflow), written for
// every provision that has one.
void catchment_kpis(std::map<std::string, double>& kpi, const ScenarioConfig& config, const Window& w,
                    const Ledger& ledger) {
  for (std::size_t k = 0; k < config.provisions.size(); ++k) {
    if (!config.provisions[k].catchment) continue;
    const KpiBinding provision{.provision = config.provisions[k].name};
    CatchmentYear sum;
    for (int y : w.full_years) {
      const CatchmentYear& year = ledger.year(y).catchment[k];
      sum.place_days += year.place_days;
      sum.waiting_days += year.waiting_days;
      sum.referrals += year.referrals;
      sum.admitted += year.admitted;
      sum.turned_away += year.turned_away;
      sum.admitted_wait_days += year.admitted_wait_days;
    }
    kpi[kpi_name(CatchmentReferralsPerYear, provision)] =
        static_cast<double>(sum.referrals) / w.full_year_count;
    kpi[kpi_name(CatchmentAdmittedPerYear, provision)] =
        static_cast<double>(sum.admitted) / w.full_year_count;
    kpi[kpi_name(CatchmentTurnedAwayPerYear, provision)] =
        static_cast<double>(sum.turned_away) / w.full_year_count;
    const double days = DAYS_PER_YEAR * static_cast<double>(w.full_years.size());
    kpi[kpi_name(CatchmentOccupancy, provision)] = days > 0.0 ? sum.place_days / days : 0.0;
    kpi[kpi_name(CatchmentQueue, provision)] = days > 0.0 ? sum.waiting_days / days : 0.0;
    kpi[kpi_name(CatchmentWaitDays, provision)] =
        sum.admitted > 0 ? sum.admitted_wait_days / static_cast<double>(sum.admitted) : 0.0;
  }
}

// Time without education in one school year, in pupil-days, by where it was spent. Each day counts once: a
// thuiszitter waiting for care counts as a thuiszitter, and the risicoleerling part leaves out the days
// waiting with education on hold, which count in full.
struct NoEducationDays {
  double thuiszitter = 0.0;
  double absoluut_verzuim = 0.0;
  double on_hold = 0.0;
  double risicoleerling = 0.0;
  double total() const { return thuiszitter + absoluut_verzuim + on_hold + risicoleerling; }
};

// From one year's pupil-days per setting and days waiting with education on hold (a YearBook's, or a
// region's in it).
NoEducationDays no_education_days(const std::array<double, SETTING_COUNT>& setting_days,
                                  const std::array<double, SETTING_COUNT>& on_hold_days,
                                  double risicoleerling_absent_share) {
  const auto days = [&setting_days](Setting s) { return setting_days[static_cast<std::size_t>(s)]; };
  const auto on_hold = [&on_hold_days](Setting s) { return on_hold_days[static_cast<std::size_t>(s)]; };
  NoEducationDays d;
  d.thuiszitter = days(Setting::Thuiszitter);
  d.absoluut_verzuim = days(Setting::AbsoluutVerzuim);
  for (std::size_t s = 0; s < SETTING_COUNT; ++s) {
    const auto setting = static_cast<Setting>(s);
    if (setting != Setting::Thuiszitter && setting != Setting::AbsoluutVerzuim) d.on_hold += on_hold(setting);
  }
  d.risicoleerling =
      (days(Setting::Risicoleerling) - on_hold(Setting::Risicoleerling)) * risicoleerling_absent_share;
  return d;
}

void no_education_kpis(std::map<std::string, double>& kpi, const ScenarioConfig& config, const Window& w,
                       const Ledger& ledger) {
  const double absent_share = config.kpi.risicoleerling_absent_share();
  NoEducationDays sum;
  for (int y : w.full_years) {
    const YearBook& book = ledger.year(y);
    const NoEducationDays d = no_education_days(book.setting_days, book.on_hold_days, absent_share);
    kpi[kpi_name(NoEducationMonthsByYear, {.year = w.year(y)})] = d.total() / DAYS_PER_MONTH;
    sum.thuiszitter += d.thuiszitter;
    sum.absoluut_verzuim += d.absoluut_verzuim;
    sum.on_hold += d.on_hold;
    sum.risicoleerling += d.risicoleerling;
  }
  const double per_year = DAYS_PER_MONTH * w.full_year_count;
  kpi[kpi_name(NoEducationMonthsPerYear)] = sum.total() / per_year;
  kpi[kpi_name(NoEducationThuiszitterMonthsPerYear)] = sum.thuiszitter / per_year;
  kpi[kpi_name(NoEducationAbsoluutVerzuimMonthsPerYear)] = sum.absoluut_verzuim / per_year;
  kpi[kpi_name(NoEducationOnHoldMonthsPerYear)] = sum.on_hold / per_year;
  kpi[kpi_name(NoEducationRisicoleerlingMonthsPerYear)] = sum.risicoleerling / per_year;
}

void home_kpis(std::map<std::string, double>& kpi, const ScenarioConfig& config, const Window& w,
               const Ledger& ledger, std::span<const double> running_home_spells, double end_day) {
  // Home spells still running at the end count as they stand: a spell already past the norm certainly
  // breaches it.
  engine::Tally spells = ledger.home_spell_days();
  std::uint64_t over = ledger.home_spells_over_norm();
  for (double length : running_home_spells) {
    spells.add(length);
    if (length > config.kpi.norm_days) ++over;
  }
  const bool any = spells.count() > 0;
  kpi[kpi_name(HomeMeanDays)] = any ? spells.mean() : 0.0;
  kpi[kpi_name(HomeMedianDays)] = any ? spells.quantile(0.5) : 0.0;
  kpi[kpi_name(HomeP90Days)] = any ? spells.quantile(0.9) : 0.0;
  kpi[kpi_name(HomeSpells)] = static_cast<double>(spells.count());
  kpi[kpi_name(HomeShareOverNorm)] =
      any ? static_cast<double>(over) / static_cast<double>(spells.count()) : 0.0;
  // The same spells for Kaplan-Meier, the running ones censored at their length so far.
  engine::SpellSurvival survival = ledger.home_spell_survival();
  for (double length : running_home_spells)
    survival.add(std::max(0.0, w.calendar.warmup_day() - (end_day - length)), length, false);
  survival_kpis(kpi, survival,
                {HomeKmMedianDays, HomeKmStillHome90, HomeKmStillHome90Low, HomeKmStillHome90High,
                 HomeKmStillHome365, HomeKmStillHome365Low, HomeKmStillHome365High});
  double home_days = 0.0;
  double spells_over = 0.0;
  for (int y : w.full_years) {
    const YearBook& book = ledger.year(y);
    double year_days = 0.0;
    for (Setting s : config.kpi.home_settings) year_days += book.setting_days[static_cast<std::size_t>(s)];
    home_days += year_days;
    spells_over += static_cast<double>(book.home_spells_over_norm);
    // Per year too, so that the economics can discount effects year by year as it does costs.
    kpi[kpi_name(HomeMonthsByYear, {.year = w.year(y)})] = year_days / DAYS_PER_MONTH;
    kpi[kpi_name(HomeSpellsOverNormByYear, {.year = w.year(y)})] =
        static_cast<double>(book.home_spells_over_norm);
  }
  kpi[kpi_name(HomeMonthsPerYear)] = home_days / DAYS_PER_MONTH / w.full_year_count;
  kpi[kpi_name(HomeSpellsOverNormPerYear)] = spells_over / w.full_year_count;
  no_education_kpis(kpi, config, w, ledger);

  for (int y = w.first(); y <= w.last(); ++y) {
    const YearBook& book = ledger.year(y);
    kpi[kpi_name(AbsenceMonthsByYear, {.year = w.year(y)})] =
        book.absence_episodes > 0 ? book.absence_months_sum / static_cast<double>(book.absence_episodes)
                                  : 0.0;
  }
  for (int y : w.full_years)
    kpi[kpi_name(EscalationsByYear, {.year = w.year(y)})] =
        static_cast<double>(ledger.year(y).escalations + ledger.year(y).mdo_cases + ledger.year(y).ret_cases);
}

// Per region (RegionConfig): its pupils' counts, waits, time without education and places elsewhere.
void region_kpis(std::map<std::string, double>& kpi, const ScenarioConfig& config, const Window& w,
                 const Ledger& ledger) {
  const double absent_share = config.kpi.risicoleerling_absent_share();
  const double peildata = std::max<double>(1.0, static_cast<double>(w.peildatum_years.size()));
  for (std::size_t r = 0; r < config.regions.size(); ++r) {
    const std::string& region = config.regions[r].name;
    for (std::size_t s = 0; s + 1 < SETTING_COUNT; ++s) {
      double sum = 0.0;
      for (int y : w.peildatum_years) sum += static_cast<double>(ledger.year(y).regions[r].peildatum[s]);
      kpi[kpi_name(RegionCount, {.setting = static_cast<Setting>(s), .region = region})] = sum / peildata;
    }
    double waiting = 0.0;
    for (int y : w.peildatum_years)
      waiting += static_cast<double>(ledger.year(y).regions[r].peildatum_waiting);
    kpi[kpi_name(RegionWaiting, {.region = region})] = waiting / peildata;
    double no_education = 0.0;
    double placed = 0.0;
    double out_of_region_days = 0.0;
    for (int y : w.full_years) {
      const RegionYear& year = ledger.year(y).regions[r];
      no_education += no_education_days(year.setting_days, year.on_hold_days, absent_share).total();
      placed += static_cast<double>(year.placed_out_of_region);
      out_of_region_days += year.out_of_region_days;
    }
    kpi[kpi_name(RegionNoEducationMonthsPerYear, {.region = region})] =
        no_education / DAYS_PER_MONTH / w.full_year_count;
    kpi[kpi_name(RegionPlacedElsewherePerYear, {.region = region})] = placed / w.full_year_count;
    kpi[kpi_name(RegionOutOfRegionOccupancy, {.region = region})] =
        out_of_region_days / (DAYS_PER_YEAR * w.full_year_count);
    // Its pupils' moves, per whole reported year; only those that happened (the family is sparse).
    std::vector<std::array<double, FLOW_TARGET_COUNT>> flow_sum(SETTING_COUNT);
    for (int y : w.full_years) {
      const std::vector<std::array<std::uint64_t, FLOW_TARGET_COUNT>>& flows =
          ledger.year(y).regions[r].flows;
      for (std::size_t from = 0; from < flows.size(); ++from)
        for (std::size_t to = 0; to < FLOW_TARGET_COUNT; ++to)
          flow_sum[from][to] += static_cast<double>(flows[from][to]);
    }
    for (std::size_t from = 0; from + 1 < SETTING_COUNT; ++from)
      for (std::size_t to = 0; to < FLOW_TARGET_COUNT; ++to)
        if (flow_sum[from][to] > 0.0)
          kpi[kpi_name(RegionFlowPerYear, {.setting = static_cast<Setting>(from),
                                           .to = flow_target_name(to),
                                           .region = region})] = flow_sum[from][to] / w.full_year_count;
  }
}

// JOS's caseload and its own waiting list (JosConfig): written in every run, 0 where JOS never ran.
void jos_kpis(std::map<std::string, double>& kpi, const Window& w, const Ledger& ledger,
              const engine::Provision& jos, double now) {
  double cases = 0.0;
  double prevented = 0.0;
  for (int y : w.full_years) {
    cases += static_cast<double>(ledger.year(y).jos_cases);
    prevented += static_cast<double>(ledger.year(y).jos_prevented);
  }
  kpi[kpi_name(JosCasesPerYear)] = cases / w.full_year_count;
  kpi[kpi_name(JosPreventedPerYear)] = prevented / w.full_year_count;
  for (int y = w.first(); y <= w.last(); ++y)
    kpi[kpi_name(JosPreventedByYear, {.year = w.year(y)})] =
        static_cast<double>(ledger.year(y).jos_prevented);
  kpi[kpi_name(JosOccupancy)] = jos.occupancy_stat().mean(now);
  kpi[kpi_name(JosQueue)] = jos.queue_stat().mean(now);
  kpi[kpi_name(JosWaitDays)] = jos.waiting_time().count() > 0 ? jos.waiting_time().mean() : 0.0;
}

// Flows per year into the KPIs and RunResult::flows, plus their mean per whole year. Only flows that happened
// are written: of the 13 x 16 possible, most never do, and the catalogue says an absent flow is 0.
void flow_kpis(RunResult& result, const Window& w, const Ledger& ledger) {
  auto& kpi = result.kpis;
  std::vector<std::array<double, FLOW_TARGET_COUNT>> flow_sum(SETTING_COUNT);
  for (int y = w.first(); y <= w.last(); ++y) {
    const YearBook& book = ledger.year(y);
    const bool full = std::find(w.full_years.begin(), w.full_years.end(), y) != w.full_years.end();
    for (std::size_t from = 0; from + 1 < SETTING_COUNT; ++from) {
      for (std::size_t to = 0; to < FLOW_TARGET_COUNT; ++to) {
        if (from == to) continue;
        const std::uint64_t c = book.flows[from][to];
        const auto setting = static_cast<Setting>(from);
        const std::string target = flow_target_name(to);
        if (c == 0) continue;  // flows are sparse in the catalogue: absent reads as 0
        kpi[kpi_name(FlowByYear, {.setting = setting, .to = target, .year = w.year(y)})] =
            static_cast<double>(c);
        if (full) flow_sum[from][to] += static_cast<double>(c);
        result.flows.push_back({w.year(y), setting_name(setting), target, c});
      }
    }
  }
  for (std::size_t from = 0; from + 1 < SETTING_COUNT; ++from)
    for (std::size_t to = 0; to < FLOW_TARGET_COUNT; ++to)
      if (flow_sum[from][to] > 0.0)
        kpi[kpi_name(FlowPerYear, {.setting = static_cast<Setting>(from), .to = flow_target_name(to)})] =
            flow_sum[from][to] / w.full_year_count;
}

void cost_kpis(RunResult& result, const ScenarioConfig& config, const SchoolCalendar& calendar,
               const Window& w, const Ledger& ledger) {
  CostBook costs = book_costs(config, calendar, ledger);
  auto& kpi = result.kpis;
  double total = 0.0;
  std::map<int, double> total_by_year;
  for (const auto& [payer, years] : costs.by_payer) {
    double payer_total = 0.0;
    for (const auto& [year, euros] : years) {
      kpi[kpi_name(CostByYear, {.payer = payer, .year = year})] = euros;
      payer_total += euros;
      total_by_year[year] += euros;
    }
    kpi[kpi_name(CostPerYear, {.payer = payer})] = payer_total / w.full_year_count;
    total += payer_total;
  }
  for (const auto& [year, euros] : total_by_year) kpi[kpi_name(CostTotalByYear, {.year = year})] = euros;
  kpi[kpi_name(CostTotalPerYear)] = total / w.full_year_count;
  // Every provision gets its cost KPI, so an unpaid one reads 0 rather than missing.
  std::map<std::string, double> by_item;
  for (const ProvisionConfig& pc : config.provisions) by_item[pc.name] = 0.0;
  for (const CostLine& line : costs.lines) by_item[line.item] += line.euros;
  for (const auto& [item, euros] : by_item)
    kpi[kpi_name(CostOfItemPerYear, {.provision = item})] = euros / w.full_year_count;
  // A catchment's part of its provision's cost: the lines on the provision booked to the catchment's name.
  for (const ProvisionConfig& pc : config.provisions) {
    if (!pc.catchment) continue;
    double euros = 0.0;
    for (const CostLine& line : costs.lines)
      if (line.item == pc.name && line.payer == pc.catchment->name) euros += line.euros;
    kpi[kpi_name(CatchmentCostPerYear, {.provision = pc.name})] = euros / w.full_year_count;
  }
  // Per region: its lines by payer, and every region's total, 0 included.
  std::map<std::string, std::map<std::string, double>> region_payers;
  for (const RegionConfig& region : config.regions) region_payers[region.name];
  for (const CostLine& line : costs.lines)
    if (!line.region.empty()) region_payers[line.region][line.payer] += line.euros;
  for (const auto& [region, payers] : region_payers) {
    double region_total = 0.0;
    for (const auto& [payer, euros] : payers) {
      kpi[kpi_name(RegionCostPerYear, {.payer = payer, .region = region})] = euros / w.full_year_count;
      region_total += euros;
    }
    kpi[kpi_name(RegionCostTotalPerYear, {.region = region})] = region_total / w.full_year_count;
  }
  result.costs = std::move(costs.lines);
  if (!w.full_years.empty()) {
    result.first_cost_year = w.year(w.full_years.front());
    result.last_cost_year = w.year(w.full_years.back());
  }
}

}  // namespace

void reduce_run(const ScenarioConfig& config, const SchoolCalendar& calendar, const Ledger& ledger,
                const RunEnd& end, RunResult& result) {
  const Window w = make_window(calendar, ledger);
  setting_kpis(result.kpis, w, ledger, end.day);
  provision_kpis(result.kpis, w, ledger, *end.provisions, end.day);
  catchment_kpis(result.kpis, config, w, ledger);
  home_kpis(result.kpis, config, w, ledger, end.running_home_spells, end.day);
  if (end.jos != nullptr) jos_kpis(result.kpis, w, ledger, *end.jos, end.day);
  flow_kpis(result, w, ledger);
  region_kpis(result.kpis, config, w, ledger);
  cost_kpis(result, config, calendar, w, ledger);

  result.series_names.clear();
  for (std::size_t s = 0; s + 1 < SETTING_COUNT; ++s)
    result.series_names.push_back(setting_name(static_cast<Setting>(s)));
  for (const engine::Provision& prov : *end.provisions)
    result.series_names.push_back("occupancy." + prov.name());
  for (const engine::Provision& prov : *end.provisions)
    result.series_names.push_back("waiting." + prov.name());
  for (const RegionConfig& region : config.regions)
    for (std::size_t s = 0; s + 1 < SETTING_COUNT; ++s)
      result.series_names.push_back(setting_name(static_cast<Setting>(s)) + std::string("@") + region.name);
}

}  // namespace ozsim::model
