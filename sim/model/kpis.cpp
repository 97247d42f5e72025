#include "sim/model/kpis.hpp"

#include <algorithm>
#include <string>

#include "sim/model/costs.hpp"

namespace ozsim::model {
namespace {

// The pieces every KPI family below needs: which years it averages over and how it spells a year.
struct Window {
  const SchoolCalendar& calendar;
  std::vector<int> peildatum_years;  // reported years whose peildatum was taken
  const std::vector<int>& full_years;
  double full_year_count;  // at least 1, so a run shorter than a year still gives finite yearly means

  std::string year_label(int year_index) const { return std::to_string(calendar.calendar_year(year_index)); }
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

// Writes name.<year> for every peildatum year and name as their mean.
template <class CountOf>
void peildatum_counts(std::map<std::string, double>& kpi, const Window& w, const Ledger& ledger,
                      const std::string& name, CountOf count_of) {
  double sum = 0.0;
  for (int y : w.peildatum_years) {
    const auto c = static_cast<double>(count_of(ledger.year(y)));
    kpi[name + "." + w.year_label(y)] = c;
    sum += c;
  }
  kpi[name] = w.peildatum_years.empty() ? 0.0 : sum / static_cast<double>(w.peildatum_years.size());
}

void setting_kpis(std::map<std::string, double>& kpi, const Window& w, const Ledger& ledger, double now) {
  for (std::size_t s = 0; s + 1 < SETTING_COUNT; ++s) {
    const auto setting = static_cast<Setting>(s);
    const std::string name = setting_name(setting);
    peildatum_counts(kpi, w, ledger, "count." + name,
                     [s](const YearBook& book) { return book.peildatum[s]; });
    kpi["average." + name] = ledger.setting_average(setting).mean(now);
    kpi["stay_days." + name + ".mean"] = ledger.stay_days(setting).mean();
    double entries = 0.0;
    for (int y : w.full_years) entries += static_cast<double>(ledger.year(y).entries[s]);
    kpi["entries." + name + ".per_year"] = entries / w.full_year_count;
    for (int y = w.first(); y <= w.last(); ++y) {
      const YearBook& book = ledger.year(y);
      kpi["entries." + name + "." + w.year_label(y)] = static_cast<double>(book.entries[s]);
      kpi["entries." + name + ".vo." + w.year_label(y)] = static_cast<double>(book.entries_vo[s]);
    }
  }
  peildatum_counts(kpi, w, ledger, "count.home_over_norm",
                   [](const YearBook& book) { return book.peildatum_home_over_norm; });
}

void provision_kpis(std::map<std::string, double>& kpi, const Window& w, const Ledger& ledger,
                    const std::vector<engine::Provision>& provisions, double now) {
  for (std::size_t k = 0; k < provisions.size(); ++k) {
    const engine::Provision& prov = provisions[k];
    const std::string& name = prov.name();
    peildatum_counts(kpi, w, ledger, "waiting." + name,
                     [k](const YearBook& book) { return book.peildatum_waiting[k]; });
    kpi["wait_days." + name + ".mean"] = prov.waiting_time().count() > 0 ? prov.waiting_time().mean() : 0.0;
    kpi["occupancy." + name] = prov.occupancy_stat().mean(now);
    kpi["queue." + name] = prov.queue_stat().mean(now);
    kpi["admitted." + name + ".per_year"] = static_cast<double>(prov.admitted()) / w.full_year_count;
  }
}

void home_kpis(std::map<std::string, double>& kpi, const ScenarioConfig& config, const Window& w,
               const Ledger& ledger, std::span<const double> running_home_spells) {
  // Home spells still running at the end count as they stand: a spell already past the norm certainly
  // breaches it.
  engine::Tally spells = ledger.home_spell_days();
  std::uint64_t over = ledger.home_spells_over_norm();
  for (double length : running_home_spells) {
    spells.add(length);
    if (length > config.kpi.norm_days) ++over;
  }
  const bool any = spells.count() > 0;
  kpi["home.mean_days"] = any ? spells.mean() : 0.0;
  kpi["home.median_days"] = any ? spells.quantile(0.5) : 0.0;
  kpi["home.p90_days"] = any ? spells.quantile(0.9) : 0.0;
  kpi["home.spells"] = static_cast<double>(spells.count());
  kpi["home.share_over_3m_without_offer"] =
      any ? static_cast<double>(over) / static_cast<double>(spells.count()) : 0.0;
  double home_days = 0.0;
  double spells_over = 0.0;
  for (int y : w.full_years) {
    const YearBook& book = ledger.year(y);
    for (Setting s : config.kpi.home_settings) home_days += book.setting_days[static_cast<std::size_t>(s)];
    spells_over += static_cast<double>(book.home_spells_over_norm);
  }
  kpi["home.months.per_year"] = home_days / DAYS_PER_MONTH / w.full_year_count;
  kpi["home.spells_over_3m.per_year"] = spells_over / w.full_year_count;

  for (int y = w.first(); y <= w.last(); ++y) {
    const YearBook& book = ledger.year(y);
    kpi["risk.mean_absence_months." + w.year_label(y)] =
        book.absence_episodes > 0 ? book.absence_months_sum / static_cast<double>(book.absence_episodes)
                                  : 0.0;
  }
  for (int y : w.full_years)
    kpi["escalations." + w.year_label(y)] = static_cast<double>(ledger.year(y).escalations);
}

// Flows per year into the KPIs and RunResult::flows, plus their mean per whole year.
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
        const std::string from_name = setting_name(static_cast<Setting>(from));
        kpi["flow." + from_name + "." + flow_target_name(to) + "." + w.year_label(y)] =
            static_cast<double>(c);
        if (full) flow_sum[from][to] += static_cast<double>(c);
        if (c > 0) result.flows.push_back({w.calendar.calendar_year(y), from_name, flow_target_name(to), c});
      }
    }
  }
  for (std::size_t from = 0; from + 1 < SETTING_COUNT; ++from)
    for (std::size_t to = 0; to < FLOW_TARGET_COUNT; ++to)
      if (from != to)
        kpi["flow." + std::string(setting_name(static_cast<Setting>(from))) + "." + flow_target_name(to) +
            ".per_year"] = flow_sum[from][to] / w.full_year_count;
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
      kpi["cost." + payer + "." + std::to_string(year)] = euros;
      payer_total += euros;
      total_by_year[year] += euros;
    }
    kpi["cost." + payer + ".per_year"] = payer_total / w.full_year_count;
    total += payer_total;
  }
  for (const auto& [year, euros] : total_by_year) kpi["cost.total." + std::to_string(year)] = euros;
  kpi["cost.total.per_year"] = total / w.full_year_count;
  result.costs = std::move(costs.lines);
}

}  // namespace

void reduce_run(const ScenarioConfig& config, const SchoolCalendar& calendar, const Ledger& ledger,
                const RunEnd& end, RunResult& result) {
  const Window w = make_window(calendar, ledger);
  setting_kpis(result.kpis, w, ledger, end.day);
  provision_kpis(result.kpis, w, ledger, *end.provisions, end.day);
  home_kpis(result.kpis, config, w, ledger, end.running_home_spells);
  flow_kpis(result, w, ledger);
  cost_kpis(result, config, calendar, w, ledger);

  result.series_names.clear();
  for (std::size_t s = 0; s + 1 < SETTING_COUNT; ++s)
    result.series_names.push_back(setting_name(static_cast<Setting>(s)));
  for (const engine::Provision& prov : *end.provisions)
    result.series_names.push_back("occupancy." + prov.name());
  for (const engine::Provision& prov : *end.provisions)
    result.series_names.push_back("waiting." + prov.name());
}

}  // namespace ozsim::model
