#pragma once
// The Lua scripts of RedisInventory: each inventory operation is one script, so Redis runs it
// atomically over every seat it names. All keys of an event carry the event id as a hash tag
// ({e42}), so a Redis Cluster keeps an event on one shard. Per event (KEYS in this order):
//   1 seats   string, one byte per seat: '0' available, '1' held, '2' sold
//   2 holder  hash seat index -> hold id, for held seats
//   3 holds   hash hold id -> "user|seat,seat,..."
//   4 expiry  sorted set of hold ids by expiry (ms)
//   5 users   hash user id -> seats held or owned (the per-account limit)
//   6 meta    hash version, held, sold
//   7 owed    hash seat index -> user: sold by the database while another hold had it
//   8 taken   hash hold id -> "user|seats": expired holds handed out, not yet confirmed recorded
//   9 retake  sorted set of taken hold ids by when to hand them out again (ms)
// Seat indexes arrive as canonical decimals that the caller checked against the seat count.
// Decrements are written `0 - x`: Lua's -0 reaches Redis as "-0", which HINCRBY refuses.
namespace tw::inventory::lua {

// Prepended to the scripts that drop holds. drop(id) frees the hold's seats it still holds (an
// owed seat becomes sold to its buyer instead), uncounts them for its user and forgets it.
inline constexpr const char* kDropHold = R"lua(
local function drop(id)
  local rec = redis.call('HGET', KEYS[3], id)
  if not rec then return end
  local bar = string.find(rec, '|', 1, true)
  local user = string.sub(rec, 1, bar - 1)
  local n, freed, sold = 0, 0, 0
  for seat in string.gmatch(string.sub(rec, bar + 1), '[^,]+') do
    n = n + 1
    if redis.call('GETRANGE', KEYS[1], seat, seat) == '1' and redis.call('HGET', KEYS[2], seat) == id then
      redis.call('HDEL', KEYS[2], seat)
      freed = freed + 1
      if redis.call('HEXISTS', KEYS[7], seat) == 1 then
        redis.call('HDEL', KEYS[7], seat)
        redis.call('SETRANGE', KEYS[1], seat, '2')
        sold = sold + 1
      else
        redis.call('SETRANGE', KEYS[1], seat, '0')
      end
    end
  end
  if redis.call('HINCRBY', KEYS[5], user, 0 - n) <= 0 then redis.call('HDEL', KEYS[5], user) end
  redis.call('HINCRBY', KEYS[6], 'held', 0 - freed)
  redis.call('HINCRBY', KEYS[6], 'sold', sold)
  redis.call('HINCRBY', KEYS[6], 'version', 1)
  redis.call('ZREM', KEYS[4], id)
  redis.call('HDEL', KEYS[3], id)
end
)lua";

// ARGV: seat count, first version, number of sold seats S, S pairs (seat, user), then holds,
// each: id, user, expiry ms, seat count n, n seats. 0 when the event was open already.
inline constexpr const char* kOpen = R"lua(
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local n = tonumber(ARGV[1])
local seats = {}
for s = 1, n do seats[s] = '0' end
local sold, held = 0, 0
local i = 4
for _ = 1, tonumber(ARGV[3]) do
  local seat = tonumber(ARGV[i])
  if seat < n and seats[seat + 1] == '0' then
    seats[seat + 1] = '2'
    sold = sold + 1
    redis.call('HINCRBY', KEYS[5], ARGV[i + 1], 1)
  end
  i = i + 2
