-- wrk script for benchmarks/api_bench.py --concurrency: POSTs JSON GraphQL bodies to the URL
-- given to wrk, cycling over the bodies of a file (one JSON body a line, one per sampled author,
-- written by the benchmark), and counts as errors the answers that are not 2xx and the bodies
-- that carry "errors".
--
--     wrk -t2 -c16 -d10s --timeout 10s --latency -s graphql.lua http://127.0.0.1:PORT/graphql -- BODIES
--
-- done() prints one line that api_bench.py parses:
--     graphql.lua: non2xx=N body_errors=M
-- and, when there was one, the first error seen (status and the start of the body).

local threads = {}
local started = 0

function setup(thread)
  thread:set("tid", started)
  started = started + 1
  table.insert(threads, thread)
end

local bodies = {}
local next_body = 0
non2xx = 0
body_errors = 0
first_error = nil

function init(args)
  local path = args[1]
  if path == nil then
    error("graphql.lua: the file of request bodies goes after `--`")
  end
  for line in io.lines(path) do
    if #line > 0 then
      bodies[#bodies + 1] = line
    end
  end
  if #bodies == 0 then
    error("graphql.lua: no request bodies in " .. path)
  end
  -- threads start at different places in the list, so that they do not ask the same author together
  next_body = ((tid or 0) * 101) % #bodies
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json"
end

function request()
  next_body = next_body % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[next_body])
end

local function note(status, body)
  if first_error == nil then
    first_error = tostring(status) .. " " .. string.sub(body or "", 1, 300):gsub("%s+", " ")
  end
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    note(status, body)
  elseif body ~= nil and string.find(body, '"errors"', 1, true) then
    body_errors = body_errors + 1
    note(status, body)
  end
end

function done(summary, latency, requests)
  local bad_status, bad_body, example = 0, 0, nil
  for _, thread in ipairs(threads) do
    bad_status = bad_status + (thread:get("non2xx") or 0)
    bad_body = bad_body + (thread:get("body_errors") or 0)
    example = example or thread:get("first_error")
  end
  io.write(string.format("graphql.lua: non2xx=%d body_errors=%d\n", bad_status, bad_body))
  if example ~= nil then
    io.write("graphql.lua: first error: " .. example .. "\n")
  end
end
