-- Consent changes: each request withdraws or grants email marketing for the next customer in
-- turn (grants with a double-opt-in reference), so the ledger grows as under real traffic.
dofile(os.getenv("LOAD_DIR") .. "/report.lua")

local ids, next_id, round, headers

function init(args)
  ids = load_subjects()
  next_id = (thread_no or 1) * 7919 % #ids
  round = 0
  headers = auth_headers()
  headers["Content-Type"] = "application/json"
end

function request()
  next_id = next_id % #ids + 1
  if next_id == 1 then round = round + 1 end
  -- Every customer starts granted (the seed): withdraw on odd rounds through the list.
  local status = (round % 2 == 0) and "withdrawn" or "granted"
  local body = string.format(
    '{"status":"%s","source":"web","collected_at":"%s","policy_version":"2026-01",' ..
    '"evidence":{"double_opt_in_ref":"doi-load-%d-%d"}}',
    status, os.date("!%Y-%m-%dT%H:%M:%SZ"), thread_no or 1, next_id)
  return wrk.format("PUT", "/v1/subjects/" .. ids[next_id] .. "/consents/email_marketing",
    headers, body)
end
