// Every way a scenario file can be wrong gets one clear message naming file,
// line, key, what was expected and what was found. Each case builds on the
// bundled Midden-Holland scenario and breaks one thing.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/params/input_error.hpp"
#include "sim/scenario/scenario.hpp"

using namespace ozsim;

namespace {

struct BadCase {
  const char* name;
  const char* toml;      // appended after `base = "midden-holland.toml"`
  const char* expected;  // the message after "<file>:"
};

const std::string PRETEND = std::string(OZSIM_SOURCE_DIR) + "/scenarios/bad_case.toml";

std::string error_of(const std::string& text) {
  try {
    const params::ParamTree tree = params::ParamTree::parse_string(text, PRETEND);
    scenario::build_config(tree);
  } catch (const params::InputError& e) {
    return e.what();
  }
  return "(no error)";
}

const std::vector<BadCase> CASES = {
    {"unknown top-level key", "\nnmae = \"x\"\n", "3:1: unknown key 'nmae' (did you mean 'name'?)"},
    {"unknown provision key", "\n[provisions.oov]\ncapacty = 3\n",
     "4:1: unknown key 'provisions.oov.capacty' (did you mean 'provisions.oov.capacity'?)"},
    {"negative capacity", "\n[provisions.oov]\ncapacity = -3\n",
     "4:12: key 'provisions.oov.capacity': expected an integer >= 0, found -3"},
    {"capacity as float", "\n[provisions.oov]\ncapacity = 3.5\n",
     "4:12: key 'provisions.oov.capacity': expected an integer >= 0, found 3.5"},
    {"capacity as string", "\n[provisions.oov]\ncapacity = \"40\"\n",
     "4:12: key 'provisions.oov.capacity': expected an integer >= 0, found a string \"40\""},
    {"probability above 1",
     "\n[[settings.thuiszitter.rules]]\nduration = { dist = \"fixed\", value = 10 }\nto = [\"attending\"]\np "
     "= [1.5]\n",
     "6:5: key 'settings.thuiszitter.rules.0.p': expected a list of numbers in [0, 1], found 1.5 at index 0"},
    {"probabilities not summing to 1",
     "\n[[settings.thuiszitter.rules]]\nduration = { dist = \"fixed\", value = 10 }\nto = [\"attending\", "
     "\"oov\"]\np = [0.5, 0.2]\n",
     "6:5: key 'settings.thuiszitter.rules.0.p': expected probabilities summing to 1, found a sum of 0.7"},
    {"p and to differ in length",
     "\n[[settings.thuiszitter.rules]]\nduration = { dist = \"fixed\", value = 10 }\nto = [\"attending\", "
     "\"oov\"]\np = [1.0]\n",
     "6:5: key 'settings.thuiszitter.rules.0.p': expected 2 probabilities, one per destination in 'to', "
     "found 1"},
    {"routing to a provision that does not exist",
     "\n[[settings.thuiszitter.rules]]\nduration = { dist = \"fixed\", value = 10 }\nto = [\"oovv\"]\np = "
     "[1.0]\n",
     "key 'settings.thuiszitter.rules.0.to': expected a provision, free setting or exit"},
    {"did-you-mean on a destination",
     "\n[[settings.thuiszitter.rules]]\nduration = { dist = \"fixed\", value = 10 }\nto = [\"oovv\"]\np = "
     "[1.0]\n",
     "found 'oovv' (did you mean 'oov'?)"},
    {"unknown distribution",
     "\n[[settings.thuiszitter.rules]]\nduration = { dist = \"expo\", mean = 10 }\nto = [\"attending\"]\np = "
     "[1.0]\n",
     "key 'settings.thuiszitter.rules.0.duration'"},
    {"negative distribution parameter",
     "\n[[settings.thuiszitter.rules]]\nduration = { dist = \"lognormal\", mean = 10, sd = -1 }\nto = "
     "[\"attending\"]\np = [1.0]\n",
     "key 'settings.thuiszitter.rules.0.duration'"},
    {"unknown queue rule", "\n[provisions.oov]\nqueue_rule = \"lifo\"\n",
     "4:14: key 'provisions.oov.queue_rule': expected one of \"fifo\", \"severity\", \"time_at_home\", "
     "\"norm_first\", found a string \"lifo\" (did you mean \"fifo\"?)"},
    {"unknown setting kind", "\n[provisions.oov]\nsetting = \"ov\"\n", "4:11: key 'provisions.oov.setting'"},
    {"wait_in not a free setting", "\n[provisions.oov]\nwait_in = \"oov\"\n",
     "4:11: key 'provisions.oov.wait_in'"},
    {"fallback cycle",
     "\n[provisions.oov]\nfallback = [\"dagbesteding\"]\n[provisions.dagbesteding]\nfallback = [\"oov\"]\n",
     "key 'provisions.dagbesteding.fallback': expected fallbacks that end outside a cycle, found the cycle "
     "dagbesteding -> oov -> dagbesteding"},
    {"warm-up longer than the horizon", "\n[simulation]\nyears = 3\nwarmup_years = 5\n",
     "5:16: key 'simulation.warmup_years': expected a number below simulation.years (3), found 5"},
    {"negative years", "\n[simulation]\nyears = -1\n",
     "4:9: key 'simulation.years': expected a number in [0, 200], found -1"},
    {"profile shares not summing to 1",
     "\n[onset]\nprofile_share.vo = { internalising = 0.5, externalising = 0.25, medical = 0.5 }\n",
     "key 'onset.profile_share.vo.medical': expected profile shares at this level summing to 1, found a sum "
     "of 1.25"},
    {"severity shares of wrong length", "\n[onset]\nseverity_share = [0.5, 0.5]\n",
     "4:18: key 'onset.severity_share': expected 3 shares (severity 1, 2, 3), found 2 values"},
    {"payer shares not summing to 1",
     "\n[provisions.oov]\ncost = { per_place_year = 100, payers = { swv = 0.5, gemeente = 0.2 } }\n",
     "key 'provisions.oov.cost.payers.swv': expected payer shares summing to 1, found a sum of 0.7"},
    {"cost without payers", "\n[provisions.treatment]\ncost = { per_pupil_day = 300 }\n",
     "key 'provisions.treatment.cost.payers': expected payer shares (e.g. { gemeente = 0.8, school = 0.2 }) "
     "for a non-zero cost, found none"},
    {"filtered last rule row",
     "\n[[settings.thuiszitter.rules]]\nlevel = \"vo\"\nduration = { dist = \"fixed\", value = 10 }\nto = "
     "[\"attending\"]\np = [1.0]\n",
     "key 'settings.thuiszitter.rules.0': expected a last rule row without level/profile/min_severity "
     "filters, found a filtered row"},
    {"unknown level in a rule",
     "\n[[settings.thuiszitter.rules]]\nlevel = \"mbo\"\nduration = { dist = \"fixed\", value = 10 }\nto = "
     "[\"attending\"]\np = [1.0]\n",
     "4:9: key 'settings.thuiszitter.rules.0.level': expected one of \"po\", \"vo\", found a string \"mbo\""},
    {"trend lists of different length",
     "\n[trends]\nyears = [2019, 2020]\nincidence_multiplier = [1.0]\nduration_multiplier = []\n",
     "key 'trends.incidence_multiplier': expected 2 values, one per trend year, found 1 values"},
    {"unsorted trend years",
     "\n[trends]\nyears = [2021, 2019]\nincidence_multiplier = [1.0, 1.1]\nduration_multiplier = []\n",
     "key 'trends.years': expected years in increasing order, found an unsorted list"},
    {"route trend to an unknown destination",
     "\n[[trends.routes]]\nto = \"nowhere\"\nyears = [2020]\nmultiplier = [1.5]\n",
     "key 'trends.routes.0.to': expected a provision, free setting or exit ("},
    {"route trend with a multiplier short",
     "\n[[trends.routes]]\nto = \"oov\"\nyears = [2020, 2021]\nmultiplier = [1.5]\n",
     "key 'trends.routes.0.multiplier': expected 2 values, one per year, found 1 values"},
    {"stay trend without settings", "\n[[trends.stays]]\nyears = [2020]\nmultiplier = [1.5]\n",
     "key 'trends.stays.0.settings'"},
    {"stay trend years unsorted",
     "\n[[trends.stays]]\nsettings = [\"dagbesteding\"]\nyears = [2022, 2020]\nmultiplier = [1.5, 1.2]\n",
     "key 'trends.stays.0.years': expected years in increasing order, found an unsorted list"},
    {"age band reversed", "\n[population]\ninitial = [{ age_from = 10.0, age_to = 6.0, count = 10 }]\n",
     "key 'population.initial.0.age_to': expected an age above age_from (10), found 6"},
    {"age band beyond max age",
     "\n[population]\ninitial = [{ age_from = 10.0, age_to = 20.0, count = 10 }]\n",
     "key 'population.initial.0.age_to': expected an age at most population.max_age (18), found 20"},
    {"leave_at_age_to alone", "\n[provisions.oov]\nleave_at_age_to = \"attending\"\n",
     "key 'provisions.oov.leave_at_age_to': expected leave_at_age to be set as well, found leave_at_age_to "
     "alone"},
    {"wrong type for a boolean", "\n[rules]\ncare_first = \"yes\"\n",
     "4:14: key 'rules.care_first': expected true or false, found a string \"yes\""},
    {"negative max_wait_days", "\n[provisions.oov]\nmax_wait_days = -5\n",
     "4:17: key 'provisions.oov.max_wait_days': expected a number >= 0, found -5"},
    {"rules list that is empty", "\n[provisions.oov]\nrules = []\n",
     "key 'provisions.oov.rules': expected at least one rule row, found an empty list"},
    {"home setting that is not a setting", "\n[kpi]\nhome_settings = [\"home\"]\n",
     "4:17: key 'kpi.home_settings': expected a list of strings from"},
    {"intake years out of order",
     "\n[population]\nintake = [{ year = 2015, count = 10 }, { year = 2014, count = 10 }]\n",
     "key 'population.intake.1.year': expected a year after 2015 (rows in year order), found 2014"},
    {"negative in-migration", "\n[population]\nmigration_in = [{ year = 2015, count = -10 }]\n",
     "key 'population.migration_in.0.count': expected an integer >= 0, found -10"},
    {"discount rate out of range", "\n[costs]\ndiscount_rate = 2.25\n",
     "4:17: key 'costs.discount_rate': expected a number in [0, 1], found 2.25"},
    {"unknown payer", "\n[provisions.oov]\ncost = { per_place_year = 100, payers = { gemeent = 1.0 } }\n",
     "key 'provisions.oov.cost.payers.gemeent': expected a payer (gemeente, swv, swv_po, swv_vo, school, "
     "rijk, "
     "wlz, zvw), found gemeent"},
    {"group cost without a group size",
     "\n[provisions.oov]\ncost = { per_group_year = 80000, payers = { swv = 1.0 } }\n",
     "key 'provisions.oov.cost.group_size': expected a group size > 0 with per_group_year, found none"},
    {"intensity trend of other length",
     "\n[provisions.dagbesteding]\ncost = { per_pupil_day = 65, intensity_years = [2020, 2021], "
     "intensity_multiplier = [1.0], payers = { gemeente = 1.0 } }\n",
     "key 'provisions.dagbesteding.cost.intensity_multiplier': expected 2 values, one per intensity year, "
     "found 1 "
     "values"},
    {"risicoleerling reasons not summing to 1", "\n[kpi.risicoleerling_reasons.medical]\nshare = 0.5\n",
     "4:9: key 'kpi.risicoleerling_reasons.medical.share': expected risicoleerling reason shares (medical + "
     "schorsing + leertijdvermindering) summing to 1, found a sum of 0.7 (medical 0.5, schorsing 0.05, "
     "leertijdvermindering 0.15)"},
    {"risicoleerling attendance above 1", "\n[kpi]\nrisicoleerling_reasons.schorsing.attendance = 1.5\n",
     "4:47: key 'kpi.risicoleerling_reasons.schorsing.attendance': expected a number in [0, 1], found 1.5"},
    {"unknown risicoleerling reason", "\n[kpi.risicoleerling_reasons.ziek]\nshare = 0.1\n",
     "unknown key 'kpi.risicoleerling_reasons.ziek.share'"},
    {"negative thuiszitter threshold", "\n[kpi]\nthuiszitter_after_days = -28\n",
     "4:26: key 'kpi.thuiszitter_after_days': expected a number in [0, 3650], found -28"},
    {"in-migrants' routes above 1",
     "\n[onset]\nat_migration_in = [{ to = \"absoluut_verzuim\", share = 0.7 }, { to = \"thuiszitter\", "
     "share = 0.5 }]\n",
     "key 'onset.at_migration_in.1.share': expected shares summing to at most 1, found a sum of 1.2"},
    {"in-migrants routed to school", "\n[onset]\nat_migration_in = [{ to = \"attending\", share = 0.1 }]\n",
     "key 'onset.at_migration_in.0.to': expected a destination other than attending, found 'attending'"},
    {"transport on a setting",
     "\n[settings.thuiszitter]\ncost = { per_pupil_day = 1, transport_per_pupil_day = 5, payers = { gemeente "
     "= 1.0 } }\n",
     "unknown key 'settings.thuiszitter.cost.transport_per_pupil_day'"},
    {"catchment named after a payer", "\n[provisions.oov.catchment]\nname = \"gemeente\"\n",
     "4:8: key 'provisions.oov.catchment.name': expected a name other than a payer of the region or 'total' "
     "(its cost is booked to it), found 'gemeente'"},
    {"catchment name not one word", "\n[provisions.oov.catchment]\nname = \"Rijn streek\"\n",
     "4:8: key 'provisions.oov.catchment.name': expected one lowercase word (letters and '_'), found 'Rijn "
     "streek'"},
    {"catchment without a name",
     "\n[provisions.dagbesteding.catchment]\nreferrals = [{ year = 2018, count = 5 }]\n",
     "key 'provisions.dagbesteding.catchment.name'"},
    {"catchment without referrals", "\n[provisions.dagbesteding.catchment]\nname = \"rijnstreek\"\n",
     "key 'provisions.dagbesteding.catchment.referrals': expected { year, count } rows of referrals per "
     "school year, found none"},
    {"catchment referrals negative",
     "\n[provisions.oov.catchment]\nreferrals = [{ year = 2018, count = -22 }]\n",
     "4:37: key 'provisions.oov.catchment.referrals.0.count': expected an integer >= 0, found -22"},
    {"catchment referrals out of year order",
     "\n[provisions.oov.catchment]\nreferrals = [{ year = 2020, count = 22 }, { year = 2019, count = 20 "
     "}]\n",
     "key 'provisions.oov.catchment.referrals.1.year': expected a year after 2020 (rows in year order), "
     "found "
     "2019"},
    {"catchment of a level the provision does not admit", "\n[provisions.oov.catchment]\nvo_share = 0.8\n",
     "4:12: key 'provisions.oov.catchment.vo_share': expected a share the provision admits (it takes no po "
     "pupils: vo_share = 1), found 0.8"},
    {"catchment vo_share above 1", "\n[provisions.treatment.catchment]\nvo_share = 1.5\n",
     "4:12: key 'provisions.treatment.catchment.vo_share': expected a number in [0, 1], found 1.5"},
};

}  // namespace

