#!/usr/bin/env bash
# The MPI build (-DOZSIM_MPI=ON, preset mpi): `mpirun -np 2` and `-np 3` must write the same bytes as
# one process of the same binary for run, compare, sweep and calibrate, every file of the folder
# (manifest.json too: each command runs from its own directory with the same arguments and --threads,
# so the recorded command line and thread count are the same), print the same terminal table
# (but for the line with the elapsed time), and a rank that cannot read the scenario must stop every
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
cal="$root/calibration/midden-holland"

# name, then the ozsim arguments; --out is added (relative, the same in every directory).
cases=(
  "run|run $s/tiny.toml --replications 13 --threads 2 --trace"
  "compare|compare $s/tiny.toml --apply $s/opbouwarrangement.toml --replications 7 --threads 2"
  "sweep|sweep $s/tiny.toml --set provisions.oov.capacity=0,3,6 --baseline $s/tiny.toml --replications 5 --threads 2"
)

# One process, then each rank count; stdout without its elapsed-time line.
run_case() {  # dir name args...
  local dir="$1" name="$2"
  shift 2
  mkdir -p "$dir"
  (cd "$dir" && timeout 600 "$@" --out "$name" --quiet | grep -v ' in [0-9.]* s; wrote' >"$name.txt")
}

failed=0
for entry in "${cases[@]}"; do
  name="${entry%%|*}"
  read -r -a args <<<"${entry#*|}"
  run_case "$work/np1" "$name" "$ozsim" "${args[@]}"
  for np in 2 3; do
    run_case "$work/np$np" "$name" mpirun --oversubscribe -np "$np" "$ozsim" "${args[@]}"
    for file in "$work/np1/$name"/* "$work/np1/$name.txt"; do
      other="$work/np$np/${file#"$work/np1/"}"
      if ! cmp "$file" "$other"; then
        echo "mpi_test: $name, $np ranks: ${file#"$work/np1/"} differs from one process's" >&2
        failed=1
      fi
    done
    if [ "$(ls "$work/np1/$name" | wc -l)" != "$(ls "$work/np$np/$name" | wc -l)" ]; then
      echo "mpi_test: $name, $np ranks: not the same files as one process" >&2
      failed=1
    fi
  done
  echo "mpi_test: $name: 2 and 3 ranks wrote the same bytes as one process ($(ls "$work/np1/$name" | wc -l) files)"
done

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
exit "$failed"
