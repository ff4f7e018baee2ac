-- New customers, each with a new email and phone number.
dofile(os.getenv("LOAD_DIR") .. "/report.lua")

local created, headers

function init(args)
  created = 0
  headers = auth_headers()
  headers["Content-Type"] = "application/json"
end

function request()
  created = created + 1
  local body = string.format(
    '{"email":"new.%s.%d.%d@example.com","first_name":"New","last_name":"Customer",' ..
    '"phone":"+48 50%d %06d","language":"pl"}',
    os.getenv("LOAD_RUN"), thread_no or 1, created, (thread_no or 1) % 10, created % 1000000)
  return wrk.format("POST", "/v1/subjects", headers, body)
end
