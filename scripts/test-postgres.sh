#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback for the test suite and print its SQLAlchemy URL.
# Usage: eval "$(bash scripts/test-postgres.sh start)"   ...   bash scripts/test-postgres.sh stop
# Installs Debian's postgresql when missing (CI runs as root).
set -euo pipefail
PORT=${QUIZAPP_TEST_PG_PORT:-54329}
DATA=${QUIZAPP_TEST_PG_DATA:-/tmp/quizapp-test-pg}

bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

case "${1:-start}" in
start)
  if [ -z "$(bin_dir)" ]; then
    apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql >&2
  fi
  BIN=$(bin_dir)
  as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
  if [ -f "$DATA/postmaster.pid" ]; then as_pg "$BIN/pg_ctl -D $DATA -m fast stop" >&2 || true; fi
  rm -rf "$DATA" && mkdir -p "$DATA"
  [ "$(id -u)" = 0 ] && chown postgres "$DATA"
  as_pg "$BIN/initdb -D $DATA -A trust -U postgres --no-sync" >/dev/null
  as_pg "$BIN/pg_ctl -D $DATA -l $DATA/server.log -w -o \"-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off\" start" >&2
  as_pg "$BIN/createdb -h 127.0.0.1 -p $PORT -U postgres quizapp_test"
  echo "export QUIZAPP_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:$PORT/quizapp_test"
  ;;
stop)
  BIN=$(bin_dir)
  if [ -n "$BIN" ] && [ -f "$DATA/postmaster.pid" ]; then
    if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$BIN/pg_ctl -D $DATA -m fast stop" >&2
    else "$BIN/pg_ctl" -D "$DATA" -m fast stop >&2; fi
  fi
  ;;
esac
