#!/usr/bin/env bash
# A/B of two netvet binaries as servers, alternately in one session (the
# machine's load shifts between runs; alternation spreads it over both):
# ROUNDS rounds; in each, for each binary, a fresh SQLite workspace holding the
# same generated network, then the unloaded median of 21 proposal creations
# (1,000 elements, assessed and stored) and of 21 summary reads, and a wrk
# run of SECONDS with 64 connections creating proposals, with the server's CPU
# time per proposal over that run. Prints per binary the medians over rounds
# and the B/A ratios.
# Usage: bench/server/ab.sh OLD_NETVET NEW_NETVET [SITES] [ROUNDS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
old=$1
new=$2
sites=${3:-20000}
rounds=${4:-3}
seconds=${5:-10}
export NETVET_POLICY_DIR=$PWD/policies
work=$(mktemp -d /tmp/netvet-ab.XXXXXX)
server=""
trap '[ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$work"' EXIT
"$new" generate --sites "$sites" --seed 1 --out "$work/net" >/dev/null 2>&1
cat > "$work/post.lua" <<'LUA'
local f = io.open(os.getenv("AB_BODY"), "r"); wrk.body = f:read("*a"); f:close()
wrk.method = "POST"; wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("AB_TOKEN")
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.1f %.2f %.2f %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests))
end
LUA
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
median() { sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]}'; }
one() {
  local bin=$1 ws="$work/ws-$RANDOM.db"
  "$bin" admin init --workspace "$ws" >/dev/null 2>&1
  "$bin" admin add-org --workspace "$ws" --name Op --kind operator --jurisdiction gb >/dev/null 2>&1
  local tok; tok=$("$bin" admin add-user --workspace "$ws" --org Op --name u --role operator_editor 2>/dev/null)
  "$bin" serve --workspace "$ws" --listen 127.0.0.1:0 --workers 2 --max-connections-per-address 128 >"$work/url" 2>/dev/null &
  server=$!
  for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.1; done
  local url; url=$(head -1 "$work/url")
  local auth="Authorization: Bearer $tok"
  local net; net=$(curl -sf -H "$auth" -F "elements=@$work/net/elements.csv" -F "links=@$work/net/links.csv" \
    "$url/api/v1/networks?name=n" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  python3 - "$net" > "$work/p.json" <<'PY'
import json, sys
adds = [{"id": f"gnb-new-{i}", "function": "gnb", "vendor": "Huawei", "model": "AAU5613", "count": 100} for i in range(10)]
print(json.dumps({"network": sys.argv[1], "proposal": {"date": "2026-06-01", "title": "RAN expansion", "add": adds}}))
PY
  curl -sf -o /dev/null -H "$auth" "$url/api/v1/networks/$net/summary"
  local create summary loaded
  create=$(for _ in $(seq 21); do curl -sf -o /dev/null -w '%{time_total}\n' -H "$auth" -H 'Content-Type: application/json' \
    --data @"$work/p.json" "$url/api/v1/proposals"; done | awk '{print $1 * 1000}' | median)
  summary=$(for _ in $(seq 21); do curl -sf -o /dev/null -w '%{time_total}\n' -H "$auth" \
    "$url/api/v1/networks/$net/summary"; done | awk '{print $1 * 1000}' | median)
  local cpu0; cpu0=$(cpu_ticks "$server")
  loaded=$(AB_BODY="$work/p.json" AB_TOKEN="$tok" wrk -t2 -c64 -d"${seconds}s" --timeout 10s -s "$work/post.lua" \
    "$url/api/v1/proposals" | grep RESULT)
  local cpu1; cpu1=$(cpu_ticks "$server")
  kill -TERM $server; wait $server || true
  server=""
  # The server's CPU (user + system) per proposal created under load: what a
  # change saves, nearly independent of what else the machine is running.
  local per; per=$(awk -v t=$((cpu1 - cpu0)) -v hz="$(getconf CLK_TCK)" -v n="${loaded##* }" \
    'BEGIN {printf "%.3f", t * 1000 / hz / n}')
  loaded=${loaded#RESULT }
  echo "$create $summary ${loaded% *} $per"
}
for r in $(seq "$rounds"); do
  echo "A $(one "$old")" >>"$work/results"
  echo "B $(one "$new")" >>"$work/results"
  echo "round $r: $(tail -2 "$work/results" | tr '\n' ' ')" >&2
done
python3 - "$work/results" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
names = ["create ms (unloaded)", "summary ms (unloaded)", "create req/s (64 conns)", "create p50 ms", "create p99 ms",
         "server CPU ms per create"]
med = {k: [statistics.median(float(r[i + 1]) for r in rows if r[0] == k) for i in range(6)] for k in "AB"}
for i, n in enumerate(names):
    print(f"{n:26} A {med['A'][i]:9.2f}  B {med['B'][i]:9.2f}  B/A {med['B'][i] / med['A'][i]:.2f}")
PY
