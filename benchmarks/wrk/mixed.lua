-- The saturation scenario: cache hits mixed with database paths on one connection pool. BENCH_CACHE_COOKIE (both
-- cookies: answered from the cookie cache) and BENCH_DB_COOKIE (the session cookie only: every request reads the row);
-- one request in BENCH_DB_EVERY (default 10) takes the database path. Prints the same BENCH line as request.lua.
local cache_cookie = os.getenv("BENCH_CACHE_COOKIE") or ""
local db_cookie = os.getenv("BENCH_DB_COOKIE") or ""
local db_every = tonumber(os.getenv("BENCH_DB_EVERY") or "10")
local cache_request, db_request
local n = 0

init = function(args)
  wrk.headers["Cookie"] = cache_cookie
  cache_request = wrk.format("GET")
  wrk.headers["Cookie"] = db_cookie
  db_request = wrk.format("GET")
end

request = function()
  n = n + 1
  if n % db_every == 0 then return db_request end
  return cache_request
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("BENCH rps=%.1f p50_ms=%.3f p99_ms=%.3f requests=%d non2xx_or_errors=%d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests, errors))
end
