#!/usr/bin/env bash
# The HTTP benchmark of the session check (issue 10), one command:
#   ./benchmarks/run.sh [--scenarios LIST] [--runs N] [--duration S] [--connections C] [--no-doc]
# LIST is comma-separated, from: anonymous, cache, page, signin, db-sqlite, db-postgres, rows, saturate (default: all but
# saturate). It builds Release, installs wrk if missing, starts PostgreSQL/Redis (scripts/services.sh), seeds a fresh
# database per provider (the demo seed), starts the app pinned to core 0 (taskset) and drives it with `wrk -t1` pinned
# to core 1, a warm-up first, N runs per scenario, and writes the medians with each figure's ratio to the anonymous
# get-session route of the same run into docs/benchmarks.md (between the "http-benchmark" markers). The cache-hit share
# comes from the app's own metrics (GET /platform/metrics, read as the superadmin).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

SCENARIOS="anonymous,cache,page,signin,db-sqlite,db-postgres,rows"
RUNS=3; DURATION=10; WARMUP=3; CONNECTIONS=32; WRITE_DOC=1
while [ $# -gt 0 ]; do
  case $1 in
    --scenarios) SCENARIOS=$2; shift 2;;
    --runs) RUNS=$2; shift 2;;
    --duration) DURATION=$2; shift 2;;
    --connections) CONNECTIONS=$2; shift 2;;
    --no-doc) WRITE_DOC=0; shift;;
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
stop_app() { if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; APP_PID=; fi; }
trap 'stop_app; rm -rf "$WORK"' EXIT

log "building Release"
dotnet build src/Web/TenantSessions.Web.csproj -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
command -v wrk >/dev/null || { log "installing wrk"; apt-get install -y -qq wrk >/dev/null; }
bash scripts/services.sh >/dev/null

