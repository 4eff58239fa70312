#!/usr/bin/env bash
# Issue 10's load benchmark: `netvet serve` holding a generated network
# (default 1M sites, adopted from a CLI workspace), hit by wrk with 64
# connections on loopback: a summary read, an audit of one pack, and the
# creation (assessment included) of a 1,000-element proposal. Prints wrk's
# throughput, p50 and p99, the errors, and the server's resident memory before
# and after each run (it must not grow with requests). wrk is one client
# address with 64 connections, above the default cap of 32 per address, so
# the server is started with --max-connections-per-address 128.
# Usage: bench/server/run.sh [SITES] [SECONDS]     (defaults: 1000000 60)
set -euo pipefail
cd "$(dirname "$0")/../.."
sites=${1:-1000000}
seconds=${2:-60}
scripts/setup.sh
command -v wrk >/dev/null || { echo "bench/server: wrk is missing (apt-get install wrk)" >&2; exit 2; }
scripts/build.sh >/dev/null
nv=$PWD/build/apps/netvet/netvet
export NETVET_POLICY_DIR=$PWD/policies
data=${NETVET_BENCH_DIR:-/tmp/netvet-bench}/sites-$sites-seed-1
if [ ! -f "$data/links.csv" ]; then
  mkdir -p "$data"
  "$nv" generate --sites "$sites" --seed 1 --out "$data"
fi
work=$(mktemp -d /tmp/netvet-serve-bench.XXXXXX)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
"$nv" import "$data" --workspace "$work/ws.db" --name national 2>/dev/null
"$nv" admin init --workspace "$work/ws.db" --adopt-org Operator --jurisdiction gb >/dev/null 2>&1
export NETVET_TOKEN=$("$nv" admin add-user --workspace "$work/ws.db" --org Operator --name bench \
  --role operator_editor 2>/dev/null)
"$nv" serve --workspace "$work/ws.db" --listen 127.0.0.1:0 --workers 2 --max-connections-per-address 128 >"$work/url" 2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.1; done
url=$(head -1 "$work/url")
auth="Authorization: Bearer $NETVET_TOKEN"
net=$(curl -sf -H "$auth" "$url/api/v1/networks" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
# A 1,000-element proposal: ten groups of 100 gNBs from one vendor.
python3 - "$net" > "$work/proposal.json" <<'PY'
import json, sys
adds = [{"id": f"gnb-new-{i}", "function": "gnb", "vendor": "Huawei", "model": "AAU5613", "count": 100}
        for i in range(10)]
print(json.dumps({"network": sys.argv[1],
                  "proposal": {"date": "2026-06-01", "title": "RAN expansion", "add": adds}}))
PY
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$server/status"; }
t0=$(date +%s.%N)
curl -sf -H "$auth" "$url/api/v1/networks/$net/summary" >/dev/null   # loads and prepares the snapshot once
t1=$(date +%s.%N)
echo "network: $sites sites; first request (load and prepare) $(python3 -c "print(f'{$t1-$t0:.1f}')") s; RSS $(rss) MiB"
cat > "$work/report.lua" <<'LUA'
local token = os.getenv("NETVET_TOKEN")
wrk.headers["Authorization"] = "Bearer " .. token
local body_file = os.getenv("NETVET_BODY")
if body_file and body_file ~= "" then
  local f = io.open(body_file, "r"); wrk.body = f:read("*a"); f:close()
  wrk.method = "POST"; wrk.headers["Content-Type"] = "application/json"
end
local statuses = {}
response = function(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
done = function(summary, latency, requests)
  local bad = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT requests=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f socket_errors=%d non2xx=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, bad, summary.errors.status))
end
LUA
run() {
  local name=$1 path=$2 body=${3:-}
  local before; before=$(rss)
  local line
  line=$(NETVET_BODY="$body" wrk -t2 -c64 -d"${seconds}s" --timeout 10s -s "$work/report.lua" "$url$path" | grep RESULT)
  echo "$name: ${line#RESULT } rss_before_mib=$before rss_after_mib=$(rss)"
}
# One client, one request at a time: the service time without queueing (median of 21).
unloaded() {
  local path=$1 body=${2:-}
  for _ in $(seq 21); do
    if [ -n "$body" ]; then
      curl -sf -o /dev/null -w '%{time_total}\n' -H "$auth" -H 'Content-Type: application/json' --data @"$body" "$url$path"
    else
      curl -sf -o /dev/null -w '%{time_total}\n' -H "$auth" "$url$path"
    fi
  done | sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]*1000}'
}
echo "unloaded median ms: summary $(unloaded "/api/v1/networks/$net/summary")," \
  "audit gb $(unloaded "/api/v1/networks/$net/audit?policy=gb&as_of=2026-01-01")," \
  "assess 1000 $(unloaded /api/v1/proposals "$work/proposal.json")"
run "summary" "/api/v1/networks/$net/summary"
run "audit gb" "/api/v1/networks/$net/audit?policy=gb&as_of=2026-01-01"
run "assess 1000" "/api/v1/proposals" "$work/proposal.json"
[ -n "${NETVET_BENCH_HOLD:-}" ] && { echo "server pid $server at $url; holding"; sleep "$NETVET_BENCH_HOLD"; }
kill -TERM $server; wait $server || true
