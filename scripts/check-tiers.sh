#!/usr/bin/env bash
# Checks that every test of a configured build carries exactly one tier label
# (unit, golden, cli, slow: tests/CMakeLists.txt) and prints how many each has.
# Usage: scripts/check-tiers.sh BUILD_DIR
set -euo pipefail
build=${1:-build}
count() { ctest --test-dir "$build" -N "$@" | sed -n 's/^Total Tests: //p'; }
total=$(count)
sum=0
line="tiers:"
for tier in unit golden cli slow; do
  n=$(count -L "^$tier\$")
  line+=" $tier $n"
  sum=$((sum + n))
done
echo "$line (total $total)"
if [ "$sum" -ne "$total" ]; then
  echo "tiers: $total tests carry $sum tier labels; each needs exactly one of unit, golden, cli, slow:" >&2
  ctest --test-dir "$build" -N -LE '^(unit|golden|cli|slow)$' | grep 'Test *#' >&2 || true
  exit 1
fi
