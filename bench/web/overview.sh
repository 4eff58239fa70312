#!/usr/bin/env bash
# A large network's overview in the dashboard: upload, then open it in
# Debian's Chromium right after the upload, again, and after a restart.
# Usage: bench/web/overview.sh [SITES] [RUNS]   (defaults: 1000000 3)
# Needs a build (build/apps/netvet/netvet), the dashboard built into
# build/web-dist (ctest -R dashboard_build, or `cd web && npx vite build
# --outDir ../build/web-dist`) and `cd web && npm ci`. Prints the figures
# of each run on stderr and their medians as JSON on stdout.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
sites="${1:-1000000}"
runs="${2:-3}"
bin="${NETVET_BIN:-$here/build/apps/netvet/netvet}"
web="${NETVET_WEB_DIR:-$here/build/web-dist}"
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
"$bin" generate --sites "$sites" --seed 7 --out "$data/net" >&2
cd "$here/web"
node e2e/overview.bench.mjs --netvet "$bin" --web-dir "$web" --source "$here" --network "$data/net" --runs "$runs"