end
while i <= #ARGV do
  local id, user, expiry, count = ARGV[i], ARGV[i + 1], ARGV[i + 2], tonumber(ARGV[i + 3])
  local first, last = i + 4, i + 3 + count
  i = last + 1
  local free = count > 0
  for j = first, last do
    local seat = tonumber(ARGV[j])
    if seat >= n or seats[seat + 1] ~= '0' then free = false end
  end
  if free then
    local list = {}
    for j = first, last do
      seats[tonumber(ARGV[j]) + 1] = '1'
      redis.call('HSET', KEYS[2], ARGV[j], id)
      list[#list + 1] = ARGV[j]
    end
    redis.call('HSET', KEYS[3], id, user .. '|' .. table.concat(list, ','))
    redis.call('ZADD', KEYS[4], expiry, id)
    redis.call('HINCRBY', KEYS[5], user, count)
    held = held + count
  end
end
redis.call('SET', KEYS[1], table.concat(seats))
redis.call('HSET', KEYS[6], 'version', ARGV[2], 'held', held, 'sold', sold)
return 1
)lua";

// ARGV: hold id, user, expiry ms, per-user limit (0: none), seats...
// {1} held; {0, taken seats...}; {2, seats the user has}; {-1} not open; {-3} the id exists.
inline constexpr const char* kHold = R"lua(
local n = redis.call('STRLEN', KEYS[1])
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1} end
local taken = {0}
for i = 5, #ARGV do
  if tonumber(ARGV[i]) >= n then return {-2, tonumber(ARGV[i])} end
  if redis.call('GETRANGE', KEYS[1], ARGV[i], ARGV[i]) ~= '0' then taken[#taken + 1] = tonumber(ARGV[i]) end
end
if #taken > 1 then return taken end
local count = #ARGV - 4
local limit = tonumber(ARGV[4])
local mine = tonumber(redis.call('HGET', KEYS[5], ARGV[2]) or '0')
if limit > 0 and mine + count > limit then return {2, mine} end
if redis.call('HEXISTS', KEYS[3], ARGV[1]) == 1 then return {-3} end
local seats = {}
for i = 5, #ARGV do
  redis.call('SETRANGE', KEYS[1], ARGV[i], '1')
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[1])
  seats[#seats + 1] = ARGV[i]
end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2] .. '|' .. table.concat(seats, ','))
redis.call('ZADD', KEYS[4], ARGV[3], ARGV[1])
redis.call('HINCRBY', KEYS[5], ARGV[2], count)
redis.call('HINCRBY', KEYS[6], 'held', count)
redis.call('HINCRBY', KEYS[6], 'version', 1)
return {1}
)lua";

// ARGV: hold id, expiry ms. 1 extended; 0 no such hold; -1 not open.
inline constexpr const char* kExtend = R"lua(
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('HEXISTS', KEYS[3], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[4], ARGV[2], ARGV[1])
return 1
)lua";

// ARGV: hold id. 1 released; 0 no such hold; -1 not open.
inline constexpr const char* kRelease = R"lua(
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('HEXISTS', KEYS[3], ARGV[1]) == 0 then return 0 end
drop(ARGV[1])
return 1
)lua";

// ARGV: hold id, user, seats... The database sold these seats to the user: its hold goes; a free
// seat becomes sold; a seat another hold has stays held and is owed to the user. -1 not open.
inline constexpr const char* kSell = R"lua(
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
drop(ARGV[1])
local sold = 0
for i = 3, #ARGV do
  local b = redis.call('GETRANGE', KEYS[1], ARGV[i], ARGV[i])
  if b == '0' then
    redis.call('SETRANGE', KEYS[1], ARGV[i], '2')
    redis.call('HINCRBY', KEYS[5], ARGV[2], 1)
    sold = sold + 1
  elseif b == '1' then
    redis.call('HSET', KEYS[7], ARGV[i], ARGV[2])
    redis.call('HINCRBY', KEYS[5], ARGV[2], 1)
  end
end
redis.call('HINCRBY', KEYS[6], 'sold', sold)
redis.call('HINCRBY', KEYS[6], 'version', 1)
return 1
)lua";

// ARGV: user, seats... The user's sold (or owed) seats back on sale. -1 not open.
inline constexpr const char* kUnsell = R"lua(
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local back, mine = 0, 0
for i = 2, #ARGV do
  if redis.call('HGET', KEYS[7], ARGV[i]) == ARGV[1] then
    redis.call('HDEL', KEYS[7], ARGV[i])
    mine = mine + 1
  elseif redis.call('GETRANGE', KEYS[1], ARGV[i], ARGV[i]) == '2' then
    redis.call('SETRANGE', KEYS[1], ARGV[i], '0')
    back = back + 1
  end
