#!/usr/bin/env bash
# The OpenAPI document (src/netvet/server/openapi.json) against the OpenAPI
# 3.1 schema, the route table and every answer the API tests captured
# (support/api_capture.h), with web/scripts/check-openapi.mjs (ajv). Needs
# node and web/node_modules (scripts/setup.sh runs `npm ci` in web/). With
# NETVET_TEST_PG_URI set, the PostgreSQL variants must have run too.
# Usage: openapi_check.sh SOURCE_DIR CAPTURE_DIR
set -euo pipefail
src=$1
capture=$2
web="$src/web"
if ! command -v node >/dev/null; then
  echo "openapi_check: node is not installed (scripts/setup.sh installs it)" >&2
  exit 1
fi
if [ ! -d "$web/node_modules/ajv" ]; then
  echo "openapi_check: $web/node_modules is missing: run scripts/setup.sh (npm ci in web/)" >&2
  exit 1
fi
stores=(--store sqlite)
if [ -n "${NETVET_TEST_PG_URI:-}" ]; then
  stores+=(--store postgresql)
fi
exec node "$web/scripts/check-openapi.mjs" "$src/src/netvet/server/openapi.json" "$capture" "${stores[@]}"
