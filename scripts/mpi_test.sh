#!/usr/bin/env bash
# The MPI build (-DOZSIM_MPI=ON, preset mpi): `mpirun -np 2` and `-np 3` must write the same bytes as
# one process of the same binary for run (one region and two), compare, sweep and calibrate, every file of the folder
# (manifest.json too: each command runs from its own directory with the same arguments and --threads,
# so the recorded command line and thread count are the same; a calibration's wall-clock seconds
# excepted) and print the same terminal table (but for the line with the elapsed time); a calibration
# resumes under mpirun from its checkpoint; and a rank that cannot read the scenario must stop every
# rank with one message naming it, never hang.
# Builds only the ozsim target; with ccache every file but sim/mpi and sim/app/main.cpp comes from the
# cache of an earlier build (release or mpi) of the same sources.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if command -v ccache >/dev/null 2>&1; then
  export CMAKE_CXX_COMPILER_LAUNCHER=ccache CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
fi
cmake --preset mpi >/dev/null
cmake --build --preset mpi
ozsim="$root/build/mpi/sim/ozsim"
# OpenMPI refuses to run as root unless told to; CI runs as root.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
work="$root/build/mpi/test"
rm -rf "$work"
mkdir -p "$work"
s="$root/scenarios"
# A small calibration that ends on its own: one target at tiny.toml's own level, two free keys, three generations.
cat >"$work/targets.toml" <<'TOML'
[[target]]
name = "risicoleerlingen"
kpi = "count.risicoleerling"
observed = 18
std_error = 4
period = "every peildatum"
weight = 1
group = "mpi-test"
source = "scripts/mpi_test.sh: about tiny.toml's own mean, so that most proposals are accepted"
TOML
cat >"$work/priors.toml" <<'TOML'
[[parameter]]
key = "onset.hazard_per_year.po"
prior = "log-uniform"
params = [0.002, 0.01]
note = "scripts/mpi_test.sh"

[[parameter]]
key = "onset.relapse_multiplier"
prior = "uniform"
params = [1.0, 5.0]
note = "scripts/mpi_test.sh"
TOML
calibrate="calibrate $s/tiny.toml --targets $work/targets.toml --priors $work/priors.toml --particles 20 \
--min-ess 0.95 --predictive-draws 6 --threads 2"

# name, then the ozsim arguments; --out is added (relative, the same in every directory).
cases=(
  "run|run $s/tiny.toml --replications 13 --threads 2 --trace"
  "regions|run $s/two-regions.toml --replications 5 --threads 2 --xlsx"
  "precision|run $s/tiny.toml --replications 5 --precision 0.2 --max-replications 40 --threads 2"
  "compare|compare $s/tiny.toml --apply $s/opbouwarrangement.toml --replications 7 --threads 2"
  "sweep|sweep $s/tiny.toml --set provisions.oov.capacity=0,3,6 --baseline $s/tiny.toml --replications 5 --threads 2"
  "calibrate|$calibrate --generations 3"
)

# The wall-clock seconds a calibration records per generation (generations.csv, calibration.json,
# checkpoint.json) differ between any two runs, one process or not: blanked before comparing.
without_seconds() {  # file
  case "$1" in
    */generations.csv) cut -d, -f1-7 "$1" ;;
    *.json) sed -E 's/"seconds": [^,]*/"seconds": -/' "$1" ;;
    *) cat "$1" ;;
  esac
}

# One process, then each rank count; stdout without its elapsed-time line.
run_case() {  # dir name args...
  local dir="$1" name="$2"
  shift 2
  mkdir -p "$dir"
  (cd "$dir" && timeout 600 "$@" --out "$name" --quiet | grep -v ' in [0-9.]* s; wrote' >"$name.txt")
}

