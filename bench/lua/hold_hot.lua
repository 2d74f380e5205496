-- Thousands of buyers press "hold" on the same seat: one wins, every other request must be
-- answered 409 quickly. Measures the cost of losing.
package.path = "bench/lua/?.lua;" .. package.path
local common = require("common")

function init(args)
  tokens = common.load_tokens(args[1])
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