TEST_CASE("scenario errors: each bad input gives its one clear message") {
  for (const BadCase& c : CASES) {
    const std::string text = std::string("base = \"midden-holland.toml\"\n") + c.toml;
    const std::string message = error_of(text);
    INFO("case: " << std::string(c.name) << "\nmessage: " << message);
    CHECK(message.rfind(PRETEND, 0) == 0);  // starts with the file that holds the mistake
    CHECK(message.find(c.expected) != std::string::npos);
  }
  CHECK(CASES.size() >= 25);
}

TEST_CASE("scenario errors: cycles in base name the chain") {
  const std::string dir = std::string(OZSIM_SOURCE_DIR) + "/tests/params/data/";
  try {
    scenario::load_scenario(dir + "bad_cycle_a.toml");
    FAIL("expected an error");
  } catch (const params::InputError& e) {
    CHECK(std::string(e.what()).find("bad_cycle_a.toml -> ") != std::string::npos);
  }
}

TEST_CASE("scenario errors: a --set override of an unknown key and a bad value") {
  const std::string path = std::string(OZSIM_SOURCE_DIR) + "/scenarios/tiny.toml";
  CHECK_THROWS_WITH_AS(
      scenario::load_scenario(path, {"provisions.oov.capacty=4"}),
      doctest::Contains("unknown key 'provisions.oov.capacty' (did you mean 'provisions.oov.capacity'?)"),
      params::InputError);
  CHECK_THROWS_WITH_AS(
      scenario::load_scenario(path, {"provisions.oov.capacity=-4"}),
      doctest::Contains("--set: key 'provisions.oov.capacity': expected an integer >= 0, found -4"),
      params::InputError);
}

