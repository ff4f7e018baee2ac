-- Shared by the load scenarios (benches/load.py): thread numbering, the customer ids, and the
-- one result line load.py reads.
local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("thread_no", #threads)
end

function load_subjects()
  local ids = {}
  local file = assert(io.open(os.getenv("LOAD_SUBJECTS"), "r"))
  for line in file:lines() do
    if #line > 0 then ids[#ids + 1] = line end
  end
  file:close()
  return ids
end

function auth_headers()
  return { ["Authorization"] = "Bearer " .. os.getenv("LOAD_TOKEN") }
end

function done(summary, latency, requests)
  local errors = summary.errors
  -- Answers with a 2xx status that still refused items (a batch's per-item rejections),
  -- counted by a scenario's response() in `refused`.
  local refused, first = 0, ""
  for _, thread in ipairs(threads) do
    refused = refused + (thread:get("refused") or 0)
    if first == "" then first = thread:get("first_refusal") or "" end
  end
  io.write(string.format(
    'LOAD_RESULT {"requests": %d, "rps": %.1f, "p50_us": %d, "p99_us": %d, "p999_us": %d, ' ..
    '"non2xx": %d, "errors": %d, "first_refusal": "%s"}\n',
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9),
    errors.status + refused, errors.connect + errors.read + errors.write + errors.timeout,
    first))
end

-- For a scenario's response(): keeps the first refusal's status and the start of its body
-- (problem documents and batch results carry no personal data) for the report.
function keep_first_refusal(status, body)
  if not first_refusal then
    first_refusal = (status .. " " .. body:sub(1, 300)):gsub('[%c"\\]', "'")
  end
end
