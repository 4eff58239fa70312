#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (NETVET_BUILD_FUZZ=ON, in
# build-fuzz/) and runs each for SECONDS (default 60), one after another, or
# JOBS at a time (FUZZ_JOBS, default 1). Each target starts from its
# committed corpus (fuzz/corpus/<target>/, read only: new inputs go to
# build-fuzz/corpus/<target>/) and its regressions; a crash, a leak, a
# timeout or a broken contract is written to fuzz/regressions/<target>/ to be
# fixed and committed. Prints executions, coverage and features per target.
# Usage: fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
build=${FUZZ_BUILD_DIR:-build-fuzz}
jobs=${FUZZ_JOBS:-1}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(sed -n 's/^ *\([a-z_]*\)_fuzz\.cpp$/\1/p' <(ls fuzz))
fi

if [ "${FUZZ_SKIP_BUILD:-0}" != 1 ]; then  # FUZZ_SKIP_BUILD=1: the targets are built
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -gline-tables-only" \
  -DCMAKE_CXX_COMPILER=clang++ \
  -DNETVET_BUILD_FUZZ=ON -DNETVET_BUILD_TESTS=OFF >/dev/null
ninja -C "$build" $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null
fi

run_one() {
  local t=$1
  local work="$build/corpus/$t" log="$build/fuzz-$t.log"
  mkdir -p "$work" "fuzz/regressions/$t"
  local seeds=("fuzz/corpus/$t")
  [ -n "$(ls -A "fuzz/regressions/$t")" ] && seeds+=("fuzz/regressions/$t")
  local rc=0
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/fuzz/fuzz_$t" "$work" "${seeds[@]}" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
    -max_len=65536 -artifact_prefix="fuzz/regressions/$t/" -print_final_stats=1 >"$log" 2>&1 || rc=$?
  local execs cov ft
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  if [ "$rc" -eq 0 ]; then
    printf '%-16s %10s execs  cov %6s  ft %6s  ok\n' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}"
  else
    printf '%-16s %10s execs  cov %6s  ft %6s  FINDING (exit %s): %s, log %s\n' "$t" "${execs:-?}" "${cov:-?}" \
      "${ft:-?}" "$rc" "$(ls -t "fuzz/regressions/$t" | head -1)" "$log"
    return 1
  fi
}

echo "== fuzz: ${#targets[@]} targets, ${seconds} s each, $jobs at a time"
failed=0
running=0
for t in "${targets[@]}"; do
  run_one "$t" || failed=1 &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait
# A finding shows as its line above; the exit status says whether there was one.
if grep -l 'ERROR: libFuzzer\|ERROR: AddressSanitizer\|runtime error\|contract broken' "$build"/fuzz-*.log >/dev/null 2>&1; then
  failed=1
fi
exit "$failed"
