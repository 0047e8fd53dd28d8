#!/usr/bin/env bash
# Ensures the local services the tests need are installed and running:
#   PostgreSQL 15 on 127.0.0.1:5432 (role tenantsessions/tenantsessions, CREATEDB, and pg_signal_backend so that
#   DROP DATABASE ... WITH (FORCE) of a test database also ends an autovacuum worker on it),
#   Redis on 127.0.0.1:6379, and Chromium at /usr/bin/chromium.
# Idempotent and fast when everything is already up. Prints only "services:" lines.
set -euo pipefail

PG_VERSION=15
PG_CLUSTER=main
ROLE=tenantsessions
LOG=${TMPDIR:-/tmp}/tenantsessions-services.log

say() { echo "services: $*"; }
die() { echo "services: ERROR: $*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }
# Run a command quietly; on failure show the tail of its output and stop.
quiet() {
  if ! "$@" >>"$LOG" 2>&1; then
    tail -n 30 "$LOG" | sed 's/^/services:   /' >&2
    die "command failed: $* (full log: $LOG)"
  fi
}
# Wait up to 30 s for a command to succeed.
wait_for() {
  local what=$1; shift
  for _ in $(seq 1 60); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  die "$what did not become ready within 30 s (log: $LOG)"
}

# --- packages ---------------------------------------------------------------
missing=()
command -v pg_ctlcluster >/dev/null 2>&1 && [ -x /usr/lib/postgresql/$PG_VERSION/bin/postgres ] \
  || missing+=("postgresql-$PG_VERSION")
command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# dnsmasq (package dnsmasq-base): the tests' DNS server for SSO domain checks (tests/TestSupport/TestDnsServer.cs)
command -v dnsmasq >/dev/null 2>&1 || missing+=(dnsmasq-base)

if [ ${#missing[@]} -gt 0 ]; then
  is_root || die "missing packages: ${missing[*]}. Run as root, or: sudo apt-get update && sudo apt-get install -y ${missing[*]}"
  say "installing ${missing[*]} (apt output in $LOG)"
  export DEBIAN_FRONTEND=noninteractive
  quiet apt-get update
  quiet apt-get install -y --no-install-recommends "${missing[@]}"
fi

# --- PostgreSQL ---------------------------------------------------------------
pg_up() { pg_isready -q -h 127.0.0.1 -p 5432; }
if ! pg_up; then
  is_root || die "PostgreSQL is not running on 127.0.0.1:5432. Run as root, or: sudo pg_ctlcluster $PG_VERSION $PG_CLUSTER start"
  if ! pg_lsclusters -h | awk -v v=$PG_VERSION -v c=$PG_CLUSTER '$1==v && $2==c {f=1} END {exit !f}'; then
    say "creating PostgreSQL $PG_VERSION cluster '$PG_CLUSTER'"
    quiet pg_createcluster $PG_VERSION $PG_CLUSTER --port 5432
  fi
  say "starting PostgreSQL $PG_VERSION/$PG_CLUSTER"
  pg_lsclusters -h | awk -v v=$PG_VERSION -v c=$PG_CLUSTER '$1==v && $2==c && $4=="online" {f=1} END {exit !f}' \
    || quiet pg_ctlcluster $PG_VERSION $PG_CLUSTER start
  wait_for "PostgreSQL (pg_isready -h 127.0.0.1)" pg_up
fi
say "postgres ready on 127.0.0.1:5432"

role_ok() {
  [ "$(PGPASSWORD=$ROLE PGCONNECT_TIMEOUT=5 psql -h 127.0.0.1 -p 5432 -U $ROLE -d postgres -XtAc \
      "select rolcreatedb and pg_has_role(current_user, 'pg_signal_backend', 'member') from pg_roles where rolname = current_user" 2>/dev/null)" = t ]
}
if ! role_ok; then
  is_root || die "role '$ROLE' (password '$ROLE', CREATEDB) is missing; run this script as root to create it"
  say "creating/updating role '$ROLE'"
  (cd / && quiet runuser -u postgres -- psql -X -v ON_ERROR_STOP=1 -d postgres -c "
    DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
        CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$ROLE';
      ELSE
        ALTER ROLE $ROLE LOGIN CREATEDB PASSWORD '$ROLE';
      END IF;
    END \$\$;
    GRANT pg_signal_backend TO $ROLE;")
  role_ok || die "cannot log in as '$ROLE' on 127.0.0.1:5432 (check pg_hba.conf)"
fi
say "role '$ROLE' ok"

# --- Redis ------------------------------------------------------------------
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = PONG ]; }
if ! redis_up; then
  say "starting redis-server"
  quiet redis-server --daemonize yes --port 6379 --bind 127.0.0.1 --save '' --appendonly no
  wait_for "Redis (redis-cli ping)" redis_up
fi
say "redis ready on 127.0.0.1:6379"

# --- Chromium ---------------------------------------------------------------
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium is missing"
say "chromium at /usr/bin/chromium"
