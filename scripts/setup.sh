#!/usr/bin/env bash
# Installs what netvet needs to build, test and benchmark: Debian's packages,
# and web/'s npm packages (ajv and the official schemas for the OpenAPI and
# CycloneDX checks) exactly as
# web/package-lock.json pins them (`npm ci`, from the npm registry).
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

# web/node_modules as the lock file says, installed again only when it changes.
if ! cmp -s web/package-lock.json web/node_modules/.netvet-lock; then
  echo "setup: npm ci in web/" >&2
  (cd web && npm ci --no-audit --no-fund --ignore-scripts >&2)
  cp web/package-lock.json web/node_modules/.netvet-lock
fi
