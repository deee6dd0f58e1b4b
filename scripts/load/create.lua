-- Save path 1: POST /api/assessments with the example scenario (validate + insert + commit).
-- wrk ... -s create.lua URL -- SCENARIO_FILE
dofile(os.getenv("LOAD_LUA_DIR") .. "/report.lua")

local req
non2xx = 0

function init(args)
  local f = assert(io.open(args[1], "rb"))
  local body = f:read("*a")
  f:close()
  req = wrk.format("POST", "/api/assessments", { ["Content-Type"] = "application/json" }, body)
end

function request() return req end

function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
