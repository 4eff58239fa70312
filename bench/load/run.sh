#!/usr/bin/env bash
# Issue 2's load benchmark: netvet reading and validating the generated
# 1M-site network CSV, side by side with python3-igraph reading the same files
# with Python's csv module into an igraph Graph. Prints medians and the ratio.
# Usage: bench/load/run.sh [SITES] [REPEAT]     (defaults: 1000000 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
sites=${1:-1000000}
repeat=${2:-3}
scripts/setup.sh
scripts/build.sh -DNETVET_BUILD_BENCH=ON >/dev/null
nv=$PWD/build/apps/netvet/netvet
data=${NETVET_BENCH_DIR:-/tmp/netvet-bench}/sites-$sites-seed-1
if [ ! -f "$data/links.csv" ]; then
  mkdir -p "$data"
  "$nv" generate --sites "$sites" --seed 1 --out "$data"
fi
/usr/bin/python3 - "$nv" "$data" "$repeat" <<'PY'
import os, re, sys
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
PY
