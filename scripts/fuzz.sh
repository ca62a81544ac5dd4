#!/usr/bin/env bash
# Builds the libFuzzer targets (clang) and runs each one.
#   scripts/fuzz.sh [SECONDS]   fuzz each target for SECONDS (default 60), new inputs in build/fuzz/corpus-*/
#   scripts/fuzz.sh --replay    only replay the committed corpora (what the test command does)
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
targets=(fuzz_config fuzz_profile fuzz_queue fuzz_event fuzz_payload fuzz_outcomes fuzz_json_document)
for t in "${targets[@]}"; do
  seeds="fuzz/corpus/$t"
  if [ "${1:-}" = "--replay" ]; then
    echo "$t: replaying $(ls "$seeds" | wc -l) inputs"
    "build/fuzz/fuzz/$t" -runs=0 "$seeds" 2>&1 | tail -1
  else
    work="build/fuzz/corpus-$t"
    mkdir -p "$work"
    echo "$t: fuzzing for ${1:-60} s"
    status=0
    "build/fuzz/fuzz/$t" -max_total_time="${1:-60}" -max_len=8192 -print_final_stats=1 "$work" "$seeds" \
      >"build/fuzz/$t.log" 2>&1 || status=$?
    grep -E "stat::number_of_executed_units|stat::average_exec_per_sec|ERROR|SUMMARY|Done" "build/fuzz/$t.log" || true
    if [ "$status" -ne 0 ]; then
      echo "$t: FINDING (exit $status), see build/fuzz/$t.log and the crash-* file it names"
      failed=1
    fi
  fi
done
exit "${failed:-0}"
