// Policy levers ([interventions.NAME]): what each changes in the configuration
// (exact), what it changes in a run (fixed seeds, common random numbers), and
// the messages for interventions that refer to something missing.
#include "sim/model/interventions/interventions.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "sim/model/calendar.hpp"
#include "sim/model/run.hpp"
#include "sim/params/input_error.hpp"
#include "sim/scenario/scenario.hpp"

using namespace ozsim;

namespace {

const std::string SCENARIOS = std::string(OZSIM_SOURCE_DIR) + "/scenarios/";
const std::string PRETEND = SCENARIOS + "intervention_case.toml";

// The Midden-Holland baseline with `extra` written after it.
model::ScenarioConfig build(const std::string& extra, const std::string& base = "midden-holland.toml") {
  const params::ParamTree tree =
      params::ParamTree::parse_string("base = \"" + base + "\"\n" + extra, PRETEND);
  return scenario::build_config(tree);
}

std::string error_of(const std::string& extra) {
  try {
    build(extra);
  } catch (const params::InputError& e) {
    return e.what();
  }
  return "(no error)";
}

// Mean of KPIs over replications 0..reps-1 of master seed 7: the same seeds in every scenario.
double mean_kpi(const model::ScenarioConfig& c, const std::vector<std::string>& names,
                std::uint32_t reps = 3) {
  double sum = 0.0;
  for (std::uint32_t r = 0; r < reps; ++r) {
    const model::RunResult result = model::run_replication(c, 7, r);
    for (const std::string& name : names) {
      // A run reports only the flows that happened: a flow it lacks was zero.
      const auto it = result.kpis.find(name);
      if (it == result.kpis.end() && name.rfind("flow.", 0) == 0) continue;
      sum += result.kpis.at(name);
    }
  }
  return sum / reps;
}

const model::ProvisionConfig& provision(const model::ScenarioConfig& c, const char* name) {
  const int k = c.provision_index(name);
  REQUIRE(k >= 0);
  return c.provisions[static_cast<std::size_t>(k)];
}

const model::FreeSettingRules& rules_of(const model::ScenarioConfig& c, model::Setting s) {
  for (const model::FreeSettingRules& f : c.free_settings)
    if (f.setting == s) return f;
  FAIL("no rules");
  throw 0;
}

double probability_of(const model::RuleRow& row, const model::Destination& d) {
  double p = 0.0;
  for (std::size_t i = 0; i < row.to.size(); ++i)
    if (row.to[i] == d) p += row.probability[i];
  return p;
}

model::Destination to_provision(const model::ScenarioConfig& c, const char* name) {
  return {model::Destination::Type::Provision, static_cast<std::uint16_t>(c.provision_index(name))};
}

model::ScenarioConfig base_config() {
  return build("");
}

const model::Destination ATTENDING{model::Destination::Type::Setting,
                                   static_cast<std::uint16_t>(model::Setting::Attending)};

}  // namespace

TEST_CASE("intervention: a disabled or absent lever leaves the baseline configuration alone") {
  const model::ScenarioConfig base = build("");
  const model::ScenarioConfig off = build(
      "[interventions.opbouwarrangement]\nenabled = false\nplaces_per_location = 12\n"
      "[interventions.oov_length]\nenabled = false\n[interventions.mdo_escalation]\nenabled = false\n");
  const model::RunResult a = model::run_replication(base, 7, 0);
  const model::RunResult b = model::run_replication(off, 7, 0);
  CHECK(a.fingerprint == b.fingerprint);
  CHECK(a.kpis == b.kpis);
}

TEST_CASE("intervention opbouwarrangement: places, rules, cost and referral of the target group") {
  const model::ScenarioConfig c = build("[interventions.opbouwarrangement]\nenabled = true\n");
  const model::ProvisionConfig& pc = provision(c, "opbouwarrangement");
  CHECK(pc.capacity == 30);
  CHECK(pc.max_queue == std::size_t{0});
  REQUIRE(pc.fallback.size() == 1);
  CHECK(pc.fallback[0] == to_provision(c, "oov"));
  CHECK(pc.cost.per_place_year == doctest::Approx(631000.0 / 30.0));
  REQUIRE(pc.rules.size() == 1);
  CHECK(pc.rules[0].duration.mean() == doctest::Approx((182.0 + 365.0) / 2.0));
  CHECK(probability_of(pc.rules[0], to_provision(c, "oov")) == doctest::Approx(0.8));
  double payer_sum = 0.0;
  for (const auto& p : pc.cost.payers) payer_sum += p.share;
  CHECK(payer_sum == doctest::Approx(1.0));

  // The target group is referred during its absence (SpellReferralConfig), not where a spell ends: the
  // absence settings' rules stay the baseline's.
  const model::SpellReferralConfig& r =
      c.spell_referrals[static_cast<std::size_t>(model::SpellReferralSlot::Opbouwarrangement)];
  CHECK(r.enabled);
  CHECK(r.provision == c.provision_index("opbouwarrangement"));
  CHECK(r.after_days == doctest::Approx(60.0));
  CHECK(r.share == doctest::Approx(0.5));
  CHECK(r.from_settings ==
        std::vector<model::Setting>{model::Setting::Risicoleerling, model::Setting::Thuiszitter});
  CHECK(r.from_provisions.empty());
  CHECK(pc.eligible_levels == std::vector<model::Level>{model::Level::Vo});
  CHECK(pc.eligible_profiles == std::vector<model::Profile>{model::Profile::Internalising});
  const model::ScenarioConfig base = build("");
  CHECK(rules_of(c, model::Setting::Thuiszitter).rules.size() ==
        rules_of(base, model::Setting::Thuiszitter).rules.size());
  CHECK_FALSE(base.spell_referrals[0].enabled);
  CHECK_NOTHROW(c.validate());
}

