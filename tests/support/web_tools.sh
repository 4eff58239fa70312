# Sourced by the test scripts that run node tools from web/ (the OpenAPI and
# CycloneDX schema checks). need_web_module NAME WEB_DIR MODULE: exits 1 with
# a message naming the caller when node, or web/node_modules/MODULE, is
# missing (scripts/setup.sh installs node and runs `npm ci` in web/).
need_web_module() {
  local name=$1 web=$2 module=$3
  if ! command -v node >/dev/null; then
    echo "$name: node is not installed (scripts/setup.sh installs it)" >&2
    exit 1
  fi
  if [ ! -e "$web/node_modules/$module" ]; then
    echo "$name: $web/node_modules lacks $module: run scripts/setup.sh (npm ci in web/)" >&2
    exit 1
  fi
}
