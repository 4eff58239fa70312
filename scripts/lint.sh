#!/usr/bin/env bash
# Quality gates: clang-format (no diff) and clang-tidy (naming scheme and a
# few bug checks, .clang-tidy) over netvet's own sources.
# Usage: scripts/lint.sh BUILD_DIR   (a configured build with compile_commands.json)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
mapfile -t sources < <(git ls-files 'src/*.cpp' 'src/*.h' 'apps/*.cpp' 'apps/*.h' 'tests/*.cpp' 'tests/*.h' 'bench/*.cpp' 'fuzz/*.cpp')
echo "lint: clang-format on ${#sources[@]} files"
clang-format --dry-run -Werror "${sources[@]}"
mapfile -t tidy < <(git ls-files 'src/*.cpp' 'apps/*.cpp')
echo "lint: clang-tidy on ${#tidy[@]} files"
if command -v run-clang-tidy >/dev/null 2>&1; then
  run-clang-tidy -quiet -p "$build" -j"$(nproc)" "${tidy[@]/#/$PWD/}" >/tmp/netvet-tidy.log 2>&1 || {
    grep -E "error:|warning:" /tmp/netvet-tidy.log | sort -u | head -50
    echo "lint: clang-tidy failed (full log /tmp/netvet-tidy.log)"; exit 1; }
else
  printf '%s\n' "${tidy[@]}" | xargs -P"$(nproc)" -n4 clang-tidy -quiet -p "$build"
fi
echo "lint: ok"
