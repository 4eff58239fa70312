#!/bin/sh
# Regenerates every golden case's expected.txt and expected.json from the
# current netvet, for review with `git diff tests/golden`.
# Usage: tests/golden/update.sh [NETVET]   (default: build/apps/netvet/netvet)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
netvet=${1:-$root/build/apps/netvet/netvet}
netvet=$(cd "$(dirname "$netvet")" && pwd)/$(basename "$netvet")
NETVET_POLICY_DIR=$root/policies
export NETVET_POLICY_DIR
for case in "$here"/*/; do
  [ -f "$case/cmd" ] || continue
  sh "$here/run_case.sh" "$netvet" "$case" update
  echo "updated $(basename "$case")"
done
echo "review: git diff -- tests/golden"