TEST_CASE("intervention opbouwarrangement: referral during absence shortens it, more places take more") {
  const model::ScenarioConfig base = build("");
  // Few enough places to bind (the arrangement's 30 places fill).
  const model::ScenarioConfig small =
      build("[interventions.opbouwarrangement]\nenabled = true\nplaces_per_location = 1\n");
  const model::ScenarioConfig full =
      build("[interventions.opbouwarrangement]\nenabled = true\nplaces_per_location = 15\n");
  const double r0 = mean_kpi(base, {"count.risicoleerling"});
  const double r2 = mean_kpi(small, {"count.risicoleerling"});
  const double r15 = mean_kpi(full, {"count.risicoleerling"});
  INFO("risicoleerlingen on the peildatum: " << r0 << " " << r2 << " " << r15);
  CHECK(r2 < r0);
  CHECK(r15 < r2);
  CHECK(mean_kpi(full, {"entries.opbouwarrangement.per_year"}) >
        mean_kpi(small, {"entries.opbouwarrangement.per_year"}));
  // Its pupils come out of absence: every entry is a move from risicoleerling or thuiszitter.
  const double entries = mean_kpi(full, {"entries.opbouwarrangement.per_year"});
  const double from_absence = mean_kpi(full, {"flow.risicoleerling.opbouwarrangement.per_year",
                                              "flow.thuiszitter.opbouwarrangement.per_year"});
  CHECK(entries > 5.0);
  CHECK(from_absence == doctest::Approx(entries));
  CHECK(mean_kpi(base, {"entries.opbouwarrangement.per_year"}) == 0.0);
  // Thuiszitters among them leave home sooner.
  CHECK(mean_kpi(full, {"home.months.per_year"}) < mean_kpi(base, {"home.months.per_year"}));
}

TEST_CASE("intervention oov_length: 12 months reach the model as 12 months and cut OOV -> dagbesteding") {
  const model::ScenarioConfig base = build("");
  const model::ScenarioConfig c = build("[interventions.oov_length]\nenabled = true\n");
  const model::RuleRow& before = provision(base, "oov").rules[0];
  const model::RuleRow& after = provision(c, "oov").rules[0];
  CHECK(after.duration.mean() == doctest::Approx(12 * model::DAYS_PER_MONTH));
  CHECK(provision(build("[interventions.oov_length]\nenabled = true\nmonths = 9\n"), "oov")
            .rules[0]
            .duration.mean() == doctest::Approx(9 * model::DAYS_PER_MONTH));
  // The shape is kept: a uniform stays uniform, its spread scaled with its mean.
  CHECK(after.duration.kind() == before.duration.kind());
  CHECK(after.duration.variance() ==
        doctest::Approx(before.duration.variance() *
                        std::pow(after.duration.mean() / before.duration.mean(), 2)));
  const auto dag = to_provision(c, "dagbesteding");
  CHECK(probability_of(after, dag) == doctest::Approx(0.5 * probability_of(before, dag)));
  CHECK(probability_of(after, ATTENDING) ==
        doctest::Approx(probability_of(before, ATTENDING) + 0.5 * probability_of(before, dag)));
  // Care comes first: an OOV pupil who must wait for dagbesteding (or treatment) waits with excused
  // absence, so its move shows as OOV -> risicoleerling until the place comes; both count.
  const std::vector<std::string> to_care = {"flow.oov.dagbesteding.per_year",
                                            "flow.oov.risicoleerling.per_year"};
  const double f0 = mean_kpi(base, to_care);
  const double f12 = mean_kpi(c, to_care);
  INFO("OOV -> dagbesteding (directly or waiting) per year: " << f0 << " -> " << f12);
  CHECK(f12 < f0);
  CHECK(provision(build("[interventions.oov_length]\nenabled = true\ncapacity = 70\n"), "oov").capacity ==
        70);
}

