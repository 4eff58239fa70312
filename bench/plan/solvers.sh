#!/usr/bin/env bash
# GLPK against COIN-OR CBC on the same mixed-integer programs (issue 11:
# "pick by measurement and say why"). `netvet plan --write-mps` writes the
# programs netvet solves; this script solves each with GLPK's glpsol and
# CBC's cbc, both from Debian, under the same time limit on one core, and
# prints per program: rows, columns, integers; each solver's status, best
# objective, best bound, gap and wall time (median of REPEAT runs).
# Neither standalone solver gets netvet's greedy starting plan, so both
# start equal; netvet's own run (GLPK with that plan) is printed beside.
# Usage: bench/plan/solvers.sh [SITES] [REPEAT]   (defaults 10000, 3)
#   NETVET_BIN, NETVET_BUILD_DIR (default build), NETVET_BENCH_DIR (default /tmp/netvet-bench),
#   PLAN_TIME_LIMIT (default 60 s), PLAN_SCENARIOS (default crews,crews-short,budget,crews+subscribers)
# Installs glpk-utils and coinor-cbc with apt-get when they are missing (bench only: netvet links libglpk).
set -euo pipefail
cd "$(dirname "$0")/../.."
sites=${1:-10000}
repeat=${2:-3}
. bench/plan/network.sh
missing=()
command -v glpsol >/dev/null || missing+=(glpk-utils)
command -v cbc >/dev/null || missing+=(coinor-cbc)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 - "$nv" "$d" "$sites" "$repeat" "${PLAN_TIME_LIMIT:-60}" \
  "${PLAN_SCENARIOS:-crews,crews-short,budget,crews+subscribers}" "$work" <<'PY'
import glob, json, os, re, statistics, subprocess, sys, time

nv, d, sites, repeat, limit, only, work = sys.argv[1:8]
sites, repeat, limit = int(sites), int(repeat), float(limit)
scale = sites / 100000
scenarios = {  # as bench/plan/run.sh
    "crews": ["--crews", str(max(1, round(60 * scale)))],
    "crews-short": ["--crews", str(max(1, round(45 * scale)))],
    "crews+subscribers": ["--crews", str(max(1, round(60 * scale))),
                          "--max-outage-subscribers", str(round(2500000 * scale))],
    "budget": ["--budget", str(round(160e6 * scale))],
}
scenarios = {k: v for k, v in scenarios.items() if k in only.split(",")}
base = [nv, "plan", d, "--policy", "gb", "--start", "2021-01-01", "--format", "json", "--time-limit", str(limit)]

def timed(cmd):
    t = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return time.perf_counter() - t, p

def size(mps):
    rows = cols = ints = 0
    section, in_int = None, False
    seen = set()
    with open(mps) as f:
        for line in f:
            if not line.strip() or line.startswith("*"):
                continue
            if not line[0].isspace():
                section = line.split()[0]
                continue
            parts = line.split()
            if section == "ROWS":
                rows += 1
            elif section == "COLUMNS":
                if len(parts) >= 3 and parts[1] == "'MARKER'":
                    in_int = parts[2] == "'INTORG'"
                    continue
                if parts[0] not in seen:
                    seen.add(parts[0])
                    cols += 1
                    ints += in_int
    return rows - 1, cols, ints  # less the objective row

def glpk(mps):
    sol = mps + ".glpk.txt"
    wall, p = timed(["glpsol", "--freemps", mps, "--tmlim", str(int(limit)), "-o", sol])
    obj = bound = None
    status = "?"
    for line in p.stdout.splitlines():
        m = re.search(r"\+\s*\d+:\s+mip =\s+(.+?)\s+>=\s+(\S+)", line)
        if m:
            obj = None if m.group(1).startswith("not") else float(m.group(1))
            try:
                bound = float(m.group(2))
            except ValueError:
                pass
        if "INTEGER OPTIMAL SOLUTION FOUND" in line:
            status = "optimal"
        elif "TIME LIMIT EXCEEDED" in line:
            status = "time limit"
        elif "PROBLEM HAS NO" in line:
            status = "infeasible"
    if os.path.exists(sol):
        with open(sol) as f:
            for line in f:
                if line.startswith("Status:") and "UNDEFINED" in line:
                    break  # no integer solution: the "Objective" line that follows means nothing
                if line.startswith("Objective:"):
                    m = re.search(r"=\s*(\S+)", line)
                    if m:
                        obj = float(m.group(1))
    if status == "optimal":
        bound = obj
    return wall, status, obj, bound

def cbc(mps):
    wall, p = timed(["cbc", mps, "-timeMode", "elapsed", "-sec", str(limit), "-threads", "1", "-solve"])
    status, obj, bound = "?", None, None
    for line in p.stdout.splitlines():
        if line.startswith("Result - "):
            status = line[len("Result - "):].strip().lower()
        m = re.match(r"Objective value:\s+(\S+)", line)
        if m:
            obj = float(m.group(1))
        m = re.match(r"Lower bound:\s+(\S+)", line)
        if m:
            bound = float(m.group(1))
    if status.startswith("optimal") and obj is not None:
        bound = obj
    return wall, status, obj, bound

def gap(obj, bound):
    if obj is None or bound is None:
        return "-"
    return f"{100 * (obj - bound) / max(abs(obj), 1.0):.2f} %"

def fmt(v):
    return "-" if v is None else f"{v:,.1f}"

print(f"network: {d} ({sites} sites, Huawei on 30 % of RAN sites), gb from 2021-01-01, quarters; "
      f"time limit {limit:g} s; median wall time of {repeat} runs; objectives are the programs' own (without "
      f"netvet's constant)")
for name, args in scenarios.items():
    stem = os.path.join(work, name + ".mps")
    wall, p = timed(base + args + ["--write-mps", stem])
    if p.returncode != 0:
        raise SystemExit(f"netvet plan failed ({p.returncode}): {p.stdout[-2000:]}")
    doc = json.loads(p.stdout)
    solver = doc.get("solver", doc)
    print(f"\n== {name}: {' '.join(args)}")
    print(f"   netvet (GLPK + its greedy start): status {solver.get('status')}, gap {solver.get('gap')}, "
          f"{wall:.1f} s wall, aggregated {doc.get('aggregated', solver.get('aggregated'))}")
    files = sorted(glob.glob(stem + "*"))
    files = [f for f in files if f.endswith((".mps", ".bound", ".plan"))]
    for mps in files:
        r, c, i = size(mps)
        print(f"   program {os.path.basename(mps)}: {r:,} rows, {c:,} columns, {i:,} integer")
        for label, fn in (("glpsol", glpk), ("cbc", cbc)):
            runs = [fn(mps) for _ in range(repeat)]
            w = statistics.median(x[0] for x in runs)
            _, status, obj, bound = runs[-1]
            print(f"     {label:7s} {status:28s} objective {fmt(obj):>18s}  bound {fmt(bound):>18s}  "
                  f"gap {gap(obj, bound):>9s}  {w:7.2f} s")
PY
