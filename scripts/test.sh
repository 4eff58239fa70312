#!/usr/bin/env bash
# The README's test command (and CI's, through .ci/run): installs what is
# missing (scripts/setup.sh: Debian packages with chromium, `npm ci` in web/
# for the dashboard's tools and the OpenAPI check's ajv, and the dashboard's
# `vite build`), checks format and lint, builds everything with warnings as errors,
# runs every test tier (unit, golden, cli, slow: tests/CMakeLists.txt; the
# dashboard's Vitest unit tests and its end-to-end run in chromium are ctest
# tests there, tests/server/dashboard_check.sh) with a
# throw-away PostgreSQL cluster for the PostgreSQL variants
# (scripts/pg-test-cluster.sh, stopped on exit), then
# runs the unit tier again under AddressSanitizer + UndefinedBehaviorSanitizer,
# then, when clang is installed, fuzzes each fuzz/ target for a few seconds.
# Long benchmarks are not run here (scripts/bench.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
start=$(date +%s)
scripts/setup.sh

echo "== build (warnings are errors)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNETVET_WERROR=ON -DNETVET_BUILD_TESTS=ON \
  -DNETVET_BUILD_BENCH=ON >/dev/null
ninja -C build -j"$jobs"

echo "== lint"
scripts/lint.sh build

echo "== throw-away PostgreSQL (the server store's PostgreSQL variants)"
export NETVET_PG_STATE="$PWD/build/pg-test-cluster.env"
scripts/pg-test-cluster.sh stop >/dev/null 2>&1 || true
trap 'scripts/pg-test-cluster.sh stop' EXIT
scripts/pg-test-cluster.sh start >/dev/null
eval "$(scripts/pg-test-cluster.sh env)"

echo "== tests: every tier"
scripts/check-tiers.sh build
ctest --test-dir build -j"$jobs" --output-on-failure
scripts/check-tiers.sh build --after-run

echo "== unit tier under ASan + UBSan"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DNETVET_SANITIZE=ON -DNETVET_WERROR=ON \
  -DNETVET_BUILD_TESTS=ON >/dev/null
ninja -C build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan -j"$jobs" --output-on-failure -L '^unit$' -E '^dashboard_'

if command -v clang++ >/dev/null; then
  # Every fuzz target a few seconds from its corpus (fuzz/README.md); a
  # finding fails the run and leaves its input in fuzz/regressions/.
  echo "== brief fuzz pass (clang)"
  FUZZ_JOBS="$jobs" fuzz/run.sh 5
fi

echo "== all checks passed in $(( $(date +%s) - start )) s"