TEST_CASE("intervention jos: a caseload of its own from its start year, cost 80/20, fewer risicoleerlingen") {
  // The baseline has JOS from 2022/23 (midden-holland.toml); switched off it has no caseload at all.
  const model::ScenarioConfig base = build("");
  const model::ScenarioConfig off = build("[interventions.jos]\nenabled = false\n");
  CHECK(off.jos.places == 0);
  CHECK(off.policy_starts.empty());
  REQUIRE(base.policy_starts.size() == 1);
  CHECK(base.policy_starts[0].year == 2022);
  CHECK(base.jos.places == 0);  // before 2022/23
  const model::ScenarioConfig& running = *base.policy_starts[0].config;
  // One youth worker per 1,000 VO pupils (the year groups aged 12-17 of midden-holland.toml), four cases
  // each.
  const double vo = 2871.0 + 2875.0 + 2879.0 + 2881.0 + 2744.0 + 1795.0;
  CHECK(running.jos.places == std::llround(vo / 1000.0 * 4.0));
  CHECK(running.jos.prevention_share == doctest::Approx(0.15));
  REQUIRE(running.programme_costs.size() == off.programme_costs.size() + 1);
  const model::ProgrammeCost& jos = running.programme_costs.back();
  CHECK(jos.per_year == doctest::Approx(70000.0 * vo / 1000.0));
  REQUIRE(jos.payers.size() == 2);
  CHECK(jos.payers[0].payer == "gemeente");
  CHECK(jos.payers[0].share == doctest::Approx(0.8));
  // The same hazards: JOS acts at the onset, not on it.
  CHECK(running.onset.hazard_per_year == off.onset.hazard_per_year);

  const model::RunResult with = model::run_replication(base, 7, 0);
  const model::RunResult without = model::run_replication(off, 7, 0);
  CHECK(with.kpis.at("jos.cases.per_year") > 0.0);
  CHECK(with.kpis.at("jos.prevented.per_year") > 0.0);
  CHECK(with.kpis.at("jos.prevented.per_year") < with.kpis.at("jos.cases.per_year"));
  CHECK(with.kpis.at("jos.prevented.2021") == 0.0);
  CHECK(without.kpis.at("jos.cases.per_year") == 0.0);
  CHECK(without.kpis.at("jos.occupancy") == 0.0);
  CHECK(with.kpis.at("jos.occupancy") <= static_cast<double>(running.jos.places));
  CHECK(mean_kpi(base, {"entries.risicoleerling.per_year"}) <
        mean_kpi(off, {"entries.risicoleerling.per_year"}));
  CHECK(with.kpis.at("cost.gemeente.per_year") > without.kpis.at("cost.gemeente.per_year"));
}

TEST_CASE("intervention jos: pupils JOS cannot take get no effect, an end year stops it in effect and cost") {
  // A caseload of one place that every case holds for a year: JOS takes a single case at a time, the others
  // wait on its list and are dropped after max_wait_days.
  const std::string tiny_jos =
      "[interventions.jos]\nworkers_per_1000_vo_pupils = 0.06\ncaseload = 1\nsupport_days = 365\n"
      "prevention_share = 1.0\nmax_wait_days = 30\n";
  const model::ScenarioConfig one = build(tiny_jos);
  REQUIRE(one.policy_starts.size() == 1);
  CHECK(one.policy_starts[0].config->jos.places == 1);
  const model::RunResult run = model::run_replication(one, 7, 0);
  // At most one case a year can be taken up, and every case taken up at once is prevented.
  CHECK(run.kpis.at("jos.cases.per_year") <= 1.0 + 1e-9);
  CHECK(run.kpis.at("jos.cases.per_year") > 0.0);
  CHECK(run.kpis.at("jos.queue") > 0.0);
  CHECK(run.kpis.at("jos.occupancy") <= 1.0);
  CHECK(mean_kpi(one, {"entries.risicoleerling.per_year"}) >
        mean_kpi(build(""), {"entries.risicoleerling.per_year"}));

  const model::ScenarioConfig stop = build("[interventions.jos]\nend_year = 2024\n");
  REQUIRE(stop.policy_starts.size() == 2);
  CHECK(stop.policy_starts[1].year == 2024);
  CHECK(stop.policy_starts[1].config->jos.places == 0);
  const model::RunResult stopped = model::run_replication(stop, 7, 0);
  const model::RunResult running = model::run_replication(build(""), 7, 0);
  CHECK(stopped.kpis.at("jos.prevented.2023") == running.kpis.at("jos.prevented.2023"));
  CHECK(stopped.kpis.at("jos.prevented.2024") == 0.0);
  CHECK(running.kpis.at("jos.prevented.2024") > 0.0);
  double jos_2023 = 0.0, jos_2024 = 0.0;
  for (const model::CostLine& c : stopped.costs) {
    if (c.item == "jos" && c.year == 2023) jos_2023 += c.euros;
    if (c.item == "jos" && c.year == 2024) jos_2024 += c.euros;
  }
  CHECK(jos_2023 > 0.0);
  CHECK(jos_2024 == 0.0);
  CHECK(error_of("[interventions.jos]\nend_year = 2022\n")
            .find("key 'interventions.jos.end_year': expected 0 (JOS runs on) or a year after start_year "
                  "(2022), found 2022") != std::string::npos);
}