failed=0
for entry in "${cases[@]}"; do
  failed_before=$failed
  name="${entry%%|*}"
  read -r -a args <<<"${entry#*|}"
  run_case "$work/np1" "$name" "$ozsim" "${args[@]}"
  for np in 2 3; do
    run_case "$work/np$np" "$name" mpirun --oversubscribe -np "$np" "$ozsim" "${args[@]}"
    for file in "$work/np1/$name"/* "$work/np1/$name.txt"; do
      other="$work/np$np/${file#"$work/np1/"}"
      if ! cmp <(without_seconds "$file") <(without_seconds "$other"); then
        echo "mpi_test: $name, $np ranks: ${file#"$work/np1/"} differs from one process's" >&2
        failed=1
      fi
    done
    if [ "$(ls "$work/np1/$name" | wc -l)" != "$(ls "$work/np$np/$name" | wc -l)" ]; then
      echo "mpi_test: $name, $np ranks: not the same files as one process" >&2
      failed=1
    fi
  done
  [ "$failed" = "$failed_before" ] &&
    echo "mpi_test: $name: 2 and 3 ranks wrote the same bytes as one process ($(ls "$work/np1/$name" | wc -l) files)"
done

# A calibration resumed under mpirun from its checkpoint (read by rank 0, sent to the others) ends
# as the one that ran through: two generations, then a third after --resume.
resume="$work/np2/resume"
mkdir -p "$resume"
(cd "$resume" && timeout 600 mpirun --oversubscribe -np 2 "$ozsim" $calibrate --generations 2 --out calibrate \
  --quiet >/dev/null && timeout 600 mpirun --oversubscribe -np 2 "$ozsim" $calibrate --generations 3 \
  --out calibrate --quiet --resume >/dev/null)
for file in posterior.csv summary.csv fit.csv calibrated.toml; do
  if ! cmp "$work/np1/calibrate/$file" "$resume/calibrate/$file"; then
    echo "mpi_test: calibrate resumed under mpirun: $file differs from the uninterrupted run's" >&2
    failed=1
  fi
done
echo "mpi_test: calibrate, 2 ranks, resumed from its checkpoint: the same posterior as without a stop"

# A rank that cannot read the scenario (a node without the file): started in a directory where the
# relative path does not exist, it must stop every rank with one message naming it, exit 2 and write nothing.
mkdir -p "$work/unreadable/here" "$work/unreadable/elsewhere"
cp -r "$s"/. "$work/unreadable/here/"
set +e
timeout 120 mpirun --oversubscribe -np 1 --wdir "$work/unreadable/here" "$ozsim" run tiny.toml --replications 4 \
  --out "$work/unreadable/out" --quiet : -np 1 --wdir "$work/unreadable/elsewhere" "$ozsim" run tiny.toml \
  --replications 4 --out "$work/unreadable/out" --quiet >"$work/unreadable/stdout" 2>"$work/unreadable/stderr"
code=$?
set -e
errors="$(grep -c '^ozsim: error:' "$work/unreadable/stderr" || true)"
if [ "$code" != 2 ] || [ "$errors" != 1 ] ||
  ! grep -q '^ozsim: error: rank 1: .*tiny.toml' "$work/unreadable/stderr" || [ -e "$work/unreadable/out" ]; then
  echo "mpi_test: a rank without the scenario: exit $code (want 2), $errors error lines (want 1):" >&2
  cat "$work/unreadable/stderr" >&2
  failed=1
else
  echo "mpi_test: a rank without the scenario stops every rank: $(grep '^ozsim: error:' "$work/unreadable/stderr")"
fi
# Ranks started with other arguments (an MPMD mpirun, or a job script that differs per node) must not
# merge what they computed: every rank stops with one message naming the first argument that differs.
set +e
timeout 120 mpirun --oversubscribe -np 1 "$ozsim" run "$s/tiny.toml" --replications 4 --out "$work/mixed/out" \
  --quiet : -np 1 "$ozsim" run "$s/tiny.toml" --replications 5 --out "$work/mixed/out" --quiet \
  >"$work/mixed.stdout" 2>"$work/mixed.stderr"
code=$?
set -e
errors="$(grep -c '^ozsim: error:' "$work/mixed.stderr" || true)"
if [ "$code" != 2 ] || [ "$errors" != 1 ] || ! grep -q "^ozsim: error: rank 1: .*argument 4 is '5'" "$work/mixed.stderr" ||
  [ -e "$work/mixed/out" ]; then
  echo "mpi_test: ranks with other arguments: exit $code (want 2), $errors error lines (want 1):" >&2
  cat "$work/mixed.stderr" >&2
  failed=1
else
  echo "mpi_test: ranks with other arguments stop every rank: $(grep '^ozsim: error:' "$work/mixed.stderr")"
fi
exit "$failed"
