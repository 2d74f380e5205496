-- Every request holds a different seat for a signed-in buyer (8 seats per buyer, the event's
-- limit): of the event named after the tokens file (default the arena; the 100,000-seat event
-- lasts a run at full speed). The two wrk threads take alternate seats; a thread stops when its
-- share is used up, so every request is a real, distinct hold.
package.path = "bench/lua/?.lua;" .. package.path
local common = require("common")
local thread_count, threads = 0, {}

function setup(thread)
  thread:set("index", thread_count)
  thread_count = thread_count + 1
  threads[#threads + 1] = thread
end

function init(args)
  tokens = common.load_tokens(args[1])
  event = args[2] or "imagine-dragons-loom-arena"
  seats = common.seats_of(event)
  step = 2
  next_seat = index + 1
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  if next_seat > #seats then
    wrk.thread:stop()
    return wrk.format("GET", "/api/health")
  end
  local seat = next_seat
  next_seat = next_seat + step
  wrk.headers["Authorization"] = "Bearer " .. tokens[math.floor((seat - 1) / 8) + 1]
  return wrk.format("POST", "/api/events/" .. event .. "/holds", wrk.headers, common.hold_body({seats[seat]}))
end
