#!/usr/bin/env bash
# The README's first command: installs what is missing, builds netvet, and
# assesses the bundled Spark 2018 notification under the New Zealand pack.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNETVET_BUILD_TESTS=OFF >/dev/null
ninja -C build -j"$(nproc)" netvet >/dev/null
nv=build/apps/netvet/netvet
echo "== netvet summary examples/spark-2018/network"
"$nv" summary examples/spark-2018/network
echo
echo "== netvet assess examples/spark-2018/proposal.yaml --policy nz"
# The decision is significant_risk; assess exits 0 unless --fail-on is given.
"$nv" assess examples/spark-2018/proposal.yaml --policy nz
