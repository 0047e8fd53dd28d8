-- Many people (issue 26): every request carries the Cookie header of one person, drawn from BENCH_PEOPLE_FILE (one
-- header per line, as `people mint` writes them; an empty line sends no cookie), uniformly or Zipf-like
-- (BENCH_DISTRIBUTION=uniform|zipf, exponent BENCH_ZIPF_S, default 1.1: person k is drawn with weight 1/k^s). The
-- controls go through this same script: a file of empty lines (anonymous) and a file of one person's header repeated
-- (one session), so the client does the same work per request in every scenario. Requests are formatted once in init.
-- Prints the same BENCH line as request.lua.
local file = os.getenv("BENCH_PEOPLE_FILE") or error("BENCH_PEOPLE_FILE is not set")
local distribution = os.getenv("BENCH_DISTRIBUTION") or "uniform"
local s = tonumber(os.getenv("BENCH_ZIPF_S") or "1.1")
local requests, cdf, n = {}, {}, 0

init = function(args)
  math.randomseed(26)
  for line in io.lines(file) do
    local headers = {}
    for k, v in pairs(wrk.headers) do headers[k] = v end
    if line ~= "" then headers["Cookie"] = line end
    n = n + 1
    requests[n] = wrk.format("GET", wrk.path, headers)
  end
  if n == 0 then error(file .. " has no lines") end
  if distribution == "zipf" then
    local total = 0
    for k = 1, n do total = total + 1 / k ^ s; cdf[k] = total end
    for k = 1, n do cdf[k] = cdf[k] / total end
  end
end

local function zipf()
  local u, lo, hi = math.random(), 1, n
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cdf[mid] < u then lo = mid + 1 else hi = mid end
  end
  return lo
end

request = function()
  if distribution == "zipf" then return requests[zipf()] end
  return requests[math.random(n)]
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("BENCH rps=%.1f p50_ms=%.3f p99_ms=%.3f requests=%d non2xx_or_errors=%d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests, errors))
end
