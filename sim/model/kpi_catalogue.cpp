#include "sim/model/kpi_catalogue.hpp"

#include <algorithm>
#include <array>
#include <charconv>
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

// The most dot-separated segments a pattern may have; find() splits a name into this many on the stack.
constexpr std::size_t MAX_PATTERN_SEGMENTS = 8;

// Splits `text` at its dots into `out`; the number of segments, or out.size() + 1 when there are more.
std::size_t split(std::string_view text, std::span<std::string_view> out) {
  std::size_t count = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = text.find('.', start);
    if (count == out.size()) return out.size() + 1;
    out[count++] = text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (dot == std::string_view::npos) return count;
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

std::string_view KpiFamily::name_prefix() const {
  if (pattern.starts_with('<')) return {};
  const std::size_t dot = pattern.find('.');
  return dot == std::string_view::npos ? pattern : pattern.substr(0, dot + 1);
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
  for (const KpiFamily& family : families_) {
    std::array<std::string_view, MAX_PATTERN_SEGMENTS> words;
    const std::size_t count = split(family.pattern, words);
    if (count > words.size())
      throw std::logic_error("KPI pattern " + std::string(family.pattern) + " has too many segments");
    std::vector<PatternSegment>& segments = pattern_segments_.emplace_back();
    for (std::string_view word : std::span(words).first(count))
      segments.push_back({segment_kind(word), word});
    most_segments_ = std::max(most_segments_, count);
  }
  for (std::size_t f = 0; f < families_.size(); ++f) {
    const PatternSegment& head = pattern_segments_[f].front();
    if (head.kind != SegmentKind::Literal) {
      families_with_any_head_.push_back(f);
      continue;
    }
    const auto at = std::lower_bound(families_by_head_.begin(), families_by_head_.end(), head.text,
                                     [](const FamiliesByHead& e, std::string_view h) { return e.head < h; });
    if (at == families_by_head_.end() || at->head != head.text)
      families_by_head_.insert(at, {head.text, {f}});
    else
      at->families.push_back(f);
  }
}

KpiCatalogue::SegmentKind KpiCatalogue::segment_kind(std::string_view word) {
  if (!word.starts_with('<')) return SegmentKind::Literal;
  if (word == "<setting>") return SegmentKind::Setting;
  if (word == "<to>") return SegmentKind::To;
  if (word == "<provision>") return SegmentKind::Provision;
  if (word == "<payer>") return SegmentKind::Payer;
  if (word == "<level>") return SegmentKind::Level;
  if (word == "<region>") return SegmentKind::Region;
  if (word == "<year>") return SegmentKind::Year;
  throw std::logic_error("KPI pattern parameter " + std::string(word) + " is not one the catalogue binds");
}

// Binds one pattern segment to one name segment; false if it does not fit.
bool KpiCatalogue::bind(const PatternSegment& pattern, std::string_view segment, KpiName& out) {
  if (segment.empty()) return false;
  switch (pattern.kind) {
    case SegmentKind::Literal:
      return pattern.text == segment;
    case SegmentKind::Setting:
      return (out.setting = reported_setting(segment)).has_value();
    case SegmentKind::To:
      if (!reported_setting(segment) && !exit_from_destination_name(segment)) return false;
      out.to = segment;
      return true;
    case SegmentKind::Provision:
      out.provision = segment;
      return true;
    case SegmentKind::Payer:
      if (segment == "total") return false;
      out.payer = segment;
      return true;
    case SegmentKind::Level:
      return (out.level = level_from_name(segment)).has_value();
    case SegmentKind::Region:
      out.region = segment;
      return true;
    case SegmentKind::Year: {
      if (!is_year(segment)) return false;
      int year = 0;
      std::from_chars(segment.data(), segment.data() + segment.size(), year);
      out.year = year;
      return true;
    }
  }
  return false;
}

std::optional<KpiName> KpiCatalogue::match(std::size_t family,
                                           std::span<const std::string_view> segments) const {
  const std::vector<PatternSegment>& pattern = pattern_segments_[family];
  if (pattern.size() != segments.size()) return std::nullopt;
  // The literal segments first: a string comparison each, where binding parses a parameter.
  for (std::size_t i = 0; i < pattern.size(); ++i)
    if (pattern[i].kind == SegmentKind::Literal && pattern[i].text != segments[i]) return std::nullopt;
  KpiName match;
  match.family = &families_[family];
  for (std::size_t i = 0; i < pattern.size(); ++i)
    if (!bind(pattern[i], segments[i], match)) return std::nullopt;
  return match;
}

std::optional<KpiName> KpiCatalogue::find(std::string_view name) const {
  std::array<std::string_view, MAX_PATTERN_SEGMENTS> words;
  const std::size_t count = split(name, words);
  if (count > most_segments_) return std::nullopt;  // longer than every pattern
  const std::span<const std::string_view> segments = std::span(words).first(count);
  std::optional<KpiName> found;
  const auto try_family = [&](std::size_t family) {
    std::optional<KpiName> match = this->match(family, segments);
    if (!match) return;
    // Two families for one name would make every reader's answer depend on the declaration order.
    if (found)
      throw std::logic_error("KPI " + std::string(name) + " matches both " +
                             std::string(found->family->pattern) + " and " +
                             std::string(match->family->pattern));
    found = std::move(match);
  };
  const auto by_head =
      std::lower_bound(families_by_head_.begin(), families_by_head_.end(), segments.front(),
                       [](const FamiliesByHead& e, std::string_view h) { return e.head < h; });
  if (by_head != families_by_head_.end() && by_head->head == segments.front())
    for (std::size_t family : by_head->families) try_family(family);
  for (std::size_t family : families_with_any_head_) try_family(family);
  return found;
}

std::string KpiCatalogue::name(KpiId id, const KpiBinding& binding) const {
  std::string out;
  for (const PatternSegment& segment : pattern_segments_[static_cast<std::size_t>(id)]) {
    if (!out.empty()) out += '.';
    switch (segment.kind) {
      case SegmentKind::Literal:
        out += segment.text;
        break;
      case SegmentKind::Setting:
        out += setting_name(binding.setting.value());
        break;
      case SegmentKind::To:
        out += binding.to;
        break;
      case SegmentKind::Provision:
        out += binding.provision;
        break;
      case SegmentKind::Payer:
        out += binding.payer;
        break;
      case SegmentKind::Region:
        out += binding.region;
        break;
      case SegmentKind::Level:
        out += level_name(binding.level.value());
        break;
      case SegmentKind::Year:
        out += std::to_string(binding.year.value());
        break;
    }
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
