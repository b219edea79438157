-- wrk script: every request fetches the bundle of a random app among BENCH_APPS apps named
-- app00001, app00002, ... (bench/scale seeds them), under BENCH_PREFIX ("" for Pinwheel's paths).
-- The summary line comes from report.lua.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local apps = tonumber(os.getenv("BENCH_APPS") or "1000")
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0))
end

function request()
  return wrk.format("GET", string.format("/v1/apps/app%05d/bundle", math.random(1, apps)))
end
