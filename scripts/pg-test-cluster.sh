#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for the tests (docs/postgresql.md):
# a temporary folder, trust authentication, a Unix socket only (no TCP port,
# no network), fsync off. The owner role is netvet_owner (a superuser of this
# cluster only); tests create their own databases from template0.
#
# Usage:
#   scripts/pg-test-cluster.sh start   starts one; prints the state file's lines
#   scripts/pg-test-cluster.sh env     prints `export NETVET_TEST_PG_URI=...` (eval it)
#   scripts/pg-test-cluster.sh stop    stops it and removes the folder
# The state lives in $NETVET_PG_STATE (default: build/pg-test-cluster.env),
# a file of shell assignments that other scripts may source.
#
# As root (CI), initdb refuses to run: the cluster runs as the `postgres`
# user (runuser), and its folder is owned by that user. As anyone else, it
# runs as the caller.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
state=${NETVET_PG_STATE:-$PWD/build/pg-test-cluster.env}
run=()
if [ "$(id -u)" -eq 0 ]; then
  run=(runuser -u postgres --)
fi

start() {
  if [ -f "$state" ]; then
    # shellcheck disable=SC1090
    . "$state"
    if "${run[@]}" "$bin/pg_ctl" -D "$PGTEST_DIR/data" status >/dev/null 2>&1; then
      echo "pg-test-cluster: already running in $PGTEST_DIR" >&2
      cat "$state"
      return 0
    fi
  fi
  local dir port
  dir=$(mktemp -d "${TMPDIR:-/tmp}/netvet-pg.XXXXXX")
  chmod 755 "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"
  fi
  # The first port from 55432 whose socket (or lock file) nobody holds.
  port=55432
  while [ -e "/tmp/.s.PGSQL.$port.lock" ] || [ -n "$(find "${TMPDIR:-/tmp}" -maxdepth 2 -name ".s.PGSQL.$port" 2>/dev/null | head -1)" ]; do
    port=$((port + 1))
    if [ "$port" -gt 55532 ]; then
      echo "pg-test-cluster: no free port in 55432..55532" >&2
      exit 1
    fi
  done
  "${run[@]}" "$bin/initdb" -D "$dir/data" -A trust -U netvet_owner --no-sync -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -s \
    -o "-k $dir -c listen_addresses='' -p $port -c fsync=off -c full_page_writes=off -c max_connections=200" start ||
    { cat "$dir/log" >&2; exit 1; }
  "${run[@]}" "$bin/createdb" -h "$dir" -p "$port" -U netvet_owner netvet
  mkdir -p "$(dirname "$state")"
  cat >"$state" <<EOF
PGTEST_DIR=$dir
PGTEST_PORT=$port
NETVET_TEST_PG_URI='postgresql:///netvet?host=$dir&port=$port&user=netvet_owner'
export NETVET_TEST_PG_URI
EOF
  cat "$state"
}

stop() {
  if [ ! -f "$state" ]; then
    echo "pg-test-cluster: none running ($state is absent)" >&2
    return 0
  fi
  # shellcheck disable=SC1090
  . "$state"
  "${run[@]}" "$bin/pg_ctl" -D "$PGTEST_DIR/data" -m fast -w -s stop || true
  rm -rf "$PGTEST_DIR" "$state"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env)
    if [ ! -f "$state" ]; then
      echo "pg-test-cluster: none running; run '$0 start' first" >&2
      exit 1
    fi
    # shellcheck disable=SC1090
    . "$state"
    echo "export NETVET_TEST_PG_URI='$NETVET_TEST_PG_URI'"
    ;;
  *)
    echo "usage: $0 start|stop|env" >&2
    exit 2
    ;;
esac
