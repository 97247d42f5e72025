#!/usr/bin/env bash
# Builds the scenario-loader fuzzer with the `fuzz` preset (clang, libFuzzer, ASan,
# UBSan) and runs it for SECONDS (default 60) over a corpus seeded from
# scenarios/*.toml and tests/params/data/*.toml. Exits non-zero on a crash, a
# sanitizer report, a leak or a timeout; the reproducer is left in build/fuzz/artifacts/.
#   bash fuzz/run.sh 60
#   build/fuzz/fuzz/fuzz_scenario_loader build/fuzz/artifacts/crash-...   # replay one input
set -euo pipefail
seconds="${1:-60}"
cd "$(dirname "$0")/.."

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target fuzz_scenario_loader

build=build/fuzz
corpus="$build/corpus"        # grows across runs; the seeds are copied in each time
artifacts="$build/artifacts"
mkdir -p "$corpus" "$artifacts"
for f in scenarios/*.toml tests/params/data/*.toml; do
  [ -e "$f" ] && cp "$f" "$corpus/seed-$(basename "$f")"
done

# The loader resolves `base = "..."` relative to the input's pretend path (fuzz.toml),
# i.e. in the working directory: run inside the seed data so that base files exist.
cd tests/params/data
ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:allocator_may_return_null=1" \
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
"../../../$build/fuzz/fuzz_scenario_loader" \
  -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="../../../$artifacts/" \
  "../../../$corpus"