TEST_CASE("every bundled scenario validates") {
  for (const char* file : {"midden-holland.toml", "tiny.toml", "nederland.toml"}) {
    INFO(file);
    CHECK_NOTHROW(scenario::load_scenario(std::string(OZSIM_SOURCE_DIR) + "/scenarios/" + file));
  }
}

namespace {

// A scenario in a fresh directory with a projection CSV beside it.
std::string projection_error(const std::string& csv_text, model::ScenarioConfig* out = nullptr) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "ozsim_projection_test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "projection.csv") << csv_text;
  const std::string text =
      "base = \"" + std::string(OZSIM_SOURCE_DIR) +
      "/scenarios/midden-holland.toml\"\n[population]\nprojection_csv = \"projection.csv\"\n";
  try {
    const params::ParamTree tree = params::ParamTree::parse_string(text, (dir / "scenario.toml").string());
    model::ScenarioConfig config = scenario::build_config(tree);
    if (out != nullptr) *out = std::move(config);
  } catch (const params::InputError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("population projection CSV: read by year, and bad rows named by file and line") {
  model::ScenarioConfig config;
  REQUIRE(projection_error("year,intake,migration_in\n2021,2800,400\n2023, 2700 ,380\n", &config) ==
          "(no error)");
  REQUIRE(config.population.intake.size() == 2);
  CHECK(model::count_in_year(config.population.intake, 2020) == 2800);  // before the first year: the first
  CHECK(model::count_in_year(config.population.intake, 2022) == 2800);
  CHECK(model::count_in_year(config.population.intake, 2030) == 2700);
  CHECK(model::count_in_year(config.population.migration_in, 2023) == 380);

  CHECK(projection_error("year,intake\n2021,2800\n2022,many\n")
            .find("projection.csv:3: key 'population.projection_csv': expected column 'intake': an integer "
                  "in [0, "
                  "100000000], found 'many'") != std::string::npos);
  CHECK(
      projection_error("year,intake\n2022,2800\n2021,2800\n")
          .find(
              "projection.csv:3: key 'population.projection_csv': expected column 'year': a year after 2022, "
              "found 2021") != std::string::npos);
  CHECK(
      projection_error("yr,intake\n2022,2800\n")
          .find(
              "projection.csv:1: key 'population.projection_csv': expected a header naming the columns year "
              "and intake") != std::string::npos);
  CHECK(projection_error("year,intake\n")
            .find("expected a header and at least one year row, found no year rows") != std::string::npos);
}
