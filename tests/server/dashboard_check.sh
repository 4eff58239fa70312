#!/usr/bin/env bash
# The dashboard's tests (web/, README "Dashboard"), run by ctest:
#   dashboard_check.sh build SOURCE_DIR OUT_DIR   type-check and `vite build` into OUT_DIR (the base map
#                                                 cut into OUT_DIR.tmp: nothing is written into the sources)
#   dashboard_check.sh unit SOURCE_DIR            the Vitest unit tests
#   dashboard_check.sh e2e SOURCE_DIR NETVET OUT_DIR
#       a real `netvet serve` over OUT_DIR in Debian's chromium (playwright-core);
#       screenshots in $NETVET_E2E_ARTEFACTS, else a temporary folder it prints
#   dashboard_check.sh node18 SOURCE_DIR          Node.js 18 (Debian 12's): every package of web/package-lock.json
#       admits it (web/scripts/check-node-engines.mjs), a lock with one that does not is refused naming it, and
#       `scripts/setup.sh --check-node` says what it needs on a machine whose node or npm is too old
# Needs node and web/node_modules (scripts/setup.sh: npm ci in web/), and
# /usr/bin/chromium for e2e (scripts/setup.sh installs Debian's package).
set -euo pipefail
what=$1
src=$2
web="$src/web"
# shellcheck source=../support/web_tools.sh
. "$src/tests/support/web_tools.sh"
case "$what" in
  build)
    need_web_module dashboard_build "$web" vite
    out=$3
    cd "$web"
    mkdir -p "$out.tmp"
    node scripts/cut-countries.mjs "$out.tmp/countries.json"
    node_modules/.bin/tsc -p .
    NETVET_COUNTRIES="$out.tmp/countries.json" NETVET_WEB_OUT="$out" node_modules/.bin/vite build --logLevel warn
    ;;
  unit)
    need_web_module dashboard_unit "$web" vitest
    cd "$web"
    exec node_modules/.bin/vitest run --reporter=dot
    ;;
  e2e)
    need_web_module dashboard_e2e "$web" playwright-core
    chromium=${NETVET_CHROMIUM:-/usr/bin/chromium}
    if [ ! -x "$chromium" ]; then
      echo "dashboard_e2e: $chromium is missing: run scripts/setup.sh (apt-get install chromium)" >&2
      exit 1
    fi
    netvet=$3
    out=$4
    artefacts=${NETVET_E2E_ARTEFACTS:-$(mktemp -d "${TMPDIR:-/tmp}/netvet-dashboard-screens.XXXXXX")}
    exec node "$web/e2e/dashboard.e2e.mjs" --netvet "$netvet" --web-dir "$out" --source "$src" --artefacts "$artefacts"
    ;;
  node18)
    command -v node >/dev/null || { echo "dashboard_node18: node is not installed (scripts/setup.sh)" >&2; exit 1; }
    node "$web/scripts/check-node-engines.mjs" "$web/package-lock.json" --node 18.19.0
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/netvet-node18.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    # A lock in which one build tool moved to a release that needs Node.js 20.
    node -e '
      const lock = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      lock.packages["node_modules/vite"].engines = { node: "^20.19.0 || >=22.12.0" };
      require("fs").writeFileSync(process.argv[2], JSON.stringify(lock));' "$web/package-lock.json" "$tmp/lock.json"
    if node "$web/scripts/check-node-engines.mjs" "$tmp/lock.json" 2>"$tmp/err"; then
      echo "dashboard_node18: a lock whose vite needs Node.js 20 passed" >&2
      exit 1
    fi
    grep -q 'vite@.* needs node "^20.19.0 || >=22.12.0"' "$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
    # setup.sh's message, with a fake node and npm first on PATH.
    mkdir "$tmp/bin"
    fake() { printf '#!/bin/sh\necho %s\n' "$2" >"$tmp/bin/$1"; chmod +x "$tmp/bin/$1"; }
    fake node v16.20.2
    fake npm 8.19.4
    if PATH="$tmp/bin:$PATH" "$src/scripts/setup.sh" --check-node 2>"$tmp/err"; then
      echo "dashboard_node18: setup.sh accepted node v16.20.2" >&2
      exit 1
    fi
    for says in "needs Node.js 18 or later and npm 8 or later" "this machine has node v16.20.2 and npm 8.19.4" \
      "apt-get install nodejs npm"; do
      grep -qF "$says" "$tmp/err" || { echo "dashboard_node18: setup.sh does not say \"$says\":" >&2; cat "$tmp/err" >&2; exit 1; }
    done
    fake node v18.19.0
    fake npm 7.24.0
    if PATH="$tmp/bin:$PATH" "$src/scripts/setup.sh" --check-node 2>"$tmp/err"; then
      echo "dashboard_node18: setup.sh accepted npm 7.24.0" >&2
      exit 1
    fi
    grep -qF "npm 7.24.0" "$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
    fake npm 9.2.0
    PATH="$tmp/bin:$PATH" "$src/scripts/setup.sh" --check-node 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
    grep -qF "harmless" "$tmp/err" || { echo "dashboard_node18: no note on Node.js 18" >&2; exit 1; }
    echo "dashboard_node18: the lock admits Node.js 18.19.0; setup.sh refuses node 16 and npm 7 saying what it needs"
    ;;
  *)
    echo "usage: dashboard_check.sh build|unit|e2e|node18 SOURCE_DIR ..." >&2
    exit 2
    ;;
esac
