#include "sim/report/kpi_labels.hpp"

#include <array>
#include <cctype>
#include <set>
#include <string_view>
#include <utility>

#include "sim/model/kpi_catalogue.hpp"

namespace ozsim::report {
namespace {

struct Words {
  const char* name;
  const char* nl;
  const char* en;
};

// Settings, provisions and exits by their names in the output files.
constexpr std::array<Words, 24> SETTING_WORDS = {{
    {"attending", "Op school", "At school"},
    {"risicoleerling", "Risicoleerling", "Pupil at risk (risicoleerling)"},
    {"thuiszitter", "Thuiszitter", "At home (thuiszitter)"},
    {"structuurgroep", "Structuurgroep", "Structuurgroep"},
    {"sbo", "SBO", "SBO (special primary)"},
    {"so_vso", "SO/VSO", "SO/VSO (special education)"},
    {"so_cluster3", "SO cluster 3", "SO cluster 3"},
    {"so_vso_cluster4", "(V)SO cluster 4", "(V)SO cluster 4"},
    {"oov", "OOV", "OOV day programme"},
    {"opbouwarrangement", "Opbouwarrangement", "Opbouwarrangement"},
    {"dagbesteding", "Dagbesteding", "Day care (dagbesteding)"},
    {"individuele_begeleiding", "Individuele begeleiding", "Individual support"},
    {"treatment", "Behandeling", "Treatment"},
    {"absoluut_verzuim", "Absoluut verzuim", "Not enrolled (absoluut verzuim)"},
    {"vrijstelling_5a", "Vrijstelling 5a", "Exemption 5a (vrijstelling)"},
    {"home_over_norm", "Langer dan 3 maanden thuis", "At home over 3 months"},
    {"exit_startkwalificatie", "Uitstroom met startkwalificatie", "Left with a qualification"},
    {"exit_age_out", "Uitstroom op 18 jaar", "Left at 18"},
    {"exit_moved", "Verhuisd", "Moved away"},
    {"exit_mbo", "Uitstroom naar MBO Entree", "Left for MBO Entree"},
    {"gemeente", "Gemeente", "Municipality (gemeente)"},
    {"swv", "Samenwerkingsverband", "School partnership (swv)"},
    {"school", "School", "School"},
    {"total", "Totaal", "Total"},
}};

std::string words_for(const std::string& name, Language language) {
  for (const Words& w : SETTING_WORDS)
    if (name == w.name) return language == Language::Nl ? w.nl : w.en;
  return name;  // a name the report does not know is shown as written in the files
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}
bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// "count.thuiszitter.2021" -> {"thuiszitter", "2021"}; the middle of a KPI name and its year, if any.
std::pair<std::string, std::string> middle_and_year(std::string_view rest) {
  const std::size_t dot = rest.rfind('.');
  if (dot != std::string_view::npos && rest.size() - dot == 5) {
    bool digits = true;
    for (char c : rest.substr(dot + 1)) digits = digits && c >= '0' && c <= '9';
    if (digits) return {std::string(rest.substr(0, dot)), std::string(rest.substr(dot + 1))};
  }
  return {std::string(rest), {}};
}

KpiInfo info(std::string nl, std::string en, Language language, Unit unit, bool headline = false) {
  return KpiInfo{language == Language::Nl ? std::move(nl) : std::move(en), unit, headline, true};
}

}  // namespace

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

namespace {

Unit unit_of(const model::KpiFamily& family) {
  switch (family.unit) {
    case model::KpiUnit::Pupils:
      return family.per_year ? Unit::PerYear : Unit::Pupils;
    case model::KpiUnit::Days:
      return Unit::Days;
    case model::KpiUnit::Months:
      return Unit::Months;
    case model::KpiUnit::Share:
      return Unit::Share;
    case model::KpiUnit::Euros:
      return family.per_year ? Unit::EurosPerYear : Unit::Euros;
    case model::KpiUnit::Spells:
    case model::KpiUnit::Cases:
      return family.per_year ? Unit::PerYear : Unit::Count;
  }
  return Unit::Count;
}

KpiInfo pattern_info(const std::string& kpi, Language language);

}  // namespace

KpiInfo kpi_info(const std::string& kpi, Language language) {
  const model::KpiCatalogue& catalogue = model::kpi_catalogue();
  if (const auto name = catalogue.find(kpi)) {
    KpiInfo info;
    info.label = name->label(language == Language::Nl ? model::Language::Dutch : model::Language::English);
    if (!info.label.empty())
      info.label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(info.label[0])));
    info.unit = unit_of(*name->family);
    info.headline = catalogue.is_headline(kpi);
    return info;
  }
  return pattern_info(kpi, language);
}

