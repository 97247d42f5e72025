#!/usr/bin/env bash
# Builds the libFuzzer targets with the `fuzz` preset (clang, libFuzzer, ASan, UBSan)
# and runs each for its share of SECONDS (default 80, in total):
#   fuzz_scenario_loader  scenario files, seeded from scenarios/*.toml and tests/params/data/*.toml
#   fuzz_targets_file     targets files, seeded from calibration/*/targets.toml and tests/app/data
#   fuzz_priors_file      priors files, seeded from calibration/*/priors.toml and tests/app/data
#   fuzz_checkpoint       checkpoints, seeded from fuzz/seeds/checkpoint/*.json
# Exits non-zero on a crash, a sanitizer report, a leak or a timeout; the reproducer is
# left in build/fuzz/artifacts/.
#   bash fuzz/run.sh 80
#   build/fuzz/fuzz/fuzz_checkpoint build/fuzz/artifacts/crash-...   # replay one input
set -euo pipefail
seconds="${1:-80}"
cd "$(dirname "$0")/.."
root="$PWD"

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target fuzz_scenario_loader fuzz_targets_file fuzz_priors_file fuzz_checkpoint

build="$root/build/fuzz"
artifacts="$build/artifacts"
mkdir -p "$artifacts"
share=$((seconds / 4 > 5 ? seconds / 4 : 5))

# seed_corpus NAME FILE...: the corpus grows across runs; the seeds are copied in each time.
seed_corpus() {
  local corpus="$build/corpus/$1"
  shift
  mkdir -p "$corpus"
  for f in "$@"; do
    [ -e "$f" ] && cp "$f" "$corpus/seed-$(basename "$(dirname "$f")")-$(basename "$f")"
  done
  echo "$corpus"
}

# run_fuzzer TARGET MAX_LEN CORPUS
run_fuzzer() {
  echo "== $1: ${share}s"
  ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:allocator_may_return_null=1" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
  "$build/fuzz/$1" -max_total_time="$share" -max_len="$2" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/$1-" "$3"
}

scenarios=$(seed_corpus scenario_loader scenarios/*.toml tests/params/data/*.toml)
targets=$(seed_corpus targets_file calibration/*/targets.toml tests/app/data/*targets*.toml)
priors=$(seed_corpus priors_file calibration/*/priors.toml tests/app/data/*priors*.toml)
checkpoints=$(seed_corpus checkpoint fuzz/seeds/checkpoint/*.json)

# The scenario loader resolves `base = "..."` relative to the input's pretend path (fuzz.toml),
# i.e. in the working directory: run inside the seed data so that base files exist.
(cd tests/params/data && run_fuzzer fuzz_scenario_loader 16384 "$scenarios")
run_fuzzer fuzz_targets_file 8192 "$targets"
run_fuzzer fuzz_priors_file 8192 "$priors"
run_fuzzer fuzz_checkpoint 16384 "$checkpoints"
