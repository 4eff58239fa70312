#!/usr/bin/env bash
# Every long benchmark, each side by side with its peer in one run, on
# `netvet generate --sites 1000000 --seed 1` (generated once into
# $NETVET_BENCH_DIR, default /tmp/netvet-bench). Never part of the tests.
#   bench/load/run.sh    load + validate vs python3-igraph (issue: foundation)
#   bench/graph/run.sh   outage/spof vs python3-igraph and python3-networkx
#   bench/policy/run.sh  audit --policy all vs load; 1,000-element assessment
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh -DNETVET_BUILD_BENCH=ON >/dev/null
export NETVET_BUILD_DIR=build
echo "== load";   bench/load/run.sh 1000000 3
echo "== graph";  bench/graph/run.sh 3 1
echo "== policy"; bench/policy/run.sh 3
