#!/usr/bin/env bash
# Runs the README's server walk-through (the sh block between the
# walkthrough:begin and walkthrough:end markers) as it stands, with netvet on
# PATH, in a fresh folder, on a free port instead of 8080, and checks what its
# comments promise: the assessment and the decision are significant_risk, the
# queue lists the proposal, and the log verifies against the decision's
# checkpoint.
# Usage: walkthrough.sh SOURCE_DIR NETVET_BINARY
set -euo pipefail
src=$1
bin=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/netvet-walkthrough.XXXXXX")
trap 'kill %1 2>/dev/null || true; rm -rf "$work"' EXIT
block=$(sed -n '/<!-- walkthrough:begin -->/,/<!-- walkthrough:end -->/p' "$src/README.md" | sed '1,2d;$d' | sed '$d')
[ -n "$block" ] || { echo "walkthrough: no block between the markers in README.md" >&2; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/bin"
ln -s "$bin" "$work/bin/netvet"
ln -s "$src/examples" "$work/examples"
printf '%s\n' "$block" | sed "s/8080/$port/g" > "$work/walkthrough.sh"
cd "$work"
out=$(PATH="$work/bin:$PATH" NETVET_POLICY_DIR="$src/policies" bash -euo pipefail -m walkthrough.sh 2>"$work/err") ||
  { echo "walkthrough failed:"; cat "$work/err"; echo "$out"; exit 1; }
echo "$out"
fail() { echo "walkthrough: $1" >&2; exit 1; }
[ "$(grep -c '^significant_risk$' <<<"$out")" = 2 ] || fail "expected the assessment and the decision to be significant_risk"
grep -q '^submitted$' <<<"$out" || fail "expected the submit to answer submitted"
grep -q '^prp_' <<<"$out" || fail "expected the regulator's queue to list the proposal"
grep -q 'verified' <<<"$out" || fail "expected netvet log verify to say verified"
