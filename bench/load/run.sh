#!/usr/bin/env bash
# Issue 2's load benchmark: netvet reading and validating the generated
# 1M-site network CSV, side by side with python3-igraph reading the same files
# with Python's csv module into an igraph Graph. Prints medians and the ratio.
# Issue 9 adds netvet on one and on two threads (NETVET_THREADS), and the floor
# (bench/load/floor_load.cpp: tokenise, resolve link ends, build the
# adjacency, nothing else; one thread) on the same data, its runs interleaved
# with netvet's, and the ratios.
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
nv, data, repeat, floor = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
size = sum(os.path.getsize(os.path.join(data, f)) for f in ("elements.csv", "links.csv")) / 1e6
print(f"input: {data} ({size:.0f} MB)")

def netvet(threads):
    """Median load time (validate --stats), held and resident bytes/element, and
    median whole-process time, on `threads` threads. The runs alternate with the
    floor's so that both see the same machine."""
    env = dict(os.environ, NETVET_THREADS=str(threads))
    loads, stats = [], None
    for _ in range(repeat):
        _, rss, err = timing.run([nv, "validate", data, "--stats"], repeat=1, env=env)
        m = re.search(r"load ([0-9.]+) s.*?([0-9.]+) bytes/element \(held\), ([0-9.]+) bytes/element \(resident", err)
        loads.append(float(m.group(1)))
        stats = (float(m.group(2)), float(m.group(3)), rss)
    total, rss, _ = timing.run([nv, "validate", data], repeat=repeat, env=env)
    return timing.median(loads), stats, total, rss

def floor_time():
    out = subprocess.run([floor, data], check=True, capture_output=True, text=True).stdout
    return float(re.search(r"([0-9.]+) s$", out.strip()).group(1))

floors = [floor_time() for _ in range(repeat)]
one = netvet(1)
floors += [floor_time() for _ in range(repeat)]
two = netvet(2)
floors += [floor_time() for _ in range(repeat)]
fl = timing.median(floors)
for label, (load, stats, total, rss) in (("1 thread", one), ("2 threads", two)):
    print(f"netvet validate, {label}: median {total:.2f} s whole process, {load:.2f} s load+validate, "
          f"{size / load:.0f} MB/s, peak RSS {rss:.0f} MB")
print(f"  network held: {two[1][0]:.0f} bytes/element; resident growth {two[1][1]:.0f} bytes/element")
print(f"two threads / one: {one[2] / two[2]:.2f}x faster whole process, {one[0] / two[0]:.2f}x load")
print(f"floor (tokenise, resolve ends, CSR; one thread): median {fl:.2f} s, {size / fl:.0f} MB/s")
print(f"floor ratio: netvet on 2 threads loads in {two[0] / fl:.2f}x the floor's time "
      f"(1 thread: {one[0] / fl:.2f}x; medians of {repeat})")
ig_total, ig_rss, _ = timing.run(["/usr/bin/python3", "bench/load/igraph_load.py", data], repeat=repeat)
print(f"python3-igraph (csv module -> Graph): median {ig_total:.2f} s, peak RSS {ig_rss:.0f} MB")
print(f"ratio: netvet (2 threads) is {ig_total / two[2]:.1f}x faster than python3-igraph (whole process)")
PY
