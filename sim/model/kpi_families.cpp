// The KPI families: one declaration per family, with its name pattern, unit, Dutch and English label and
// help text (see kpi_catalogue.hpp for what each field means).
#include "sim/model/kpi_catalogue.hpp"

namespace ozsim::model {
namespace {

using enum KpiId;
using U = KpiUnit;
using G = KpiGroup;

constexpr bool RATE = true;  // per_year
constexpr bool NOT_RATE = false;
constexpr bool SPARSE = true;
constexpr bool DENSE = false;
constexpr bool NON_NEGATIVE = false;

// In KpiId order. Every KPI the model writes is built from one of these patterns (kpis.cpp).
}  // namespace

std::vector<KpiFamily> declare_kpi_families() {
  return {
      {Count, "count.<setting>", G::Counts, U::Pupils, NOT_RATE, NON_NEGATIVE, DENSE, "{setting} (peildatum)",
       "{setting} (count date)",
       "pupils in the setting on the peildatum (1 October), mean over the reported years"},
      {CountByYear, "count.<setting>.<year>", G::Counts, U::Pupils, NOT_RATE, NON_NEGATIVE, DENSE,
       "{setting} (peildatum {year})", "{setting} (count date {year})",
       "pupils in the setting on the peildatum of that school year"},
      {HomeOverNorm, "count.home_over_norm", G::Home, U::Pupils, NOT_RATE, NON_NEGATIVE, DENSE,
       "thuis langer dan 3 maanden (peildatum)", "home longer than 3 months (count date)",
       "pupils in a home spell longer than the norm (kpi.norm_days, 3 months: the thuiszitterspact) on the "
       "peildatum, mean over the reported years"},
      {HomeOverNormByYear, "count.home_over_norm.<year>", G::Home, U::Pupils, NOT_RATE, NON_NEGATIVE, DENSE,
       "thuis langer dan 3 maanden (peildatum {year})", "home longer than 3 months (count date {year})",
       "pupils past the norm on the peildatum of that school year"},
      // As the monitors count (leerplicht, OCW): a thuiszitter is one after more than 4 weeks of unexcused
      // absence, and a school year's figure counts every pupil who was there at some time in it, once.
      {LongThuiszitter, "count.long_thuiszitter", G::Counts, U::Pupils, NOT_RATE, NON_NEGATIVE, DENSE,
       "langdurig thuiszitters (peildatum)", "long-term thuiszitters (count date)",
       "thuiszitters on the peildatum whose spell has lasted more than kpi.thuiszitter_after_days (28: the "
       "definition's 4 weeks), mean over the reported years; count.thuiszitter counts them from day 1"},
      {LongThuiszitterByYear, "count.long_thuiszitter.<year>", G::Counts, U::Pupils, NOT_RATE, NON_NEGATIVE,
       DENSE, "langdurig thuiszitters (peildatum {year})", "long-term thuiszitters (count date {year})",
       "thuiszitters past kpi.thuiszitter_after_days in their spell on the peildatum of that school year"},
      {CountByLevelByYear, "count.<setting>.<level>.<year>", G::Counts, U::Pupils, NOT_RATE, NON_NEGATIVE,
       DENSE, "{setting}, {level} (peildatum {year})", "{setting}, {level} (count date {year})",
       "pupils of primary (po) or secondary (vo) school age in the setting on the peildatum of that school "
       "year: count.so_vso.po is SO, count.so_vso.vo is VSO"},
      {DistinctPerYear, "distinct.<setting>.per_year", G::Counts, U::Pupils, RATE, NON_NEGATIVE, DENSE,
       "{setting} in een schooljaar (unieke leerlingen)", "{setting} in a school year (distinct pupils)",
       "pupils in the setting at some time in a school year, each counted once, per whole reported year; "
       "thuiszitters once past kpi.thuiszitter_after_days in a spell"},
      {DistinctByYear, "distinct.<setting>.<year>", G::Counts, U::Pupils, NOT_RATE, NON_NEGATIVE, DENSE,
       "{setting} in schooljaar {year} (unieke leerlingen)",
       "{setting} in school year {year} (distinct pupils)",
       "pupils in the setting at some time in that school year, each counted once (the leerplicht and OCW "
       "count); thuiszitters once past kpi.thuiszitter_after_days in a spell; a stay of no length is none"},
      {Average, "average.<setting>", G::Counts, U::Pupils, NOT_RATE, NON_NEGATIVE, DENSE,
       "{setting} (gemiddeld)", "{setting} (time average)",
       "time-average number of pupils in the setting over the reported window"},
      {StayDays, "stay_days.<setting>.mean", G::Counts, U::Days, NOT_RATE, NON_NEGATIVE, DENSE,
       "verblijfsduur {setting} (dagen)", "stay in {setting} (days)",
       "mean length of the stays in the setting that ended in the reported window"},
      {EntriesPerYear, "entries.<setting>.per_year", G::Counts, U::Pupils, RATE, NON_NEGATIVE, DENSE,
       "instroom {setting} per jaar", "entries into {setting} per year",
       "pupils entering the setting (from anywhere else) per whole reported year"},
      {EntriesByYear, "entries.<setting>.<year>", G::Counts, U::Pupils, NOT_RATE, NON_NEGATIVE, DENSE,
       "instroom {setting} ({year})", "entries into {setting} ({year})",
       "pupils entering the setting in that school year"},
      {EntriesVoByYear, "entries.<setting>.vo.<year>", G::Counts, U::Pupils, NOT_RATE, NON_NEGATIVE, DENSE,
       "instroom {setting}, VO-leeftijd ({year})", "entries into {setting} at VO age ({year})",
       "pupils of secondary-school age entering the setting in that school year"},
      {FlowPerYear, "flow.<setting>.<to>.per_year", G::Counts, U::Pupils, RATE, NON_NEGATIVE, SPARSE,
       "van {setting} naar {to} per jaar", "from {setting} to {to} per year",
       "pupils moving from the setting to another setting or out (exit_<reason>) per whole reported year; "
       "written only when non-zero"},
      {FlowByYear, "flow.<setting>.<to>.<year>", G::Counts, U::Pupils, NOT_RATE, NON_NEGATIVE, SPARSE,
       "van {setting} naar {to} ({year})", "from {setting} to {to} ({year})",
       "pupils moving from the setting to the target in that school year; written only when non-zero"},
      {AdmittedPerYear, "admitted.<provision>.per_year", G::Counts, U::Pupils, RATE, NON_NEGATIVE, DENSE,
       "toegelaten {provision} per jaar", "admitted to {provision} per year",
       "pupils admitted to the provision in the reported window, per whole reported year"},
      {Occupancy, "occupancy.<provision>", G::Counts, U::Pupils, NOT_RATE, NON_NEGATIVE, DENSE,
       "bezetting {provision} (gemiddeld)", "occupancy of {provision} (time average)",
       "time-average number of places in use over the reported window"},
      {Waiting, "waiting.<provision>", G::Waiting, U::Pupils, NOT_RATE, NON_NEGATIVE, DENSE,
       "wachtlijst {provision} (peildatum)", "waiting list of {provision} (count date)",
       "pupils on the waiting list on the peildatum, mean over the reported years"},
      {WaitingByYear, "waiting.<provision>.<year>", G::Waiting, U::Pupils, NOT_RATE, NON_NEGATIVE, DENSE,
       "wachtlijst {provision} (peildatum {year})", "waiting list of {provision} (count date {year})",
       "pupils on the waiting list on the peildatum of that school year"},
      {WaitingByLevelByYear, "waiting.<provision>.<level>.<year>", G::Waiting, U::Pupils, NOT_RATE,
       NON_NEGATIVE, DENSE, "wachtlijst {provision}, {level} (peildatum {year})",
       "waiting list of {provision}, {level} (count date {year})",
       "pupils of primary (po) or secondary (vo) school age on the waiting list on the peildatum of that "
       "school year: waiting.so_cluster4.po is the primary pupils waiting for cluster 4 in the region"},
      {WaitDays, "wait_days.<provision>.mean", G::Waiting, U::Days, NOT_RATE, NON_NEGATIVE, DENSE,
       "wachttijd {provision} (dagen)", "wait for {provision} (days)",
       "mean days from request to admission of the pupils admitted in the reported window (0 if none)"},
      {Queue, "queue.<provision>", G::Waiting, U::Pupils, NOT_RATE, NON_NEGATIVE, DENSE,
       "wachtlijst {provision} (gemiddeld)", "waiting list of {provision} (time average)",
       "time-average waiting-list length over the reported window"},
      {HomeMeanDays, "home.mean_days", G::Home, U::Days, NOT_RATE, NON_NEGATIVE, DENSE,
       "thuiszittijd, gemiddeld (dagen)", "time at home, mean (days)",
       "mean length of the home spells (kpi.home_settings) that ended in the reported window or still run at "
       "the "
       "end, as they stand"},
      {HomeMedianDays, "home.median_days", G::Home, U::Days, NOT_RATE, NON_NEGATIVE, DENSE,
       "thuiszittijd, mediaan (dagen)", "time at home, median (days)",
       "median length of the same home spells"},
      {HomeP90Days, "home.p90_days", G::Home, U::Days, NOT_RATE, NON_NEGATIVE, DENSE,
       "thuiszittijd, P90 (dagen)", "time at home, 90th percentile (days)",
       "90th percentile of the length of the same home spells"},
      {HomeSpells, "home.spells", G::Home, U::Spells, NOT_RATE, NON_NEGATIVE, DENSE, "thuiszitperiodes",
       "home spells", "number of the same home spells"},
      {HomeShareOverNorm, "home.share_over_3m_without_offer", G::Home, U::Share, NOT_RATE, NON_NEGATIVE,
       DENSE, "aandeel thuis > 3 maanden zonder aanbod", "share at home > 3 months without an offer",
       "share of the same home spells longer than the norm: the thuiszitterspact promises none"},
      {HomeMonthsPerYear, "home.months.per_year", G::Home, U::Months, RATE, NON_NEGATIVE, DENSE,
       "thuiszitmaanden per jaar", "months at home per year",
       "pupil-months spent in home settings per whole reported year: counts and durations in one figure"},
      {HomeSpellsOverNormPerYear, "home.spells_over_3m.per_year", G::Home, U::Spells, RATE, NON_NEGATIVE,
       DENSE, "thuiszitperiodes > 3 maanden per jaar", "home spells > 3 months per year",
       "home spells longer than the norm that ended, per whole reported year"},
      {HomeMonthsByYear, "home.months.<year>", G::Home, U::Months, NOT_RATE, NON_NEGATIVE, DENSE,
       "thuiszitmaanden ({year})", "months at home ({year})",
       "pupil-months spent in home settings in that whole reported school year (discounted economics)"},
      {HomeSpellsOverNormByYear, "home.spells_over_3m.<year>", G::Home, U::Spells, NOT_RATE, NON_NEGATIVE,
       DENSE, "thuiszitperiodes > 3 maanden ({year})", "home spells > 3 months ({year})",
       "home spells longer than the norm that ended in that whole reported school year"},
      // Time without education: every day without education, whatever the pupil is called meanwhile.
      {NoEducationMonthsPerYear, "no_education.months.per_year", G::Home, U::Months, RATE, NON_NEGATIVE,
       DENSE, "tijd zonder onderwijs per jaar (maanden)", "time without education per year (months)",
       "pupil-months without education per whole reported year: thuiszitter and absoluut verzuim, waiting "
       "for "
       "a place with education on hold, and the absent part of risicoleerling time "
       "(kpi.risicoleerling_reasons)"},
      {NoEducationMonthsByYear, "no_education.months.<year>", G::Home, U::Months, NOT_RATE, NON_NEGATIVE,
       DENSE, "tijd zonder onderwijs ({year}, maanden)", "time without education ({year}, months)",
       "pupil-months without education in that whole reported school year"},
      {NoEducationThuiszitterMonthsPerYear, "no_education.thuiszitter_months.per_year", G::Home, U::Months,
       RATE, NON_NEGATIVE, DENSE, "tijd zonder onderwijs: thuiszitters (maanden per jaar)",
       "time without education: thuiszitters (months per year)",
       "of no_education.months.per_year, the months as a thuiszitter (from day 1 of the spell)"},
      {NoEducationAbsoluutVerzuimMonthsPerYear, "no_education.absoluut_verzuim_months.per_year", G::Home,
       U::Months, RATE, NON_NEGATIVE, DENSE, "tijd zonder onderwijs: absoluut verzuim (maanden per jaar)",
       "time without education: not enrolled (months per year)",
       "of no_education.months.per_year, the months not enrolled at any school"},
      {NoEducationOnHoldMonthsPerYear, "no_education.on_hold_months.per_year", G::Home, U::Months, RATE,
       NON_NEGATIVE, DENSE, "tijd zonder onderwijs: wachtend met onderwijs in de wacht (maanden per jaar)",
       "time without education: waiting with education on hold (months per year)",
       "of no_education.months.per_year, the months waiting for a place with the search for education on "
       "hold (care comes first), as a risicoleerling or with vrijstelling 5a; such waits as a thuiszitter "
       "count with the thuiszitters"},
      {NoEducationRisicoleerlingMonthsPerYear, "no_education.risicoleerling_months.per_year", G::Home,
       U::Months, RATE, NON_NEGATIVE, DENSE, "tijd zonder onderwijs: risicoleerlingen (maanden per jaar)",
       "time without education: risicoleerlingen (months per year)",
       "of no_education.months.per_year, the absent part of the other risicoleerling months: each reason's "
       "share times the school time it misses (kpi.risicoleerling_reasons)"},
      // Kaplan-Meier (engine/survival.hpp): spells still running at the end are censored, not counted as
      // ended, and spells begun before the reported window enter with the length they had then.
      {HomeKmMedianDays, "home.km.median_days", G::Home, U::Days, NOT_RATE, NON_NEGATIVE, DENSE,
       "thuiszittijd, mediaan met lopende periodes (dagen)",
       "time at home, median with running spells (days)",
       "Kaplan-Meier median length of the home spells in the reported window, spells still running at the "
       "end "
       "censored; when fewer than half were seen to end, the longest length watched (a lower bound); 0 if "
       "none"},
      {HomeKmStillHome90, "home.km.still_home_90d", G::Home, U::Share, NOT_RATE, NON_NEGATIVE, DENSE,
       "aandeel na 90 dagen nog thuis", "share still at home after 90 days",
       "Kaplan-Meier share of home spells lasting more than 90 days, spells still running counted as "
       "censored (0 if none)"},
      {HomeKmStillHome90Low, "home.km.still_home_90d.greenwood_lo95", G::Home, U::Share, NOT_RATE,
       NON_NEGATIVE, DENSE, "aandeel na 90 dagen nog thuis, ondergrens (Greenwood)",
       "share still at home after 90 days, lower bound (Greenwood)",
       "lower end of the replication's 95% interval of that share (Greenwood's variance, log-log scale)"},
      {HomeKmStillHome90High, "home.km.still_home_90d.greenwood_hi95", G::Home, U::Share, NOT_RATE,
       NON_NEGATIVE, DENSE, "aandeel na 90 dagen nog thuis, bovengrens (Greenwood)",
       "share still at home after 90 days, upper bound (Greenwood)",
       "upper end of the replication's 95% interval of that share (Greenwood's variance, log-log scale)"},
      {HomeKmStillHome365, "home.km.still_home_365d", G::Home, U::Share, NOT_RATE, NON_NEGATIVE, DENSE,
       "aandeel na een jaar nog thuis", "share still at home after a year",
       "Kaplan-Meier share of home spells lasting more than 365 days, spells still running counted as "
       "censored"},
      {HomeKmStillHome365Low, "home.km.still_home_365d.greenwood_lo95", G::Home, U::Share, NOT_RATE,
       NON_NEGATIVE, DENSE, "aandeel na een jaar nog thuis, ondergrens (Greenwood)",
       "share still at home after a year, lower bound (Greenwood)",
       "lower end of the replication's 95% interval of that share (Greenwood's variance, log-log scale)"},
      {HomeKmStillHome365High, "home.km.still_home_365d.greenwood_hi95", G::Home, U::Share, NOT_RATE,
       NON_NEGATIVE, DENSE, "aandeel na een jaar nog thuis, bovengrens (Greenwood)",
       "share still at home after a year, upper bound (Greenwood)",
       "upper end of the replication's 95% interval of that share (Greenwood's variance, log-log scale)"},
      {WaitKmMedianDays, "wait_km.<provision>.median_days", G::Waiting, U::Days, NOT_RATE, NON_NEGATIVE,
       DENSE, "wachttijd {provision}, mediaan met wachtenden (dagen)",
       "wait for {provision}, median with waiters (days)",
       "Kaplan-Meier median days from request to admission, pupils still waiting at the end or giving up "
       "censored; when fewer than half were admitted, the longest wait watched (a lower bound); 0 if none"},
      {WaitKmStillWaiting90, "wait_km.<provision>.still_waiting_90d", G::Waiting, U::Share, NOT_RATE,
       NON_NEGATIVE, DENSE, "aandeel na 90 dagen nog wachtend op {provision}",
       "share still waiting for {provision} after 90 days",
       "Kaplan-Meier share of requests not admitted within 90 days, waits still running or given up "
       "censored"},
      {WaitKmStillWaiting90Low, "wait_km.<provision>.still_waiting_90d.greenwood_lo95", G::Waiting, U::Share,
       NOT_RATE, NON_NEGATIVE, DENSE,
       "aandeel na 90 dagen nog wachtend op {provision}, ondergrens (Greenwood)",
       "share still waiting for {provision} after 90 days, lower bound (Greenwood)",
       "lower end of the replication's 95% interval of that share (Greenwood's variance, log-log scale)"},
      {WaitKmStillWaiting90High, "wait_km.<provision>.still_waiting_90d.greenwood_hi95", G::Waiting, U::Share,
       NOT_RATE, NON_NEGATIVE, DENSE,
       "aandeel na 90 dagen nog wachtend op {provision}, bovengrens (Greenwood)",
       "share still waiting for {provision} after 90 days, upper bound (Greenwood)",
       "upper end of the replication's 95% interval of that share (Greenwood's variance, log-log scale)"},
      {WaitKmStillWaiting365, "wait_km.<provision>.still_waiting_365d", G::Waiting, U::Share, NOT_RATE,
       NON_NEGATIVE, DENSE, "aandeel na een jaar nog wachtend op {provision}",
       "share still waiting for {provision} after a year",
       "Kaplan-Meier share of requests not admitted within 365 days, waits still running or given up "
       "censored"},
      {WaitKmStillWaiting365Low, "wait_km.<provision>.still_waiting_365d.greenwood_lo95", G::Waiting,
       U::Share, NOT_RATE, NON_NEGATIVE, DENSE,
       "aandeel na een jaar nog wachtend op {provision}, ondergrens (Greenwood)",
       "share still waiting for {provision} after a year, lower bound (Greenwood)",
       "lower end of the replication's 95% interval of that share (Greenwood's variance, log-log scale)"},
      {WaitKmStillWaiting365High, "wait_km.<provision>.still_waiting_365d.greenwood_hi95", G::Waiting,
       U::Share, NOT_RATE, NON_NEGATIVE, DENSE,
       "aandeel na een jaar nog wachtend op {provision}, bovengrens (Greenwood)",
       "share still waiting for {provision} after a year, upper bound (Greenwood)",
       "upper end of the replication's 95% interval of that share (Greenwood's variance, log-log scale)"},
      {AbsenceMonthsByYear, "risk.mean_absence_months.<year>", G::Other, U::Months, NOT_RATE, NON_NEGATIVE,
       DENSE, "verzuimduur, gemiddeld ({year}, maanden)", "absence episode, mean ({year}, months)",
       "mean length of the absence episodes (risicoleerling, thuiszitter, absoluut verzuim) that ended in "
       "that "
       "school year (0 if none)"},
      {EscalationsByYear, "escalations.<year>", G::Other, U::Cases, NOT_RATE, NON_NEGATIVE, DENSE,
       "escalaties MDO/RET ({year})", "MDO/RET escalations ({year})",
       "stuck cases escalated in that whole reported school year: absence episodes the MDO discussed or the "
       "RET placed, plus home spells moved up a waiting list (queue escalation)"},
      {JosCasesPerYear, "jos.cases.per_year", G::Other, U::Cases, RATE, NON_NEGATIVE, DENSE,
       "JOS-trajecten per jaar", "JOS cases per year",
       "cases the JOS youth workers took up (at a VO pupil's onset, or from JOS's own waiting list) per "
       "whole "
       "reported year"},
      {JosPreventedPerYear, "jos.prevented.per_year", G::Other, U::Cases, RATE, NON_NEGATIVE, DENSE,
       "door JOS in school opgevangen per jaar", "problems JOS dealt with in school per year",
       "onsets JOS took up at once and dealt with in school (the pupil kept attending), per whole reported "
       "year"},
      {JosPreventedByYear, "jos.prevented.<year>", G::Other, U::Cases, NOT_RATE, NON_NEGATIVE, DENSE,
       "door JOS in school opgevangen ({year})", "problems JOS dealt with in school ({year})",
       "onsets JOS dealt with in school in that school year"},
      {JosOccupancy, "jos.occupancy", G::Other, U::Cases, NOT_RATE, NON_NEGATIVE, DENSE,
       "JOS-caseload in gebruik (gemiddeld)", "JOS caseload in use (time average)",
       "time-average number of JOS caseload places in use over the reported window"},
      {JosQueue, "jos.queue", G::Waiting, U::Pupils, NOT_RATE, NON_NEGATIVE, DENSE,
       "wachtlijst JOS (gemiddeld)", "JOS waiting list (time average)",
       "time-average length of JOS's own waiting list over the reported window; a pupil on it gets no "
       "effect"},
      {JosWaitDays, "jos.wait_days.mean", G::Waiting, U::Days, NOT_RATE, NON_NEGATIVE, DENSE,
       "wachttijd JOS (dagen)", "wait for JOS (days)",
       "mean days from onset to JOS taking the case up, over the cases taken up in the reported window (0 "
       "if none)"},
      {CostPerYear, "cost.<payer>.per_year", G::Costs, U::Euros, RATE, NON_NEGATIVE, DENSE,
       "kosten {payer} per jaar", "cost to {payer} per year",
       "euros booked to the payer per whole reported year"},
      {CostByYear, "cost.<payer>.<year>", G::Costs, U::Euros, NOT_RATE, NON_NEGATIVE, DENSE,
       "kosten {payer} ({year})", "cost to {payer} ({year})",
       "euros booked to the payer in that whole reported school year"},
      {CostTotalPerYear, "cost.total.per_year", G::Costs, U::Euros, RATE, NON_NEGATIVE, DENSE,
       "totale kosten per jaar", "total cost per year", "euros booked to all payers per whole reported year"},
      {CostTotalByYear, "cost.total.<year>", G::Costs, U::Euros, NOT_RATE, NON_NEGATIVE, DENSE,
       "totale kosten ({year})", "total cost ({year})",
       "euros booked to all payers in that whole reported school year"},
      {PlacesPerYear, "places.<provision>", G::Counts, U::Pupils, NOT_RATE, NON_NEGATIVE, DENSE,
       "plaatsen {provision} (gemiddeld)", "places in {provision} (average)",
       "places available (capacity) over the whole reported years, used or not; after a capacity cut a place "
       "still held by a pupil counts until that pupil leaves"},
      {ServedPerYear, "served.<provision>.per_year", G::Counts, U::Pupils, RATE, NON_NEGATIVE, DENSE,
       "geholpen in {provision} per jaar", "served by {provision} per year",
       "pupils holding a place at some time in a school year, per whole reported year"},
      {Utilisation, "utilisation.<provision>", G::Counts, U::Share, NOT_RATE, NON_NEGATIVE, DENSE,
       "benutting {provision}", "utilisation of {provision}",
       "occupied place-days over available place-days in the whole reported years (0 without places)"},
      {CostOfItemPerYear, "cost_of.<provision>.per_year", G::Costs, U::Euros, RATE, NON_NEGATIVE, DENSE,
       "kosten van {provision} per jaar", "cost of {provision} per year",
       "euros booked on the item (a provision, setting, programme or escalation), all payers and kinds, per "
       "whole reported year"},
      // Referrals from a catchment outside the modelled population (a provision's `catchment`): they hold
      // places and wait beside the region's pupils, so the provision's own figures count them; these give
      // their part. No pupil KPI (counts, home time, flows) counts them.
      {CatchmentReferralsPerYear, "catchment.<provision>.referrals.per_year", G::Counts, U::Pupils, RATE,
       NON_NEGATIVE, DENSE, "verwezen naar {provision} van buiten de regio per jaar",
       "referred to {provision} from outside the region per year",
       "referrals from the provision's catchment outside the modelled population, per whole reported year"},
      {CatchmentAdmittedPerYear, "catchment.<provision>.admitted.per_year", G::Counts, U::Pupils, RATE,
       NON_NEGATIVE, DENSE, "toegelaten {provision} van buiten de regio per jaar",
       "admitted to {provision} from outside the region per year",
       "catchment referrals admitted to the provision (at once or from its list), per whole reported year; "
       "admitted.<provision>.per_year counts them too"},
      {CatchmentTurnedAwayPerYear, "catchment.<provision>.turned_away.per_year", G::Waiting, U::Pupils, RATE,
       NON_NEGATIVE, DENSE, "afgewezen {provision} van buiten de regio per jaar",
       "turned away by {provision} from outside the region per year",
       "catchment referrals that found the list full or gave it up after max_wait_days, per whole reported "
       "year"},
      {CatchmentOccupancy, "catchment.<provision>.occupancy", G::Counts, U::Pupils, NOT_RATE, NON_NEGATIVE,
       DENSE, "bezetting {provision} door leerlingen van buiten de regio (gemiddeld)",
       "occupancy of {provision} by referrals from outside the region (average)",
       "places in use by catchment referrals, averaged over the whole reported years; part of "
       "occupancy.<provision>"},
      {CatchmentQueue, "catchment.<provision>.queue", G::Waiting, U::Pupils, NOT_RATE, NON_NEGATIVE, DENSE,
       "wachtlijst {provision}, van buiten de regio (gemiddeld)",
       "waiting list of {provision}, from outside the region (average)",
       "catchment referrals on the waiting list, averaged over the whole reported years; part of "
       "queue.<provision>"},
      {CatchmentWaitDays, "catchment.<provision>.wait_days.mean", G::Waiting, U::Days, NOT_RATE, NON_NEGATIVE,
       DENSE, "wachttijd {provision} van buiten de regio (dagen)",
       "wait for {provision} from outside the region (days)",
       "mean days from referral to admission of the catchment referrals admitted in the whole reported years "
       "(0 if none)"},
      {CatchmentCostPerYear, "catchment.<provision>.cost.per_year", G::Costs, U::Euros, RATE, NON_NEGATIVE,
       DENSE, "kosten van {provision} voor leerlingen van buiten de regio per jaar",
       "cost of {provision} for referrals from outside the region per year",
       "the part of cost_of.<provision> booked to the catchment's partners (the payer named after the "
       "catchment): its pupil-days, and the places in proportion to the pupil-days it used; per whole "
       "reported year"},
      // A scenario of several regions (RegionConfig) writes these per region beside the scenario's totals.
      {RegionCount, "region.<region>.count.<setting>", G::Counts, U::Pupils, NOT_RATE, NON_NEGATIVE, DENSE,
       "{setting} in {region} (peildatum)", "{setting} in {region} (count date)",
       "the region's pupils in the setting on the peildatum, wherever their place is, mean over the reported "
       "years"},
      {RegionWaiting, "region.<region>.waiting", G::Waiting, U::Pupils, NOT_RATE, NON_NEGATIVE, DENSE,
       "wachtenden uit {region} (peildatum)", "waiting from {region} (count date)",
       "the region's pupils on a waiting list on the peildatum, mean over the reported years"},
      {RegionNoEducationMonthsPerYear, "region.<region>.no_education.months.per_year", G::Home, U::Months,
       RATE, NON_NEGATIVE, DENSE, "tijd zonder onderwijs in {region} per jaar (maanden)",
       "time without education in {region} per year (months)",
       "no_education.months.per_year of the region's pupils"},
      {RegionPlacedElsewherePerYear, "region.<region>.placed_elsewhere.per_year", G::Waiting, U::Cases, RATE,
       NON_NEGATIVE, DENSE, "plaatsingen buiten {region} per jaar", "placements outside {region} per year",
       "the region's pupils who took a place in a neighbouring region after waiting cross_region.after_days "
       "for one of their own, per whole reported year"},
      {RegionOutOfRegionOccupancy, "region.<region>.out_of_region", G::Counts, U::Pupils, NOT_RATE,
       NON_NEGATIVE, DENSE, "leerlingen uit {region} met een plek elders (gemiddeld)",
       "pupils from {region} in a place elsewhere (average)",
       "the region's pupils in a place of another region, averaged over the whole reported years: the "
       "pupil-days that cost travel (cross_region.travel_cost_per_pupil_day)"},
      {RegionCostPerYear, "region.<region>.cost.<payer>.per_year", G::Costs, U::Euros, RATE, NON_NEGATIVE,
       DENSE, "kosten {payer} in {region} per jaar", "cost to {payer} in {region} per year",
       "the cost lines of the region (its own provisions, its pupils' days in paid settings, their travel to "
       "places elsewhere) booked to the payer, per whole reported year; a provision one pool serves for "
       "every "
       "region and the scenario's programmes are in no region"},
      {RegionCostTotalPerYear, "region.<region>.cost.total.per_year", G::Costs, U::Euros, RATE, NON_NEGATIVE,
       DENSE, "kosten in {region} per jaar (totaal)", "cost in {region} per year (total)",
       "every cost line of the region, per whole reported year"},
      {RegionFlowPerYear, "region.<region>.flow.<setting>.<to>.per_year", G::Counts, U::Pupils, RATE,
       NON_NEGATIVE, SPARSE, "van {setting} naar {to} in {region} per jaar",
       "from {setting} to {to} in {region} per year",
       "flow.<setting>.<to>.per_year of the region's pupils; written only when non-zero"},
  };
}

}  // namespace ozsim::model