TEST_CASE(
    "intervention mdo_escalation and oza: an MDO review of stuck cases, OZA queue escalation after its "
    "term") {
  const model::ScenarioConfig mdo = build("[interventions.mdo_escalation]\nenabled = true\n");
  CHECK(mdo.mdo.enabled);
  CHECK_FALSE(mdo.escalation.enabled);  // no queue priority
  CHECK(mdo.mdo.after_days == 90.0);
  CHECK(mdo.mdo.remaining_duration_factor == 0.75);
  CHECK(mdo.mdo.extra_back_to_school_share == 0.2);
  CHECK(mdo.mdo.cost_per_case == 1500.0);
  const model::ScenarioConfig oza = build("[interventions.oza]\nenabled = true\n");
  CHECK_FALSE(oza.escalation.enabled);  // places, not priority
  CHECK_FALSE(oza.mdo.enabled);
  CHECK(provision(oza, "oza").capacity == provision(base_config(), "oza").capacity + 9);
  CHECK(provision(oza, "oza").assessment_days == 42.0);
  const model::ScenarioConfig ret = build("[interventions.ret]\nenabled = true\n");
  CHECK(ret.ret.enabled);
  CHECK(ret.ret.places_per_year == 10);
  CHECK_FALSE(ret.escalation.enabled);

  const model::ScenarioConfig base = build("");
  const model::RunResult run = model::run_replication(mdo, 7, 0);
  const model::RunResult base_run = model::run_replication(base, 7, 0);
  double escalations = 0.0;
  for (const auto& [name, value] : run.kpis)
    if (name.rfind("escalations.", 0) == 0) escalations += value;
  CHECK(escalations > 0.0);
  // Every case discussed is paid for (the shorter absences it brings may save more elsewhere).
  double mdo_euros = 0.0;
  for (const model::CostLine& line : run.costs)
    if (line.item == "mdo") mdo_euros += line.euros;
  CHECK(mdo_euros == doctest::Approx(1500.0 * escalations));
  CHECK(run.kpis.at("risk.mean_absence_months.2023") < base_run.kpis.at("risk.mean_absence_months.2023"));
}

TEST_CASE(
    "intervention dagbesteding_agreements: more return to school, shorter stays, fewer in dagbesteding") {
  const model::ScenarioConfig base = build("");
  const model::ScenarioConfig c = build("[interventions.dagbesteding_agreements]\nenabled = true\n");
  const model::RuleRow& before = provision(base, "dagbesteding").rules[0];
  const model::RuleRow& after = provision(c, "dagbesteding").rules[0];
  CHECK(probability_of(after, ATTENDING) == doctest::Approx(probability_of(before, ATTENDING) + 0.15));
  CHECK(after.duration.mean() == doctest::Approx(0.85 * before.duration.mean()));
  CHECK(provision(c, "dagbesteding").cost.per_pupil_day == doctest::Approx(65.0 + 15.0));
  CHECK_NOTHROW(c.validate());
  CHECK(mean_kpi(c, {"flow.dagbesteding.attending.per_year"}) >
        mean_kpi(base, {"flow.dagbesteding.attending.per_year"}));
  CHECK(mean_kpi(c, {"average.dagbesteding"}) < mean_kpi(base, {"average.dagbesteding"}));
}

TEST_CASE(
    "intervention structuurgroepen and cluster4_groups: places added, fewer SBO entries, shorter cluster-4 "
    "list") {
  const model::ScenarioConfig base = build("");
  const model::ScenarioConfig s = build("[interventions.structuurgroepen]\nenabled = true\n");
  CHECK(provision(s, "structuurgroep").capacity == provision(base, "structuurgroep").capacity + 16);
  const auto sbo = to_provision(s, "sbo");
  CHECK(probability_of(s.onset.routes[0], sbo) ==
        doctest::Approx(0.7 * probability_of(base.onset.routes[0], sbo)));
  CHECK(s.onset.routes.size() == base.onset.routes.size());  // PO rows were already PO-only: changed in place
  CHECK(mean_kpi(s, {"entries.sbo.per_year"}) < mean_kpi(base, {"entries.sbo.per_year"}));

  // A closure deeper than the baseline's gives the groups a longer primary cluster-4 list to shorten.
  const std::string tight =
      "[provisions.so_cluster4]\ncapacity_changes = [{ year = 2019, capacity = 110 }]\n";
  const model::ScenarioConfig c4_base = build(tight);
  const model::ScenarioConfig c4 =
      build(tight + "[interventions.cluster4_groups]\nenabled = true\nextra_groups = 2\n");
  CHECK(provision(c4, "so_cluster4").capacity == provision(c4_base, "so_cluster4").capacity + 20);
  CHECK(provision(c4, "so_cluster4").capacity_changes.front().capacity == 110 + 20);
  const double w0 = mean_kpi(c4_base, {"wait_days.so_cluster4.mean"});
  const double w2 = mean_kpi(c4, {"wait_days.so_cluster4.mean"});
  INFO("cluster-4 mean wait days: " << w0 << " -> " << w2);
  CHECK(w0 > 0.0);
  CHECK(w2 < w0);
}

