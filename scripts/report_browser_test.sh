#!/usr/bin/env bash
# Makes a run, a compare, a sweep and a calibration with BUILD/sim/ozsim, writes
# each report (Dutch, and the run also in English) and opens them in headless
# chromium (web/report/browser_test.mjs). Screenshots and PDFs stay in
# BUILD/report-screenshots for a person to look at. Takes well under a minute.
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
"$ozsim" compare scenarios/midden-holland.toml scenarios/opbouwarrangement.toml scenarios/oov-12-months.toml \
  --replications 3 --out "$work/compare" >/dev/null
"$ozsim" sweep scenarios/tiny.toml --set provisions.oov.capacity=0,2,4,8 --replications 4 --out "$work/sweep" >/dev/null
"$ozsim" calibrate scenarios/midden-holland.toml --targets calibration/midden-holland/targets.toml \
  --priors calibration/midden-holland/priors.toml --particles 12 --generations 2 --replications 1 \
  --predictive-draws 6 --out "$work/calibrate" >/dev/null 2>&1
mkdir -p "$work/empty"
for kind in run compare sweep calibrate empty; do
  "$ozsim" report "$work/$kind" -o "$work/$kind.html" >/dev/null
done
"$ozsim" report "$work/run" --lang en -o "$work/run-en.html" >/dev/null
node web/report/browser_test.mjs "$shots" "$work"/run.html "$work"/run-en.html "$work"/compare.html \
  "$work"/sweep.html "$work"/calibrate.html "$work"/empty.html
