# Sourced by bench/plan/*.sh after `sites` is set: `nv`, the netvet binary
# (NETVET_BIN, else NETVET_BUILD_DIR/apps/netvet/netvet), and `d`, the folder of
# `netvet generate --sites $sites --seed 1 --vendor-share Huawei=0.3` under
# NETVET_BENCH_DIR (default /tmp/netvet-bench), generated once.
build=${NETVET_BUILD_DIR:-build}
nv=${NETVET_BIN:-$PWD/$build/apps/netvet/netvet}
if [ ! -x "$nv" ]; then
  echo "build netvet first: ninja -C $build netvet" >&2
  exit 1
fi
root=${NETVET_BENCH_DIR:-/tmp/netvet-bench}
d=$root/sites-$sites-seed-1-huawei-0.3
if [ ! -f "$d/links.csv" ]; then
  mkdir -p "$d"
  "$nv" generate --sites "$sites" --seed 1 --vendor-share Huawei=0.3 --out "$d" >/dev/null 2>&1
fi
