-- Save path 2: PUT /api/assessments/{id} with If-Match, each wrk thread editing its own
-- assessment over one connection (run with -c equal to -t), so every request carries the
-- revision the previous answer returned: a real chain of optimistic-concurrency saves.
-- wrk ... -s update.lua URL -- SCENARIO_FILE TARGETS_FILE   (TARGETS_FILE: "id key" per line)
dofile(os.getenv("LOAD_LUA_DIR") .. "/report.lua")

local targets = {}

function seed(thread, n)
  if #targets == 0 then
    local f = assert(io.open(os.getenv("LOAD_TARGETS"), "r"))
    for line in f:lines() do
      local id, key = line:match("^(%S+)%s+(%S+)$")
      if id then table.insert(targets, { id = id, key = key }) end
    end
    f:close()
  end
  local t = assert(targets[n], "fewer seeded assessments than wrk threads")
  thread:set("id", t.id)
  thread:set("key", t.key)
end

local body
local revision = 1
non2xx = 0

function init(args)
  local f = assert(io.open(args[1], "rb"))
  body = f:read("*a")
  f:close()
end

function request()
  return wrk.format("PUT", "/api/assessments/" .. id, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. key,
    ["If-Match"] = tostring(revision),
  }, body)
end

function response(status, headers, resp)
  if status >= 200 and status <= 299 then
    local r = resp:match('"revision":(%d+)')
    if r then revision = tonumber(r) end
  else
    non2xx = non2xx + 1
    -- Resynchronise after a conflict so one miss does not fail every later request.
    local cur = resp:match('"current_revision":(%d+)')
    if cur then revision = tonumber(cur) end
  end
end
