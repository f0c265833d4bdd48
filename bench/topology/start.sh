#!/usr/bin/env bash
# A scale-out topology on loopback: a primary PostgreSQL 15, a streaming replica made with
# `pg_basebackup -R`, and PgBouncer in transaction pooling mode in front of both (one PgBouncer for the
# primary, one for the replica: each passes any database name through, so databases made later work too).
# Run as root (the servers run as the `postgres` user through runuser). Prints the URLs and writes them to
# $TOPOLOGY_DIR/urls.env.
#
#   bench/topology/start.sh            # then: source /tmp/peers-topology/urls.env
#   bench/topology/stop.sh [--clean]
#
# Settings (environment): TOPOLOGY_DIR (/tmp/peers-topology), TOPOLOGY_DB (timeline),
# PRIMARY_PORT (5541), REPLICA_PORT (5542), PGBOUNCER_PORT (5543), PGBOUNCER_READ_PORT (5544),
# PG_BIN (/usr/lib/postgresql/15/bin), TOPOLOGY_FSYNC (off: a throwaway; set on for durability tests),
# TOPOLOGY_SYNC (off; `remote_apply`: a commit returns once the replica has applied it, so any read on the
# replica sees every acknowledged write; what the test suites run with), TOPOLOGY_ROLE_SETTINGS (off; `on`:
# the role postgres gets the API's session settings as defaults, which DATABASE_SETTINGS=role relies on).
set -euo pipefail

DIR=${TOPOLOGY_DIR:-/tmp/peers-topology}
DB=${TOPOLOGY_DB:-timeline}
PRIMARY_PORT=${PRIMARY_PORT:-5541}
REPLICA_PORT=${REPLICA_PORT:-5542}
PGBOUNCER_PORT=${PGBOUNCER_PORT:-5543}
PGBOUNCER_READ_PORT=${PGBOUNCER_READ_PORT:-5544}
SYNC=${TOPOLOGY_SYNC:-off}
ROLE_SETTINGS=${TOPOLOGY_ROLE_SETTINGS:-off}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
FSYNC=${TOPOLOGY_FSYNC:-off}

say() { printf '[topology] %s\n' "$*" >&2; }
fail() {
  printf '[topology] %s\n' "$*" >&2
  exit 1
}
as_postgres() { runuser -u postgres -- "$@"; }

[ "$(id -u)" -eq 0 ] || fail "run me as root: the servers run as the postgres user through runuser"
[ -x "$PG_BIN/initdb" ] || fail "no PostgreSQL binaries in $PG_BIN: apt-get install postgresql-15, or set PG_BIN"
id postgres >/dev/null 2>&1 || fail "no postgres user: install the postgresql-15 package"
if [ -e "$DIR" ]; then
  fail "$DIR exists: stop and remove the old topology first with bench/topology/stop.sh --clean"
fi

if ! command -v pgbouncer >/dev/null 2>&1 && [ ! -x /usr/sbin/pgbouncer ]; then
  say "installing pgbouncer (Debian package)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q pgbouncer >/dev/null ||
    fail "apt-get install pgbouncer failed: run apt-get update first, or install PgBouncer yourself"
  # The package starts its own PgBouncer on port 6432 with its default configuration: this topology does
  # not use it.
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet pgbouncer 2>/dev/null; then
    systemctl stop pgbouncer || true
  fi
fi
PGBOUNCER=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)

mkdir -p "$DIR"
chown postgres:postgres "$DIR"
chmod 700 "$DIR"

start_server() { # data-dir port
  # Saved beside the data folder: `pg_ctl -D <dir> -o "$(cat <dir>.opts)" start` starts it again the same way.
  echo "-c listen_addresses=127.0.0.1 -p $2 -k $DIR -c fsync=$FSYNC -c hot_standby=on -c hot_standby_feedback=on" >"$1.opts"
  as_postgres "$PG_BIN/pg_ctl" -D "$1" -l "$1.log" -w -t 60 -o "$(cat "$1.opts")" start >/dev/null ||
    fail "PostgreSQL on port $2 did not start: see $1.log"
}

say "primary: initdb and start on 127.0.0.1:$PRIMARY_PORT"
as_postgres "$PG_BIN/initdb" -D "$DIR/primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# initdb --auth=trust already lets loopback connections replicate; the replica needs the WAL it streams.
cat >>"$DIR/primary/postgresql.conf" <<EOF
wal_level = replica
max_wal_senders = 10
wal_keep_size = 256MB
EOF
start_server "$DIR/primary" "$PRIMARY_PORT"
as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres "$DB"

say "replica: pg_basebackup -R from the primary, start on 127.0.0.1:$REPLICA_PORT"
as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$DIR/replica" -R -X stream \
  -c fast >/dev/null
