-- Shared by every wrk run of scripts/load.sh: prints one machine-readable RESULT line.
-- Optional per-endpoint scripts define request()/response() and count non-2xx themselves
-- (global `non2xx` in each thread); plain GET runs rely on wrk's own count of status >= 400.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  if seed then seed(thread, #threads) end
end

function done(summary, latency, requests)
  local non2xx = 0
  local counted = false
  for _, t in ipairs(threads) do
    local n = t:get("non2xx")
    if n then non2xx = non2xx + n; counted = true end
  end
  if not counted then non2xx = summary.errors.status end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, non2xx, e.connect + e.read + e.write + e.timeout))
end
