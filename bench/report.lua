-- wrk script: optional If-None-Match header, and a machine-readable summary line at the end.
local etag = os.getenv("BENCH_ETAG")
if etag and #etag > 0 then
  wrk.headers["If-None-Match"] = etag
end

done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  local errs = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f requests=%d errors=%d status_errors=%d bytes=%d\n",
    summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests, errs, summary.errors.status, summary.bytes))
end
