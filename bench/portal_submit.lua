-- wrk script of the portal benchmark (bench/portal_bench.py): POSTs one prepared submission per request.
-- The bodies (one JSON document per line, each a different person and idempotency token) are in the file
-- named by PORTAL_BODIES; thread k of n sends lines k, k+n, k+2n, … so no two requests share a token.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  bodies, position = {}, 0
  local total = tonumber(os.getenv("PORTAL_THREADS"))
  local line_number = 0
  for line in io.lines(os.getenv("PORTAL_BODIES")) do
    if line_number % total == id then
      table.insert(bodies, line)
    end
    line_number = line_number + 1
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Host"] = "127.0.0.1"
end

function request()
  position = position + 1
  if position > #bodies then
    error("out of prepared submissions: raise the count in portal_bench.py")
  end
  return wrk.format(nil, "/api/v1/portal/submissions/", nil, bodies[position])
end

function done(summary, latency, requests)
  local failed = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    "WRK requests=%d failed=%d seconds=%.3f p50=%.1f p95=%.1f p99=%.1f max=%.1f\n",
    summary.requests, failed, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
