#!/usr/bin/env bash
# Wall time of `ozsim compare` (baseline vs opbouwarrangement, 100 replications each, all cores) against
# the baseline of one `ozsim run` of the same 100 replications, measured in the same command.
# Goal: the compare at most 5 s on the 2-core reference machine.
# Usage: bench/compare_speed.sh [build-dir]   (default build/release)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${1:-$root/build/release}
ozsim=$build/sim/ozsim
[[ -x $ozsim ]] || { echo "compare_speed.sh: $ozsim not found; build the release preset first" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); echo "$end - $start" | bc -l; }
run_s=$(seconds "$ozsim" run "$root/scenarios/midden-holland.toml" --replications 100 --out "$out/run")
compare_s=$(seconds "$ozsim" compare "$root/scenarios/midden-holland.toml" "$root/scenarios/opbouwarrangement.toml" \
  --replications 100 --out "$out/compare")
printf 'ozsim run, 100 replications:                  %6.2f s\n' "$run_s"
printf 'ozsim compare, 2 scenarios x 100 replications: %6.2f s  (goal <= 5 s: %s)\n' "$compare_s" \
  "$(echo "$compare_s <= 5" | bc -l | sed 's/1/met/;s/0/MISSED/')"
printf 'ratio compare / run:                           %6.2f   (2 scenarios: about 2 expected)\n' \
  "$(echo "$compare_s / $run_s" | bc -l)"
