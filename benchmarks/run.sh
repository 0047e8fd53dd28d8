#!/usr/bin/env bash
# The HTTP benchmark of the session check (issue 10), one command:
#   ./benchmarks/run.sh [--scenarios LIST] [--runs N] [--duration S] [--warmup S] [--connections C] [--samples N] [--saturate S]
#                       [--no-doc] [--no-build]
# LIST is comma-separated, from: anonymous, cache, page, signin, db-sqlite, db-postgres, rows, revocation, saturate,
# people, pages (default: all). --people LIST: the numbers of distinct people of the people scenarios (default 10000,100000). The default run takes about 20 minutes on 2 cores. It builds Release, installs wrk if missing, starts PostgreSQL/Redis (scripts/services.sh), seeds a fresh
# database per provider (the demo seed), starts the app pinned to core 0 (taskset) and drives it with `wrk -t1` pinned
# to core 1 (PostgreSQL's processes pinned to core 1 too, and put back afterwards), a 20 s warm-up per scenario, then
# more until the JIT is quiet (settle_jit), 5 runs per scenario (the session-check scenarios interleaved round by
# round), and writes the medians with each figure's ratio to the anonymous
# get-session route of the same run into docs/benchmarks.md (between the "http-benchmark" markers). The cache-hit share
# comes from the app's own metrics (GET /platform/metrics, read as the superadmin).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

SCENARIOS="anonymous,cache,page,signin,db-sqlite,db-postgres,rows,revocation,saturate,people,pages"
PEOPLE=10000,100000
RUNS=5; DURATION=10; WARMUP=20; CONNECTIONS=32; WRITE_DOC=1; BUILD=1
SIGNIN_CONNECTIONS=4     # PBKDF2 costs tens of ms of CPU: 32 waiting sign-ins would only measure the queue
WRK_TIMEOUT=10s          # no request counted as an error before 10 s (wrk's default is 2 s)
SAMPLES=200              # revocations per mode (polling, Redis)
SATURATE=60; SATURATE_CONNECTIONS=64; DB_EVERY=10
SETTLE_STEP=5; SETTLE_QUIET=20; SETTLE_MAX=${SETTLE_MAX:-180}   # see settle_jit
while [ $# -gt 0 ]; do
  case $1 in
    --scenarios) SCENARIOS=$2; shift 2;;
    --people) PEOPLE=$2; shift 2;;
    --runs) RUNS=$2; shift 2;;
    --duration) DURATION=$2; shift 2;;
    --warmup) WARMUP=$2; shift 2;;
    --connections) CONNECTIONS=$2; shift 2;;
    --samples) SAMPLES=$2; shift 2;;
    --saturate) SATURATE=$2; shift 2;;
    --no-doc) WRITE_DOC=0; shift;;
    --no-build) BUILD=0; shift;;
    *) echo "unknown argument: $1" >&2; exit 2;;
  esac
done
want() { [[ ",$SCENARIOS," == *",$1,"* ]]; }

PORT=5080
WORK=$(mktemp -d /tmp/tenantsessions-bench.XXXXXX)
RESULTS=$WORK/results.tsv
APP_PID=
SERVER_CORE=0; CLIENT_CORE=1
[ "$(nproc)" -ge 2 ] || { SERVER_CORE=0; CLIENT_CORE=0; echo "bench: one core only, server and wrk share it" >&2; }
export TENANTSESSIONS_POSTGRES="${TENANTSESSIONS_POSTGRES:-Host=127.0.0.1;Port=5432;Username=tenantsessions;Password=tenantsessions;Database=tenantsessions_test}"
PGPASSWORD=tenantsessions; export PGPASSWORD
PSQL=(psql -h 127.0.0.1 -U tenantsessions -v ON_ERROR_STOP=1 -q)
BENCH_DB=tenantsessions_bench

log() { echo "bench: $*" >&2; }
# stop PID: ends one app process started by this script and waits until it is gone.
stop() { kill "$1" 2>/dev/null || return 0; for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done; kill -9 "$1" 2>/dev/null || true; }
stop_app() { if [ -n "$APP_PID" ]; then stop "$APP_PID"; APP_PID=; fi; }
NODE_PIDS=()
stop_nodes() { local pid; for pid in "${NODE_PIDS[@]}"; do stop "$pid"; done; NODE_PIDS=(); }
PG_AFFINITY=
# restore_pg: PostgreSQL's processes back on the cores they had before the run (see the pinning below).
restore_pg() { [ -n "$PG_AFFINITY" ] || return 0; local pid; for pid in $(pgrep -x postgres || true); do taskset -pc "$PG_AFFINITY" "$pid" >/dev/null 2>&1 || true; done; }
trap 'stop_app; stop_nodes; restore_pg; rm -rf "$WORK"' EXIT

if [ "$BUILD" = 1 ]; then
  log "building Release"
  dotnet build src/Web/TenantSessions.Web.csproj -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
  if want people || want pages; then dotnet build benchmarks/TenantSessions.Benchmarks -c Release -nologo -v q -clp:ErrorsOnly >/dev/null; fi
fi
PEOPLE_TOOL=$ROOT/benchmarks/TenantSessions.Benchmarks/bin/Release/net10.0/TenantSessions.Benchmarks.dll
command -v wrk >/dev/null || { log "installing wrk"; apt-get install -y -qq wrk >/dev/null; }
bash scripts/services.sh >/dev/null

