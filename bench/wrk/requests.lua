-- wrk script for the Idésluss benchmark (bench/load.py writes the request files).
--
--   wrk -t1 -c5 -d15s -s bench/wrk/requests.lua http://127.0.0.1:8100 -- <file> [options]
--
-- The file has one request a line, tab-separated:
--   method, path, cookie header, body (urlencoded, may be empty), expected status,
--   expected text in the Location header (may be empty)
-- Every line of a file expects the same status and Location (one file per kind of
-- request). Requests are taken in turn (each thread from its own offset). Options:
--   once       stop a thread when it has used its share of the lines (writes that may
--              not be repeated, such as moving an idea from where it is)
--   think=MS   wait about MS milliseconds (0.5-1.5 x) before each request: simulated
--              people reading the page, for the soak run
-- done() prints one line "RESULT {json}" with the counts and the latency percentiles.

local threads = {}
local counter = 0

function setup(thread)
   thread:set("id", counter)
   table.insert(threads, thread)
   counter = counter + 1
end

local function split(line)
   local fields = {}
   for field in (line .. "\t"):gmatch("([^\t]*)\t") do
      table.insert(fields, field)
   end
   return fields
end

local origin = nil

function init(args)
   local path = args[1]
   once = false
   think = 0
   for i = 2, #args do
      if args[i] == "once" then
         once = true
      elseif args[i]:sub(1, 6) == "think=" then
         think = tonumber(args[i]:sub(7))
      end
   end
   origin = "https://" .. wrk.host .. ":" .. wrk.port
   requests, expected, locations = {}, {}, {}
   for line in io.lines(path) do
      if line ~= "" then
         local f = split(line)
         local headers = {
            ["X-Forwarded-Proto"] = "https",
            ["Cookie"] = f[3],
            ["Accept-Language"] = "sv",
         }
         if f[1] == "POST" then
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = origin
            headers["Referer"] = origin .. f[2]
         end
         local body = nil
         if f[4] ~= "" then
            body = f[4]
         end
         table.insert(requests, wrk.format(f[1], f[2], headers, body))
         table.insert(expected, tonumber(f[5]))
         table.insert(locations, f[6] or "")
      end
   end
   n = #requests
   sent = 0
   -- Thread k starts at its own place, so threads do not repeat each other's writes.
   index = (id or 0) * math.floor(n / math.max(counter, 1))
   ok, bad, exhausted = 0, 0, 0
   bad_status = ""
   math.randomseed(os.time() + (id or 0))
end

function delay()
   if think > 0 then
      return think * (0.5 + math.random())
   end
   return 0
end

function request()
   if once and sent >= n then
      exhausted = 1
      wrk.thread:stop()
   end
   local i = (index % n) + 1
   index = index + 1
   sent = sent + 1
   return requests[i]
end

-- A file holds one kind of request, so one expectation (status, and the Location of a
-- redirect) holds for all its lines: responses on different connections can come back in
-- another order than the requests went out.
function response(status, headers, body)
   local good = status == expected[1]
   if good and locations[1] ~= "" then
      local location = headers["Location"] or headers["location"] or ""
      good = location:find(locations[1], 1, true) ~= nil
   end
   if good then
      ok = ok + 1
   else
      bad = bad + 1
      if #bad_status < 200 then
         bad_status = bad_status .. status .. " "
      end
   end
end

function done(summary, latency, requests_)
   local ok_total, bad_total, stopped = 0, 0, 0
   local samples = ""
   for _, thread in ipairs(threads) do
      ok_total = ok_total + (thread:get("ok") or 0)
      bad_total = bad_total + (thread:get("bad") or 0)
      stopped = stopped + (thread:get("exhausted") or 0)
      samples = samples .. (thread:get("bad_status") or "")
   end
   local e = summary.errors
   io.write(string.format(
      'RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "ok": %d, "unexpected": %d, '
         .. '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "http_errors": %d, '
         .. '"timeouts": %d, "exhausted_threads": %d, "p50_us": %d, "p90_us": %d, '
         .. '"p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f, "samples": "%s"}\n',
      summary.requests, summary.duration, summary.bytes, ok_total, bad_total,
      e.connect, e.read, e.write, e.status, e.timeout, stopped,
      latency:percentile(50), latency:percentile(90), latency:percentile(95),
      latency:percentile(99), latency.max, latency.mean, samples))
end
