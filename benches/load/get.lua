-- A plain GET of the URL given to wrk, with the client token (the ceiling and /health ignore it).
dofile(os.getenv("LOAD_DIR") .. "/report.lua")

function init(args)
  local token = os.getenv("LOAD_TOKEN")
  if token then wrk.headers["Authorization"] = "Bearer " .. token end
end