# The database server on the client's core, as a database on its own host would be: the server core runs only the app,
# whose CPU per check is what the ratios compare (unpinned, PostgreSQL's processes took turns on the app's core at
# random). New backends inherit the postmaster's affinity; the previous one is restored on exit.
PG_PIDS=$(pgrep -x postgres || true)
if [ -n "$PG_PIDS" ] && PG_AFFINITY=$(taskset -pc "$(pgrep -xo postgres)" 2>/dev/null | awk -F': ' '{ print $2 }'); then
  for pid in $PG_PIDS; do taskset -pc "$CLIENT_CORE" "$pid" >/dev/null 2>&1 || true; done
  log "PostgreSQL pinned to core $CLIENT_CORE (was $PG_AFFINITY)"
fi

# launch PORT PROVIDER CONNECTION [VAR=VALUE...]: one app process on 127.0.0.1:PORT, core $SERVER_CORE, production
# settings with the demo seed (extra settings as environment variables); prints its pid once it answers.
launch() {
  local port=$1 provider=$2 connection=$3 pid; shift 3
  (cd src/Web/bin/Release/net10.0 && \
    exec env ASPNETCORE_ENVIRONMENT=Production Database__Provider=$provider ConnectionStrings__Default="$connection" Demo__Seed=true \
    Hangfire__Server=false RateLimiting__SignInPerMinute=10000000 Logging__LogLevel__Default=Warning \
    DOTNET_gcServer=0 "$@" taskset -c $SERVER_CORE dotnet TenantSessions.Web.dll --urls "http://127.0.0.1:$port" >"$WORK/app.$port.log" 2>&1) &
  pid=$!
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/health/live" >/dev/null && { echo "$pid"; return 0; }; sleep 0.5; done
  cat "$WORK/app.$port.log" >&2; log "the app on port $port did not start"; kill "$pid" 2>/dev/null; exit 1
}

# start_app PROVIDER CONNECTION [VAR=VALUE...]: the app of the throughput scenarios, on $PORT.
start_app() {
  stop_app
  APP_PID=$(launch "$PORT" "$@")
}

# cookies_of HOST EMAIL: "ts_session=...; ts_session_cache=..." after a sign-in and one get-session.
sign_in() {
  local host=$1 email=$2 jar=$WORK/jar.$RANDOM
  curl -sf -c "$jar" --resolve "$host:$PORT:127.0.0.1" -H "Origin: http://$host:$PORT" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"Passw0rd!\",\"rememberMe\":true}" "http://$host:$PORT/api/auth/sign-in/email" >/dev/null
  curl -sf -b "$jar" -c "$jar" --resolve "$host:$PORT:127.0.0.1" "http://$host:$PORT/api/auth/get-session" >/dev/null
  echo "$jar"
}
cookie() { awk -v n="$2" '$6 == n { print $7 }' "$1"; }

# cookie_header SPEC: the Cookie header of a run. "cache:TOKEN" is the session cookie with a cache cookie minted just now
# (one get-session with the token alone takes the database path and sets a new one): a cache cookie lives 5 minutes,
# less than warm-ups, settling and rounds together, and an expired one sends every request down the database path.
# HOST (default acme.localhost) is the host the session belongs to.
cookie_header() {
  local spec=$1 host=${2:-acme.localhost} fresh
  if [[ "$spec" != cache:* ]]; then echo "$spec"; return; fi
  fresh=$WORK/fresh.$RANDOM
  curl -sf -c "$fresh" -H "Cookie: ts_session=${spec#cache:}" --resolve "$host:$PORT:127.0.0.1" "http://$host:$PORT/api/auth/get-session" >/dev/null
  echo "ts_session=${spec#cache:}; ts_session_cache=$(cookie "$fresh" ts_session_cache)"
}

SCRAPE_JAR=
scrape() { curl -sf -b "$SCRAPE_JAR" -c "$SCRAPE_JAR" --resolve "localhost:$PORT:127.0.0.1" "http://localhost:$PORT/platform/metrics"; }
metric() { awk -v n="$1" -v l="$2" 'index($0, n "{") == 1 && index($0, l) { s += $NF } END { printf "%d", s }'; }
# gauge NAME: the value of a gauge without labels of its own (any suffix the exporter adds to the name).
gauge() { awk -v n="$1" 'index($0, n) == 1 && substr($0, 1, 1) != "#" { v = $NF } END { printf "%s", v }'; }

# wrk_warm HOST PATH [CONNECTIONS]: one unrecorded run of $WARMUP s (the JIT tiers the route's code up meanwhile).
wrk_warm() {
  taskset -c $CLIENT_CORE wrk -t1 -c"${3:-$CONNECTIONS}" -d"${WARMUP}s" --timeout "$WRK_TIMEOUT" -H "Host: $1" -s benchmarks/wrk/request.lua "http://127.0.0.1:$PORT$2" >/dev/null
}

