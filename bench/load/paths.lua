-- wrk script: GET requests rotating over the paths listed, one a line, in
-- the file named by $NEWSLINE_WRK_PATHS; prints one machine-readable line.
local paths = {}
for line in io.lines(os.getenv("NEWSLINE_WRK_PATHS")) do
  if line ~= "" then
    paths[#paths + 1] = line
  end
end
local i = math.random(#paths)

request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT p50_ms=%.2f p99_ms=%.2f max_ms=%.2f rps=%.1f requests=%d socket_errors=%d non2xx=%d\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests / (summary.duration / 1e6), summary.requests,
    e.connect + e.read + e.write + e.timeout, e.status))
end
