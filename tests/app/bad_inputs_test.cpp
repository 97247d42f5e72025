// Bad input, table-driven: every row is one command line that must stop with
// exit code 2 before anything is simulated, and the exact first line of its
// message. Every bad_*.toml in tests/scenario/data is rejected by `ozsim
// validate` with exactly the message in the .expected file beside it.
// Placeholders: @S@ tiny.toml, @D@ tests/app/data, @T@ a scratch directory,
// @M@ and @P@ the bundled calibration targets and priors.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct BadInput {
  const char* arguments;
  const char* first_line;
};

const std::vector<BadInput> BAD_FLAGS = {
    {"run @S@ --seed -1", "--seed: expected a whole number from 0 to 18446744073709551615, found -1"},
    {"run @S@ --seed 1e23", "--seed: expected a whole number from 0 to 18446744073709551615, found 1e23"},
    {"run @S@ --seed 18446744073709551616",
     "--seed: expected a whole number from 0 to 18446744073709551615, found 18446744073709551616"},
    {"run @S@ --seed 0x10", "--seed: expected a whole number from 0 to 18446744073709551615, found 0x10"},
    {"run @S@ --seed 1.5", "--seed: expected a whole number from 0 to 18446744073709551615, found 1.5"},
    {"run @S@ --seed ''", "--seed: expected a whole number from 0 to 18446744073709551615, found "},
    {"run @S@ --threads -1", "--threads: expected a whole number from 0 to 18446744073709551615, found -1"},
    {"run @S@ --threads 2.5", "--threads: expected a whole number from 0 to 18446744073709551615, found 2.5"},
    {"run @S@ --years nan", "--years: expected a finite number, found nan"},
    {"run @S@ --years -inf",
     "--years: Value -inf not in range 0.000000 to "
     "1797693134862315708145274237317043567980705675258449965989174768031572607800285387605895586327668781715"
     "4045895351438246423432132688946418276846754670353751698604991057655128207624549009038932894407586850845"
     "5133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368"
     ".000000"},
    {"run @S@ --years NaN", "--years: expected a finite number, found NaN"},
    {"run @S@ --years 3.1",
     "ozsim: error: --set: key 'simulation.years': expected a horizon that holds at least one complete "
     "school year after the warm-up of 3 years, so at least 4 (raise --years or simulation.years, or lower "
     "simulation.warmup_years with --set simulation.warmup_years=N), found 3.1"},
    {"run @S@ --years 0",
     "--years: Value 0 not in range 0.000000 to "
     "1797693134862315708145274237317043567980705675258449965989174768031572607800285387605895586327668781715"
     "4045895351438246423432132688946418276846754670353751698604991057655128207624549009038932894407586850845"
     "5133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368"
     ".000000"},
    {"run @S@ -r 0", "--replications: Value 0 not in range 1 to 100000"},
    {"run @S@ -r 100001", "--replications: Value 100001 not in range 1 to 100000"},
    {"run @S@ -r -5", "--replications: Value -5 not in range 1 to 100000"},
    {"run @S@ -r 1e3", "--replications: Value 1e3 not in range 1 to 100000"},
    {"run @S@ --out ''",
     "ozsim: error: --out: the output directory is empty; give a directory such as --out out/run"},
    {"run @S@ --out /",
     "ozsim: error: --out: '/' is the root directory; ozsim replaces its output folder as a whole, give a "
     "directory of its own"},
    {"run @S@ --out @T@/file", "ozsim: error: --out: '@T@/file' exists and is not a directory"},
    {"run @S@ --out @T@/foreign",
     "ozsim: error: --out: '@T@/foreign' holds files that no ozsim manifest.json lists (notes.txt); ozsim "
     "replaces its output folder as a whole, so remove them or choose another directory"},
    {"run @S@ --set provisions.oov.capacity=-1",
     "ozsim: error: --set: key 'provisions.oov.capacity': expected an integer >= 0, found -1"},
    {"run @S@ --set simulation.years=nan",
     "ozsim: error: --set: key 'simulation.years': expected a finite number, found nan"},
    {"run @S@ --set simulation.seed=3", "ozsim: error: --set: unknown key 'simulation.seed'"},
    {"run @T@/missing.toml", "scenario: File does not exist: @T@/missing.toml"},
    {"validate @S@ --set simulation.years=3.5",
     "ozsim: error: --set: key 'simulation.years': expected a horizon that holds at least one complete "
     "school year after the warm-up of 3 years, so at least 4 (raise --years or simulation.years, or lower "
     "simulation.warmup_years with --set simulation.warmup_years=N), found 3.5"},
    {"compare @S@ @S@ --seed -1", "--seed: expected a whole number from 0 to 18446744073709551615, found -1"},
    {"compare @S@ @S@ --value-per-home-month nan",
     "--value-per-home-month: expected a finite number, found nan"},
    {"compare @S@ @S@ --value-per-home-month inf",
     "--value-per-home-month: Value inf not in range 0.000000 to "
     "1797693134862315708145274237317043567980705675258449965989174768031572607800285387605895586327668781715"
     "4045895351438246423432132688946418276846754670353751698604991057655128207624549009038932894407586850845"
     "5133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368"
     ".000000"},
    {"compare @S@ @S@ --value-per-home-month -1",
     "--value-per-home-month: Value -1 not in range 0.000000 to "
     "1797693134862315708145274237317043567980705675258449965989174768031572607800285387605895586327668781715"
     "4045895351438246423432132688946418276846754670353751698604991057655128207624549009038932894407586850845"
     "5133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368"
     ".000000"},
    {"compare @S@ @S@ --discount-rate nan", "--discount-rate: expected a finite number, found nan"},
    {"compare @S@ @S@ --discount-rate 2", "--discount-rate: Value 2 not in range 0.000000 to 1.000000"},
    {"compare @S@ @S@ -r 1", "--replications: Value 1 not in range 2 to 100000"},
    {"compare @S@ @S@ --threads -3",
     "--threads: expected a whole number from 0 to 18446744073709551615, found -3"},
    {"compare @S@ @S@ --out ''",
     "ozsim: error: --out: the output directory is empty; give a directory such as --out out/run"},
    {"compare @S@ @S@ --out /",
     "ozsim: error: --out: '/' is the root directory; ozsim replaces its output folder as a whole, give a "
     "directory of its own"},
    {"compare @S@",
     "scenarios: a BASE and at least one ALT scenario or --apply LEVER.toml are needed, received 1 scenario"},
    {"sweep @S@ --set provisions.oov.capacity=1,2 --seed 1e23",
     "--seed: expected a whole number from 0 to 18446744073709551615, found 1e23"},
    {"sweep @S@ --set provisions.oov.capacity=1,2 -r -1",
     "--replications: Value -1 not in range 1 to 100000"},
    {"sweep @S@ --set provisions.oov.capacity=1,2 --out /",
     "ozsim: error: --out: '/' is the root directory; ozsim replaces its output folder as a whole, give a "
     "directory of its own"},
    {"sweep @S@ --set provisions.oov.capacity=1,2 --threads nan",
     "--threads: expected a whole number from 0 to 18446744073709551615, found nan"},
    {"sweep @S@ --set provisions.oov.capacity", "--set 'provisions.oov.capacity': expected KEY=V1,V2,..."},
    {"calibrate @S@ --targets @M@ --priors @P@ --wall-clock nan",
     "--wall-clock: expected a finite number, found nan"},
    {"calibrate @S@ --targets @M@ --priors @P@ --predictive-draws -1",
     "--predictive-draws: Value -1 not in range 2 to 10000000"},
    // 0 or 1 draws made fit.csv's predictive sd 0 (or empty intervals) and every observation "outside".
    {"calibrate @S@ --targets @M@ --priors @P@ --predictive-draws 0",
     "--predictive-draws: Value 0 not in range 2 to 10000000"},
    {"calibrate @S@ --targets @M@ --priors @P@ --predictive-draws 1",
     "--predictive-draws: Value 1 not in range 2 to 10000000"},
    {"calibrate @S@ --targets @M@ --priors @P@ --particles 0",
     "--particles: Value 0 not in range 1 to 10000000"},
    {"calibrate @S@ --targets @M@ --priors @P@ --wall-clock inf",
     "--wall-clock: Value inf not in range 0.000000 to "
     "1797693134862315708145274237317043567980705675258449965989174768031572607800285387605895586327668781715"
     "4045895351438246423432132688946418276846754670353751698604991057655128207624549009038932894407586850845"
     "5133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368"
     ".000000"},
    {"calibrate @S@ --targets @M@ --priors @P@ --target-acceptance nan",
     "--target-acceptance: expected a finite number, found nan"},
    {"calibrate @S@ --targets @M@ --priors @P@ --min-ess nan",
     "--min-ess: expected a finite number, found nan"},
    {"calibrate @S@ --targets @M@ --priors @P@ --max-simulations -1",
     "--max-simulations: expected a whole number from 0 to 18446744073709551615, found -1"},
    // Stopped with exit 1 and "... before generation 0 was complete: raise the limit" after 5 runs.
    {"calibrate @S@ --targets @D@/tiny_targets.toml --priors @D@/tiny_priors.toml --particles 20 "
     "--max-simulations 5",
     "ozsim: error: --max-simulations: expected at least --particles x --replications = 20 x 1 model runs "
     "(generation 0 runs every particle at least once), found 5"},
    // Stopped with exit 1 and "... before generation 0 was complete: raise the limit", naming no flag. The
    // limit is checked after each model run, so no particle is accepted within a microsecond.
    {"calibrate @S@ --targets @D@/tiny_targets.toml --priors @D@/tiny_priors.toml --particles 20 "
     "--wall-clock 0.000001",
     "ozsim: error: --wall-clock: expected enough seconds for generation 0 to accept all 20 particles (0 = "
     "no "
     "limit), found 1e-06 (0 of 20 particles accepted before it ran out)"},
    {"calibrate @S@ --targets @D@/tiny_targets.toml --priors @D@/tiny_priors.toml --particles 20 "
     "--wall-clock 0.000001 --method rejection",
     "ozsim: error: --wall-clock: expected enough seconds for ABC rejection to accept one particle (0 = no "
     "limit), found 1e-06 (0 of 20 particles accepted before it ran out)"},
    {"calibrate @S@ --targets @M@ --priors @P@ --seed -1",
     "--seed: expected a whole number from 0 to 18446744073709551615, found -1"},
    {"calibrate @S@ --targets @M@ --priors @P@ --generations 0",
     "--generations: Value 0 not in range 1 to 100000"},
    {"calibrate @S@ --targets @M@ --priors @P@ --method smc",
     "--method: smc not in {abc-smc,rejection,synthetic-likelihood,resample-move}"},
    {"calibrate @S@ --targets @M@ --priors @P@ --normalisation max",
     "--normalisation: max not in {best-seen,peak}"},
    {"calibrate @S@ --targets @D@/bad_targets_no_name.toml --priors @P@",
     "ozsim: error: @D@/bad_targets_no_name.toml:2:1: key 'target.0.name': expected a string (the target's "
     "name), found nothing (this [[target]] has no 'name')"},
    {"calibrate @S@ --targets @D@/bad_targets_deep.toml --priors @P@",
     "ozsim: error: @D@/bad_targets_deep.toml:3:37: TOML nested more than 32 arrays or inline tables deep; "
     "parameter files need only a few levels"},
    {"calibrate @S@ --targets @M@ --priors @D@/bad_priors_no_params.toml",
     "ozsim: error: @D@/bad_priors_no_params.toml:2:1: key 'parameter.0.params': expected a list of numbers "
     "(the prior's parameters), found nothing (this [[parameter]] has no 'params')"},
    {"calibrate @S@ --targets @M@ --priors @D@/bad_priors_deep_key.toml",
     "ozsim: error: @D@/bad_priors_deep_key.toml:2:2: a dotted key or table header of more than 64 parts; "
     "parameter files need only a few"},
    {"calibrate @S@ --targets @D@/bad_targets_unknown_kpi.toml --priors @D@/tiny_priors.toml",
     "ozsim: error: @D@/bad_targets_unknown_kpi.toml:3:7: key 'target.0.kpi': expected a KPI name of the "
     "catalogue (ozsim --help-kpis lists every family), found \"count.thuiszittr\" (did you mean "
     "'count.thuiszitter'?)"},
    {"calibrate @S@ --targets @D@/bad_targets_year_outside.toml --priors @D@/tiny_priors.toml",
     "ozsim: error: @D@/bad_targets_year_outside.toml:3:7: key 'target.0.kpi': expected an output the model "
     "reports for this scenario (its reported school years start in 2019..2024), found "
     "\"count.thuiszitter.2030\" (did you mean 'count.thuiszitter.2020'?)"},
    {"calibrate @S@ --targets @D@/bad_targets_se_and_range.toml --priors @D@/tiny_priors.toml",
     "ozsim: error: @D@/bad_targets_se_and_range.toml:6:9: key 'target.0.range': expected exactly one of "
     "'std_error' and 'range' per target, found both"},
    {"calibrate @S@ --targets @D@/bad_targets_range_excludes_observed.toml --priors @D@/tiny_priors.toml",
     "ozsim: error: @D@/bad_targets_range_excludes_observed.toml:5:9: key 'target.0.range': expected a range "
     "containing the observed value 5, found [1, 3]"},
    {"calibrate @S@ --targets @D@/bad_targets_infinite_range.toml --priors @D@/tiny_priors.toml",
     "ozsim: error: @D@/bad_targets_infinite_range.toml:5:9: key 'target.0.range': expected [low, high] "
     "whose width high - low is a finite number, found [-1e+308, 1e+308]"},
    {"calibrate @S@ --targets @D@/bad_targets_duplicate_name.toml --priors @D@/tiny_priors.toml",
     "ozsim: error: @D@/bad_targets_duplicate_name.toml:8:8: key 'target.1.name': expected a name not used "
     "by another target, found \"thuiszitters\", already used at @D@/bad_targets_duplicate_name.toml:2:8"},
    {"calibrate @S@ --targets @D@/bad_targets_negative_std_error.toml --priors @D@/tiny_priors.toml",
     "ozsim: error: @D@/bad_targets_negative_std_error.toml:5:13: key 'target.0.std_error': expected a "
     "number > 0, found -1"},
    {"calibrate @S@ --targets @D@/bad_targets_nan_observed.toml --priors @D@/tiny_priors.toml",
     "ozsim: error: @D@/bad_targets_nan_observed.toml:4:12: key 'target.0.observed': expected a finite "
     "number, found nan"},
    {"calibrate @S@ --targets @D@/bad_targets_all_weight_zero.toml --priors @D@/tiny_priors.toml",
     "ozsim: error: @D@/bad_targets_all_weight_zero.toml:6:10: key 'target.0.weight': expected at least one "
     "target with weight > 0, found all 0"},
    {"calibrate @S@ --targets @D@/bad_targets_misspelt_field.toml --priors @D@/tiny_priors.toml",
     "ozsim: error: @D@/bad_targets_misspelt_field.toml:2:1: key 'target.0.observed': expected a number (the "
     "observed value), found nothing (this [[target]] has no 'observed'; is 'observd' a misspelling?)"},
    {"calibrate @S@ --targets @D@/tiny_targets.toml --priors @D@/bad_priors_unknown_key.toml",
     "ozsim: error: @D@/bad_priors_unknown_key.toml:2:7: key 'parameter.0.key': expected a numeric scenario "
     "key, found \"provisions.oov.capacty\" (not a scenario key; did you mean 'provisions.oov.capacity'?)"},
    {"calibrate @S@ --targets @D@/tiny_targets.toml --priors @D@/bad_priors_unknown_kind.toml",
     "ozsim: error: @D@/bad_priors_unknown_kind.toml:3:9: key 'parameter.0.prior': expected one of "
     "\"uniform\", \"log-uniform\", \"normal\", \"truncated-normal\", \"beta\", found a string \"gamma\""},
    {"calibrate @S@ --targets @D@/tiny_targets.toml --priors @D@/bad_priors_reversed_bounds.toml",
     "ozsim: error: @D@/bad_priors_reversed_bounds.toml:4:10: key 'parameter.0.params': expected [low, high] "
     "for a uniform prior, found [0.03, 0.005]: low (0.03) must be less than high (0.005)"},
    {"calibrate @S@ --targets @D@/tiny_targets.toml --priors @D@/bad_priors_log_uniform_zero.toml",
     "ozsim: error: @D@/bad_priors_log_uniform_zero.toml:4:10: key 'parameter.0.params': expected [low, "
     "high] with 0 < low for a log-uniform prior, found [0, 0.03]: low (0) must be positive for a "
     "log-uniform prior"},
    {"calibrate @S@ --targets @D@/tiny_targets.toml --priors @D@/bad_priors_constraint_unknown.toml",
     "ozsim: error: @D@/bad_priors_constraint_unknown.toml:7:14: key 'constraint.0.expression': expected a "
     "linear inequality over the declared parameters, found \"onset.hazard_per_year.po < 0.01\": unknown "
     "parameter 'onset.hazard_per_year.po' (did you mean 'onset.hazard_per_year.vo'?); declared parameters: "
     "onset.hazard_per_year.vo"},
    {"calibrate @S@ --targets @D@/tiny_targets.toml --priors @D@/bad_priors_duplicate_key.toml",
     "ozsim: error: @D@/bad_priors_duplicate_key.toml:7:7: key 'parameter.1.key': expected a key not freed "
     "by another [[parameter]], found \"onset.hazard_per_year.vo\", already freed at "
     "@D@/bad_priors_duplicate_key.toml:2:7"},
    {"calibrate @S@ --targets @D@/tiny_targets.toml --priors @D@/bad_priors_text_key.toml",
     "ozsim: error: @D@/bad_priors_text_key.toml:2:7: key 'parameter.0.key': expected a numeric scenario "
     "key, found \"name\" (a string \"tiny\" in the scenario)"},
    {"calibrate @S@ --targets @D@/tiny_targets.toml --priors @D@/bad_priors_nan_params.toml",
     "ozsim: error: @D@/bad_priors_nan_params.toml:4:10: key 'parameter.0.params': expected a list of "
     "numbers, found nan at index 0"},
    {"calibrate @S@ --targets @D@/tiny_targets.toml --priors @D@/bad_priors_wrong_count.toml",
     "ozsim: error: @D@/bad_priors_wrong_count.toml:4:10: key 'parameter.0.params': expected [mean, sd, low, "
     "high] for a truncated-normal prior, found [0.01, 0.005]"},
    // Stopped mid-run at the first draw below 0, "(calibration): key 'provisions.oov.capacity': ...".
    {"calibrate @S@ --targets @D@/tiny_targets.toml --priors @D@/bad_priors_outside_range.toml",
     "ozsim: error: @D@/bad_priors_outside_range.toml:3:7: key 'parameter.0.prior': expected a prior inside "
     "the range of 'provisions.oov.capacity' (an integer >= 0), found normal(1, 2), whose values run from "
     "-inf to inf"},
    {"sensitivity @S@ --params @D@/bad_priors_outside_range.toml",
     "ozsim: error: @D@/bad_priors_outside_range.toml:3:7: key 'parameter.0.prior': expected a prior inside "
     "the range of 'provisions.oov.capacity' (an integer >= 0), found normal(1, 2), whose values run from "
     "-inf to inf"},
    {"calibrate @S@ --targets @D@/bad_targets_empty_item.toml --priors @D@/tiny_priors.toml",
     "ozsim: error: @D@/bad_targets_empty_item.toml:1:1: key 'target.1.name': expected a string (the "
     "target's "
     "name), found nothing ([[target]] number 2 is empty)"},
    {"calibrate @S@ --targets @D@/tiny_targets.toml --priors @D@/bad_priors_empty_item.toml",
     "ozsim: error: @D@/bad_priors_empty_item.toml:1:1: key 'parameter.0.key': expected a string (the "
     "scenario "
     "key made free), found nothing ([[parameter]] number 1 is empty)"},
    {"calibrate @S@ --targets @D@/tiny_targets.toml --priors @D@/tiny_priors.toml --resume --out @T@/cal",
     "ozsim: error: --resume: no checkpoint to resume from: neither '@T@/cal.checkpoint.json' nor "
     "'@T@/cal/checkpoint.json' exists"},
    // Finite input whose results overflow: stopped before anything is written.
    {"run @D@/huge_cost.toml -r 2",
     "ozsim: error: @D@/huge_cost.toml: scenario 'huge-cost': KPI 'cost.gemeente.2019': its mean over 2 "
     "replications came out not a number although every input is finite; a "
     "scenario value is too large for the arithmetic (doubles end near 1.8e308: look for costs, counts or "
     "capacities near that), so nothing was written"},
    {"compare @S@ @D@/huge_cost.toml -r 2",
     "ozsim: error: @D@/huge_cost.toml: scenario 'huge-cost': KPI 'cost.gemeente.2019': its mean over 2 "
     "replications came out not a number although every input is finite; a "
     "scenario value is too large for the arithmetic (doubles end near 1.8e308: look for costs, counts or "
     "capacities near that), so nothing was written"},
    {"sweep @S@ -r 2 --set provisions.dagbesteding.cost.per_pupil_day=1e308",
     "ozsim: error: @S@: scenario 'sweep point 0 (provisions.dagbesteding.cost.per_pupil_day=1e308)': KPI "
     "'cost.gemeente.2019': its mean over 2 replications came out not a number although every input is "
     "finite; a "
     "scenario value is too large for the arithmetic (doubles end near 1.8e308: look for costs, counts or "
     "capacities near that), so nothing was written"},
    {"sensitivity @S@ --params @P@ --seed -1",
     "--seed: expected a whole number from 0 to 18446744073709551615, found -1"},
    {"sensitivity @S@ --params @P@ --trajectories -2", "--trajectories: Value -2 not in range 2 to 100000"},
    {"sensitivity @S@ --params @P@ --levels nan", "--levels: Value nan not in range 2 to 1000"},
    {"sensitivity @S@ --params @P@ --out ''",
     "ozsim: error: --out: the output directory is empty; give a directory such as --out out/run"},
    {"sensitivity @S@ --params @P@ -r -1", "--replications: Value -1 not in range 1 to 100000"},
    // Refused by the screening itself after the folder was opened, with exit 1 and no word of the flag.
    {"sensitivity @S@ --params @P@ -r 0", "--replications: Value 0 not in range 1 to 100000"},
    {"sensitivity @S@ --params @P@ --levels 3", "--levels: expected an even number from 2 to 1000, found 3"},
    // Refused only after every model run (exit 1, "Morris: the model did not report KPI ...").
    {"sensitivity @S@ --params @D@/tiny_priors.toml --kpi count.thuiszittr",
     "ozsim: error: --kpi: expected a KPI this scenario reports (ozsim --help-kpis lists every family), "
     "found \"count.thuiszittr\" (did you mean 'count.thuiszitter'?)"},
    {"sensitivity @S@ --params @D@/tiny_priors.toml --method sobol --samples 4 --kpi count.thuiszitter "
     "--kpi wait_days.sbo.maen",
     "ozsim: error: --kpi: expected a KPI this scenario reports (ozsim --help-kpis lists every family), "
     "found \"wait_days.sbo.maen\" (did you mean 'wait_days.sbo.mean'?)"},
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string substitute(std::string text, const std::vector<std::pair<std::string, std::string>>& values) {
  for (const auto& [from, to] : values)
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  return text;
}

struct Scratch {
  fs::path path = fs::temp_directory_path() / ("ozsim_test_bad_inputs_" + std::to_string(::getpid()));
  Scratch() {
    fs::remove_all(path);
    fs::create_directories(path / "foreign");
    std::ofstream(path / "foreign" / "notes.txt") << "not ozsim's";
    std::ofstream(path / "file") << "a file";
  }
  ~Scratch() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

}  // namespace

TEST_CASE("bad input: every flag row exits 2 with its exact message and writes nothing") {
  Scratch scratch;
  const std::string source = OZSIM_SOURCE_DIR;
  const std::vector<std::pair<std::string, std::string>> values = {
      {"@S@", source + "/scenarios/tiny.toml"},
      {"@D@", source + "/tests/app/data"},
      {"@T@", scratch.path.string()},
      {"@M@", source + "/calibration/midden-holland/targets.toml"},
      {"@P@", source + "/calibration/midden-holland/priors.toml"}};
  CHECK(BAD_FLAGS.size() >= 60);
  for (const BadInput& row : BAD_FLAGS) {
    CAPTURE(row.arguments);
    const fs::path log = scratch.path / "log.txt";
    // Run inside the scratch directory, so that a default --out would land there.
    const std::string command = "cd '" + scratch.path.string() + "' && '" + OZSIM_BINARY + "' " +
                                substitute(row.arguments, values) + " > /dev/null 2> '" + log.string() + "'";
    const int status = std::system(command.c_str());
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 2);
    const std::string message = read_file(log);
    CHECK(message.substr(0, message.find('\n')) == substitute(row.first_line, values));
    std::vector<std::string> left;
    for (const auto& entry : fs::directory_iterator(scratch.path))
      left.push_back(entry.path().filename().string());
    std::sort(left.begin(), left.end());
    CHECK(left == std::vector<std::string>{"file", "foreign", "log.txt"});
    CHECK(read_file(scratch.path / "foreign" / "notes.txt") == "not ozsim's");
  }
}

