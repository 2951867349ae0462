-- wrk script of the benchmark command (Benchmarks, docs/benchmarks.md): sends the requests of a file in turn, one
-- per line: method, path with query, bearer token, body (may be empty), separated by tabs. "{n}" in a body becomes
-- the request's number. Counts answers whose status is not the expected one and prints one summary line.
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  entries = {}
  for line in io.lines(args[1]) do
    local method, path, token, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t?(.*)$")
    table.insert(entries, { method = method, path = path, token = token, body = body })
  end
  expected = tonumber(args[2])
  n = id * 1000000000
  unexpected = 0
end

function request()
  n = n + 1
  local entry = entries[(n % #entries) + 1]
  local headers = { ["Authorization"] = "Bearer " .. entry.token }
  local body = nil
  if entry.body ~= "" then
    headers["Content-Type"] = "application/json"
    body = entry.body:gsub("{n}", tostring(n))
  end
  return wrk.format(entry.method, entry.path, headers, body)
end

function response(status, headers, body)
  if status ~= expected then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local unexpectedTotal = 0
  for _, thread in ipairs(threads) do
    unexpectedTotal = unexpectedTotal + thread:get("unexpected")
  end
  local e = summary.errors
  io.write(string.format("confidant-bench requests=%d micros=%d unexpected=%d socket-errors=%d\n",
      summary.requests, summary.duration, unexpectedTotal, e.connect + e.read + e.write + e.timeout))
end