TEST_CASE("intervention vrijstelling_review: the renewal at 2 years routes a share back to education") {
  const model::ScenarioConfig base = build("");
  const model::ScenarioConfig c = build("[interventions.vrijstelling_review]\nenabled = true\n");
  const model::Destination self{model::Destination::Type::Setting,
                                static_cast<std::uint16_t>(model::Setting::Vrijstelling5a)};
  // The setting's own rows stay: every renewal before the review renews as before.
  const model::RuleRow& before = rules_of(base, model::Setting::Vrijstelling5a).rules[0];
  CHECK(probability_of(rules_of(c, model::Setting::Vrijstelling5a).rules[0], self) ==
        probability_of(before, self));
  REQUIRE(c.exemption_review.enabled);
  CHECK(c.exemption_review.after_days == doctest::Approx(730.0));
  REQUIRE(c.exemption_review.rules.size() == 1);
  const model::RuleRow& at_review = c.exemption_review.rules[0];
  // At the review a quarter of the renewals route back, 60% of them to SO cluster 3.
  const double moved = probability_of(before, self) * 0.25;
  CHECK(probability_of(at_review, self) == doctest::Approx(probability_of(before, self) - moved));
  CHECK(probability_of(at_review, to_provision(c, "so_cluster3")) ==
        doctest::Approx(probability_of(before, to_provision(base, "so_cluster3")) + 0.6 * moved));
  CHECK_NOTHROW(c.validate());
  CHECK(mean_kpi(c, {"count.vrijstelling_5a"}) < mean_kpi(base, {"count.vrijstelling_5a"}));
}

TEST_CASE("intervention waiting_list_priority: per provision or for all") {
  const model::ScenarioConfig all =
      build("[interventions.waiting_list_priority]\nenabled = true\nrule = \"severity\"\n");
  for (const model::ProvisionConfig& pc : all.provisions) CHECK(pc.queue_rule == model::QueueRule::Severity);
  const model::ScenarioConfig one =
      build("[interventions.waiting_list_priority]\nenabled = true\nprovisions = [\"treatment\"]\n");
  CHECK(provision(one, "treatment").queue_rule == model::QueueRule::NormFirst);
  CHECK(provision(one, "oov").queue_rule == model::QueueRule::Fifo);
  // norm_first serves the pupils at home longest first: fewer of them cross the 3-month norm.
  // With lists (tighter dagbesteding and OOV than the uncalibrated baseline) the rule reorders them:
  // time_at_home serves the pupils with most time at home first, so fewer home spells pass 3 months.
  const std::string tight = "[provisions.dagbesteding]\ncapacity = 160\n[provisions.oov]\ncapacity = 12\n";
  const model::ScenarioConfig fifo = build(tight);
  const model::ScenarioConfig home = build(tight +
                                           "[interventions.waiting_list_priority]\nenabled = true\n"
                                           "rule = \"time_at_home\"\n");
  const double s0 = mean_kpi(fifo, {"home.spells_over_3m.per_year"}, 4);
  const double s1 = mean_kpi(home, {"home.spells_over_3m.per_year"}, 4);
  INFO("home spells over 3 months per year: " << s0 << " -> " << s1);
  CHECK(mean_kpi(fifo, {"wait_days.dagbesteding.mean"}) > 0.0);
  CHECK(s1 < s0);
  const model::ScenarioConfig norm = build(tight + "[interventions.waiting_list_priority]\nenabled = true\n");
  CHECK(model::run_replication(norm, 7, 0).fingerprint != model::run_replication(fifo, 7, 0).fingerprint);
}

TEST_CASE("intervention trends: +33% incidence and 11 -> 15 months as a ramp, optional further growth") {
  const model::ScenarioConfig c = build("[interventions.trends]\nenabled = true\n");
  REQUIRE(c.trends.years.size() >= 4);
  CHECK(c.trends.years[0] == 2019);
  CHECK(c.trends.incidence_multiplier[0] == 1.0);
  CHECK(c.trends.incidence_multiplier[3] == doctest::Approx(1.33));
  CHECK(c.trends.duration_multiplier[3] == doctest::Approx(15.0 / 11.0));
  CHECK(c.trends.incidence_multiplier.back() == doctest::Approx(1.33));
  const model::ScenarioConfig grow =
      build("[interventions.trends]\nenabled = true\ngrowth_per_year_after = 0.1\n");
  CHECK(grow.trends.incidence_multiplier[5] == doctest::Approx(1.33 * 1.1 * 1.1));
  CHECK(mean_kpi(grow, {"entries.risicoleerling.2024"}) > mean_kpi(c, {"entries.risicoleerling.2024"}));
}

