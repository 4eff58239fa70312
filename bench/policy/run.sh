#!/usr/bin/env bash
# The policy benchmark on `netvet generate --sites 1000000 --seed 1` (about
# 3 million elements): the CLI's load alone (`netvet validate`) against
# `netvet audit --policy all` (load + index + every pack), medians of REPEAT
# runs and their ratio (target: audit <= 2x load); then the in-process
# Google Benchmark (index build, audit of all packs, a 1,000-element
# assessment after load: target < 50 ms).
# Usage: bench/policy/run.sh [REPEAT]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
repeat=${1:-3}
build=${NETVET_BUILD_DIR:-build-bench}
if [ ! -x "$build/bench/policy/netvet_policy_bench" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DNETVET_BUILD_BENCH=ON -DNETVET_BUILD_TESTS=OFF >/dev/null
  ninja -C "$build" -j1 netvet netvet_policy_bench >/dev/null
fi
nv=$PWD/$build/apps/netvet/netvet
root=${NETVET_BENCH_DIR:-/tmp/netvet-bench}
d=$root/sites-1000000-seed-1
if [ ! -f "$d/links.csv" ]; then
  mkdir -p "$d"
  "$nv" generate --sites 1000000 --seed 1 --out "$d" >/dev/null
fi
/usr/bin/python3 - "$nv" "$d" "$repeat" <<'PY'
import statistics, subprocess, sys, time
nv, d, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
def timed(cmd, ok=(0,)):
    t = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    dt = time.perf_counter() - t
    if p.returncode not in ok:
        raise SystemExit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr}")
    return dt, p.stdout
load, audit = [], []
for _ in range(repeat):
    dt, out = timed([nv, "validate", d]); load.append(dt)
    dt, out = timed([nv, "audit", d, "--policy", "all", "--as-of", "2028-01-01", "--format", "json"]); audit.append(dt)
    assert '"jurisdictions"' in out, "audit printed no matrix"
ml, ma = statistics.median(load), statistics.median(audit)
print(f"network: {d}")
print(f"load (netvet validate)           median {ml:6.2f} s  runs {', '.join(f'{x:.2f}' for x in load)}")
print(f"netvet audit --policy all        median {ma:6.2f} s  runs {', '.join(f'{x:.2f}' for x in audit)}")
print(f"ratio audit/load                 {ma / ml:6.2f}  (target <= 2.00)")
PY
NETVET_BENCH_NETWORK=$d "$build/bench/policy/netvet_policy_bench" --benchmark_counters_tabular=true
