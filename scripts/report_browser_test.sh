#!/usr/bin/env bash
# Makes a run, a run of two replications (bands that run away, cut at the top
# of an axis fitted to the lines), a run of two regions, a run of the
# Netherlands' 13 regions, a compare, a sweep (levels, and differences from a
# baseline), a calibration, a sensitivity screening and an empty folder with
# BUILD/sim/ozsim, writes each report (Dutch, and the run also in English) and
# opens them in headless chromium (web/report/browser_test.mjs).
# Screenshots and PDFs stay in BUILD/report-screenshots for a person to look at,
# with the regions section of a run of regions on its own, and its first kind of
# provision (all regions per month, then by region). Takes about a minute and a
# half.
#   bash scripts/report_browser_test.sh build/release
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/release}"
ozsim="$build/sim/ozsim"
work="$build/report-test"
shots="$build/report-screenshots"
rm -rf "$work" "$shots"
mkdir -p "$work"
"$ozsim" run scenarios/midden-holland.toml --replications 3 --out "$work/run" >/dev/null
"$ozsim" run scenarios/midden-holland.toml --replications 2 --out "$work/run-2" >/dev/null
"$ozsim" run scenarios/two-regions.toml --replications 3 --out "$work/run-regions" >/dev/null
# 13 regions: the provisions per kind, each with its 13 regions in a chart (about 10 s).
"$ozsim" run scenarios/nederland.toml --replications 2 --out "$work/run-nederland" >/dev/null
"$ozsim" compare scenarios/midden-holland.toml scenarios/opbouwarrangement.toml scenarios/oov-12-months.toml \
  --replications 3 --out "$work/compare" >/dev/null
"$ozsim" sweep scenarios/tiny.toml --set provisions.oov.capacity=0,2,4,8 --replications 4 --out "$work/sweep" >/dev/null
# tiny.toml has 3 OOV places: the point 3 is the baseline itself and its differences are exactly 0.
"$ozsim" sweep scenarios/tiny.toml --set provisions.oov.capacity=0,1,3,6 --baseline scenarios/tiny.toml \
  --replications 6 --out "$work/sweep-baseline" >/dev/null
"$ozsim" calibrate scenarios/midden-holland.toml --targets calibration/midden-holland/targets.toml \
  --priors calibration/midden-holland/priors.toml --particles 12 --generations 2 --replications 1 \
  --predictive-draws 6 --out "$work/calibrate" >/dev/null 2>&1
"$ozsim" sensitivity scenarios/midden-holland.toml --params calibration/midden-holland/priors.toml \
  --trajectories 3 --kpi count.thuiszitter --kpi count.risicoleerling --kpi count.dagbesteding \
  --kpi home.months.per_year --kpi cost.total.per_year --out "$work/sensitivity" >/dev/null 2>&1
mkdir -p "$work/empty"
for kind in run run-2 run-regions run-nederland compare sweep sweep-baseline calibrate sensitivity empty; do
  "$ozsim" report "$work/$kind" -o "$work/$kind.html" >/dev/null
done
"$ozsim" report "$work/run" --lang en -o "$work/run-en.html" >/dev/null
node web/report/browser_test.mjs "$shots" "$work"/run.html "$work"/run-en.html "$work"/run-2.html \
  "$work"/run-regions.html "$work"/run-nederland.html "$work"/compare.html "$work"/sweep.html \
  "$work"/sweep-baseline.html "$work"/calibrate.html "$work"/sensitivity.html "$work"/empty.html
