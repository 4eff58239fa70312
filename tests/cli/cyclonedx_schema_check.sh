#!/usr/bin/env bash
# netvet's CycloneDX output against the official CycloneDX 1.6 JSON schema
# (issue 14): the BOMs `netvet convert` writes (the Spark example, a
# generated network with export attributes, the bundled HBOM read and
# written again) and `netvet audit --format cyclonedx` writes (one pack, all
# packs with --explain's inputs), plus the bundled example itself, validated
# by web/scripts/check-cyclonedx.mjs (ajv with the schema that
# @cyclonedx/cyclonedx-library ships). Needs node and web/node_modules
# (scripts/setup.sh runs `npm ci` in web/). First it runs the README's
# CycloneDX block (between the cyclonedx:begin and cyclonedx:end markers) as
# it stands, in a fresh folder, and validates the BOMs it wrote as well.
# Usage: cyclonedx_schema_check.sh SOURCE_DIR NETVET_BINARY WORK_DIR
set -euo pipefail
src=$(realpath "$1")
netvet=$(realpath "$2")
work=$3
web="$src/web"
# shellcheck source=../support/web_tools.sh
. "$src/tests/support/web_tools.sh"
need_web_module cyclonedx_schema_check "$web" @cyclonedx/cyclonedx-library/res/schema
rm -rf "$work"
mkdir -p "$work"
export NETVET_POLICY_DIR="$src/policies"
export SOURCE_DATE_EPOCH=1700000000
export NETVET_PROGRESS=0
spark="$src/examples/spark-2018/network"
"$netvet" convert "$spark" "$work/spark.cdx.json" 2>/dev/null
"$netvet" generate --sites 200 --seed 3 --shape export --out "$work/generated" >/dev/null 2>&1
"$netvet" convert "$work/generated" "$work/generated.json" --output-format cyclonedx 2>/dev/null
"$netvet" convert "$src/examples/hbom/ran-site.cdx.json" "$work/ran-site-again.cdx.json" 2>/dev/null
"$netvet" audit "$spark" --policy gb --as-of 2028-01-01 --format cyclonedx >"$work/audit-gb.cdx.json"
"$netvet" audit "$spark" --policy all --as-of 2025-06-01 --format cyclonedx >"$work/audit-all.cdx.json"
"$netvet" audit "$src/examples/hbom/ran-site.cdx.json" --policy nz --format cyclonedx >"$work/audit-hbom.cdx.json"

block=$(sed -n '/<!-- cyclonedx:begin -->/,/<!-- cyclonedx:end -->/p' "$src/README.md" | sed '1,2d;$d' | sed '$d')
[ -n "$block" ] || { echo "cyclonedx_schema_check: no block between the markers in README.md" >&2; exit 1; }
mkdir -p "$work/readme/bin"
ln -s "$netvet" "$work/readme/bin/netvet"
ln -s "$src/examples" "$work/readme/examples"
printf '%s\n' "$block" >"$work/readme/readme.sh"
out=$(cd "$work/readme" && PATH="$work/readme/bin:$PATH" bash -euo pipefail readme.sh 2>"$work/readme/err") ||
  { echo "cyclonedx_schema_check: the README's CycloneDX block failed:"; cat "$work/readme/err"; echo "$out"; exit 1; }
grep -q "round trip: same network" <<<"$out" || { echo "cyclonedx_schema_check: the README's round trip differs" >&2; exit 1; }

# The validator must refuse what the schema refuses: a component of a type
# CycloneDX does not have.
sed 's/"type": "device"/"type": "gadget"/' "$work/spark.cdx.json" >"$work/broken.txt"
if node "$web/scripts/check-cyclonedx.mjs" "$work/broken.txt" >/dev/null 2>&1; then
  echo "cyclonedx_schema_check: the validator accepted a BOM with an invalid component type" >&2
  exit 1
fi

exec node "$web/scripts/check-cyclonedx.mjs" "$work"/*.json "$work"/readme/*.cdx.json "$src/examples/hbom/ran-site.cdx.json"
