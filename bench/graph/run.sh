#!/usr/bin/env bash
# The graph benchmark, side by side in one run on the same files:
#   netvet outage (every vendor) and netvet spof: load vs compute (--timings),
#   peak RSS (/usr/bin/time -v), on `netvet generate --sites 1000000 --seed 1`;
#   python3-igraph doing the same all-vendor outage table from the same files
#   (graph build + table timed, CSV reading not counted), on 1M sites;
#   python3-networkx the same on 100k sites, against netvet on 100k sites.
# Prints medians and ratios; checks that the peers' tables equal netvet's.
# Usage: bench/graph/run.sh [REPEAT] [PEER_REPEAT]   (defaults: 3 1)
# The 1M-site peers take minutes and GBs: run sparingly on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
repeat=${1:-3}
peer_repeat=${2:-1}
build=${NETVET_BUILD_DIR:-build}
if [ ! -x "$build/apps/netvet/netvet" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  ninja -C "$build" -j1 netvet >/dev/null
fi
nv=$PWD/$build/apps/netvet/netvet
root=${NETVET_BENCH_DIR:-/tmp/netvet-bench}
for sites in 100000 1000000; do
  d=$root/sites-$sites-seed-1
  if [ ! -f "$d/links.csv" ]; then
    mkdir -p "$d"
    "$nv" generate --sites "$sites" --seed 1 --out "$d" >/dev/null
  fi
  [ -f "$d/spellings.json" ] || "$nv" vendors "$d" --format json >"$d/spellings.json"
done
/usr/bin/python3 - "$nv" "$root" "$repeat" "$peer_repeat" <<'PY'
import json, re, statistics, subprocess, sys
nv, root, repeat, peer_repeat = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
med = statistics.median

def timed(cmd):
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{p.stderr}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1)) / 1024
    return p.stdout, p.stderr, rss

def netvet(cmd, d, n):
    loads, computes, rss, out = [], [], [], None
    for _ in range(n):
        out, err, r = timed([nv, cmd, d, "--timings"] + (["--format", "json"] if cmd == "outage" else []))
        m = re.search(r"timings: load ([0-9.]+) s, compute ([0-9.]+) s", err)
        loads.append(float(m.group(1))); computes.append(float(m.group(2))); rss.append(r)
    return med(loads), med(computes), max(rss), out

def peer(lib, d, n):
    builds, outs, rss, table = [], [], [], None
    for _ in range(n):
        out, err, r = timed(["/usr/bin/python3", "bench/graph/peer_outage.py", lib, d, d + "/spellings.json"])
        m = re.search(r"build ([0-9.]+) s outage ([0-9.]+) s", err)
        builds.append(float(m.group(1))); outs.append(float(m.group(2))); rss.append(r)
        table = json.loads(out)
    return med(builds), med(outs), max(rss), table

def agree(nv_json, table):
    o = json.loads(nv_json)["outages"]
    return all(o[v]["access_lost"] == t["access_lost"] and o[v]["subscribers_lost"] == t["subscribers_lost"]
               for v, t in table.items()) and sorted(o) == sorted(table)

big, small = f"{root}/sites-1000000-seed-1", f"{root}/sites-100000-seed-1"
l, c, r, out1m = netvet("outage", big, repeat)
print(f"netvet outage, 1M sites: load {l:.2f} s, compute {c:.2f} s (median of {repeat}), peak RSS {r:.0f} MB")
sl, sc, sr, _ = netvet("spof", big, repeat)
print(f"netvet spof, 1M sites: load {sl:.2f} s, compute {sc:.2f} s (median of {repeat}), peak RSS {sr:.0f} MB")
ib, io, ir, it = peer("igraph", big, peer_repeat)
print(f"python3-igraph outage, 1M sites: build {ib:.2f} s + table {io:.2f} s = {ib + io:.2f} s "
      f"(median of {peer_repeat}, CSV reading not counted), peak RSS {ir:.0f} MB, agrees: {agree(out1m, it)}")
l2, c2, r2, out100k = netvet("outage", small, repeat)
print(f"netvet outage, 100k sites: load {l2:.2f} s, compute {c2:.3f} s (median of {repeat}), peak RSS {r2:.0f} MB")
xb, xo, xr, xt = peer("networkx", small, peer_repeat)
print(f"python3-networkx outage, 100k sites: build {xb:.2f} s + table {xo:.2f} s = {xb + xo:.2f} s, "
      f"peak RSS {xr:.0f} MB, agrees: {agree(out100k, xt)}")
print(f"ratios: netvet vs igraph (1M, after load) {(ib + io) / c:.1f}x faster; "
      f"vs networkx (100k, after load) {(xb + xo) / c2:.0f}x faster; "
      f"peak RSS netvet/igraph {r / ir:.2f}; spof after load {sc:.2f} s")
PY
