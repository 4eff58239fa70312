#!/usr/bin/env bash
# The plan benchmark (issue 11): `netvet plan` optimised (--planner mip)
# against the greedy earliest-deadline-first baseline (--planner greedy) on
# `netvet generate --sites SITES --seed 1 --vendor-share Huawei=0.3` under
# `gb` from 2021-01-01, in scenarios of crews, subscriber limit and budget.
# Prints, side by side per scenario: total cost, late site-periods, exposure
# (site-periods on Huawei), each milestone's slip, the solver's status,
# bound and gap, the wall time (median of REPEAT runs) and the CPU time of
# the run (user + system of the netvet process).
# Targets (issue 11): at 100k sites optimal or <= 1 % gap in under 60 s; at
# 1M within 5 % of its bound in under 10 minutes.
# Usage: bench/plan/run.sh [SITES] [REPEAT]     (defaults 100000, 3)
#   NETVET_BIN (default NETVET_BUILD_DIR/apps/netvet/netvet), NETVET_BUILD_DIR (default build), NETVET_BENCH_DIR (default /tmp/netvet-bench),
#   PLAN_TIME_LIMIT (default 60 s), PLAN_SCENARIOS (default: all; names below, comma-separated)
set -euo pipefail
cd "$(dirname "$0")/../.."
sites=${1:-100000}
repeat=${2:-3}
. bench/plan/network.sh
/usr/bin/python3 - "$nv" "$d" "$sites" "$repeat" "${PLAN_TIME_LIMIT:-60}" "${PLAN_SCENARIOS:-}" <<'PY'
import json, os, resource, statistics, subprocess, sys, time

nv, d, sites, repeat, limit, only = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
scale = sites / 100000  # the limits grow with the network
base = [nv, "plan", d, "--policy", "gb", "--start", "2021-01-01", "--format", "json", "--time-limit", limit]
scenarios = {
    # Crews for about 110 % of the 5G work by end-2027 (4 crew-days a site).
    "crews": ["--crews", str(round(60 * scale))],
    # Too few crews: every plan is late; which one is less late?
    "crews-short": ["--crews", str(round(45 * scale))],
    # Crews and a per-quarter subscriber limit: sites split by subscribers,
    # so the exact model is aggregated.
    "crews+subscribers": ["--crews", str(round(60 * scale)), "--max-outage-subscribers", str(round(2500000 * scale))],
    # A yearly budget (GBP) instead of crews.
    "budget": ["--budget", str(round(160e6 * scale))],
}
if only:
    scenarios = {k: v for k, v in scenarios.items() if k in only.split(",")}

def run(args):
    walls, cpus, out = [], [], None
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        p = subprocess.run(base + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        walls.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if p.returncode != 0:
            raise SystemExit(f"failed ({p.returncode}): {' '.join(base + args)}\n{p.stderr}")
        out = json.loads(p.stdout)
    return statistics.median(walls), statistics.median(cpus), out

def fact(doc, name):
    return doc.get(name)

def table(doc, name):
    t = doc.get(name)
    return t if isinstance(t, list) else []

share = os.environ.get("NETVET_BENCH_HUAWEI", "0.3")
print(f"network: {d} ({sites} sites, Huawei on {float(share) * 100:g} % of RAN sites), gb from 2021-01-01, quarters; "
      f"time limit {limit} s; median of {repeat} runs")
for name, args in scenarios.items():
    print(f"\n== {name}: {' '.join(args)}")
    rows = {}
    for planner in ("mip", "greedy"):
        rows[planner] = run(args + ["--planner", planner])
    first = rows["mip"][2]
    print(f"   sites to swap {fact(first, 'site_count')}, exact classes/groups solved {fact(first, 'site_classes')}"
          f"/{fact(first, 'groups')}, aggregated {fact(first, 'aggregated')}")
    print(f"   {'':24}{'mip':>22}{'greedy':>22}{'greedy/mip':>12}")
    def line(label, get, ratio=False):
        a, b = get(rows["mip"]), get(rows["greedy"])
        r = ""
        if ratio and isinstance(a, (int, float)) and isinstance(b, (int, float)) and a:
            r = f"{b / a:12.3f}"
        fmt = lambda v: f"{v:22,.0f}" if isinstance(v, (int, float)) and not isinstance(v, bool) else f"{str(v):>22}"
        print(f"   {label:24}{fmt(a)}{fmt(b)}{r}")
    line("total cost", lambda r: fact(r[2], "total_cost"), True)
    line("late site-periods", lambda r: fact(r[2], "late_site_periods"), True)
    line("exposure site-periods", lambda r: fact(r[2], "exposure_site_periods"), True)
    for i, m in enumerate(table(first, "milestones")):
        def slip(r, i=i):
            ms = table(r[2], "milestones")[i]
            return f"{'met' if ms.get('met') else 'MISSED'} slip {ms.get('slip_periods', 0)}q"
        kind = "removal" if m.get("max_percent") is None else f"cap {m['max_percent']:g}%"
        line(f"{m.get('by', '')} {kind}", slip)
    line("status", lambda r: fact(r[2], "status"))
    line("bound", lambda r: "-" if fact(r[2], "bound") is None else f"{fact(r[2], 'bound'):.6g}")
    line("objective", lambda r: f"{fact(r[2], 'objective'):.6g}")
    line("gap", lambda r: "-" if fact(r[2], "gap") is None else f"{100 * fact(r[2], 'gap'):.3f} %")
    # The gap relative to the objective itself (netvet's gap divides by max(objective, 1), so with no
    # lateness it is tiny whatever the exposure): what the bound leaves open, in the objective's terms.
    line("gap / objective", lambda r: "-" if fact(r[2], "bound") is None or not fact(r[2], "objective") else
         f"{100 * (fact(r[2], 'objective') - fact(r[2], 'bound')) / fact(r[2], 'objective'):.3f} %")
    line("greedy vs mip bound", lambda r: "-" if fact(rows["mip"][2], "bound") is None or not fact(r[2], "objective")
         else f"{100 * (fact(r[2], 'objective') - fact(rows['mip'][2], 'bound')) / fact(r[2], 'objective'):.3f} %")
    line("wall s (median)", lambda r: f"{r[0]:.2f}")
    line("cpu s (median)", lambda r: f"{r[1]:.2f}")
PY
