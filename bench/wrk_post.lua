-- wrk script of the intake benchmarks (bench/portal_bench.py, bench/intake_bench.py): POSTs one prepared body
-- per request to WRK_PATH as WRK_CONTENT_TYPE. The bodies are the lines of the file named by WRK_BODIES, each a
-- different petition; a line "<Cookie header>\t<body>" is sent with that cookie (a clerk's session). Thread k of
-- WRK_THREADS sends lines k, k+n, k+2n, … so no two requests share a body.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  items, position = {}, 0
  local total = tonumber(os.getenv("WRK_THREADS"))
  local line_number = 0
  for line in io.lines(os.getenv("WRK_BODIES")) do
    if line_number % total == id then
      local tab = string.find(line, "\t", 1, true)
      if tab then
        table.insert(items, {string.sub(line, 1, tab - 1), string.sub(line, tab + 1)})
      else
        table.insert(items, {nil, line})
      end
    end
    line_number = line_number + 1
  end
  path, content_type = os.getenv("WRK_PATH"), os.getenv("WRK_CONTENT_TYPE")
end

function request()
  position = position + 1
  if position > #items then
    error("out of prepared bodies: the benchmark must prepare more")
  end
  local item = items[position]
  local headers = {["Host"] = "127.0.0.1", ["Content-Type"] = content_type}
  if item[1] then
    headers["Cookie"] = item[1]
  end
  return wrk.format("POST", path, headers, item[2])
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