TEST_CASE("intervention errors: precise messages for missing references and bad parameters") {
  struct Case {
    const char* toml;
    const char* expected;
  };
  const std::vector<Case> cases = {
      {"[interventions.opbouw]\nenabled = true\n", "3:1: unknown key 'interventions.opbouw.enabled'"},
      {"[interventions.oov_length]\nenabled = true\nprovision = \"ovo\"\n",
       "4:13: key 'interventions.oov_length.provision': expected a provision of this scenario "
       "(cluster4_out_of_region, "
       "dagbesteding, herstart, "
       "individuele_begeleiding, oov, opbouwarrangement, oza, sbo, sbo_jeugdzorg, so_cluster3, so_cluster4, "
       "structuurgroep, treatment, vso_cluster3, vso_cluster4), "
       "found 'ovo' (did you mean 'oov'?)"},
      {"[interventions.opbouwarrangement]\nenabled = true\nfollow_on = \"ov\"\n",
       "key 'interventions.opbouwarrangement.follow_on': expected a provision, free setting or exit ("},
      {"[interventions.opbouwarrangement]\nenabled = true\nto_attending = 0.3\n",
       "key 'interventions.opbouwarrangement.to_dagbesteding': expected to_follow_on + to_attending + "
       "to_dagbesteding "
       "summing to 1, found a sum of 1.2"},
      {"[interventions.opbouwarrangement]\nplaces_per_location = -1\n",
       "3:23: key 'interventions.opbouwarrangement.places_per_location': expected an integer in [0, 500], "
       "found -1"},
      {"[interventions.jos]\nenabled = true\npayers = { gemeente = 0.8, school = 0.1 }\n",
       "4:10: key 'interventions.jos.payers': expected payer shares summing to 1, found a sum of 0.9"},
      {"[interventions.waiting_list_priority]\nenabled = true\nprovisions = [\"dagbesteeding\"]\n",
       "key 'interventions.waiting_list_priority.provisions': expected a provision of this scenario"},
      {"[interventions.waiting_list_priority]\nrule = \"lifo\"\n",
       "key 'interventions.waiting_list_priority.rule': expected one of \"fifo\", \"severity\", "
       "\"time_at_home\", "
       "\"norm_first\", found "},
      {"[interventions.vrijstelling_review]\nreturn_p = [1.0]\n",
       "key 'interventions.vrijstelling_review.return_p': expected 2 shares, one per return_to destination, "
       "found 1"},
      {"[interventions.dagbesteding_agreements]\nenabled = true\nreturn_to_school_increase = 0.9\n",
       "key 'interventions.dagbesteding_agreements.return_to_school_increase': expected at most 0.65 (the "
       "share of "
       "dagbesteding not already going to attending), found 0.9"},
      {"[interventions.trends]\nto_year = 2018\n",
       "key 'interventions.trends.to_year': expected a year after from_year (2019), found 2018"},
      {"[interventions.jos]\nenabled = true\nprevention_shar = 0.5\n",
       "unknown key 'interventions.jos.prevention_shar' (did you mean "
       "'interventions.jos.prevention_share'?)"},
  };
  for (const Case& c : cases) {
    const std::string message = error_of(c.toml);
    INFO("toml: " << c.toml << "\nmessage: " << message);
    CHECK(message.rfind(PRETEND, 0) == 0);
    CHECK(message.find(c.expected) != std::string::npos);
  }
}

TEST_CASE("intervention scenarios: every bundled scenario validates") {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(SCENARIOS))
    if (entry.path().extension() == ".toml") files.push_back(entry.path().string());
  CHECK(files.size() >= 14);
  for (const std::string& file : files) {
    INFO(file);
    scenario::LoadedScenario loaded = scenario::load_scenario(file);
    CHECK_NOTHROW(loaded.config.validate());
  }
  // Each single-lever scenario switches its lever on, from its start year (2024/25 and 2025/26).
  const model::ScenarioConfig opbouw = scenario::load_scenario(SCENARIOS + "opbouwarrangement.toml").config;
  CHECK(provision(opbouw, "opbouwarrangement").capacity == 0);
  CHECK(provision(opbouw.in_year(2024), "opbouwarrangement").capacity == 30);
  const model::ScenarioConfig mdo = scenario::load_scenario(SCENARIOS + "mdo-escalation.toml").config;
  CHECK(!mdo.in_year(2024).mdo.enabled);
  CHECK(mdo.in_year(2025).mdo.enabled);
  const model::ScenarioConfig norm_first =
      scenario::load_scenario(SCENARIOS + "priority-norm-first.toml").config;
  CHECK(provision(norm_first.in_year(2024), "oov").queue_rule == model::QueueRule::Fifo);
  CHECK(provision(norm_first.in_year(2025), "oov").queue_rule == model::QueueRule::NormFirst);
  const model::ScenarioConfig herstart = scenario::load_scenario(SCENARIOS + "herstart.toml").config;
  CHECK(provision(herstart.in_year(2024), "herstart").capacity == 0);
  CHECK(provision(herstart.in_year(2025), "herstart").capacity == 6);
  CHECK(herstart.in_year(2025).spell_referrals[1].enabled);
}

