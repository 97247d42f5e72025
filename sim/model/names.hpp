#pragma once
// The model's vocabulary: where a pupil can be, how it leaves, its level, its
// problem profile and the waiting-list rules, each with the one spelling that
// scenario files, KPI names and outputs use. Every other list of these names
// in the project is derived from the tables here, so a new setting is added in
// one place.
//
// Dutch names are the users' words:
// - risicoleerling: enrolled, structurally absent with an excuse (medical/psychological, suspension, reduced
//   hours)
// - thuiszitter: enrolled, at home without excuse for more than 4 weeks
// - structuurgroep: small structured group inside a regular primary school
// - SBO: speciaal basisonderwijs (special primary school)
// - SO/VSO: (voortgezet) speciaal onderwijs, needs a TLV (admission decision)
// - OOV: onderwijsopvangvoorziening, education-care day programme for VO pupils
// - opbouwarrangement: build-up arrangement at the OOV for internalising VO pupils
// - OZA: onderwijszorgarrangement, a combined education-care place (integraal arrangeren)
// - dagbesteding: youth-care day programme (municipality)
// - individuele begeleiding: intensive individual support
// - maatwerk (RET): a bespoke place the Regionaal Expertise Team finds outside existing provisions
// - absoluut verzuim: not enrolled at any school
// - vrijstelling 5a: exempt from compulsory education on physical/psychological grounds
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ozsim::model {

// Where a pupil is. The order is the order of SETTING_NAMES and of every per-setting array.
enum class Setting : std::uint8_t {
  Attending,
  Risicoleerling,
  Thuiszitter,
  Structuurgroep,
  Sbo,
  SoVso,
  Oov,
  Opbouwarrangement,
  Oza,
  Dagbesteding,
  IndividueleBegeleiding,
  Treatment,
  Maatwerk,
  AbsoluutVerzuim,
  Vrijstelling5a,
  Exited,
};
inline constexpr std::size_t SETTING_COUNT = 16;
inline constexpr std::array<std::string_view, SETTING_COUNT> SETTING_NAMES = {"attending",
                                                                              "risicoleerling",
                                                                              "thuiszitter",
                                                                              "structuurgroep",
                                                                              "sbo",
                                                                              "so_vso",
                                                                              "oov",
                                                                              "opbouwarrangement",
                                                                              "oza",
                                                                              "dagbesteding",
                                                                              "individuele_begeleiding",
                                                                              "treatment",
                                                                              "maatwerk",
                                                                              "absoluut_verzuim",
                                                                              "vrijstelling_5a",
                                                                              "exited"};

// How people say them, for tables and reports: Dutch, then English. Plural where a count reads
// "thuiszitters".
inline constexpr std::array<std::string_view, SETTING_COUNT> SETTING_LABELS_NL = {
    "schoolgaand",
    "risicoleerlingen",
    "thuiszitters",
    "structuurgroep",
    "SBO",
    "SO/VSO",
    "OOV",
    "opbouwarrangement",
    "onderwijszorgarrangement (OZA)",
    "dagbesteding",
    "individuele begeleiding",
    "behandeling",
    "maatwerk (RET)",
    "absoluut verzuim",
    "vrijstelling 5a",
    "uitgestroomd"};
inline constexpr std::array<std::string_view, SETTING_COUNT> SETTING_LABELS_EN = {
    "attending school",
    "risicoleerlingen (excused absence)",
    "thuiszitters (unexcused absence)",
    "structured group",
    "special primary school (SBO)",
    "special education (SO/VSO)",
    "OOV (education-care programme)",
    "build-up arrangement",
    "education-care arrangement (OZA)",
    "dagbesteding (day programme)",
    "individual support",
    "treatment",
    "bespoke place (RET)",
    "absoluut verzuim (not enrolled)",
    "vrijstelling 5a (exempted)",
    "exited"};

// How a pupil leaves the population. As a destination it is spelled "exit_<name>".
enum class ExitReason : std::uint8_t { Startkwalificatie, AgeOut, Moved, Mbo };
inline constexpr std::size_t EXIT_REASON_COUNT = 4;
inline constexpr std::array<std::string_view, EXIT_REASON_COUNT> EXIT_REASON_NAMES = {
    "startkwalificatie", "age_out", "moved", "mbo"};
inline constexpr std::string_view EXIT_PREFIX = "exit_";
inline constexpr std::array<std::string_view, EXIT_REASON_COUNT> EXIT_REASON_LABELS_NL = {
    "startkwalificatie", "18 jaar", "verhuisd", "MBO Entree"};
inline constexpr std::array<std::string_view, EXIT_REASON_COUNT> EXIT_REASON_LABELS_EN = {
    "basic qualification", "aged 18", "moved away", "MBO Entree"};

enum class Level : std::uint8_t { Po, Vo };  // primary (PO) or secondary (VO) age
inline constexpr std::size_t LEVEL_COUNT = 2;
inline constexpr std::array<std::string_view, LEVEL_COUNT> LEVEL_NAMES = {"po", "vo"};
inline constexpr std::array<std::string_view, LEVEL_COUNT> LEVEL_LABELS_NL = {"PO-leeftijd", "VO-leeftijd"};
inline constexpr std::array<std::string_view, LEVEL_COUNT> LEVEL_LABELS_EN = {"primary age", "secondary age"};

enum class Profile : std::uint8_t { None, Internalising, Externalising, Medical };
inline constexpr std::size_t PROFILE_COUNT = 4;
inline constexpr std::array<std::string_view, PROFILE_COUNT> PROFILE_NAMES = {"none", "internalising",
                                                                              "externalising", "medical"};

// Why a risicoleerling is absent (the three grounds of the regional definition): medical or psychological
// grounds, a (partial) suspension (schorsing), reduced learning time (leertijdvermindering). How much school
// time each still attends sets the part of risicoleerling time counted as time without education.
enum class RiskReason : std::uint8_t { Medical, Schorsing, Leertijdvermindering };
inline constexpr std::size_t RISK_REASON_COUNT = 3;
inline constexpr std::array<std::string_view, RISK_REASON_COUNT> RISK_REASON_NAMES = {"medical", "schorsing",
                                                                                      "leertijdvermindering"};

// How a provision orders its waiting list.
enum class QueueRule : std::uint8_t { Fifo, Severity, TimeAtHome, NormFirst };
inline constexpr std::size_t QUEUE_RULE_COUNT = 4;
inline constexpr std::array<std::string_view, QUEUE_RULE_COUNT> QUEUE_RULE_NAMES = {
    "fifo", "severity", "time_at_home", "norm_first"};

// The problem profiles a pupil can draw at onset (all but none).
inline constexpr std::array<Profile, 3> PROBLEM_PROFILES = {Profile::Internalising, Profile::Externalising,
                                                            Profile::Medical};

// Groups of settings the scenario file and the model treat alike.
// Free settings with rules of their own (`settings.<name>` in a scenario file): pupils enter at once and the
// rules say how long they stay and where they go.
// Who pays: the municipality (gemeente: youth care, leerlingenvervoer), the school partnership
// (samenwerkingsverband, "swv" = booked to swv_po or swv_vo by the pupils' level), the school board, the
// state (rijk: OCW basic funding), long-term and health-insurance care (Wlz, Zvw).
inline constexpr std::array<std::string_view, 8> PAYER_NAMES = {"gemeente", "swv",  "swv_po", "swv_vo",
                                                                "school",   "rijk", "wlz",    "zvw"};
inline constexpr std::string_view SWV_BY_LEVEL = "swv";
inline constexpr std::string_view TRANSPORT_PAYER = "gemeente";
std::string swv_payer(Level level);  // "swv_po" or "swv_vo"

inline constexpr std::array<Setting, 4> RULED_FREE_SETTINGS = {
    Setting::Risicoleerling, Setting::Thuiszitter, Setting::AbsoluutVerzuim, Setting::Vrijstelling5a};
// Free settings a routing rule may send a pupil to: back to school or one of the ruled free settings.
inline constexpr std::array<Setting, 5> DESTINATION_FREE_SETTINGS = {
    Setting::Attending, Setting::Risicoleerling, Setting::Thuiszitter, Setting::AbsoluutVerzuim,
    Setting::Vrijstelling5a};
// Settings a provision (a capacity with a waiting list) can place pupils in.
inline constexpr std::array<Setting, 9> PROVISION_SETTINGS = {
    Setting::Structuurgroep,    Setting::Sbo, Setting::SoVso,        Setting::Oov,
    Setting::Opbouwarrangement, Setting::Oza, Setting::Dagbesteding, Setting::IndividueleBegeleiding,
    Setting::Treatment};
// Settings only a lever's own mechanism places pupils in, never a rule or a provision: the RET's bespoke
// places, which lie outside every provision's capacity.
inline constexpr std::array<Setting, 1> LEVER_SETTINGS = {Setting::Maatwerk};
// Absence episodes (their mean length is a KPI): enrolled-but-absent or not enrolled.
inline constexpr std::array<Setting, 3> ABSENCE_SETTINGS = {Setting::Risicoleerling, Setting::Thuiszitter,
                                                            Setting::AbsoluutVerzuim};

// The settings in the order tables list them: the forms of absence first, then where pupils go instead of
// school, then the provisions of education. Attending and exited are not listed.
inline constexpr std::array<Setting, 14> SETTINGS_IN_READING_ORDER = {Setting::Thuiszitter,
                                                                      Setting::Risicoleerling,
                                                                      Setting::Vrijstelling5a,
                                                                      Setting::AbsoluutVerzuim,
                                                                      Setting::Dagbesteding,
                                                                      Setting::IndividueleBegeleiding,
                                                                      Setting::Maatwerk,
                                                                      Setting::Oov,
                                                                      Setting::Opbouwarrangement,
                                                                      Setting::Oza,
                                                                      Setting::Structuurgroep,
                                                                      Setting::Sbo,
                                                                      Setting::SoVso,
                                                                      Setting::Treatment};

// Free settings have no capacity: pupils enter them at once.
bool is_free_setting(Setting s);
bool is_absence_setting(Setting s);

const char* setting_name(Setting s);
const char* exit_reason_name(ExitReason r);
const char* level_name(Level l);
const char* profile_name(Profile p);
const char* queue_rule_name(QueueRule q);
std::string exit_destination_name(ExitReason r);  // "exit_moved"

std::optional<Setting> setting_from_name(std::string_view name);
std::optional<ExitReason> exit_reason_from_name(std::string_view name);  // "moved", without the exit_ prefix
std::optional<ExitReason> exit_from_destination_name(std::string_view name);  // "exit_moved"
std::optional<Level> level_from_name(std::string_view name);
std::optional<Profile> profile_from_name(std::string_view name);
std::optional<QueueRule> queue_rule_from_name(std::string_view name);

// Names as strings, e.g. for the choices of a scenario key.
std::vector<std::string> setting_names();  // all, including "exited"
std::vector<std::string> setting_names(std::span<const Setting> settings);
std::vector<std::string> level_names();
std::vector<std::string> profile_names();  // including "none"
std::vector<std::string> profile_names(std::span<const Profile> profiles);
std::vector<std::string> exit_destination_names();  // "exit_startkwalificatie", ...
std::vector<std::string> queue_rule_names();

}  // namespace ozsim::model
