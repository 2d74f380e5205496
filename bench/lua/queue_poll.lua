-- Fans in a waiting room ask where they are, one after another (one bearer token each, from
-- `ticketwar bench-users`): GET /api/events/SLUG/queue, each request from the next fan.
-- Arguments: TOKENS SLUG
package.path = "bench/lua/?.lua;" .. package.path
local common = require("common")
common.send_scattered()
setup = common.number_threads

function init(args)
  local tokens = common.load_tokens(args[1])
  local path = "/api/events/" .. args[2] .. "/queue"
  requests = {}
  for i = index + 1, #tokens, 2 do
    requests[#requests + 1] = wrk.format("GET", path, {["Authorization"] = "Bearer " .. tokens[i]})
  end
end
