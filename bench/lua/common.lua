-- Shared by the booking scenarios: bearer tokens from bench/out/tokens.txt (written by
-- `ticketwar bench-users`) and the arena's seat ids in layout order.
local M = {}

function M.load_tokens(path)
  local tokens = {}
  for line in io.lines(path) do tokens[#tokens + 1] = line end
  return tokens
end

local function row_label(i) -- 0 -> A, 25 -> Z, 26 -> AA
  local s, n = "", i + 1
  while n > 0 do
    local r = (n - 1) % 26
    s = string.char(65 + r) .. s
    n = math.floor((n - 1 - r) / 26)
  end
  return s
end

-- The built-in arena: F1-F4 20x25, L1-L10 25x30, U1-U12 30x35 (see core/venue_layouts.cpp).
function M.arena_seats()
  local seats = {}
  local function add(prefix, count, rows, per_row)
    for s = 1, count do
      for r = 0, rows - 1 do
        for n = 1, per_row do seats[#seats + 1] = prefix .. s .. "-" .. row_label(r) .. "-" .. n end
      end
    end
  end
  add("F", 4, 20, 25)
  add("L", 10, 25, 30)
  add("U", 12, 30, 35)
  return seats
end

-- The bench's 100,000-seat event (bench/lib.sh, big_event_json): S1-S40, 50 rows of 50 seats.
function M.mega_seats()
  local seats = {}
  for s = 1, 40 do
    for r = 0, 49 do
      for n = 1, 50 do seats[#seats + 1] = "S" .. s .. "-" .. row_label(r) .. "-" .. n end
    end
  end
  return seats
end

-- The seats of an event the scenarios know, by slug.
function M.seats_of(slug)
  if slug == "mega-stadium-100k" then return M.mega_seats() end
  return M.arena_seats()
end

function M.hold_body(list)
  return '{"seats":["' .. table.concat(list, '","') .. '"]}'
end

-- wrk's `setup` for scripts whose threads split the work: each thread gets its number (0, 1, …)
-- as the global `index` of its own script state. Use as `setup = common.number_threads`.
local thread_count = 0
function M.number_threads(thread)
  thread:set("index", thread_count)
  thread_count = thread_count + 1
end

-- Defines wrk's `request` to send the script's global `requests` (made in its init) one after
-- another in a scattered order. Called at the script's top level: wrk looks for `request` before
-- any thread starts.
function M.send_scattered()
  local n = 0
  function request()
    n = n + 1
    return requests[(n * 7919) % #requests + 1]
  end
end

return M
