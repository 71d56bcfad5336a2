-- wrk's report for `make bench` (tests/bench/run.py): the figures of one run as JSON, written to
-- the file named by BENCH_WRK_OUT. Latencies are in milliseconds; "errors.status" counts the
-- answers with a status of 400 or more (wrk's own count), the others are socket errors.

local out = os.getenv("BENCH_WRK_OUT")

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local function ms(value)
    return value / 1000
  end
  local errors = summary.errors
  local file = assert(io.open(out, "w"))
  file:write(string.format(
    '{"requests": %d, "seconds": %.3f, "rps": %.1f, "mean_ms": %.2f, "p50_ms": %.2f, '
      .. '"p90_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f, "bytes": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, seconds, summary.requests / seconds, ms(latency.mean),
    ms(latency:percentile(50)), ms(latency:percentile(90)), ms(latency:percentile(95)),
    ms(latency:percentile(99)), ms(latency.max), summary.bytes,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout
  ))
  file:close()
end
