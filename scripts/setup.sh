#!/usr/bin/env bash
# Installs what netvet needs to build, test and benchmark: Debian's packages
# (Debian's chromium among them, for the dashboard's end-to-end test: no
# browser is ever downloaded), and web/'s npm packages (the dashboard's
# build and test tools, and ajv and the official schemas for the OpenAPI and
# CycloneDX checks) exactly as web/package-lock.json pins them (`npm ci`,
# from the npm registry); then builds the dashboard into web/dist
# (`npm run build`), which `netvet serve` serves at /.
# Idempotent: does nothing when everything is present. `scripts/setup.sh
# --check-node` only checks the machine's Node.js and npm (exit 1 saying what
# is needed when they are too old or missing).
set -euo pipefail
cd "$(dirname "$0")/.."

# Node.js and npm for web/: Node.js 18 (what Debian 12 ships) or later, npm 8
# or later (it reads the lock file). Every package of web/package-lock.json
# declares engines that admit Node.js 18 (web/scripts/check-node-engines.mjs,
# run by the default tests), save one whose code never runs.
check_node() {
  local node_version npm_version node_major npm_major
  node_version=$(node --version 2>/dev/null || true)
  npm_version=$(npm --version 2>/dev/null || true)
  node_major=$(echo "$node_version" | sed -n 's/^v\([0-9][0-9]*\)\..*/\1/p')
  npm_major=$(echo "$npm_version" | sed -n 's/^\([0-9][0-9]*\)\..*/\1/p')
  if [ "${node_major:-0}" -lt 18 ] || [ "${npm_major:-0}" -lt 8 ]; then
    {
      echo "setup: the dashboard (web/) needs Node.js 18 or later and npm 8 or later;"
      echo "setup: this machine has node ${node_version:-none} and npm ${npm_version:-none}."
      echo "setup: on Debian 12: sudo apt-get install nodejs npm (Node.js 18.19, npm 9); or install a later Node.js"
      echo "setup: (for example from NodeSource or nvm), make it the first node on PATH, and run scripts/setup.sh again."
    } >&2
    return 1
  fi
  if [ "$node_major" -lt 20 ]; then
    echo "setup: node $node_version: npm ci may warn (EBADENGINE) that @cyclonedx/cyclonedx-library wants Node.js 20;" \
      "netvet only reads its schema files, so the warning is harmless." >&2
  fi
}
if [ "${1:-}" = "--check-node" ]; then
  check_node
  exit
fi

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

check_node

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
