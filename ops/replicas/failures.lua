-- wrk script of ops/replica-test: counts the answers other than 200 and notes when the first and the
-- last of them arrived (wall clock, milliseconds since the epoch, as `date +%s%3N`).
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } pw_timespec;
  int clock_gettime(int clock, pw_timespec *ts);
]]
local ts = ffi.new("pw_timespec")
local function now_ms()
  ffi.C.clock_gettime(0, ts)
  return tonumber(ts.tv_sec) * 1000 + math.floor(tonumber(ts.tv_nsec) / 1000000)
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

fails, first_fail, last_fail = 0, 0, 0

function response(status, headers, body)
  if status ~= 200 then
    local t = now_ms()
    fails = fails + 1
    if first_fail == 0 then first_fail = t end
    last_fail = t
  end
end

function done(summary, latency, requests)
  local n, first, last = 0, 0, 0
  for _, t in ipairs(threads) do
    n = n + t:get("fails")
    local a, b = t:get("first_fail"), t:get("last_fail")
    if a > 0 and (first == 0 or a < first) then first = a end
    if b > last then last = b end
  end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d rps=%.1f non200=%d socket_errors=%d first_fail_ms=%d last_fail_ms=%d p99_ms=%.3f max_ms=%.3f\n",
    summary.requests, summary.requests / (summary.duration / 1e6), n, e.connect + e.read + e.write + e.timeout,
    first, last, latency:percentile(99) / 1000, latency.max / 1000))
end