TEST_CASE(
    "bad input: every tests/scenario/data/bad_*.toml is rejected by validate with its .expected message") {
  const fs::path data = fs::path(OZSIM_SOURCE_DIR) / "tests" / "scenario" / "data";
  std::size_t cases = 0;
  for (const auto& entry : fs::directory_iterator(data)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("bad_", 0) != 0 || entry.path().extension() != ".toml") continue;
    CAPTURE(name);
    const fs::path expected = fs::path(entry.path()).replace_extension(".expected");
    REQUIRE(fs::exists(expected));
    const fs::path log =
        fs::temp_directory_path() / ("ozsim_test_bad_scenario_" + std::to_string(::getpid()));
    const std::string command = "cd '" + data.string() + "' && '" + OZSIM_BINARY + "' validate '" + name +
                                "' > /dev/null 2> '" + log.string() + "'";
    const int status = std::system(command.c_str());
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 2);
    CHECK(read_file(log) == read_file(expected));
    fs::remove(log);
    ++cases;
  }
  CHECK(cases >= 17);
}

namespace {

// A checkpoint edited by hand or from another calibration: the value at `path` (dotted keys, each found
// after the previous one; empty = the whole file) replaced by `value`, then `calibrate --resume` with
// `extra` arguments. The message names the checkpoint as @K@.
struct BadCheckpoint {
  const char* path;
  const char* value;
  const char* extra;
  const char* first_line;
};

const std::vector<BadCheckpoint> BAD_CHECKPOINTS = {
    {"", "{", "",
     "ozsim: error: @K@: cannot read checkpoint: parse error at line 1, column 2: syntax error while parsing "
     "object key - unexpected end of input; expected string literal"},
    {"", "[]", "",
     "ozsim: error: @K@: cannot read checkpoint: format: expected \"ozsim-abc-checkpoint\" (this is not an "
     "ozsim calibration checkpoint), found a JSON array where an object belongs"},
    {"format", "\"ozsim\"", "",
     "ozsim: error: @K@: cannot read checkpoint: format: expected \"ozsim-abc-checkpoint\" (this is not an "
     "ozsim calibration checkpoint), found \"ozsim\""},
    {"version", "1", "",
     "ozsim: error: @K@: cannot read checkpoint: version: expected 4 (written by this ozsim), found 1; rerun "
     "without --resume"},
    {"history", "[]", "",
     "ozsim: error: @K@: cannot read checkpoint: history: expected one entry per generation 0..1, found []"},
    {"particles", "\"3\"", "",
     "ozsim: error: @K@: cannot read checkpoint: particles: expected a non-negative integer, found \"3\""},
    {"particles", "4", "",
     "ozsim: error: @K@: cannot read checkpoint: population.particles: expected 4 particles, found 3"},
    {"seed", "-1", "",
     "ozsim: error: @K@: cannot read checkpoint: seed: expected a non-negative integer, found -1"},
    {"method", "\"rejection\"", "",
     "ozsim: error: @K@: cannot read checkpoint: method: expected \"abc-smc\", \"synthetic-likelihood\" or "
     "\"resample-move\" (rejection writes no checkpoint), found \"rejection\""},
    {"generation", "5", "",
     "ozsim: error: @K@: cannot read checkpoint: history: expected 6 entries (generations 0..5), found 2"},
    {"temperature", "\"0x1p+1\"", "",
     "ozsim: error: @K@: cannot read checkpoint: history[0].temperature: expected inf (generation 0 keeps "
     "every prior draw), found 0x1p+1"},
    {"parameters.temperature", "\"0x1p+1\"", "",
     "ozsim: error: @K@: cannot read checkpoint: temperature: expected the last history entry's, found "
     "0x1p+1"},
    {"total_simulations", "7", "",
     "ozsim: error: @K@: cannot read checkpoint: total_simulations: expected the history's sum 18, found 7"},
    {"acceptance_rate", "\"0x1p+1\"", "",
     "ozsim: error: @K@: cannot read checkpoint: history[0].acceptance_rate: expected a share in [0, 1], "
     "found 0x1p+1"},
    {"truncated", "\"0\"", "",
     "ozsim: error: @K@: cannot read checkpoint: history[0].truncated: expected a non-negative integer, "
     "found "
     "\"0\""},
    {"log_normaliser", "\"0x1p+0\"", "",
     "ozsim: error: @K@: cannot read checkpoint: history[0].log_normaliser: expected a finite number <= 0, "
     "found 0x1p+0"},
    {"fingerprint.targets", "\"xyz\"", "",
     "ozsim: error: @K@: cannot read checkpoint: fingerprint.targets: expected 16 hex digits, found \"xyz\""},
    {"population.weights", "[\"nan\", \"0x1p-1\", \"0x1p-1\"]", "",
     "ozsim: error: @K@: cannot read checkpoint: population.weights[0]: expected a finite weight >= 0, found "
     "nan"},
    {"population.weights", "[\"0x1p-1\", \"0x1p-1\", \"0x1p-1\"]", "",
     "ozsim: error: @K@: cannot read checkpoint: population.weights: expected weights summing to 1, found a "
     "sum of 0x1.8p+0"},
    {"population.particles", "[[\"0x1p-6\"], [\"0x1p-6\"]]", "",
     "ozsim: error: @K@: cannot read checkpoint: population.particles: expected 3 particles, found 2"},
    {"population.particles", "[[\"0x1p-6\", \"0x1p-6\"], [\"0x1p-6\"], [\"0x1p-6\"]]", "",
     "ozsim: error: @K@: cannot read checkpoint: population.particles[0]: expected 1 values, found 2"},
    {"population.particles", "[[\"0x1p-6\"], [\"0x1p-6\"], [\"0x1p+3\"]]", "",
     "ozsim: error: @K@: cannot read checkpoint: population.particles[2]: expected values inside the priors' "
     "support and constraints, found [8.0]"},
    {"population.log_likelihoods", "[\"0x1p+0\", \"-0x1p+0\", \"-0x1p+0\"]", "",
     "ozsim: error: @K@: cannot read checkpoint: population.log_likelihoods[0]: expected a number <= 0, "
     "found "
     "0x1p+0"},
    {"", "", "--set onset.relapse_multiplier=2",
     "ozsim: error: @K@: refusing to resume: the scenario or its --set overrides differ from the calibration "
     "that wrote this checkpoint; rerun without --resume (or with another --out) to start afresh"},
    {"", "", "--priors @D@/tiny_priors_wide.toml",
     "ozsim: error: @K@: refusing to resume: the priors differ from the calibration that wrote this "
     "checkpoint; rerun without --resume (or with another --out) to start afresh"},
    {"", "", "--seed 2",
     "ozsim: error: @K@: refusing to resume: the settings (method, normalisation, seed, particles, "
     "replications or temperature schedule) differ from the calibration that wrote this checkpoint; rerun "
     "without --resume (or with another --out) to start afresh"},
    {"", "", "--normalisation peak",
     "ozsim: error: @K@: refusing to resume: the settings (method, normalisation, seed, particles, "
     "replications or temperature schedule) differ from the calibration that wrote this checkpoint; rerun "
     "without --resume (or with another --out) to start afresh"},
};

// `text` with the JSON value at `path` replaced (see BadCheckpoint); "" keeps the text.
std::string with_value(std::string text, const std::string& path, const std::string& value) {
  if (path.empty()) return value.empty() ? text : value;
  std::size_t at = 0;
  for (std::size_t start = 0; start <= path.size();) {
    const std::size_t dot = std::min(path.find('.', start), path.size());
    at = text.find("\"" + path.substr(start, dot - start) + "\": ", at);
    REQUIRE(at != std::string::npos);
    at = text.find(": ", at) + 2;
    start = dot + 1;
  }
  std::size_t end = at;
  if (text[at] == '[' || text[at] == '{') {
    int depth = 0;
    do {
      depth += text[end] == '[' || text[end] == '{' ? 1 : text[end] == ']' || text[end] == '}' ? -1 : 0;
      ++end;
    } while (depth > 0);
  } else {
    end = text.find_first_of(",\n", at);
  }
  return text.replace(at, end - at, value);
}

}  // namespace

