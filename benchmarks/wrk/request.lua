-- One request shape per run, from the environment: BENCH_COOKIE (Cookie header, may be empty), BENCH_METHOD,
-- BENCH_BODY, BENCH_ORIGIN. Prints one machine-readable line at the end.
local cookie = os.getenv("BENCH_COOKIE") or ""
local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY") or ""
local origin = os.getenv("BENCH_ORIGIN") or ""

wrk.method = method
if cookie ~= "" then wrk.headers["Cookie"] = cookie end
if body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end
if origin ~= "" then wrk.headers["Origin"] = origin end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("BENCH rps=%.1f p50_ms=%.3f p99_ms=%.3f requests=%d non2xx_or_errors=%d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests, errors))
end
