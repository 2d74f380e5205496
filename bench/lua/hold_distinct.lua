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
  local tokens = common.load_tokens(args[1])
  local event = args[2] or "imagine-dragons-loom-arena"
  local seats = common.seats_of(event)
  local headers = {["Content-Type"] = "application/json"}
  -- Every request of this thread is made here, before the run: building them as they are sent
  -- cost the client 2-7 µs a request, on the two cores it shares with the server.
  requests = {}
  for seat = index + 1, #seats, 2 do
    headers["Authorization"] = "Bearer " .. tokens[math.floor((seat - 1) / 8) + 1]
    requests[#requests + 1] =
      wrk.format("POST", "/api/events/" .. event .. "/holds", headers, common.hold_body({seats[seat]}))
  end
  sent = 0
end

function request()
  if sent == #requests then
    wrk.thread:stop()
    return wrk.format("GET", "/api/health")
  end
  sent = sent + 1
  return requests[sent]
end
