-- wrk script of the staff intake benchmark (bench/intake_bench.py): POSTs one prepared registration form per
-- request. Each line of the file named by INTAKE_BODIES is "<Cookie header>\t<form body>" (a clerk's session
-- and CSRF cookie, then a different petition each); thread k of n sends lines k, k+n, k+2n, …

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  requests_, position = {}, 0
  local total = tonumber(os.getenv("INTAKE_THREADS"))
  local line_number = 0
  for line in io.lines(os.getenv("INTAKE_BODIES")) do
    if line_number % total == id then
      local tab = string.find(line, "\t", 1, true)
      table.insert(requests_, {string.sub(line, 1, tab - 1), string.sub(line, tab + 1)})
    end
    line_number = line_number + 1
  end
end

function request()
  position = position + 1
  if position > #requests_ then
    error("out of prepared registrations: raise the count in intake_bench.py")
  end
  local item = requests_[position]
  return wrk.format("POST", "/petitions/register/", {
    ["Host"] = "127.0.0.1",
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = item[1],
  }, item[2])
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