namespace {

KpiInfo pattern_info(const std::string& kpi, Language language) {
  const bool headline = false;
  const auto with_year = [&](KpiInfo i, const std::string& year) {
    if (!year.empty()) i.label += " " + year;
    i.headline = headline;
    return i;
  };
  if (kpi == "count.home_over_norm")
    return info("Langer dan 3 maanden thuis (peildatum)", "At home over 3 months (peildatum)", language,
                Unit::Pupils, true);
  if (kpi == "home.months.per_year")
    return info("Maanden zonder onderwijs per jaar", "Months without education per year", language,
                Unit::Months, true);
  if (kpi == "home.mean_days")
    return info("Gemiddelde duur thuis", "Mean time at home", language, Unit::Days, true);
  if (kpi == "home.median_days")
    return info("Mediane duur thuis", "Median time at home", language, Unit::Days);
  if (kpi == "home.p90_days")
    return info("Duur thuis, 90e percentiel", "Time at home, 90th percentile", language, Unit::Days);
  if (kpi == "home.share_over_3m_without_offer")
    return info("Aandeel thuisperiodes > 3 maanden zonder aanbod",
                "Share of home spells > 3 months without an offer", language, Unit::Share, true);
  if (kpi == "home.spells_over_3m.per_year")
    return info("Thuisperiodes > 3 maanden per jaar", "Home spells over 3 months per year", language,
                Unit::PerYear);
  if (kpi == "home.spells") return info("Thuisperiodes", "Home spells", language, Unit::Count);
  if (starts_with(kpi, "count.")) {
    const auto [what, year] = middle_and_year(std::string_view(kpi).substr(6));
    return with_year(info(words_for(what, Language::Nl) + " (peildatum)",
                          words_for(what, Language::En) + " (peildatum)", language, Unit::Pupils),
                     year);
  }
  if (kpi == TOTAL_COST_KPI)
    return info("Totale kosten per jaar", "Total cost per year", language, Unit::EurosPerYear, true);
  if (starts_with(kpi, "cost.total.")) {
    const auto [ignored, year] = middle_and_year(std::string_view(kpi).substr(5));
    return with_year(info("Totale kosten", "Total cost", language, Unit::Euros), year);
  }
  if (starts_with(kpi, "cost.")) {
    std::string rest = kpi.substr(5);
    if (ends_with(rest, ".per_year")) {
      rest.resize(rest.size() - 9);
      return info("Kosten " + words_for(rest, Language::Nl) + " per jaar",
                  "Cost " + words_for(rest, Language::En) + " per year", language, Unit::EurosPerYear,
                  kpi == TOTAL_COST_KPI);
    }
    const auto [payer, year] = middle_and_year(rest);
    return with_year(info("Kosten " + words_for(payer, Language::Nl),
                          "Cost " + words_for(payer, Language::En), language, Unit::Euros),
                     year);
  }
  if (starts_with(kpi, "waiting.")) {
    const auto [what, year] = middle_and_year(std::string_view(kpi).substr(8));
    return with_year(
        info("Wachtlijst " + words_for(what, Language::Nl) + " (peildatum)",
             "Waiting list " + words_for(what, Language::En) + " (peildatum)", language, Unit::Pupils),
        year);
  }
  if (starts_with(kpi, "wait_days.") && ends_with(kpi, ".mean")) {
    const std::string what = kpi.substr(10, kpi.size() - 15);
    return info("Gemiddelde wachttijd " + words_for(what, Language::Nl),
                "Mean wait " + words_for(what, Language::En), language, Unit::Days);
  }
  if (starts_with(kpi, "occupancy.")) {
    const std::string what = kpi.substr(10);
    return info("Bezetting " + words_for(what, Language::Nl), "Occupancy " + words_for(what, Language::En),
                language, Unit::Places);
  }
  if (starts_with(kpi, "entries.") && ends_with(kpi, ".per_year")) {
    const std::string what = kpi.substr(8, kpi.size() - 17);
    return info("Instroom " + words_for(what, Language::Nl) + " per jaar",
                "Entries " + words_for(what, Language::En) + " per year", language, Unit::PerYear);
  }
  if (starts_with(kpi, "admitted.") && ends_with(kpi, ".per_year")) {
    const std::string what = kpi.substr(9, kpi.size() - 18);
    return info("Plaatsingen " + words_for(what, Language::Nl) + " per jaar",
                "Admissions " + words_for(what, Language::En) + " per year", language, Unit::PerYear);
  }
  return KpiInfo{kpi, Unit::Count, headline, true};
}

}  // namespace

std::string unit_text(Unit unit, Language language) {
  const bool nl = language == Language::Nl;
  switch (unit) {
    case Unit::Pupils:
      return nl ? "leerlingen" : "pupils";
    case Unit::Days:
      return nl ? "dagen" : "days";
    case Unit::Months:
      return nl ? "maanden" : "months";
    case Unit::Euros:
      return "€";
    case Unit::EurosPerYear:
      return nl ? "€ per jaar" : "€ per year";
    case Unit::Share:
      return "%";
    case Unit::PerYear:
      return nl ? "per jaar" : "per year";
    case Unit::Places:
      return nl ? "plaatsen" : "places";
    case Unit::Count:
      return nl ? "aantal" : "count";
  }
  return {};
}

std::string format_in_unit(double value, Unit unit, Language language) {
  switch (unit) {
    case Unit::Euros:
    case Unit::EurosPerYear:
      return params::euros(value, 0, language);
    case Unit::Share:
      return params::percent(value, 1, language);
    case Unit::Days:
      return params::grouped(value, 0, language);
    default:
      return params::human(value, language);
  }
}

std::string format_in_unit_compact(double value, Unit unit, Language language) {
  if (unit == Unit::Euros || unit == Unit::EurosPerYear) return params::euros_compact(value, language);
  return format_in_unit(value, unit, language);
}

std::string setting_label(const std::string& setting, Language language) {
  return words_for(setting, language);
}
std::string payer_label(const std::string& payer, Language language) {
  return words_for(payer, language);
}

}  // namespace ozsim::report
