-- Thousands of buyers press "hold" on the same seat: one wins, every other request must be
-- answered 409 quickly. Measures the cost of losing. With a second argument N, only the first N
-- buyers press, again and again (their sessions are then cached: the hold path without the
-- first sign-in's session read); without it each request comes from the next of 100,000.
package.path = "bench/lua/?.lua;" .. package.path
local common = require("common")

function init(args)
  tokens = common.load_tokens(args[1])
  local buyers = tonumber(args[2] or "")
  if buyers then
    for i = #tokens, buyers + 1, -1 do tokens[i] = nil end
  end
  n = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  body = common.hold_body({"VIP-A-1"})
end

function request()
  n = n + 1
  wrk.headers["Authorization"] = "Bearer " .. tokens[(n * 7919) % #tokens + 1]
  return wrk.format("POST", "/api/events/coldplay-music-of-the-spheres/holds", wrk.headers, body)
end
