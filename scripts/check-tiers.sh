#!/usr/bin/env bash
# Checks that every test of a configured build carries exactly one tier label
# (unit, golden, cli, slow: tests/CMakeLists.txt) and prints how many each has.
# Under CI=true it also fails when the PostgreSQL variants would be (before a
# run) or were (with --after-run, from ctest's log) skipped: CI must run them.
# Usage: scripts/check-tiers.sh BUILD_DIR [--after-run]
set -euo pipefail
build=${1:-build}
pg_skip_message="NETVET_TEST_PG_URI is not set"
if [ "${2:-}" = "--after-run" ]; then
  log="$build/Testing/Temporary/LastTest.log"
  skipped=$(grep -c "$pg_skip_message" "$log" 2>/dev/null || true)
  if [ "${skipped:-0}" -gt 0 ]; then
    echo "tiers: $skipped PostgreSQL test(s) were skipped ($pg_skip_message)" >&2
    if [ "${CI:-}" = "true" ]; then
      exit 1
    fi
  fi
  exit 0
fi
if [ "${CI:-}" = "true" ] && [ -z "${NETVET_TEST_PG_URI:-}" ]; then
  echo "tiers: CI=true and $pg_skip_message: the PostgreSQL variants would be skipped" \
    "(scripts/test.sh starts scripts/pg-test-cluster.sh)" >&2
  exit 1
fi
count() { ctest --test-dir "$build" -N "$@" | sed -n 's/^Total Tests: //p'; }
total=$(count)
sum=0
line="tiers:"
for tier in unit golden cli slow; do
  # -FA: count only the tier's own tests; ctest otherwise adds the fixture
  # set-ups they need (dashboard_build, a unit test, to the cli tier's count).
  n=$(count -L "^$tier\$" -FA '.*')
  line+=" $tier $n"
  sum=$((sum + n))
done
echo "$line (total $total)"
if [ "$sum" -ne "$total" ]; then
  echo "tiers: $total tests carry $sum tier labels; each needs exactly one of unit, golden, cli, slow:" >&2
  ctest --test-dir "$build" -N -LE '^(unit|golden|cli|slow)$' | grep 'Test *#' >&2 || true
  exit 1
fi
