# Sourced by bench/plan/*.sh after `sites` is set: `nv`, the netvet binary
# (NETVET_BIN, else NETVET_BUILD_DIR/apps/netvet/netvet), and `d`, the folder of
# `netvet generate --sites $sites --seed 1 --vendor-share Huawei=SHARE` under
# NETVET_BENCH_DIR (default /tmp/netvet-bench), generated once. SHARE is
# NETVET_BENCH_HUAWEI (default 0.3, the issue's; 0.4 puts the RAN over gb's 35 % cap).
build=${NETVET_BUILD_DIR:-build}
nv=${NETVET_BIN:-$PWD/$build/apps/netvet/netvet}
if [ ! -x "$nv" ]; then
  echo "build netvet first: ninja -C $build netvet" >&2
  exit 1
fi
root=${NETVET_BENCH_DIR:-/tmp/netvet-bench}
share=${NETVET_BENCH_HUAWEI:-0.3}
d=$root/sites-$sites-seed-1-huawei-$share
if [ ! -f "$d/links.csv" ]; then
  mkdir -p "$d"
  "$nv" generate --sites "$sites" --seed 1 --vendor-share "Huawei=$share" --out "$d" >/dev/null 2>&1
fi
