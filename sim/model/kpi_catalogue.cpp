#include "sim/model/kpi_catalogue.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <span>
#include <stdexcept>

namespace ozsim::model {
namespace {

using enum KpiId;
using U = KpiUnit;
using G = KpiGroup;

// Why these ten: the four forms of absence the region counts every year (and calibrates on), dagbesteding
// where pupils end when education gives up (and the largest municipal cost), the thuiszitterspact norm as a
// count and as a share, the time at home as one figure (counts times durations; the economics effect),
// the waits the levers act on, and what it all costs.
constexpr std::string_view HEADLINES[] = {
    "count.thuiszitter",
    "count.risicoleerling",
    "count.vrijstelling_5a",
    "count.absoluut_verzuim",
    "count.dagbesteding",
    "count.home_over_norm",
    "home.share_over_3m_without_offer",
    "home.months.per_year",
    "wait_days.<provision>.mean",
    "cost.total.per_year",
};

std::vector<std::string_view> split(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = text.find('.', start);
    parts.push_back(text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) return parts;
    start = dot + 1;
  }
}

bool is_year(std::string_view s) {
  return s.size() == 4 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<Setting> reported_setting(std::string_view s) {
  const std::optional<Setting> setting = setting_from_name(s);
  if (setting == Setting::Exited) return std::nullopt;
  return setting;
}

// Binds one pattern segment to one name segment; false if it does not fit.
bool bind(std::string_view pattern, std::string_view segment, KpiName& out) {
  if (segment.empty()) return false;
  if (pattern == "<setting>") return (out.setting = reported_setting(segment)).has_value();
  if (pattern == "<to>") {
    if (!reported_setting(segment) && !exit_from_destination_name(segment)) return false;
    out.to = segment;
    return true;
  }
  if (pattern == "<provision>") {
    out.provision = segment;
    return true;
  }
  if (pattern == "<payer>") {
    if (segment == "total") return false;
    out.payer = segment;
    return true;
  }
  if (pattern == "<level>") return (out.level = level_from_name(segment)).has_value();
  if (pattern == "<region>") {
    out.region = segment;
    return true;
  }
  if (pattern == "<year>") {
    if (!is_year(segment)) return false;
    out.year = std::stoi(std::string(segment));
    return true;
  }
  return pattern == segment;
}

std::string target_label(std::string_view to, Language language) {
  if (const auto setting = reported_setting(to))
    return std::string((language == Language::Dutch ? SETTING_LABELS_NL
                                                    : SETTING_LABELS_EN)[static_cast<std::size_t>(*setting)]);
  if (const auto exit = exit_from_destination_name(to))
    return std::string((language == Language::Dutch
                            ? EXIT_REASON_LABELS_NL
                            : EXIT_REASON_LABELS_EN)[static_cast<std::size_t>(*exit)]);
  return std::string(to);
}

void replace_all(std::string& text, std::string_view placeholder, const std::string& value) {
  for (std::size_t at = text.find(placeholder); at != std::string::npos;
       at = text.find(placeholder, at + value.size()))
    text.replace(at, placeholder.size(), value);
}

}  // namespace

bool KpiFamily::by_year() const {
  return pattern.find("<year>") != std::string_view::npos;
}

std::string KpiName::label(Language language) const {
  std::string text(language == Language::Dutch ? family->label_nl : family->label_en);
  if (setting) replace_all(text, "{setting}", target_label(setting_name(*setting), language));
  replace_all(text, "{to}", target_label(to, language));
  replace_all(text, "{provision}", provision_label(provision, language));
  replace_all(text, "{payer}", payer_label(payer, language));
  replace_all(text, "{region}", region_label(region));
  if (level)
    replace_all(
        text, "{level}",
        std::string((language == Language::Dutch ? LEVEL_LABELS_NL
                                                 : LEVEL_LABELS_EN)[static_cast<std::size_t>(*level)]));
  if (year) replace_all(text, "{year}", school_year_label(*year));
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
  return text;
}

KpiCatalogue::KpiCatalogue() : families_(declare_kpi_families()) {
  for (std::size_t i = 0; i < families_.size(); ++i)
    if (static_cast<std::size_t>(families_[i].id) != i)
      throw std::logic_error("KPI families out of KpiId order");
  // The patterns are string literals, so the views stay valid however the catalogue is copied.
  for (const KpiFamily& family : families_) pattern_segments_.push_back(split(family.pattern));
}

std::optional<KpiName> KpiCatalogue::find(std::string_view name) const {
  const std::vector<std::string_view> segments = split(name);
  std::optional<KpiName> found;
  for (std::size_t f = 0; f < families_.size(); ++f) {
    const KpiFamily& family = families_[f];
    const std::vector<std::string_view>& pattern = pattern_segments_[f];
    if (pattern.size() != segments.size()) continue;
    // The literal segments first: a string comparison each, where binding tries every kind of <...>.
    if (!std::ranges::equal(pattern, segments, [](std::string_view p, std::string_view s) {
          return p.starts_with('<') || p == s;
        }))
      continue;
    KpiName match;
    match.family = &family;
    bool fits = true;
    for (std::size_t i = 0; i < pattern.size() && fits; ++i) fits = bind(pattern[i], segments[i], match);
    if (!fits) continue;
    // Two families for one name would make every reader's answer depend on the declaration order.
    if (found)
      throw std::logic_error("KPI " + std::string(name) + " matches both " +
                             std::string(found->family->pattern) + " and " + std::string(family.pattern));
    found = std::move(match);
  }
  return found;
}

std::string KpiCatalogue::name(KpiId id, const KpiBinding& binding) const {
  std::string out;
  for (std::string_view segment : split(family(id).pattern)) {
    if (!out.empty()) out += '.';
    if (segment == "<setting>")
      out += setting_name(binding.setting.value());
    else if (segment == "<to>")
      out += binding.to;
    else if (segment == "<provision>")
      out += binding.provision;
    else if (segment == "<payer>")
      out += binding.payer;
    else if (segment == "<region>")
      out += binding.region;
    else if (segment == "<level>")
      out += level_name(binding.level.value());
    else if (segment == "<year>")
      out += std::to_string(binding.year.value());
    else
      out += segment;
  }
  return out;
}

std::span<const std::string_view> KpiCatalogue::headline_patterns() const {
  return HEADLINES;
}

bool KpiCatalogue::is_headline(std::string_view name) const {
  const std::optional<KpiName> kpi = find(name);
  if (!kpi) return false;
  return std::any_of(std::begin(HEADLINES), std::end(HEADLINES), [&](std::string_view pattern) {
    return pattern == name || pattern == kpi->family->pattern;
  });
}

std::vector<std::string> KpiCatalogue::headline_names(const std::vector<std::string>& provisions) const {
  std::vector<std::string> names;
  for (std::string_view pattern : HEADLINES) {
    if (pattern.find("<provision>") == std::string_view::npos) {
      names.emplace_back(pattern);
      continue;
    }
    const KpiFamily& family = *std::find_if(families_.begin(), families_.end(),
                                            [&](const KpiFamily& f) { return f.pattern == pattern; });
    for (const std::string& provision : provisions)
      names.push_back(name(family.id, {.provision = provision}));
  }
  return names;
}

std::optional<double> KpiCatalogue::value(const std::map<std::string, double>& kpis,
                                          std::string_view name) const {
  if (const auto it = kpis.find(std::string(name)); it != kpis.end()) return it->second;
  if (const std::optional<KpiName> kpi = find(name); kpi && kpi->family->sparse) return 0.0;
  return std::nullopt;
}

std::string unit_text(const KpiFamily& family) {
  return std::string(unit_name(family.unit)) + (family.per_year ? " per year" : "");
}

std::string KpiCatalogue::help_text() const {
  std::string out =
      "KPIs of a run (summary.json), by family. <setting> is a setting, <to> a setting or exit_<reason>,\n"
      "<provision> and <payer> names from the scenario, <level> po or vo (primary or secondary school age),\n"
      "<year> the calendar year in which the school year starts. Yearly rates are means over the whole\n"
      "reported school years of a replication.\n";
  for (KpiGroup group :
       {KpiGroup::Counts, KpiGroup::Waiting, KpiGroup::Home, KpiGroup::Costs, KpiGroup::Other}) {
    out += "\n";
    out += group_name(group);
    out += "\n";
    for (const KpiFamily& family : families_) {
      if (family.group != group) continue;
      out += "  " + std::string(family.pattern) + "  [" + unit_text(family) + "]\n";
      out += "      " + std::string(family.label_nl) + " / " + std::string(family.label_en) + "\n";
      out += "      " + std::string(family.help) + "\n";
    }
  }
  out += "\nHeadline KPIs:";
  for (std::string_view pattern : HEADLINES) out += " " + std::string(pattern);
  out += "\n";
  return out;
}

std::string KpiCatalogue::markdown_table() const {
  std::string out = "| KPI | unit | label (nl) | meaning |\n|---|---|---|---|\n";
  for (const KpiFamily& family : families_)
    out += "| `" + std::string(family.pattern) + "` | " + unit_text(family) + " | " +
           std::string(family.label_nl) + " | " + std::string(family.help) + " |\n";
  out += "\nHeadline KPIs, in reading order:";
  const char* separator = " ";
  for (std::string_view pattern : HEADLINES) {
    out += separator + ("`" + std::string(pattern) + "`");
    separator = ", ";
  }
  out += ".\n";
  return out;
}

const KpiCatalogue& kpi_catalogue() {
  static const KpiCatalogue catalogue;
  return catalogue;
}

const char* unit_name(KpiUnit unit) {
  switch (unit) {
    case KpiUnit::Pupils:
      return "pupils";
    case KpiUnit::Days:
      return "days";
    case KpiUnit::Months:
      return "months";
    case KpiUnit::Share:
      return "share";
    case KpiUnit::Spells:
      return "spells";
    case KpiUnit::Cases:
      return "cases";
    case KpiUnit::Euros:
      return "euros";
  }
  return "?";
}

const char* group_name(KpiGroup group) {
  switch (group) {
    case KpiGroup::Counts:
      return "counts";
    case KpiGroup::Waiting:
      return "waiting";
    case KpiGroup::Home:
      return "home";
    case KpiGroup::Costs:
      return "costs";
    case KpiGroup::Other:
      return "other";
  }
  return "?";
}

namespace {

// A name a scenario writes and how a reader says it.
struct Words {
  std::string_view name, nl, en;
};

std::optional<std::string> words_for(std::span<const Words> table, std::string_view name, Language language) {
  for (const Words& w : table)
    if (w.name == name) return std::string(language == Language::Dutch ? w.nl : w.en);
  return std::nullopt;
}

// Provisions the bundled scenarios name beyond the settings' own names. A scenario may name others; those
// read as their name with spaces.
constexpr Words PROVISION_WORDS[] = {
    {"so_cluster3", "SO cluster 3", "special education (SO), cluster 3"},
    {"vso_cluster3", "VSO cluster 3", "secondary special education (VSO), cluster 3"},
    {"so_cluster4", "SO cluster 4", "special education (SO), cluster 4"},
    {"vso_cluster4", "VSO cluster 4", "secondary special education (VSO), cluster 4"},
    {"cluster4_out_of_region", "SO cluster 4 buiten de regio",
     "special education (SO), cluster 4, outside the region"},
    {"jos", "JOS (jeugdhulp op school)", "JOS (youth care at school)"},
    {"herstart", "Herstart (intensief onderwijs-zorgarrangement)",
     "Herstart (intensive education-care restart)"},
    {"sbo_jeugdzorg", "SBO met jeugdzorg", "SBO with youth care"},
};

// A scenario's name as words: each word capitalised, `between` where the name has an underscore.
std::string capitalised_words(std::string_view name, char between) {
  std::string label(name);
  bool word_start = true;
  for (char& c : label) {
    if (c == '_') {
      c = between;
      word_start = true;
      continue;
    }
    if (word_start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    word_start = false;
  }
  return label;
}

}  // namespace

std::string region_label(std::string_view region) {
  return capitalised_words(region, '-');
}

std::string provision_label(std::string_view provision, Language language) {
  // A region's copy of a provision (regions.hpp: "<provision>@<region>").
  if (const std::size_t at = provision.find('@'); at != std::string_view::npos)
    return provision_label(provision.substr(0, at), language) + " (" +
           region_label(provision.substr(at + 1)) + ")";
  if (reported_setting(provision)) return target_label(provision, language);
  if (std::optional<std::string> words = words_for(PROVISION_WORDS, provision, language)) return *words;
  std::string spaced(provision);
  std::replace(spaced.begin(), spaced.end(), '_', ' ');
  return spaced;
}

std::string destination_label(std::string_view to, Language language) {
  return target_label(to, language);
}

namespace {

// Labels of model::PAYER_NAMES (a test checks that every payer has one).
constexpr Words PAYER_WORDS[] = {
    {"gemeente", "gemeente", "municipality (gemeente)"},
    {"swv", "samenwerkingsverband", "school partnership (swv)"},
    {"swv_po", "samenwerkingsverband PO", "school partnership, primary (swv PO)"},
    {"swv_vo", "samenwerkingsverband VO", "school partnership, secondary (swv VO)"},
    {"school", "schoolbestuur", "school board"},
    {"rijk", "Rijk (OCW)", "central government (OCW)"},
    {"wlz", "Wlz (langdurige zorg)", "long-term care (Wlz)"},
    {"zvw", "Zvw (zorgverzekering)", "health insurance (Zvw)"},
};

}  // namespace

std::string school_year_label(int year) {
  char text[16];
  std::snprintf(text, sizeof text, "%d/%02d", year, (year + 1) % 100);
  return text;
}

std::string payer_label(std::string_view payer, Language language) {
  if (std::optional<std::string> words = words_for(PAYER_WORDS, payer, language)) return *words;
  // A catchment's partners are named by the scenario (holland_rijnland): their words, capitalised.
  return capitalised_words(payer, ' ');
}

std::string unit_label(KpiUnit unit, bool per_year, Language language) {
  const bool nl = language == Language::Dutch;
  std::string text;
  switch (unit) {
    case KpiUnit::Pupils:
      text = nl ? "leerlingen" : "pupils";
      break;
    case KpiUnit::Days:
      text = nl ? "dagen" : "days";
      break;
    case KpiUnit::Months:
      text = nl ? "maanden" : "months";
      break;
    case KpiUnit::Share:
      return "%";
    case KpiUnit::Spells:
      text = nl ? "periodes" : "spells";
      break;
    case KpiUnit::Cases:
      text = nl ? "gevallen" : "cases";
      break;
    case KpiUnit::Euros:
      text = "€";
      break;
  }
  if (per_year) text += nl ? " per jaar" : " per year";
  return text;
}

}  // namespace ozsim::model
