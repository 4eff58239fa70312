#!/bin/sh
# Runs one golden case: tests/golden/<case>/cmd holds netvet's arguments
# (without --format), run from the case folder; the text and JSON outputs must
# equal expected.txt and expected.json. The outputs are written to a fresh
# temporary folder ($TMPDIR, else /tmp), removed on exit: nothing is written
# into the source tree. With "update" as third argument the expected files are
# rewritten instead (see update.sh).
# Usage: run_case.sh NETVET CASE_DIR [update]
set -eu
netvet=$1
dir=$2
mode=${3:-check}
name=$(basename "$dir")
out=$(mktemp -d "${TMPDIR:-/tmp}/netvet-golden-$name.XXXXXX")
trap 'rm -rf "$out"' EXIT
trap 'exit 1' HUP INT TERM
cd "$dir"
if [ -d policies ]; then
  NETVET_POLICY_DIR=$(pwd)/policies
  export NETVET_POLICY_DIR
fi
args=$(cat cmd)
status=0
for fmt in text json; do
  ext=$fmt
  [ "$fmt" = text ] && ext=txt
  set +e
  eval "\"$netvet\" $args --format $fmt" >"$out/actual.$ext" 2>"$out/actual.err"
  rc=$?
  set -e
  if [ "$rc" -gt 1 ]; then
    echo "golden $name: netvet exited $rc" >&2
    cat "$out/actual.err" >&2
    exit 1
  fi
  if [ "$mode" = update ]; then
    cp "$out/actual.$ext" "expected.$ext"
  elif ! diff -u "expected.$ext" "$out/actual.$ext"; then
    echo "golden $name: $fmt output differs from expected.$ext (review, then tests/golden/update.sh)" >&2
    status=1
  fi
done
exit $status