# wrk_once NAME RUN HOST PATH [CONNECTIONS]: one recorded run; appends "NAME run rps p50 p99 requests errors".
wrk_once() {
  local name=$1 run=$2 host=$3 path=$4 connections=${5:-$CONNECTIONS} out
  out=$(taskset -c $CLIENT_CORE wrk -t1 -c"$connections" -d"${DURATION}s" --timeout "$WRK_TIMEOUT" -H "Host: $host" -s benchmarks/wrk/request.lua "http://127.0.0.1:$PORT$path" | grep '^BENCH')
  set -- $out
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$run" "${2#rps=}" "${3#p50_ms=}" "${4#p99_ms=}" "${5#requests=}" "${6#non2xx_or_errors=}" >>"$RESULTS"
  log "$name run $run: ${2#rps=} req/s (p50 ${3#p50_ms=} ms, p99 ${4#p99_ms=} ms, errors ${6#non2xx_or_errors=})$([ -f "$WORK/bench.db-wal" ] && echo ", SQLite WAL $(( $(stat -c %s "$WORK/bench.db-wal") / 1024 )) KiB")"
}

# wrk_run NAME HOST PATH [CONNECTIONS]: a warm-up, then $RUNS runs (the scenarios that are not interleaved).
wrk_run() {
  wrk_warm "$2" "$3" "${4:-}"
  for run in $(seq 1 "$RUNS"); do wrk_once "$1" "$run" "$2" "$3" "${4:-}"; done
}

# settle_jit NAMES COOKIES PATHS (names of arrays): the runtime keeps recompiling hot methods after the warm-ups (tier 0,
# then instrumented for dynamic PGO, then optimized), and on one core it waits for a quiet second before each promotion,
# so a busy process needs tens of seconds more before its code is in its final tier. Cycles $SETTLE_STEP s of every
# scenario until the runtime's own counter (dotnet_jit_compiled_methods_total, from the app's metrics) rises by fewer
# than $SETTLE_QUIET methods over a cycle, at most $SETTLE_MAX s; the time it took is reported with the table.
settle_jit() {
  local -n _names=$1 _cookies=$2 _paths=$3
  local start=$SECONDS before after i
  after=$(scrape | metric dotnet_jit_compiled_methods_total 'System.Runtime')
  while :; do
    before=$after
    for i in "${!_names[@]}"; do
      BENCH_COOKIE="$(cookie_header "${_cookies[$i]}")" taskset -c $CLIENT_CORE wrk -t1 -c"$CONNECTIONS" -d"${SETTLE_STEP}s" --timeout "$WRK_TIMEOUT" -H "Host: acme.localhost" -s benchmarks/wrk/request.lua "http://127.0.0.1:$PORT${_paths[$i]}" >/dev/null
    done
    after=$(scrape | metric dotnet_jit_compiled_methods_total 'System.Runtime')
    log "JIT: $((after - before)) methods compiled in the last cycle ($((SECONDS - start)) s)"
    if [ $((after - before)) -lt "$SETTLE_QUIET" ] || [ $((SECONDS - start)) -ge "$SETTLE_MAX" ]; then break; fi
  done
  echo "$label	$((SECONDS - start))	$((after - before))" >>"$WORK/settle"
}

# One provider. The session-check scenarios (anonymous, the reference of every ratio, then cache hit, page and database
# path) are each warmed up first and then measured interleaved: round 1 of every scenario, round 2 of every scenario,
# and so on, so that each ratio compares runs taken at the same stage of the process's life (JIT tiering, SQLite's page
# cache) rather than the first scenario cold and the last one warm.
bench_provider() {
  local provider=$1 connection=$2 label=$3 jar session before after names=() cookies=() paths=() i run
  start_app "$provider" "$connection"
  SCRAPE_JAR=$(sign_in localhost root@platform.test)
  jar=$(sign_in acme.localhost bob@acme.test)
  session=$(cookie "$jar" ts_session)
  export BENCH_METHOD=GET BENCH_BODY="" BENCH_ORIGIN=""
  names+=("$label anonymous get-session"); cookies+=(""); paths+=(/api/auth/get-session)
  if want cache && [ "$provider" = Sqlite ]; then
    jar=$(sign_in acme.localhost bob@acme.test)
    names+=("$label cache hit"); cookies+=("cache:$(cookie "$jar" ts_session)"); paths+=(/api/auth/get-session)
  fi
  if want page && [ "$provider" = Sqlite ]; then
    jar=$(sign_in acme.localhost bob@acme.test)
    names+=("$label page /account/security (cache hit)"); cookies+=("cache:$(cookie "$jar" ts_session)"); paths+=(/account/security)
  fi
  if want "db-${provider,,}" || { [ "$provider" = Postgres ] && want db-postgres; }; then
    names+=("$label database path"); cookies+=("ts_session=$session"); paths+=(/api/auth/get-session)
  fi
  for i in "${!names[@]}"; do
    export BENCH_COOKIE="$(cookie_header "${cookies[$i]}")"
    log "warming up: ${names[$i]}"
    wrk_warm acme.localhost "${paths[$i]}"
  done
  settle_jit names cookies paths
  local hits=0 checks=0 dbapp=0
  for run in $(seq 1 "$RUNS"); do
    for i in "${!names[@]}"; do
      export BENCH_COOKIE="$(cookie_header "${cookies[$i]}")"
      if [[ "${names[$i]}" == *"cache hit" ]]; then
        before=$(scrape)
        wrk_once "${names[$i]}" "$run" acme.localhost "${paths[$i]}"
        after=$(scrape)
        hits=$(( hits + $(echo "$after" | metric tenantsessions_session_checks_total 'path="cache"') - $(echo "$before" | metric tenantsessions_session_checks_total 'path="cache"') ))
        checks=$(( checks + $(echo "$after" | metric tenantsessions_session_checks_total 'path=') - $(echo "$before" | metric tenantsessions_session_checks_total 'path=') ))
        dbapp=$(( dbapp + $(echo "$after" | metric tenantsessions_db_commands_total 'source="app"') - $(echo "$before" | metric tenantsessions_db_commands_total 'source="app"') ))
      else
        wrk_once "${names[$i]}" "$run" acme.localhost "${paths[$i]}"
      fi
    done
  done
  if want cache && [ "$provider" = Sqlite ]; then
    echo "$hits $checks $dbapp" >"$WORK/cache-share"
    log "cache share from the metrics: $hits cache hits of $checks checks, $dbapp app database commands"
  fi
  if want rows && [ "$provider" = Sqlite ]; then
    for rows in 10000 1000000; do
      seed_rows "$rows"
      export BENCH_COOKIE="ts_session=$session"
      wrk_run "$label database path, $rows session rows" acme.localhost /api/auth/get-session
    done
  fi
  if want signin && [ "$provider" = Sqlite ]; then
    export BENCH_COOKIE="" BENCH_METHOD=POST BENCH_ORIGIN="http://acme.localhost" \
      BENCH_BODY='{"email":"bob@acme.test","password":"Passw0rd!","rememberMe":true}'
    wrk_run "$label sign-in (c$SIGNIN_CONNECTIONS)" acme.localhost /api/auth/sign-in/email "$SIGNIN_CONNECTIONS"
    export BENCH_METHOD=GET BENCH_BODY="" BENCH_ORIGIN=""
  fi
  grep -E '^VmHWM' /proc/"$(pgrep -P "$APP_PID" -n dotnet || echo "$APP_PID")"/status 2>/dev/null | awk -v l="$label" '{ printf "%s\t%d\n", l, $2 / 1024 }' >>"$WORK/rss" || true
  stop_app
}

# seed_rows N [DB]: sessions of other users (in the platform scope) until the table holds about N rows.
seed_rows() {
  local want_rows=$1 db=${2:-$WORK/bench.db} have
  have=$(sqlite3 "$db" 'SELECT count(*) FROM Sessions')
  [ "$have" -ge "$want_rows" ] && return 0
  log "seeding $((want_rows - have)) session rows"
  sqlite3 "$db" <<SQL
PRAGMA foreign_keys = OFF;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $((want_rows - have)))
INSERT INTO Sessions (Id, TokenHash, TenantId, UserId, CreatedAt, AuthenticatedAt, UpdatedAt, LastSeenAt, ExpiresAt, AbsoluteExpiresAt, IsPersistent, UserAgent, DeviceLabel)
SELECT g, randomblob(32), NULL, g, s.CreatedAt, s.AuthenticatedAt, s.UpdatedAt, s.LastSeenAt, s.ExpiresAt, s.AbsoluteExpiresAt, 1, 'bench', 'bench'
FROM (SELECT substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-' || substr(h, 13, 4) || '-' || substr(h, 17, 4) || '-' || substr(h, 21) AS g FROM (SELECT upper(hex(randomblob(16))) AS h FROM n)), (SELECT * FROM Sessions LIMIT 1) s;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
}

reset_pg() { "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" -c "CREATE DATABASE $BENCH_DB"; }
PG_BENCH="Host=127.0.0.1;Port=5432;Username=tenantsessions;Password=tenantsessions;Database=$BENCH_DB;Maximum Pool Size=64"

# Revocation seen by a second node: two app processes on one PostgreSQL database (node A on $PORT, node B on
# $PORT+1, both on the server core), polling only and then Redis with polling as its safety net; the probe
# (benchmarks/revocation_probe.py, on the client core) ends $SAMPLES sessions on A and times until B refuses each.
bench_revocation() {
  local mode out extra
  for mode in polling redis; do
    reset_pg
    extra=(Revocation__Mode=Polling)
    [ "$mode" = redis ] && extra+=(Redis__Configuration=127.0.0.1:6379)
    NODE_PIDS+=("$(launch "$PORT" Postgres "$PG_BENCH" "${extra[@]}")")
    NODE_PIDS+=("$(launch "$((PORT + 1))" Postgres "$PG_BENCH" Demo__Seed=false "${extra[@]}")")
    log "revocation, $mode: $SAMPLES samples"
    out=$(taskset -c $CLIENT_CORE python3 benchmarks/revocation_probe.py --a "$PORT" --b "$((PORT + 1))" --samples "$SAMPLES" --label "$mode" | grep '^REVOCATION')
    echo "$out" >>"$WORK/revocation"; log "$out"
    stop_nodes
  done
}

# Saturation: one node on PostgreSQL (the feed is polled, as in the run where cache hits fell to the database rate),
# benchmarks/wrk/mixed.lua (one request in $DB_EVERY on the database path, the rest cache hits). First the mix at
# -c$CONNECTIONS for $DURATION s (the reference), then -c$SATURATE_CONNECTIONS for $SATURATE s, the metrics read every
# 10 s: cache hits per second in each window, the feed_trusted gauge, the feed_not_trusted fallbacks.
bench_saturate() {
  local jar before after t0 window=10 windows i rate min_rate= trusted_min=1 g out ref_hits ref_rate hits0 fnt0 hits_prev hits_now
  reset_pg
  start_app Postgres "$PG_BENCH"
  SCRAPE_JAR=$(sign_in localhost root@platform.test)
  jar=$(sign_in acme.localhost bob@acme.test)
  export BENCH_CACHE_COOKIE="ts_session=$(cookie "$jar" ts_session); ts_session_cache=$(cookie "$jar" ts_session_cache)"
  export BENCH_DB_COOKIE="ts_session=$(cookie "$jar" ts_session)" BENCH_DB_EVERY=$DB_EVERY
  taskset -c $CLIENT_CORE wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" --timeout "$WRK_TIMEOUT" -H "Host: acme.localhost" -s benchmarks/wrk/mixed.lua "http://127.0.0.1:$PORT/api/auth/get-session" >/dev/null
  before=$(scrape)
  taskset -c $CLIENT_CORE wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --timeout "$WRK_TIMEOUT" -H "Host: acme.localhost" -s benchmarks/wrk/mixed.lua "http://127.0.0.1:$PORT/api/auth/get-session" >/dev/null
  after=$(scrape)
  ref_hits=$(( $(echo "$after" | metric tenantsessions_session_checks_total 'path="cache"') - $(echo "$before" | metric tenantsessions_session_checks_total 'path="cache"') ))
  ref_rate=$(( ref_hits / DURATION ))
  log "saturation reference (c$CONNECTIONS, ${DURATION} s): $ref_rate cache hits/s"

  windows=$(( SATURATE / window ))
  before=$(scrape)
  hits0=$(echo "$before" | metric tenantsessions_session_checks_total 'path="cache"')
  fnt0=$(echo "$before" | metric tenantsessions_session_cache_fallbacks_total 'reason="feed_not_trusted"')
  hits_prev=$hits0
  taskset -c $CLIENT_CORE wrk -t1 -c"$SATURATE_CONNECTIONS" -d"${SATURATE}s" --timeout "$WRK_TIMEOUT" -H "Host: acme.localhost" -s benchmarks/wrk/mixed.lua "http://127.0.0.1:$PORT/api/auth/get-session" >"$WORK/saturate.wrk" &
  local wrk_pid=$! rates=""
  t0=$(date +%s.%N)
  for i in $(seq 1 "$windows"); do
    sleep "$(awk -v t0="$t0" -v now="$(date +%s.%N)" -v e="$((i * window))" 'BEGIN { d = t0 + e - now; printf "%.2f", d < 0 ? 0 : d }')"
    after=$(scrape)
    hits_now=$(echo "$after" | metric tenantsessions_session_checks_total 'path="cache"')
    rate=$(( (hits_now - hits_prev) / window )); hits_prev=$hits_now
    g=$(echo "$after" | gauge tenantsessions_revocation_feed_trusted); [ "${g:-1}" = 0 ] && trusted_min=0
    rates="$rates $rate"; { [ -z "$min_rate" ] || [ "$rate" -lt "$min_rate" ]; } && min_rate=$rate
    log "saturation window $i: $rate cache hits/s, feed trusted ${g:-?}"
  done
  wait "$wrk_pid" || true
  after=$(scrape)
  out=$(grep '^BENCH' "$WORK/saturate.wrk" || echo "BENCH rps=0")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$ref_rate" "$(( ($(echo "$after" | metric tenantsessions_session_checks_total 'path="cache"') - hits0) / SATURATE ))" \
    "$min_rate" "${rates# }" "$trusted_min" "$(( $(echo "$after" | metric tenantsessions_session_cache_fallbacks_total 'reason="feed_not_trusted"') - fnt0 ))" \
    "$(echo "$after" | gauge tenantsessions_revocation_feed_trusted)" "$out" >"$WORK/saturate"
  stop_app
}

# People (issue 26): N distinct signed-in people, each with their own session and cache cookies, seeded and minted
# without a password hash each (`TenantSessions.Benchmarks people seed|mint`: the engine's own token code, and the app's
# own get-session for the cache cookies), drawn uniformly and Zipf-like (s = 1.1) by benchmarks/wrk/people.lua. The
# controls (anonymous, one session) go through the same script. A cache cookie lives 5 minutes, so the people's cookies
# are minted again before every round. Per N: cache-hit throughput, the memo's hit rate and the database commands from
# the app's metrics, and peak RSS; for the first N also the database path with those people's random ids among
# 1,000,000 session rows.
wrk_people_once() { # NAME RUN FILE DISTRIBUTION [DURATION]
  local out
  out=$(BENCH_PEOPLE_FILE=$3 BENCH_DISTRIBUTION=$4 taskset -c $CLIENT_CORE wrk -t1 -c"$CONNECTIONS" -d"${5:-$DURATION}s" --timeout "$WRK_TIMEOUT" \
    -H "Host: acme.localhost" -s benchmarks/wrk/people.lua "http://127.0.0.1:$PORT/api/auth/get-session" | grep '^BENCH')
  [ "$2" = warm ] && return 0
  set -- "$1" "$2" $out
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "${4#rps=}" "${5#p50_ms=}" "${6#p99_ms=}" "${7#requests=}" "${8#non2xx_or_errors=}" >>"$RESULTS"
  log "$1 run $2: ${4#rps=} req/s (p50 ${5#p50_ms=} ms, p99 ${6#p99_ms=} ms, errors ${8#non2xx_or_errors=})"
}
bench_people() {
  local n label db first=1 run i before after names files dists
  for n in ${PEOPLE//,/ }; do
    label="People$((n / 1000))k"; db=$WORK/people.db
    rm -f "$db" "$db-wal" "$db-shm"
    start_app Sqlite "Data Source=$db"
    SCRAPE_JAR=$(sign_in localhost root@platform.test)
    sign_in acme.localhost bob@acme.test >/dev/null # the session the people are copied from
    dotnet "$PEOPLE_TOOL" people seed --db "$db" --people "$n" --tokens "$WORK/people.tokens" >&2
    awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) print "" }' >"$WORK/people.anonymous"
    mint_people() {
      dotnet "$PEOPLE_TOOL" people mint --port "$PORT" --host acme.localhost --tokens "$WORK/people.tokens" --out "$WORK/people.cookies" >&2
      awk -v n="$n" 'NR == 1 { for (i = 0; i < n; i++) print; exit }' "$WORK/people.cookies" >"$WORK/people.one"
    }
    mint_people
    names=("$label anonymous (people.lua)" "$label one session, cache hit" "$label cache hit, uniform" "$label cache hit, Zipf 1.1")
    files=("$WORK/people.anonymous" "$WORK/people.one" "$WORK/people.cookies" "$WORK/people.cookies")
    dists=(uniform uniform uniform zipf)
    for i in "${!names[@]}"; do log "warming up: ${names[$i]}"; wrk_people_once "${names[$i]}" warm "${files[$i]}" "${dists[$i]}" "$WARMUP"; done
    for run in $(seq 1 "$RUNS"); do
      mint_people
      for i in "${!names[@]}"; do
        before=$(scrape)
        wrk_people_once "${names[$i]}" "$run" "${files[$i]}" "${dists[$i]}"
        after=$(scrape)
        if [ "$i" -ge 2 ]; then
          printf '%s\t%s\t%s\t%s\t%s\t%s\n' "${names[$i]}" \
            "$(( $(echo "$after" | metric tenantsessions_session_checks_total 'path="cache"') - $(echo "$before" | metric tenantsessions_session_checks_total 'path="cache"') ))" \
            "$(( $(echo "$after" | metric tenantsessions_session_checks_total 'path=') - $(echo "$before" | metric tenantsessions_session_checks_total 'path=') ))" \
            "$(( $(echo "$after" | metric tenantsessions_db_commands_total 'source="app"') - $(echo "$before" | metric tenantsessions_db_commands_total 'source="app"') ))" \
            "$(( $(echo "$after" | metric tenantsessions_cookie_cache_memo_lookups_total 'result="hit"') - $(echo "$before" | metric tenantsessions_cookie_cache_memo_lookups_total 'result="hit"') ))" \
            "$(( $(echo "$after" | metric tenantsessions_cookie_cache_memo_lookups_total 'result=') - $(echo "$before" | metric tenantsessions_cookie_cache_memo_lookups_total 'result=') ))" >>"$WORK/people-share"
        fi
      done
    done
    if [ "$first" = 1 ]; then
      seed_rows 1000000 "$db"
      sed 's/^/ts_session=/' "$WORK/people.tokens" >"$WORK/people.sessions"
      wrk_people_once "$label database path" warm "$WORK/people.sessions" uniform "$WARMUP"
      for run in $(seq 1 "$RUNS"); do wrk_people_once "$label database path, random ids over 1,000,000 rows" "$run" "$WORK/people.sessions" uniform; done
      first=0
    fi
    grep -E '^VmHWM' /proc/"$(pgrep -P "$APP_PID" -n dotnet || echo "$APP_PID")"/status 2>/dev/null | awk -v l="$label" '{ printf "%s\t%d\n", l, $2 / 1024 }' >>"$WORK/rss" || true
    stop_app
  done
}

# Pages (issue 26 item 3): the pages people open, on SQLite, with the data of `TenantSessions.Benchmarks pages seed`
# (no password hash each): /account/security of bob with 10 live and 50 ended sessions, /admin/members with 200 people
# and the admin's page of one member (bob) as alice, the platform's workspace list with 1,000 workspaces as the
# superadmin, and the anonymous sign-in page. Each request carries what a returning browser sends: the session and a
# fresh cache cookie (minted before every round, as above) and the antiforgery cookie the page set on its first render.
# First, on an idle app, the database commands and the bytes allocated per render (PAGE_RENDERS sequential requests,
# from the app's metrics: tenantsessions_db_commands_total{source="app"} and the runtime's
# dotnet_gc_heap_total_allocated_bytes_total, the whole process's, so background work is included); these do not depend
# on the machine's load. Then throughput and p50/p99 at -c1 and at -c$CONNECTIONS, each level with its own anonymous
# get-session control in the same process, interleaved round by round.
PAGE_RENDERS=${PAGE_RENDERS:-50}
# page_cookies HOST SPEC PATH: the Cookie header of a page run (cookie_header), plus the cookies the page itself sets
# on a first render (the antiforgery cookie), as a browser would send them back.
page_cookies() {
  local host=$1 spec=$2 path=$3 header jar=$WORK/page.$RANDOM extra
  header=$(cookie_header "$spec" "$host")
  curl -sf -o /dev/null -c "$jar" ${header:+-H "Cookie: $header"} --resolve "$host:$PORT:127.0.0.1" "http://$host:$PORT$path" \
    || { log "GET $path on $host failed"; return 1; }
  extra=$(awk '!/^#/ && NF >= 7 && $6 != "ts_session" && $6 != "ts_session_cache" { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$jar" 2>/dev/null || true)
  echo "${header}${header:+${extra:+; }}${extra}"
}
bench_pages() {
  local db=$WORK/pages.db bob alice root bob_id i run c level n before after names=() hosts=() specs=() paths=() header
  rm -f "$db" "$db-wal" "$db-shm"
  start_app Sqlite "Data Source=$db"
  SCRAPE_JAR=$(sign_in localhost root@platform.test)
  bob=$(cookie "$(sign_in acme.localhost bob@acme.test)" ts_session)
  alice=$(cookie "$(sign_in acme.localhost alice@acme.test)" ts_session)
  root=$(cookie "$(sign_in localhost root@platform.test)" ts_session)
  dotnet "$PEOPLE_TOOL" pages seed --db "$db" --live 10 --ended 50 --members 200 --tenants 1000 >&2
  bob_id=$(sqlite3 "$db" "SELECT Id FROM AspNetUsers WHERE NormalizedEmail = 'BOB@ACME.TEST'" | tr 'A-Z' 'a-z')
  names=("anonymous get-session" "/account/security (10 live, 50 ended)" "/admin/members (200 members)" "/admin/members/{id} (10 live, 50 ended)" "/platform/tenants (1,000 workspaces)" "/sign-in")
  hosts=(acme.localhost acme.localhost acme.localhost acme.localhost localhost acme.localhost)
  specs=("" "cache:$bob" "cache:$alice" "cache:$alice" "cache:$root" "")
  paths=(/api/auth/get-session /account/security /admin/members "/admin/members/$bob_id" /platform/tenants /sign-in)
  export BENCH_METHOD=GET BENCH_BODY="" BENCH_ORIGIN=""
  # Commands and allocations per render, the app idle apart from these requests (a few renders first, so that the
  # first render's one-time work, e.g. compiling the view and the queries, is not counted).
  for i in "${!names[@]}"; do
    header=$(page_cookies "${hosts[$i]}" "${specs[$i]}" "${paths[$i]}")
    for n in 1 2 3 4 5; do curl -s -o /dev/null ${header:+-H "Cookie: $header"} --resolve "${hosts[$i]}:$PORT:127.0.0.1" "http://${hosts[$i]}:$PORT${paths[$i]}"; done
    before=$(scrape)
    local ok=0 code
    for n in $(seq 1 "$PAGE_RENDERS"); do
      code=$(curl -s -o /dev/null -w '%{http_code}' ${header:+-H "Cookie: $header"} --resolve "${hosts[$i]}:$PORT:127.0.0.1" "http://${hosts[$i]}:$PORT${paths[$i]}")
      [ "$code" = 200 ] && ok=$((ok + 1))
    done
    after=$(scrape)
    printf '%s\t%s\t%s\t%s\t%s\n' "${names[$i]}" "$PAGE_RENDERS" "$ok" \
      "$(( $(echo "$after" | metric tenantsessions_db_commands_total 'source="app"') - $(echo "$before" | metric tenantsessions_db_commands_total 'source="app"') ))" \
      "$(( $(echo "$after" | metric dotnet_gc_heap_total_allocated_bytes_total '') - $(echo "$before" | metric dotnet_gc_heap_total_allocated_bytes_total '') ))" >>"$WORK/pages-commands"
    log "page ${names[$i]}: $(tail -1 "$WORK/pages-commands" | awk -F'\t' '{ printf "%d of %d answered 200, %.1f database commands and %.0f KiB allocated per render", $3, $2, $4 / $2, $5 / $2 / 1024 }')"
  done
  for level in 1 "$CONNECTIONS"; do
    for i in "${!names[@]}"; do
      export BENCH_COOKIE="$(page_cookies "${hosts[$i]}" "${specs[$i]}" "${paths[$i]}")"
      log "warming up: ${names[$i]} (c$level)"
      wrk_warm "${hosts[$i]}" "${paths[$i]}" "$level"
    done
    for run in $(seq 1 "$RUNS"); do
      for i in "${!names[@]}"; do
        export BENCH_COOKIE="$(page_cookies "${hosts[$i]}" "${specs[$i]}" "${paths[$i]}")"
        wrk_once "Pages-c$level ${names[$i]}" "$run" "${hosts[$i]}" "${paths[$i]}" "$level"
      done
    done
  done
  grep -E '^VmHWM' /proc/"$(pgrep -P "$APP_PID" -n dotnet || echo "$APP_PID")"/status 2>/dev/null | awk '{ printf "Pages\t%d\n", $2 / 1024 }' >>"$WORK/rss" || true
  stop_app
}

if want anonymous || want cache || want page || want signin || want db-sqlite || want rows; then
  bench_provider Sqlite "Data Source=$WORK/bench.db" SQLite
fi
if want db-postgres; then
  reset_pg
  bench_provider Postgres "$PG_BENCH" PostgreSQL
fi
want people && bench_people
want pages && bench_pages
want revocation && bench_revocation
want saturate && bench_saturate
if want db-postgres || want revocation || want saturate; then
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)"
fi

# The table: medians per scenario, ratio to the same provider's anonymous median.
TABLE=$WORK/table.md
{
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load average at the end $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with local changes)'); wrk -t1 -c$CONNECTIONS, a ${WARMUP} s warm-up per scenario, $RUNS runs of ${DURATION} s (anonymous, cache hit, page and database path interleaved, round by round); server on core $SERVER_CORE, wrk on core $CLIENT_CORE."
  if [ -s "$RESULTS" ]; then
  echo
  echo "| scenario | median req/s | runs (req/s) | p50 ms | p99 ms | ratio to anonymous |"
  echo "|---|---:|---|---:|---:|---:|"
  awk -F'\t' '
    { rps[$1] = rps[$1] " " $3; p50[$1] = p50[$1] " " $4; p99[$1] = p99[$1] " " $5; if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
    function median(list,   a, k, i, j, t) { k = split(list, a, " "); for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t } return a[int((k + 1) / 2)] }
    END {
      for (i = 1; i <= n; i++) { s = order[i]; split(s, w, " "); if (s ~ /anonymous/) base[w[1]] = median(rps[s]) }
      for (i = 1; i <= n; i++) { s = order[i]; split(s, w, " "); m = median(rps[s]);
        printf "| %s | %.0f |%s | %s | %s | %.0f %% |\n", s, m, rps[s], median(p50[s]), median(p99[s]), 100 * m / base[w[1]] }
    }' "$RESULTS"
  fi
  if [ -f "$WORK/settle" ]; then
    echo
    awk -F'\t' '{ printf "%sJIT settled (%s): %s s of further warm-up until fewer than '"$SETTLE_QUIET"' methods were compiled in a cycle (%s in the last).", sep, $1, $2, $3; sep = " " } END { print "" }' "$WORK/settle"
  fi
  if [ -f "$WORK/cache-share" ]; then
    read -r hits checks dbapp <"$WORK/cache-share"
    echo
    echo "Cache-hit scenario, from the app's metrics: $hits of $checks session checks were cache hits; $dbapp database commands were sent by requests (the feed poller's and the last-seen write-behind's background flushes are counted apart)."
  fi
  if [ -f "$WORK/people-share" ]; then
    echo
    echo "People scenarios, from the app's metrics (all rounds): cache hits of all session checks, database commands sent by requests, and the hit rate of the memo of opened cache cookies (ADR-016)."
    echo
    echo "| scenario | cache hits / checks | database commands | memo hits / lookups |"
    echo "|---|---:|---:|---:|"
    awk -F'\t' '{ h[$1] += $2; c[$1] += $3; d[$1] += $4; mh[$1] += $5; mt[$1] += $6; if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
      END { for (i = 1; i <= n; i++) { s = order[i]; printf "| %s | %d / %d (%.1f %%) | %d | %d / %d (%.1f %%) |\n", s, h[s], c[s], c[s] ? 100 * h[s] / c[s] : 0, d[s], mh[s], mt[s], mt[s] ? 100 * mh[s] / mt[s] : 0 } }' "$WORK/people-share"
  fi
  if [ -f "$WORK/pages-commands" ]; then
    echo
    echo "Pages, per render, from the app's metrics over $PAGE_RENDERS sequential renders of each on an otherwise idle app (independent of the machine's load; the allocations are the whole process's, background work included):"
    echo
    echo "| page | answered 200 | database commands per render | KiB allocated per render |"
    echo "|---|---:|---:|---:|"
    awk -F'\t' '{ printf "| %s | %d / %d | %.1f | %.0f |\n", $1, $3, $2, $4 / $2, $5 / $2 / 1024 }' "$WORK/pages-commands"
  fi
  if [ -f "$WORK/revocation" ]; then
    echo
    echo "Revocation seen by a second node (PostgreSQL, two app processes; from the sign-out's response on node A to node B's first \`null\`, node B polled every millisecond with the revoked session's cookies, its cache cookie included):"
    echo
    echo "| feed | samples | p50 ms | p99 ms | max ms | timeouts (10 s) | target |"
    echo "|---|---:|---:|---:|---:|---:|---|"
    awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
           printf "| %s | %s | %s | %s | %s | %s | %s |\n", v["label"] == "redis" ? "Redis (polling as safety net)" : "polling every 250 ms", v["samples"], v["p50_ms"], v["p99_ms"], v["max_ms"], v["timeouts"], v["label"] == "redis" ? "p99 <= 50 ms" : "p99 <= 300 ms" }' "$WORK/revocation"
  fi
  if [ -f "$WORK/saturate" ]; then
    IFS=$'\t' read -r ref_rate sat_rate min_rate rates trusted_min fnt trusted_end wrk_line <"$WORK/saturate"
    echo
    echo "Saturation (PostgreSQL, feed polled; benchmarks/wrk/mixed.lua, one request in $DB_EVERY on the database path): reference -c$CONNECTIONS for $DURATION s, then -c$SATURATE_CONNECTIONS for $SATURATE s ($wrk_line)."
    echo
    echo "| figure | value |"
    echo "|---|---:|"
    echo "| cache hits/s, reference | $ref_rate |"
    echo "| cache hits/s, saturated (whole run) | $sat_rate ($(( ref_rate > 0 ? 100 * sat_rate / ref_rate : 0 )) % of the reference) |"
    echo "| cache hits/s, slowest 10-s window | $min_rate ($(( ref_rate > 0 ? 100 * min_rate / ref_rate : 0 )) %; windows:$rates) |"
    echo "| feed trusted in every window (gauge) | $([ "$trusted_min" = 1 ] && echo yes || echo NO) (at the end: $trusted_end) |"
    echo "| fallbacks because the feed was not trusted | $fnt |"
  fi
  if [ -f "$WORK/rss" ]; then
    echo
    awk -F'\t' -v rows="$(want rows && echo ', 1,000,000 session rows stored at the end' || true)" '{ printf "Peak resident memory of the server (%s run%s): %d MiB (target %d MiB).\n", $1, $1 == "SQLite" ? rows : "", $2, $1 ~ /^People/ ? 400 : 300 }' "$WORK/rss"
  fi
} >"$TABLE"
cat "$TABLE"

if [ "$WRITE_DOC" = 1 ]; then
  python3 - "$ROOT/docs/benchmarks.md" "$TABLE" <<'PY'
import sys, re
doc, table = sys.argv[1], open(sys.argv[2]).read()
text = open(doc).read()
block = "<!-- http-benchmark:start -->\n" + table + "<!-- http-benchmark:end -->"
if "<!-- http-benchmark:start -->" in text:
    text = re.sub(r"<!-- http-benchmark:start -->.*?<!-- http-benchmark:end -->", lambda _: block, text, flags=re.S)
else:
    text += "\n" + block + "\n"
open(doc, "w").write(text)
PY
  log "wrote docs/benchmarks.md"
fi
