-- Event ingest: batches of 100 purchases of customers in turn, each event id new.
dofile(os.getenv("LOAD_DIR") .. "/report.lua")

local ids, next_id, sent, headers

function init(args)
  ids = load_subjects()
  next_id = (thread_no or 1) * 7919 % #ids
  sent = 0
  headers = auth_headers()
  headers["Content-Type"] = "application/json"
end

function request()
  local now = os.date("!%Y-%m-%dT%H:%M:%SZ")
  local events = {}
  for k = 1, 100 do
    next_id = next_id % #ids + 1
    sent = sent + 1
    events[k] = string.format(
      '{"id":"load-%s-%d-%d","subject":{"id":"%s"},"type":"purchase","channel":"web",' ..
      '"occurred_at":"%s","properties":{"order_id":"lo-%d-%d","amount":"19.90","currency":"EUR"}}',
      os.getenv("LOAD_RUN"), thread_no or 1, sent, ids[next_id], now, thread_no or 1, sent)
  end
  return wrk.format("POST", "/v1/events", headers, '{"events":[' .. table.concat(events, ",") .. ']}')
end

function response(status, headers, body)
  if status >= 300 then
    keep_first_refusal(status, body) -- wrk counts it already
  elseif not body:find('"rejected":0', 1, true) then
    refused = (refused or 0) + 1
    keep_first_refusal(status, body)
  end
end
