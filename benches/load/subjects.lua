-- Reads of the seeded customers in turn: LOAD_SCENARIO read (GET /v1/subjects/{id}), profile
-- (…/profile), consents (…/consents); the reads for order fulfilment, as a shop would.
dofile(os.getenv("LOAD_DIR") .. "/report.lua")

local ids, next_id, suffix, headers

function init(args)
  ids = load_subjects()
  next_id = (thread_no or 1) * 7919 % #ids
  local scenario = os.getenv("LOAD_SCENARIO")
  suffix = ({ read = "", profile = "/profile", consents = "/consents" })[scenario]
  headers = auth_headers()
  if scenario ~= "consents" then headers["X-Purpose"] = "order_fulfilment" end
end

function request()
  next_id = next_id % #ids + 1
  return wrk.format("GET", "/v1/subjects/" .. ids[next_id] .. suffix, headers)
end
