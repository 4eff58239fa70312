#!/bin/sh
# Runs one golden case: tests/golden/<case>/cmd holds netvet's arguments
# (without --format), run from the case folder; the text and JSON outputs must
# equal expected.txt and expected.json. With "update" as third argument the
# expected files are rewritten instead (see update.sh).
# Usage: run_case.sh NETVET CASE_DIR [update]
set -eu
netvet=$1
dir=$2
mode=${3:-check}
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
  eval "\"$netvet\" $args --format $fmt" > "actual.$ext" 2> actual.err
  rc=$?
  set -e
  if [ "$rc" -gt 1 ]; then
    echo "golden $(basename "$dir"): netvet exited $rc" >&2
    cat actual.err >&2
    exit 1
  fi
  if [ "$mode" = update ]; then
    mv "actual.$ext" "expected.$ext"
  elif ! diff -u "expected.$ext" "actual.$ext"; then
    echo "golden $(basename "$dir"): $fmt output differs from expected.$ext (review, then tests/golden/update.sh)" >&2
    status=1
  else
    rm -f "actual.$ext"
  fi
done
rm -f actual.err
exit $status
