#pragma once
// The Lua scripts of RedisQueueLine (redis_queue_line.h has the keys). Each gets KEYS[1], the
// room's key prefix (its keys share one hash tag), and starts with kQueuePrelude. Numbers go back
// to Redis through str(), since Lua's own formatting turns large ones into floating-point notation.
namespace tw::queue::scripts {

inline constexpr const char* kQueuePrelude = R"lua(
local B = KEYS[1]
local R = B .. 'room'
local function num(x) return tonumber(x) or 0 end
local function str(n) return string.format('%.0f', n) end
-- A place: "user|joined|turn|state|admitted|expires"; state 0 waiting, 1 let in, 2 done.
local function parse(v)
  local u, j, t, s, a, x = string.match(v, '^(%d+)|(%d+)|(%d+)|(%d)|(%d+)|(%d+)$')
  return {user = u, joined = j, turn = tonumber(t), state = tonumber(s), admitted = tonumber(a), expires = tonumber(x)}
end
local function pack(e)
  return e.user .. '|' .. e.joined .. '|' .. str(e.turn) .. '|' .. str(e.state) .. '|' .. str(e.admitted) .. '|' .. str(e.expires)
end
local function put(id, e) redis.call('HSET', B .. 'entries', id, pack(e)) end
local function let_go(id, e)
  e.state = 2
  put(id, e)
  redis.call('ZREM', B .. 'seen', id)
  redis.call('SREM', B .. 'held', id)
  redis.call('HINCRBY', R, 'done', 1)
end
)lua";

// ARGV event id, enabled, admit per minute, max active, pass minutes, proof of work, and the
// seed, commitment and pass key a new room takes. The room's record (HGETALL).
inline constexpr const char* kConfigure = R"lua(
for _, kv in ipairs({{'seed', ARGV[7]}, {'commitment', ARGV[8]}, {'pass_key', ARGV[9]}, {'drawn_at', '0'},
                     {'paused', '0'}, {'closing', '0'}, {'next_turn', '1'}, {'admitted_total', '0'}, {'done', '0'},
                     {'tokens', '0'}, {'tokens_at', '0'}}) do
  redis.call('HSETNX', R, kv[1], kv[2])
end
redis.call('HSET', R, 'event_id', ARGV[1], 'enabled', ARGV[2], 'admit', ARGV[3], 'max_active', ARGV[4],
           'pass_minutes', ARGV[5], 'pow', ARGV[6])
if ARGV[2] == '1' then redis.call('HSET', R, 'closing', '0') end
return redis.call('HGETALL', R)
)lua";

// A room kept in the database, back into a Redis that lost it: ARGV as kConfigure's, then the
// draw time, paused and closing. 1 when restored, 0 when Redis has the room.
inline constexpr const char* kRestore = R"lua(
if redis.call('EXISTS', R) == 1 then return 0 end
redis.call('HSET', R, 'event_id', ARGV[1], 'enabled', ARGV[2], 'admit', ARGV[3], 'max_active', ARGV[4],
           'pass_minutes', ARGV[5], 'pow', ARGV[6], 'seed', ARGV[7], 'commitment', ARGV[8], 'pass_key', ARGV[9],
           'drawn_at', ARGV[10], 'paused', ARGV[11], 'closing', ARGV[12], 'next_turn', '1', 'admitted_total', '0',
           'done', '0', 'tokens', '0', 'tokens_at', '0')
return 1
)lua";

// ARGV field, value. The record, or 0 when there is no room.
inline constexpr const char* kChange = R"lua(
if redis.call('EXISTS', R) == 0 then return 0 end
redis.call('HSET', R, ARGV[1], ARGV[2])
return redis.call('HGETALL', R)
)lua";

// ARGV account (0: none), now, seen (1: the fan is looking). 0 when there is no room, else
// {record, pre-queue, in line, shopping, head turn, admitted last minute[, queue id, place]}.
inline constexpr const char* kState = R"lua(
if redis.call('EXISTS', R) == 0 then return 0 end
local now = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', B .. 'recent', '-inf', str(now - 60000))
local head = redis.call('ZRANGE', B .. 'line', 0, 0, 'WITHSCORES')
local out = {redis.call('HGETALL', R), redis.call('ZCARD', B .. 'pre'), redis.call('ZCARD', B .. 'line'),
             redis.call('ZCARD', B .. 'seen'), head[2] or '0', redis.call('ZCARD', B .. 'recent')}
if ARGV[1] ~= '0' then
  local id = redis.call('HGET', B .. 'users', ARGV[1])
  if id then
    local v = redis.call('HGET', B .. 'entries', id)
    out[7], out[8] = id, v
    local e = parse(v)
    if ARGV[3] == '1' and e.state == 1 and e.expires > now then redis.call('ZADD', B .. 'seen', 'XX', ARGV[2], id) end
  end
end
return out
)lua";

// ARGV account, new queue id, now. 0 when there is no room, else {queue id, place}: the
// account's live place, or the new one (in the pre-queue before the draw, else at the back).
inline constexpr const char* kJoin = R"lua(
if redis.call('EXISTS', R) == 0 then return 0 end
local have = redis.call('HGET', B .. 'users', ARGV[1])
if have then
  local v = redis.call('HGET', B .. 'entries', have)
  if parse(v).state ~= 2 then return {have, v} end