start_server "$DIR/replica" "$REPLICA_PORT"
if [ "$SYNC" = remote_apply ]; then
  # After the base backup: the replica must not wait for a standby of its own.
  say "primary: synchronous_commit = remote_apply with the replica as synchronous standby"
  printf "synchronous_standby_names = '*'\nsynchronous_commit = remote_apply\n" >>"$DIR/primary/postgresql.conf"
  as_postgres "$PG_BIN/pg_ctl" -D "$DIR/primary" reload >/dev/null
fi

for _ in $(seq 1 100); do
  state=$(as_postgres "$PG_BIN/psql" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d postgres -Atqc \
    "select state from pg_stat_replication limit 1" 2>/dev/null || true)
  [ "$state" = streaming ] && break
  sleep 0.1
done
[ "${state:-}" = streaming ] || fail "the replica does not stream from the primary: see $DIR/replica.log"
in_recovery=$(as_postgres "$PG_BIN/psql" -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -d postgres -Atqc \
  "select pg_is_in_recovery()")
[ "$in_recovery" = t ] || fail "the replica is not in recovery: see $DIR/replica.log"

say "pgbouncer: transaction pooling on 127.0.0.1:$PGBOUNCER_PORT (primary) and :$PGBOUNCER_READ_PORT (replica)"
echo '"postgres" ""' >"$DIR/userlist.txt"
chown postgres:postgres "$DIR/userlist.txt"
start_pgbouncer() { # name listen-port server-port [more database lines]
  cat >"$DIR/$1.ini" <<EOF
[databases]
${4:-}
* = host=127.0.0.1 port=$3

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $2
unix_socket_dir = $DIR
auth_type = trust
auth_file = $DIR/userlist.txt
pool_mode = transaction
max_client_conn = 500
default_pool_size = 20
; Each client's startup parameters are not kept per server connection in transaction mode: PgBouncer
; refuses the ones it does not know (see bench/README.md, "PgBouncer").
logfile = $DIR/$1.log
pidfile = $DIR/$1.pid
admin_users = postgres
EOF
  chown postgres:postgres "$DIR/$1.ini"
  as_postgres "$PGBOUNCER" -d -q "$DIR/$1.ini" || fail "pgbouncer did not start: see $DIR/$1.log"
  for _ in $(seq 1 50); do
    as_postgres "$PG_BIN/psql" -h 127.0.0.1 -p "$2" -U postgres -d "$DB" -Atqc 'select 1' >/dev/null 2>&1 && break
    sleep 0.1
  done
}
start_pgbouncer pgbouncer "$PGBOUNCER_PORT" "$PRIMARY_PORT" \
  "${DB}_read = host=127.0.0.1 port=$REPLICA_PORT dbname=$DB"
start_pgbouncer pgbouncer-read "$PGBOUNCER_READ_PORT" "$REPLICA_PORT"
as_postgres "$PG_BIN/psql" -h 127.0.0.1 -p "$PGBOUNCER_PORT" -U postgres -d "${DB}_read" -Atqc \
  'select pg_is_in_recovery()' | grep -qx t || fail "pgbouncer does not reach the replica: see $DIR/pgbouncer.log"
as_postgres "$PG_BIN/psql" -h 127.0.0.1 -p "$PGBOUNCER_READ_PORT" -U postgres -d "$DB" -Atqc \
  'select pg_is_in_recovery()' | grep -qx t || fail "pgbouncer does not reach the replica: see $DIR/pgbouncer-read.log"

if [ "$ROLE_SETTINGS" = on ]; then
  # The API's session settings as the role's defaults (DATABASE_SETTINGS=role); role settings replicate. For
  # the whole role, so also for bulk loads and administration as postgres: hence only when asked.
  say "role postgres: the API's session settings as its defaults"
  as_postgres "$PG_BIN/psql" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d postgres -q \
    -c "alter role postgres set statement_timeout = '5000ms'" \
    -c "alter role postgres set idle_in_transaction_session_timeout = '10000ms'" \
    -c "alter role postgres set max_parallel_workers_per_gather = 0" >/dev/null
fi

cat >"$DIR/urls.env" <<EOF
PRIMARY_URL=postgres://postgres@127.0.0.1:$PRIMARY_PORT/$DB
REPLICA_URL=postgres://postgres@127.0.0.1:$REPLICA_PORT/$DB
PGBOUNCER_URL=postgres://postgres@127.0.0.1:$PGBOUNCER_PORT/$DB
PGBOUNCER_READ_URL=postgres://postgres@127.0.0.1:$PGBOUNCER_READ_PORT/$DB
EOF
cat "$DIR/urls.env"
say "ready; stop with bench/topology/stop.sh (add --clean to remove $DIR)"