# start_app PROVIDER CONNECTION: the app on 127.0.0.1:$PORT, core $SERVER_CORE, the demo seed.
start_app() {
  stop_app
  (cd src/Web/bin/Release/net10.0 && \
    ASPNETCORE_ENVIRONMENT=Production Database__Provider=$1 ConnectionStrings__Default="$2" Demo__Seed=true \
    Hangfire__Server=false RateLimiting__SignInPerMinute=10000000 Logging__LogLevel__Default=Warning \
    DOTNET_gcServer=0 exec taskset -c $SERVER_CORE dotnet TenantSessions.Web.dll --urls "http://127.0.0.1:$PORT" >"$WORK/app.log" 2>&1) &
  APP_PID=$!
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$PORT/health/live" >/dev/null && return 0; sleep 0.5; done
  cat "$WORK/app.log" >&2; log "the app did not start"; exit 1
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

SCRAPE_JAR=
scrape() { curl -sf -b "$SCRAPE_JAR" -c "$SCRAPE_JAR" --resolve "localhost:$PORT:127.0.0.1" "http://localhost:$PORT/platform/metrics"; }
metric() { awk -v n="$1" -v l="$2" 'index($0, n "{") == 1 && index($0, l) { s += $NF } END { printf "%d", s }'; }

# wrk_run NAME HOST PATH: a warm-up, then $RUNS runs; appends "NAME run rps p50 p99 requests errors" rows.
wrk_run() {
  local name=$1 host=$2 path=$3 out
  taskset -c $CLIENT_CORE wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -H "Host: $host" -s benchmarks/wrk/request.lua "http://127.0.0.1:$PORT$path" >/dev/null
  for run in $(seq 1 "$RUNS"); do
    out=$(taskset -c $CLIENT_CORE wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -H "Host: $host" -s benchmarks/wrk/request.lua "http://127.0.0.1:$PORT$path" | grep '^BENCH')
    set -- $out
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$run" "${2#rps=}" "${3#p50_ms=}" "${4#p99_ms=}" "${5#requests=}" "${6#non2xx_or_errors=}" >>"$RESULTS"
    log "$name run $run: ${2#rps=} req/s (p50 ${3#p50_ms=} ms, p99 ${4#p99_ms=} ms, errors ${6#non2xx_or_errors=})"
  done
}

# One provider: anonymous first (the reference of every ratio), then the scenarios asked for.
bench_provider() {
  local provider=$1 connection=$2 label=$3 jar session cache before after
  start_app "$provider" "$connection"
  SCRAPE_JAR=$(sign_in localhost root@platform.test)
  jar=$(sign_in acme.localhost bob@acme.test)
  session=$(cookie "$jar" ts_session)
  export BENCH_COOKIE="" BENCH_METHOD=GET BENCH_BODY="" BENCH_ORIGIN=""
  wrk_run "$label anonymous get-session" acme.localhost /api/auth/get-session

  if want cache && [ "$provider" = Sqlite ]; then
    jar=$(sign_in acme.localhost bob@acme.test)
    export BENCH_COOKIE="ts_session=$(cookie "$jar" ts_session); ts_session_cache=$(cookie "$jar" ts_session_cache)"
    before=$(scrape)
    wrk_run "$label cache hit" acme.localhost /api/auth/get-session
    after=$(scrape)
    local hits checks dbapp
    hits=$(( $(echo "$after" | metric tenantsessions_session_checks_total 'path="cache"') - $(echo "$before" | metric tenantsessions_session_checks_total 'path="cache"') ))
    checks=$(( $(echo "$after" | metric tenantsessions_session_checks_total 'path=') - $(echo "$before" | metric tenantsessions_session_checks_total 'path=') ))
    dbapp=$(( $(echo "$after" | metric tenantsessions_db_commands_total 'source="app"') - $(echo "$before" | metric tenantsessions_db_commands_total 'source="app"') ))
    echo "$hits $checks $dbapp" >"$WORK/cache-share"
    log "cache share from the metrics: $hits cache hits of $checks checks, $dbapp app database commands"
  fi
  if want page && [ "$provider" = Sqlite ]; then
    jar=$(sign_in acme.localhost bob@acme.test)
    export BENCH_COOKIE="ts_session=$(cookie "$jar" ts_session); ts_session_cache=$(cookie "$jar" ts_session_cache)"
    wrk_run "$label page /account/security (cache hit)" acme.localhost /account/security
  fi
  if want "db-${provider,,}" || { [ "$provider" = Postgres ] && want db-postgres; }; then
    export BENCH_COOKIE="ts_session=$session"
    wrk_run "$label database path" acme.localhost /api/auth/get-session
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
    wrk_run "$label sign-in" acme.localhost /api/auth/sign-in/email
    export BENCH_METHOD=GET BENCH_BODY="" BENCH_ORIGIN=""
  fi
  grep -E '^VmHWM' /proc/"$(pgrep -P "$APP_PID" -n dotnet || echo "$APP_PID")"/status 2>/dev/null | awk -v l="$label" '{ printf "%s\t%d\n", l, $2 / 1024 }' >>"$WORK/rss" || true
  stop_app
}

# seed_rows N: sessions of other users (in the platform scope) until the table holds about N rows.
seed_rows() {
  local want_rows=$1 have
  have=$(sqlite3 "$WORK/bench.db" 'SELECT count(*) FROM Sessions')
  [ "$have" -ge "$want_rows" ] && return 0
  log "seeding $((want_rows - have)) session rows"
  sqlite3 "$WORK/bench.db" <<SQL
PRAGMA foreign_keys = OFF;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $((want_rows - have)))
INSERT INTO Sessions (Id, TokenHash, TenantId, UserId, CreatedAt, AuthenticatedAt, UpdatedAt, LastSeenAt, ExpiresAt, AbsoluteExpiresAt, IsPersistent, UserAgent, DeviceLabel)
SELECT g, randomblob(32), NULL, g, s.CreatedAt, s.AuthenticatedAt, s.UpdatedAt, s.LastSeenAt, s.ExpiresAt, s.AbsoluteExpiresAt, 1, 'bench', 'bench'
FROM (SELECT substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-' || substr(h, 13, 4) || '-' || substr(h, 17, 4) || '-' || substr(h, 21) AS g FROM (SELECT upper(hex(randomblob(16))) AS h FROM n)), (SELECT * FROM Sessions LIMIT 1) s;
SQL
}

if want anonymous || want cache || want page || want signin || want db-sqlite || want rows; then
  bench_provider Sqlite "Data Source=$WORK/bench.db" SQLite
fi
if want db-postgres; then
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" -c "CREATE DATABASE $BENCH_DB"
  bench_provider Postgres "Host=127.0.0.1;Port=5432;Username=tenantsessions;Password=tenantsessions;Database=$BENCH_DB;Maximum Pool Size=64" PostgreSQL
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)"
fi

# The table: medians per scenario, ratio to the same provider's anonymous median.
TABLE=$WORK/table.md
{
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load average at the end $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with local changes)'); wrk -t1 -c$CONNECTIONS, ${WARMUP} s warm-up, $RUNS runs of ${DURATION} s; server on core $SERVER_CORE, wrk on core $CLIENT_CORE."
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
  if [ -f "$WORK/cache-share" ]; then
    read -r hits checks dbapp <"$WORK/cache-share"
    echo
    echo "Cache-hit scenario, from the app's metrics: $hits of $checks session checks were cache hits; $dbapp database commands were sent by requests (the feed poller's are counted apart)."
  fi
  if [ -f "$WORK/rss" ]; then
    echo
    awk -F'\t' '{ printf "Peak resident memory of the server (%s run): %d MiB.\n", $1, $2 }' "$WORK/rss"
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
