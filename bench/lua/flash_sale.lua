-- The flash sale: buyers (one token each) read the availability, hold 1-4 seats and pay with
-- the approving test card, until the arena is sold out. Each wrk thread walks its own random
-- order of all seats, so threads collide on seats as real buyers do, and a failed hold moves
-- on to the next seats. Connections are interchangeable: a hold's answer is queued and the
-- next free connection sends its checkout with the same buyer's token.
package.path = "bench/lua/?.lua;" .. package.path
local common = require("common")
setup = common.number_threads

function init(args)
  tokens = common.load_tokens(args[1])
  seats = common.arena_seats()
  math.randomseed(1000 + index)
  order = {}
  for i = 1, #seats do order[i] = i end
  for i = #order, 2, -1 do
    local j = math.random(i)
    order[i], order[j] = order[j], order[i]
  end
  cursor = 1
  buyer = index -- buyers are spread over the token list by thread
  pending = {}   -- holds answered, waiting for checkout: {token, holdId}
  sent = {}      -- first seat id of a hold in flight -> token
  inflight = 0
  retry = {}     -- seats of failed holds that nobody took: tried again
  idle = 0
  read_map = true
  key = 0
  wrk.headers["Content-Type"] = "application/json"
end

local function next_token()
  buyer = buyer + 2
  return tokens[(buyer % #tokens) + 1]
end

function request()
  if #pending > 0 then
    local p = table.remove(pending)
    key = key + 1
    local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. p[1],
                     ["Idempotency-Key"] = "bench-" .. index .. "-" .. key}
    local body = '{"holdId":"' .. p[2] .. '","card":{"number":"4242424242424242","expiry":"12/39","cvc":"123","name":"Bench"}}'
    return wrk.format("POST", "/api/checkout", headers, body)
  end
  if cursor > #order and #retry == 0 then
    -- Every seat was tried; stop once the last holds have been answered and paid for (or,
    -- should an answer go missing, after a few hundred idle turns).
    idle = idle + 1
    if inflight <= 0 or idle > 500 then wrk.thread:stop() end
    return wrk.format("GET", "/api/health")
  end
  if read_map then
    read_map = false
    return wrk.format("GET", "/api/events/imagine-dragons-loom-arena/seats")
  end
  read_map = true
  local want = math.random(4)
  local list = {}
  while #list < want and #retry > 0 do list[#list + 1] = table.remove(retry) end
  while #list < want and cursor <= #order do
    list[#list + 1] = seats[order[cursor]]
    cursor = cursor + 1
  end
  local token = next_token()
  for _, seat in ipairs(list) do sent[seat] = {token, list} end -- answers list the seats sorted
  inflight = inflight + 1
  local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}
  return wrk.format("POST", "/api/events/imagine-dragons-loom-arena/holds", headers, common.hold_body(list))
end

function response(status, headers, body)
  local hold = body:match('^{"holdId":"([^"]+)"')
  if hold then
    inflight = inflight - 1
    local first = body:match('"seats":%["([^"]+)"')
    if first and sent[first] then pending[#pending + 1] = {sent[first][1], hold} end
  elseif body:find('"code":"seats_unavailable"', 1, true) then
    inflight = inflight - 1
    -- "Someone else has these seats: A, B": try the others of that request again later.
    local taken, any = {}, nil
    for seat in body:match('these seats: ([^"]*)'):gmatch('[^, ]+') do taken[seat] = true; any = seat end
    local entry = any and sent[any]
    if entry then
      for _, seat in ipairs(entry[2]) do
        if not taken[seat] then retry[#retry + 1] = seat end
      end
    end
  elseif body:find('"code":"ticket_limit"', 1, true) then
    inflight = inflight - 1
  end
end