TEST_CASE("bad input: every damaged or mismatched checkpoint stops --resume with exit 2 and its message") {
  Scratch scratch;
  const std::string source = OZSIM_SOURCE_DIR;
  const std::string live = (scratch.path / "cal.checkpoint.json").string();
  const std::vector<std::pair<std::string, std::string>> values = {
      {"@S@", source + "/scenarios/tiny.toml"}, {"@D@", source + "/tests/app/data"}, {"@K@", live}};
  const std::string calibrate = "'" + std::string(OZSIM_BINARY) +
                                "' calibrate @S@ --targets @D@/tiny_targets.toml "
                                "--particles 3 --predictive-draws 2 --threads 1 ";
  const std::string made = "cd '" + scratch.path.string() + "' && " +
                           substitute(calibrate + "--priors @D@/tiny_priors.toml ", values) +
                           "--generations 2 --out good > /dev/null 2>&1";
  REQUIRE(std::system(made.c_str()) == 0);
  const std::string good = read_file(scratch.path / "good" / "checkpoint.json");
  REQUIRE(good.find("\"generation\": 1,") != std::string::npos);
  CHECK(BAD_CHECKPOINTS.size() >= 20);
  for (const BadCheckpoint& row : BAD_CHECKPOINTS) {
    const std::string row_text = std::string(row.path) + " = " + row.value + " " + row.extra;
    CAPTURE(row_text);
    const std::string damaged = with_value(good, row.path, row.value);
    std::ofstream(live, std::ios::binary) << damaged;
    const fs::path log = scratch.path / "log.txt";
    const std::string command = "cd '" + scratch.path.string() + "' && " + substitute(calibrate, values) +
                                "--generations 3 --resume --out cal " +
                                (std::string(row.extra).find("--priors") == std::string::npos
                                     ? substitute("--priors @D@/tiny_priors.toml ", values)
                                     : std::string()) +
                                substitute(row.extra, values) + " > /dev/null 2> '" + log.string() + "'";
    const int status = std::system(command.c_str());
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 2);
    const std::string message = read_file(log);
    CHECK(message.substr(0, message.find('\n')) == substitute(row.first_line, values));
    // Nothing written: no output folder, and the checkpoint as it was.
    CHECK_FALSE(fs::exists(scratch.path / "cal"));
    CHECK(read_file(live) == damaged);
  }
}
