#!/usr/bin/env bash
# The milestone.due scan on a large network: `netvet serve` holding a
# generated network (default 100,000 sites, seed 7) of an operator of
# jurisdiction de (whose pack has a removal milestone within a year) with one
# webhook subscribed to milestone.due, and its worker scanning every 2 s.
# Prints the worker's `milestone_scan` log lines: the first audits the network
# (`computed` 1: load, index, audit), the next ones reuse it (`computed` 0:
# the snapshot, its waivers and the day are unchanged), and the server's peak
# resident memory. The webhook points at a closed port: its deliveries fail,
# which does not matter here.
# Usage: bench/server/milestone-scan.sh [SITES]    (default: 100000)
set -euo pipefail
cd "$(dirname "$0")/../.."
sites=${1:-100000}
nv=${NETVET:-$PWD/build/apps/netvet/netvet}
export NETVET_POLICY_DIR=$PWD/policies
data=${NETVET_BENCH_DIR:-/tmp/netvet-bench}/sites-$sites-seed-7
if [ ! -f "$data/links.csv" ]; then
  mkdir -p "$data"
  "$nv" generate --sites "$sites" --seed 7 --out "$data"
fi
work=$(mktemp -d /tmp/netvet-milestone-bench.XXXXXX)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
ws="$work/ws.db"
"$nv" admin init --workspace "$ws" >/dev/null 2>&1
"$nv" admin add-org --workspace "$ws" --name Operator --kind operator --jurisdiction de >/dev/null 2>&1
token=$("$nv" admin add-user --workspace "$ws" --org Operator --name bench --role operator_editor 2>/dev/null)
"$nv" serve --workspace "$ws" --listen 127.0.0.1:0 --workers 2 --webhook-scan 2 --webhook-poll 1 \
  --webhook-allow-host 127.0.0.1 --analysis-budget 120 >"$work/url" 2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.1; done
url=$(head -1 "$work/url")
auth="Authorization: Bearer $token"
up=$(curl -sf -w '\n%{time_total}' -H "$auth" -F "elements=@$data/elements.csv" -F "links=@$data/links.csv" \
  "$url/api/v1/networks?name=generated")
echo "upload: $(echo "$up" | head -1 | jq -c '{id, elements}') in $(echo "$up" | tail -1) s"
curl -sf -H "$auth" -H 'Content-Type: application/json' "$url/api/v1/webhooks" \
  -d '{"url": "http://127.0.0.1:9/hook", "events": ["milestone.due"], "lead_days": 365}' >/dev/null
for _ in $(seq 600); do
  [ "$(grep -c '"milestone_scan"' "$work/serve.log" || true)" -ge 4 ] && break
  sleep 0.5
done
grep '"milestone_scan"' "$work/serve.log" | head -4
echo "peak RSS: $(awk '/VmHWM/ {print int($2/1024)}' "/proc/$server/status") MiB"