TEST_CASE("intervention in C++: a lever struct applied in code runs exactly as its scenario section") {
  // The baseline read from its file without its levers, then levers applied in C++ without any TOML: JOS as
  // the baseline has it (the struct's defaults are the file's values), and three more.
  model::ScenarioConfig in_code = build("[interventions.jos]\nenabled = false\n");
  model::interventions::Interventions levers;
  levers.jos = model::interventions::Jos{};
  levers.jos->start_year = 2022;
  levers.opbouwarrangement.enabled = true;
  levers.opbouwarrangement.places_per_location = 12;
  levers.oov_length = model::interventions::OovLength{};
  levers.oov_length->months = 9;
  levers.mdo_escalation = model::interventions::MdoEscalation{};
  model::interventions::apply(levers, in_code);
  const model::ScenarioConfig from_file = build(
      "[interventions.opbouwarrangement]\nenabled = true\nplaces_per_location = 12\n"
      "[interventions.oov_length]\nenabled = true\nmonths = 9\n[interventions.mdo_escalation]\nenabled = "
      "true\n");
  const model::RunResult a = model::run_replication(in_code, 7, 0);
  const model::RunResult b = model::run_replication(from_file, 7, 0);
  CHECK(a.fingerprint == b.fingerprint);
  CHECK(a.kpis == b.kpis);
  CHECK(a.fingerprint != model::run_replication(build(""), 7, 0).fingerprint);
}

TEST_CASE("intervention defaults: the key table's defaults are the lever structs' own") {
  // Switched on with no other key, every lever reads the struct's defaults.
  const model::interventions::Opbouwarrangement defaults;
  const model::ScenarioConfig c = build("[interventions.opbouwarrangement]\nenabled = true\n");
  const model::ProvisionConfig& pc = provision(c, "opbouwarrangement");
  CHECK(pc.capacity == defaults.locations * defaults.places_per_location);
  CHECK(pc.rules[0].duration.kind() == defaults.duration.kind());
  CHECK(pc.rules[0].duration.mean() == defaults.duration.mean());
  CHECK(pc.rules[0].duration.variance() == defaults.duration.variance());
  // JOS, in the base file with only its start year changed here, reads the struct's defaults where the file
  // gives the same values.
  const model::interventions::Jos jos_defaults;
  const model::ScenarioConfig jos = build("[interventions.jos]\nstart_year = 0\n", "tiny.toml");
  REQUIRE(jos.policy_starts.empty());
  CHECK(jos.jos.support_days == jos_defaults.support_days);
  CHECK(jos.jos.prevention_share == jos_defaults.prevention_share);
  CHECK(jos.jos.max_wait_days == jos_defaults.max_wait_days);
}

TEST_CASE(
    "intervention one owner per fact: a provision field an opbouwarrangement sets is an error where it is "
    "set") {
  // Before, capacity = 5 and = 60 gave identical results: read, then silently overwritten by the lever.
  CHECK(error_of("[provisions.opbouwarrangement]\ncapacity = 5\n")
            .find("3:12: key 'provisions.opbouwarrangement.capacity' is set by "
                  "[interventions.opbouwarrangement]; set "
                  "it there") != std::string::npos);
  CHECK(
      error_of("[provisions.opbouwarrangement]\nfallback = [\"dagbesteding\"]\n")
          .find("key 'provisions.opbouwarrangement.fallback' is set by [interventions.opbouwarrangement]") !=
      std::string::npos);
  CHECK(error_of("[[provisions.opbouwarrangement.rules]]\nduration = { dist = \"fixed\", value = 10 }\nto = "
                 "[\"oov\"]\np = [1.0]\n")
            .find("key 'provisions.opbouwarrangement.rules' is set by [interventions.opbouwarrangement]") !=
        std::string::npos);
  // Switched off, the provision exists with no places; the fields it does not set stay the scenario's.
  const model::ScenarioConfig base = build("");
  CHECK(provision(base, "opbouwarrangement").capacity == 0);
  CHECK(provision(base, "opbouwarrangement").wait_in == model::Setting::Thuiszitter);
}