end
local turn = 0
if num(redis.call('HGET', R, 'drawn_at')) > 0 then
  turn = redis.call('HINCRBY', R, 'next_turn', 1) - 1
  redis.call('ZADD', B .. 'line', turn, ARGV[2])
else
  redis.call('ZADD', B .. 'pre', ARGV[3], ARGV[2])
end
local v = ARGV[1] .. '|' .. ARGV[3] .. '|' .. str(turn) .. '|0|0|0'
redis.call('HSET', B .. 'entries', ARGV[2], v)
redis.call('HSET', B .. 'users', ARGV[1], ARGV[2])
return {ARGV[2], v}
)lua";

// ARGV account, now. 0 when there is no room, {} when the account has no place, else {queue id,
// place}; a place let in is marked seen and buying.
inline constexpr const char* kShopper = R"lua(
if redis.call('EXISTS', R) == 0 then return 0 end
local id = redis.call('HGET', B .. 'users', ARGV[1])
if not id then return {} end
local v = redis.call('HGET', B .. 'entries', id)
if parse(v).state == 1 then
  redis.call('ZADD', B .. 'seen', 'XX', ARGV[2], id)
  redis.call('SADD', B .. 'held', id)
end
return {id, v}
)lua";

// ARGV account. Frees the account's place when it is let in.
inline constexpr const char* kFinish = R"lua(
local id = redis.call('HGET', B .. 'users', ARGV[1])
if not id then return 0 end
local e = parse(redis.call('HGET', B .. 'entries', id))
if e.state ~= 1 then return 0 end
let_go(id, e)
return 1
)lua";

// The doorman's round, first step. ARGV now, idle ms, gone ms, open (1: the sale has opened).
// While the room is off or the sale closed nothing accrues (the budget restarts empty) and the
// answer is 0. Else frees the places of fans let in who left, did nothing or ran out, and answers
// {record, shopping, in line[, the pre-queue's ids when it is still to be drawn]}.
inline constexpr const char* kRound = R"lua(
if redis.call('EXISTS', R) == 0 then return 0 end
if redis.call('HGET', R, 'enabled') ~= '1' or ARGV[4] ~= '1' then
  redis.call('HSET', R, 'tokens', '0', 'tokens_at', ARGV[1])
  return 0
end
local now, idle, gone = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local shopping = redis.call('ZRANGE', B .. 'seen', 0, -1, 'WITHSCORES')
for i = 1, #shopping, 2 do
  local id, seen = shopping[i], tonumber(shopping[i + 1])
  local e = parse(redis.call('HGET', B .. 'entries', id))
  local buying = redis.call('SISMEMBER', B .. 'held', id) == 1
  if e.expires <= now or (not buying and (now - seen > gone or now - e.admitted > idle)) then let_go(id, e) end
end
local out = {redis.call('HGETALL', R), redis.call('ZCARD', B .. 'seen'), redis.call('ZCARD', B .. 'line')}
if num(redis.call('HGET', R, 'drawn_at')) == 0 then out[4] = redis.call('ZRANGE', B .. 'pre', 0, -1) end
return out
)lua";

// The draw. ARGV now, then the pre-queue's ids in the order the seed draws them. Fans who joined
// after the doorman read the pre-queue came after the opening: they follow, in order of arrival.
// 1 when drawn now, 0 when it was drawn already.
inline constexpr const char* kDraw = R"lua(
if num(redis.call('HGET', R, 'drawn_at')) ~= 0 then return 0 end
local turn = num(redis.call('HGET', R, 'next_turn'))
local function line_up(id, drawn)
  if redis.call('ZREM', B .. 'pre', id) == 0 then return end
  local e = parse(redis.call('HGET', B .. 'entries', id))
  e.turn = turn
  put(id, e)
  redis.call('ZADD', B .. 'line', turn, id)
  if drawn then redis.call('RPUSH', B .. 'order', id) end
  turn = turn + 1
end
for i = 2, #ARGV do line_up(ARGV[i], true) end
for _, id in ipairs(redis.call('ZRANGE', B .. 'pre', 0, -1)) do line_up(id, false) end
redis.call('HSET', R, 'next_turn', str(turn), 'drawn_at', ARGV[1])
return 1
)lua";

// The doorman's round, second step. ARGV now, how many to let in, the budget left and its time,
// pass ms. Lets them in from the front of the line.
inline constexpr const char* kAdmit = R"lua(
local now = tonumber(ARGV[1])
local due = tonumber(ARGV[2])
if due > 0 then
  local popped = redis.call('ZPOPMIN', B .. 'line', due)
  for i = 1, #popped, 2 do
    local id = popped[i]
    local e = parse(redis.call('HGET', B .. 'entries', id))
    e.state, e.admitted, e.expires = 1, now, now + tonumber(ARGV[5])
    put(id, e)
    redis.call('ZADD', B .. 'seen', ARGV[1], id)
    redis.call('ZADD', B .. 'recent', ARGV[1], id)
  end
  redis.call('HINCRBY', R, 'admitted_total', #popped / 2)
end
redis.call('HSET', R, 'tokens', ARGV[3], 'tokens_at', ARGV[4])
return 1
)lua";

}  // namespace tw::queue::scripts
