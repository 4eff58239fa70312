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
# shellcheck source=../support/web_tools.sh
. "$src/tests/support/web_tools.sh"
need_web_module openapi_check "$web" ajv
stores=(--store sqlite)
if [ -n "${NETVET_TEST_PG_URI:-}" ]; then
  stores+=(--store postgresql)
fi
exec node "$web/scripts/check-openapi.mjs" "$src/src/netvet/server/openapi.json" "$capture" "${stores[@]}"