namespace {

// KPIs of a calendar year: names ending in ".<year>".
std::map<std::string, double> kpis_of_years_before(const model::RunResult& r, int year) {
  std::map<std::string, double> out;
  for (const auto& [name, value] : r.kpis) {
    const std::size_t dot = name.rfind('.');
    const std::string last = name.substr(dot + 1);
    if (last.size() == 4 && std::all_of(last.begin(), last.end(), ::isdigit) && std::stoi(last) < year)
      out[name] = value;
  }
  return out;
}

// The trace lines (day,pupil,what,from,to) before `day`.
std::string trace_before(const std::string& trace, double day) {
  std::string out;
  std::size_t begin = 0;
  while (begin < trace.size()) {
    const std::size_t end = trace.find('\n', begin);
    const std::string line = trace.substr(begin, end - begin);
    if (std::stod(line.substr(0, line.find(','))) >= day) break;
    out += line + '\n';
    begin = end + 1;
  }
  return out;
}

}  // namespace

TEST_CASE(
    "intervention start_year: before it the run is the baseline's, event for event, KPI for KPI, euro for "
    "euro") {
  const std::string levers =
      "[interventions.opbouwarrangement]\nenabled = true\nstart_year = 2020\n"
      "[interventions.oov_length]\nenabled = true\nstart_year = 2020\n"
      "[interventions.jos]\nenabled = true\nstart_year = 2021\n"
      "[interventions.mdo_escalation]\nenabled = true\nstart_year = 2020\n"
      "[interventions.dagbesteding_agreements]\nenabled = true\nstart_year = 2022\n";
  const model::ScenarioConfig base = build("");
  const model::ScenarioConfig later = build(levers);
  REQUIRE(later.policy_starts.size() == 3);
  CHECK(later.policy_starts[0].year == 2020);
  CHECK(provision(later, "opbouwarrangement").capacity == 0);
  CHECK(provision(*later.policy_starts[0].config, "opbouwarrangement").capacity == 30);
  model::RunOptions options;
  options.trace = true;
  const model::RunResult a = model::run_replication(base, 7, 0, options);
  const model::RunResult b = model::run_replication(later, 7, 0, options);
  const double start_day = model::SchoolCalendar::year_start_day(2020 - base.simulation.start_year);
  REQUIRE(start_day > 0.0);
  const std::string trace_a = trace_before(a.trace_csv, start_day);
  CHECK(trace_a.size() > 10000);
  CHECK(trace_a == trace_before(b.trace_csv, start_day));
  const auto kpis_a = kpis_of_years_before(a, 2020);
  CHECK(kpis_a.size() > 20);
  CHECK(kpis_a == kpis_of_years_before(b, 2020));
  std::vector<model::CostLine> costs_a, costs_b;
  for (const model::CostLine& c : a.costs)
    if (c.year < 2020) costs_a.push_back(c);
  for (const model::CostLine& c : b.costs)
    if (c.year < 2020) costs_b.push_back(c);
  CHECK(!costs_a.empty());
  REQUIRE(costs_a.size() == costs_b.size());
  for (std::size_t i = 0; i < costs_a.size(); ++i) {
    CHECK(costs_a[i].payer == costs_b[i].payer);
    CHECK(costs_a[i].item == costs_b[i].item);
    CHECK(costs_a[i].euros == costs_b[i].euros);
  }
  // From the start year the levers act: the arrangement has entries and costs, JOS costs from 2021.
  CHECK(a.fingerprint != b.fingerprint);
  CHECK(b.kpis.at("cost.total.2020") != a.kpis.at("cost.total.2020"));
  double jos_2020 = 0.0, jos_2021 = 0.0, opbouw_2020 = 0.0;
  for (const model::CostLine& c : b.costs) {
    if (c.item == "jos" && c.year == 2020) jos_2020 += c.euros;
    if (c.item == "jos" && c.year == 2021) jos_2021 += c.euros;
    if (c.item == "opbouwarrangement" && c.year == 2020) opbouw_2020 += c.euros;
  }
  CHECK(jos_2020 == 0.0);
  CHECK(jos_2021 > 0.0);
  CHECK(opbouw_2020 == doctest::Approx(631000.0));
}

TEST_CASE(
    "intervention start_year: a lever struct with a start year, applied in C++, runs as its scenario "
    "section") {
  model::ScenarioConfig in_code = build("[interventions.jos]\nenabled = false\n");
  model::interventions::Interventions levers;
  levers.jos = model::interventions::Jos{};
  levers.jos->start_year = 2022;
  levers.opbouwarrangement.enabled = true;
  levers.opbouwarrangement.start_year = 2021;
  model::interventions::apply(levers, in_code);
  const model::ScenarioConfig from_file =
      build("[interventions.opbouwarrangement]\nenabled = true\nstart_year = 2021\n");
  CHECK(model::run_replication(in_code, 7, 0).fingerprint ==
        model::run_replication(from_file, 7, 0).fingerprint);
}
