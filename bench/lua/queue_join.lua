-- 100,000 fans join one sale's waiting room, each once: wrk's two threads take every other fan
-- (one bearer token each, from `ticketwar bench-users`), and each fan comes from an address of
-- its own (X-Forwarded-For, believed from a proxy on this machine) as fans on their own
-- connections do, so the per-address join limit sees them as the crowd it is. Every answer
-- other than 200 is counted by wrk as non-2xx.
-- Arguments: TOKENS SLUG
package.path = "bench/lua/?.lua;" .. package.path
local common = require("common")
setup = common.number_threads

function init(args)
  local tokens = common.load_tokens(args[1])
  path = "/api/events/" .. args[2] .. "/queue"
  requests = {}
  for i = index + 1, #tokens, 2 do
    local headers = {["Authorization"] = "Bearer " .. tokens[i],
                     ["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.floor(i / 65536) % 256, math.floor(i / 256) % 256, i % 256)}
    requests[#requests + 1] = wrk.format("POST", path, headers, "")
    last_token = headers["Authorization"]
  end
  sent, answered = 0, 0
end

-- Once a thread's fans have all been sent it asks where its last fan stands until the joins
-- still in flight are answered (a thread stopped at once would drop them), then stops.
-- The first request a thread makes is a look at the room: wrk asks a script for one request
-- before it starts sending, and a fan's join made then would never be sent.
function request()
  if not looked then
    looked = true
    return wrk.format("GET", path)
  end
  sent = sent + 1
  if sent > #requests then return wrk.format("GET", path, {["Authorization"] = last_token}) end
  return requests[sent]
end

function response()
  answered = answered + 1
  if answered >= #requests + 256 then wrk.thread:stop() end
end
