-- Thousands of buyers press "hold" on the same seat: one wins, every other request must be
-- answered 409 quickly. Measures the cost of losing. With a second argument N, only the first N
-- buyers press, again and again (their sessions are then cached: the hold path without the
-- first sign-in's session read); without it each request comes from the next of 100,000.
package.path = "bench/lua/?.lua;" .. package.path
local common = require("common")
common.send_scattered()

function init(args)
  local tokens = common.load_tokens(args[1])
  local buyers = tonumber(args[2] or "") or #tokens
  local headers = {["Content-Type"] = "application/json"}
  local body = common.hold_body({"VIP-A-1"})
  -- One request per buyer, made before the run (see hold_distinct.lua), sent in a scattered order.
  requests = {}
  for i = 1, math.min(buyers, #tokens) do
    headers["Authorization"] = "Bearer " .. tokens[i]
    requests[i] = wrk.format("POST", "/api/events/coldplay-music-of-the-spheres/holds", headers, body)
  end
end
