#!/usr/bin/env bash
# The dashboard's tests (web/, README "Dashboard"), run by ctest:
#   dashboard_check.sh build SOURCE_DIR OUT_DIR   type-check and `vite build` into OUT_DIR (the base map
#                                                 cut into OUT_DIR.tmp: nothing is written into the sources)
#   dashboard_check.sh unit SOURCE_DIR            the Vitest unit tests
#   dashboard_check.sh e2e SOURCE_DIR NETVET OUT_DIR
#       a real `netvet serve` over OUT_DIR in Debian's chromium (playwright-core);
#       screenshots in $NETVET_E2E_ARTEFACTS, else a temporary folder it prints
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
  *)
    echo "usage: dashboard_check.sh build|unit|e2e SOURCE_DIR ..." >&2
    exit 2
    ;;
esac