end
if redis.call('HINCRBY', KEYS[5], ARGV[1], 0 - (back + mine)) <= 0 then redis.call('HDEL', KEYS[5], ARGV[1]) end
redis.call('HINCRBY', KEYS[6], 'sold', 0 - back)
redis.call('HINCRBY', KEYS[6], 'version', 1)
return 1
)lua";

// ARGV: from user, to user, per-user limit (0: none), seats... The seats (sold or owed) count as
// the receiver's now, unless that takes them past the limit. {1} moved; {2, seats the receiver
// has}; {-1} not open.
inline constexpr const char* kTransfer = R"lua(
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1} end
local count = #ARGV - 3
local limit = tonumber(ARGV[3])
local theirs = tonumber(redis.call('HGET', KEYS[5], ARGV[2]) or '0')
if limit > 0 and theirs + count > limit then return {2, theirs} end
for i = 4, #ARGV do
  if redis.call('HGET', KEYS[7], ARGV[i]) == ARGV[1] then redis.call('HSET', KEYS[7], ARGV[i], ARGV[2]) end
end
if redis.call('HINCRBY', KEYS[5], ARGV[1], 0 - count) <= 0 then redis.call('HDEL', KEYS[5], ARGV[1]) end
redis.call('HINCRBY', KEYS[5], ARGV[2], count)
return {1}
)lua";

// ARGV: now ms, at most how many, lease ms. Takes the holds due by then, and hands out again
// those taken earlier whose lease ran out unconfirmed (their taker may have died before
// recording them): flat (hold id, "user|seats") pairs.
inline constexpr const char* kTakeExpired = R"lua(
local out = {}
local limit = tonumber(ARGV[2])
local until_ms = tonumber(ARGV[1]) + tonumber(ARGV[3])
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[9], '-inf', ARGV[1], 'LIMIT', 0, limit)) do
  local rec = redis.call('HGET', KEYS[8], id)
  if rec then
    out[#out + 1] = id
    out[#out + 1] = rec
    redis.call('ZADD', KEYS[9], until_ms, id)
  else
    redis.call('ZREM', KEYS[9], id)
  end
end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', ARGV[1], 'LIMIT', 0, limit)) do
  local rec = redis.call('HGET', KEYS[3], id)
  if rec then
    out[#out + 1] = id
    out[#out + 1] = rec
    drop(id)
    redis.call('HSET', KEYS[8], id, rec)
    redis.call('ZADD', KEYS[9], until_ms, id)
  else
    redis.call('ZREM', KEYS[4], id)
  end
end
return out
)lua";

// ARGV: hold ids taken by kTakeExpired whose end is now recorded: forgotten for good.
inline constexpr const char* kConfirmExpired = R"lua(
for i = 1, #ARGV do
  redis.call('HDEL', KEYS[8], ARGV[i])
  redis.call('ZREM', KEYS[9], ARGV[i])
end
return 1
)lua";

// {seats, version} at one moment; {} when not open.
inline constexpr const char* kAvailability = R"lua(
local seats = redis.call('GET', KEYS[1])
if not seats then return {} end
return {seats, redis.call('HGET', KEYS[6], 'version')}
)lua";

// {seat count, held, sold}; {} when not open.
inline constexpr const char* kCounts = R"lua(
if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
local m = redis.call('HMGET', KEYS[6], 'held', 'sold')
return {redis.call('STRLEN', KEYS[1]), tonumber(m[1]), tonumber(m[2])}
)lua";

inline constexpr const char* kClose = R"lua(
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9])
return 1
)lua";

// KEYS[1] the rebuild lock; ARGV[1] the token that took it. Deletes it only if still ours.
inline constexpr const char* kUnlock = R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
)lua";

}  // namespace tw::inventory::lua
