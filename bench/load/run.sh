#!/usr/bin/env bash
# Issue 2's load benchmark: netvet reading and validating the generated
# 1M-site network CSV, side by side with python3-igraph reading the same files
# with Python's csv module into an igraph Graph. Prints medians and the ratio.
# Issue 9 adds the floor (bench/load/floor_load.cpp: tokenise, resolve link
# ends, build the adjacency, nothing else) on the same data, and the ratio of
# netvet's load+validate time to the floor's.
# Usage: bench/load/run.sh [SITES] [REPEAT]     (defaults: 1000000 3)
# NETVET_BENCH_SHAPE=plain|export (default plain) picks `netvet generate
# --shape` and the data folder (sites-N-seed-1 or export-N-seed-1).
set -euo pipefail
cd "$(dirname "$0")/../.."
sites=${1:-1000000}
repeat=${2:-3}
scripts/setup.sh
scripts/build.sh -DNETVET_BUILD_BENCH=ON >/dev/null
nv=$PWD/build/apps/netvet/netvet
floor=$PWD/build/bench/load/floor_load
shape=${NETVET_BENCH_SHAPE:-plain}
case "$shape" in
  plain) prefix=sites ;;
  export) prefix=export ;;
  *) echo "NETVET_BENCH_SHAPE must be plain or export, not '$shape'" >&2; exit 2 ;;
esac
data=${NETVET_BENCH_DIR:-/tmp/netvet-bench}/$prefix-$sites-seed-1
if [ ! -f "$data/links.csv" ]; then
  mkdir -p "$data"
  "$nv" generate --sites "$sites" --seed 1 --shape "$shape" --out "$data"
fi
/usr/bin/python3 - "$nv" "$data" "$repeat" "$floor" <<'PY'
import os, re, subprocess, sys
sys.path.insert(0, os.path.join(os.getcwd(), "bench", "common"))
import timing
nv, data, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
size = sum(os.path.getsize(os.path.join(data, f)) for f in ("elements.csv", "links.csv")) / 1e6
loads, stats = [], None
for _ in range(repeat):
    t, rss, err = timing.run([nv, "validate", data, "--stats"], repeat=1)
    m = re.search(r"load ([0-9.]+) s.*?([0-9.]+) bytes/element \(held\), ([0-9.]+) bytes/element \(resident", err)
    loads.append(float(m.group(1)))
    stats = (float(m.group(2)), float(m.group(3)), rss)
nv_total, nv_rss, _ = timing.run([nv, "validate", data], repeat=repeat)
ig_total, ig_rss, _ = timing.run(["/usr/bin/python3", "bench/load/igraph_load.py", data], repeat=repeat)
nv_load = timing.median(loads)
print(f"input: {data} ({size:.0f} MB)")
print(f"netvet validate: median {nv_total:.2f} s whole process, {nv_load:.2f} s load+validate, "
      f"{size / nv_load:.0f} MB/s, peak RSS {nv_rss:.0f} MB")
print(f"  network held: {stats[0]:.0f} bytes/element; resident growth {stats[1]:.0f} bytes/element")
print(f"python3-igraph (csv module -> Graph): median {ig_total:.2f} s, peak RSS {ig_rss:.0f} MB")
print(f"ratio: netvet is {ig_total / nv_total:.1f}x faster (whole process, median of {repeat})")
floor_times = []
for _ in range(repeat):
    out = subprocess.run([sys.argv[4], data], check=True, capture_output=True, text=True).stdout
    floor_times.append(float(re.search(r"([0-9.]+) s$", out.strip()).group(1)))
fl = timing.median(floor_times)
print(f"floor (tokenise, resolve ends, CSR; single thread): median {fl:.2f} s, {size / fl:.0f} MB/s")
print(f"floor ratio: netvet load+validate takes {nv_load / fl:.2f}x the floor's time (median of {repeat})")
PY
