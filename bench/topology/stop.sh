#!/usr/bin/env bash
# Stops what bench/topology/start.sh started: PgBouncer, the replica, the primary. `--clean` also removes
# the directory. Same settings as start.sh (TOPOLOGY_DIR, PG_BIN).
set -euo pipefail

DIR=${TOPOLOGY_DIR:-/tmp/peers-topology}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
CLEAN=false
[ "${1:-}" = --clean ] && CLEAN=true

say() { printf '[topology] %s\n' "$*" >&2; }
[ "$(id -u)" -eq 0 ] || {
  say "run me as root, like start.sh"
  exit 1
}
[ -d "$DIR" ] || {
  say "no topology in $DIR: nothing to stop"
  exit 0
}

for bouncer in pgbouncer pgbouncer-read; do
  [ -f "$DIR/$bouncer.pid" ] || continue
  pid=$(cat "$DIR/$bouncer.pid")
  if kill -0 "$pid" 2>/dev/null; then
    say "$bouncer (pid $pid)"
    kill -INT "$pid" # SIGINT: shut down now, without waiting for clients
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
done
for server in replica primary; do
  if [ -f "$DIR/$server/postmaster.pid" ]; then
    say "$server"
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$DIR/$server" -m fast -w stop >/dev/null || true
  fi
done
if $CLEAN; then
  rm -rf "$DIR"
  say "removed $DIR"
fi
