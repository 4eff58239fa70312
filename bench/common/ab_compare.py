#!/usr/bin/env python3
"""Before/after: runs the Google Benchmark programs of two builds alternately
and prints each benchmark's median real time and the new/old ratio.

Usage: bench/common/ab_compare.py OLD_BUILD NEW_BUILD [ROUNDS] [NETWORK]
  OLD_BUILD, NEW_BUILD: build folders with -DNETVET_BUILD_BENCH=ON
  ROUNDS: alternations (default 3); NETWORK: a network CSV folder for the
  policy benchmark (default: generated, 20,000 sites, seed 1, by NEW_BUILD's netvet).
Policy and graph run on 20,000 sites, load on 100,000 elements."""
import json, os, statistics, subprocess, sys, tempfile

old, new = sys.argv[1], sys.argv[2]
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
network = sys.argv[4] if len(sys.argv) > 4 else None
if network is None:
    network = os.path.join(tempfile.gettempdir(), "netvet-ab-20000-1")
    if not os.path.exists(os.path.join(network, "links.csv")):
        subprocess.run([os.path.join(new, "apps/netvet/netvet"), "generate", "--sites", "20000", "--seed", "1",
                        "--out", network], check=True, capture_output=True)
programs = [("policy", "bench/policy/netvet_policy_bench", {"NETVET_BENCH_NETWORK": network}),
            ("load", "bench/load/netvet_load_bench", {}),
            ("graph", "bench/graph/netvet_graph_bench", {"NETVET_GRAPH_BENCH_SITES": "20000"})]
times = {}
for _ in range(rounds):
    for name, prog, env in programs:
        for tag, build in (("old", old), ("new", new)):
            out = subprocess.run([os.path.join(build, prog), "--benchmark_format=json"], capture_output=True,
                                 text=True, env=dict(os.environ, **env), check=True).stdout
            for b in json.loads(out)["benchmarks"]:
                if b.get("aggregate_name", "median") != "median":
                    continue
                times.setdefault((name, b.get("run_name", b["name"])), {}).setdefault(tag, []).append(b["real_time"])
for (name, bm), t in sorted(times.items()):
    mo, mn = statistics.median(t["old"]), statistics.median(t["new"])
    print(f"{name:7s} {bm:40s} old {mo:10.3f}  new {mn:10.3f}  new/old {mn / mo:5.2f}")
