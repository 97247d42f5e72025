#include "sim/report/kpi_text.hpp"

#include <cctype>
#include <cmath>
#include <set>

namespace ozsim::report {
namespace {

std::string capitalised(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

}  // namespace

model::Language catalogue_language(Language language) {
  return language == Language::Nl ? model::Language::Dutch : model::Language::English;
}

KpiInfo kpi_info(const std::string& kpi, Language language) {
  const model::KpiCatalogue& catalogue = model::kpi_catalogue();
  const auto name = catalogue.find(kpi);
  if (!name) return KpiInfo{kpi, model::KpiUnit::Pupils, false, false, true, false};
  return KpiInfo{capitalised(name->label(catalogue_language(language))),
                 name->family->unit,
                 name->family->per_year,
                 catalogue.is_headline(kpi),
                 name->family->can_be_negative,
                 true};
}

std::string unit_text(const KpiInfo& info, Language language) {
  if (!info.known) return {};
  return model::unit_label(info.unit, info.per_year, catalogue_language(language));
}

std::string format_in_unit(double value, const KpiInfo& info, Language language) {
  switch (info.unit) {
    case model::KpiUnit::Euros:
      return params::euros(value, 0, language);
    case model::KpiUnit::Share:
      return params::percent(value, 1, language);
    case model::KpiUnit::Days:
      // Whole days read well for waits and stays, but a difference of a fraction of a day would read
      // "+0" (and, when its interval excludes zero, a coloured "+0"): small values keep their digits.
      return std::abs(value) >= 10.0 ? params::grouped(value, 0, language) : params::human(value, language);
    default:
      return params::human(value, language);
  }
}

std::string format_in_unit_compact(double value, const KpiInfo& info, Language language) {
  if (info.unit == model::KpiUnit::Euros) return params::euros_compact(value, language);
  return format_in_unit(value, info, language);
}

const char* value_format(const KpiInfo& info) {
  if (info.unit == model::KpiUnit::Euros) return "euro";
  if (info.unit == model::KpiUnit::Share) return "percent";
  return "number";
}

namespace {

const char* percentage_points(Language language) {
  return language == Language::Nl ? "procentpunt" : "percentage points";
}

// A share's difference as a number of percentage points, one decimal as its levels have.
std::string points(double difference, Language language) {
  return params::grouped(difference * 100.0, 1, language);
}

}  // namespace

std::string difference_unit_text(const KpiInfo& info, Language language) {
  if (info.unit == model::KpiUnit::Share) return percentage_points(language);
  return unit_text(info, language);
}

std::string format_difference(double value, const KpiInfo& info, Language language) {
  if (info.unit == model::KpiUnit::Share) return points(value, language) + " " + percentage_points(language);
  return format_in_unit(value, info, language);
}

std::string difference_interval_text(double lo, double hi, const KpiInfo& info, Language language) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {};
  if (info.unit == model::KpiUnit::Share)
    return points(lo, language) + " – " + points(hi, language) + " " + percentage_points(language);
  return format_in_unit(lo, info, language) + " – " + format_in_unit(hi, info, language);
}

const char* difference_value_format(const KpiInfo& info) {
  if (info.unit == model::KpiUnit::Share) return "points";
  return value_format(info);
}

double clip_low(double low, const KpiInfo& info) {
  return is_clipped(low, info) ? 0.0 : low;
}

bool is_clipped(double low, const KpiInfo& info) {
  return !info.can_be_negative && std::isfinite(low) && low < 0.0;
}

std::vector<std::string> headline_kpis(const std::vector<std::string>& provisions) {
  return model::kpi_catalogue().headline_names(provisions);
}

std::vector<std::string> provisions_in(const std::vector<std::string>& kpi_names) {
  std::set<std::string> found;
  for (const std::string& name : kpi_names)
    if (const auto kpi = model::kpi_catalogue().find(name); kpi && kpi->family->id == model::KpiId::WaitDays)
      found.insert(kpi->provision);
  return {found.begin(), found.end()};
}

std::vector<std::string> regions_in(const std::vector<std::string>& kpi_names) {
  std::set<std::string> found;
  for (const std::string& name : kpi_names)
    if (const auto kpi = model::kpi_catalogue().find(name);
        kpi && kpi->family->id == model::KpiId::RegionCostTotalPerYear)
      found.insert(kpi->region);
  return {found.begin(), found.end()};
}

std::string total_cost_kpi() {
  return model::kpi_catalogue().name(model::KpiId::CostTotalPerYear);
}

std::string setting_label(const std::string& setting, Language language) {
  return capitalised(model::destination_label(setting, catalogue_language(language)));
}

std::string provision_label(const std::string& provision, Language language) {
  return capitalised(model::provision_label(provision, catalogue_language(language)));
}

std::string payer_label(const std::string& payer, Language language) {
  return capitalised(model::payer_label(payer, catalogue_language(language)));
}

}  // namespace ozsim::report
