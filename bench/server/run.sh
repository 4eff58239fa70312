#!/usr/bin/env bash
# Issue 10's load benchmark: `netvet serve` holding a generated network
# (default 1M sites, uploaded through the API as a CSV pair, as curl -F sends
# it), hit by wrk with 64 connections on loopback: a summary read, an audit of
# one pack, and the creation (assessment included) of a 1,000-element
# proposal. Prints the upload's time and peak memory, wrk's throughput, p50
# and p99, the errors, and the server's resident memory before and after each
# run (it must not grow with requests). wrk is one client address with 64
# connections, above the default cap of 32 per address, so the server is
# started with --max-connections-per-address 128.
# STORE is sqlite (a workspace file) or postgresql (a throw-away cluster from
# scripts/pg-test-cluster.sh: fsync off, so its writes are faster than a
# durable server's).
# Usage: bench/server/run.sh [SITES] [SECONDS] [STORE]    (defaults: 1000000 60 sqlite)
set -euo pipefail
cd "$(dirname "$0")/../.."
sites=${1:-1000000}
seconds=${2:-60}
store=${3:-sqlite}
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
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  [ "$store" = postgresql ] && NETVET_PG_STATE="$work/pg.env" scripts/pg-test-cluster.sh stop >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
case "$store" in
  sqlite) ws="$work/ws.db"; key=() ;;
  postgresql)
    NETVET_PG_STATE="$work/pg.env" scripts/pg-test-cluster.sh start >/dev/null
    eval "$(NETVET_PG_STATE="$work/pg.env" scripts/pg-test-cluster.sh env)"
    ws=$NETVET_TEST_PG_URI
    key=(--signing-key "$work/server.key") ;;
  *) echo "bench/server: STORE is sqlite or postgresql, not '$store'" >&2; exit 2 ;;
esac
"$nv" admin init --workspace "$ws" "${key[@]}" >/dev/null 2>&1
"$nv" admin add-org --workspace "$ws" "${key[@]}" --name Operator --kind operator --jurisdiction gb >/dev/null 2>&1
export NETVET_TOKEN=$("$nv" admin add-user --workspace "$ws" "${key[@]}" --org Operator --name bench \
  --role operator_editor 2>/dev/null)
"$nv" serve --workspace "$ws" "${key[@]}" --listen 127.0.0.1:0 --workers 2 --max-connections-per-address 128 \
  --analysis-budget 120 >"$work/url" 2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.1; done
url=$(head -1 "$work/url")
auth="Authorization: Bearer $NETVET_TOKEN"
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$server/status"; }
peak=0
( while kill -0 "$server" 2>/dev/null; do rss; sleep 0.2; done ) >"$work/rss" &
sampler=$!
up=$(curl -sf -w '\n%{time_total}' -H "$auth" -F "elements=@$data/elements.csv" -F "links=@$data/links.csv" \
  "$url/api/v1/networks?name=national")
kill $sampler 2>/dev/null || true
peak=$(sort -n "$work/rss" | tail -1)
net=$(head -1 <<<"$up" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
echo "store: $store; upload (CSV pair, $(du -m "$data/elements.csv" "$data/links.csv" | awk '{s+=$1} END {print s}') MiB): $(tail -1 <<<"$up") s, server RSS peak $peak MiB"

# A 1,000-element proposal: ten groups of 100 gNBs from one vendor.
python3 - "$net" > "$work/proposal.json" <<'PY'
import json, sys
adds = [{"id": f"gnb-new-{i}", "function": "gnb", "vendor": "Huawei", "model": "AAU5613", "count": 100}
        for i in range(10)]
print(json.dumps({"network": sys.argv[1],
                  "proposal": {"date": "2026-06-01", "title": "RAN expansion", "add": adds}}))
PY
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
if [ -n "${NETVET_BENCH_HOLD:-}" ]; then echo "server pid $server at $url; holding"; sleep "$NETVET_BENCH_HOLD"; fi
kill -TERM $server; wait $server || true
