#include "auth/redis_attempt_records.h"

namespace tw::auth {

namespace {

using redis::RedisReply;
using Kind = RedisReply::Kind;

// KEYS[1] the record; ARGV now, window, keep (ms). Times stay the strings they came as (Lua
// numbers would reach Redis in floating-point notation). Answers {count, first, last}.
constexpr const char* kAdd = R"lua(
local r = redis.call('HMGET', KEYS[1], 'count', 'first')
local count, first = tonumber(r[1]) or 0, r[2]
if count == 0 or not first or tonumber(ARGV[1]) - tonumber(first) >= tonumber(ARGV[2]) then
  count, first = 0, ARGV[1]
end
count = count + 1
redis.call('HSET', KEYS[1], 'count', count, 'first', first, 'last', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {count, first, ARGV[1]}
)lua";

// KEYS[1] the account's addresses; ARGV address, now, how many to keep, time to live (ms).
constexpr const char* kRemember = R"lua(
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -1 - tonumber(ARGV[3]))
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
)lua";

// How long an account's known addresses outlive its last sign-in.
constexpr std::int64_t kRememberMs = 90LL * 24 * 3600 * 1000;

// {count, first, last} as HMGET or the add script answers it.
core::Result<Attempts> attempts_of(const core::Result<RedisReply>& reply) {
  if (!reply) return reply.error();
  if (reply->kind != Kind::kArray || reply->elements.size() != 3) return redis::unexpected_reply(*reply);
  const auto& e = reply->elements;
  return Attempts{static_cast<int>(redis::number_in(e[0])), redis::number_in(e[1]), redis::number_in(e[2])};
}

core::Status status_of(const core::Result<RedisReply>& reply) {
  if (!reply) return reply.error();
  if (reply->kind == Kind::kError) return redis::unexpected_reply(*reply);
  return core::Ok{};
}

std::vector<std::string> hmget_command(std::string key) { return {"HMGET", std::move(key), "count", "first", "last"}; }

}  // namespace

RedisAttemptRecords::RedisAttemptRecords(redis::RedisAddress address)
    : prefix_(address.prefix), connection_(address.host, address.port, address.db), add_(kAdd), remember_(kRemember) {}

Task<core::Result<Attempts>> RedisAttemptRecords::read(std::string key) {
  co_return attempts_of(co_await connection_.command(hmget_command(record_key(key))));
}

Task<core::Result<Attempts>> RedisAttemptRecords::add(std::string key, std::int64_t now_ms, std::int64_t window_ms,
                                                      std::int64_t keep_ms) {
  std::vector<std::string> keys{record_key(key)};
  std::vector<std::string> args{std::to_string(now_ms), std::to_string(window_ms), std::to_string(keep_ms)};
  co_return attempts_of(co_await add_.run(connection_, std::move(keys), std::move(args)));
}

Task<core::Status> RedisAttemptRecords::clear(std::string key) {
  std::vector<std::string> del{"DEL", record_key(key)};
  co_return status_of(co_await connection_.command(std::move(del)));
}

Task<core::Result<bool>> RedisAttemptRecords::knows(std::string account, std::string address) {
  std::vector<std::string> score{"ZSCORE", known_key(account), std::move(address)};
  auto reply = co_await connection_.command(std::move(score));
  if (!reply) co_return reply.error();
  if (reply->kind == Kind::kError) co_return redis::unexpected_reply(*reply);
  co_return reply->kind != Kind::kNil;
}

Task<core::Status> RedisAttemptRecords::remember(std::string account, std::string address, std::int64_t now_ms,
                                                 std::size_t keep) {
  std::vector<std::string> keys{known_key(account)};
  std::vector<std::string> args{std::move(address), std::to_string(now_ms), std::to_string(keep),
                                std::to_string(kRememberMs)};
  co_return status_of(co_await remember_.run(connection_, std::move(keys), std::move(args)));
}

}  // namespace tw::auth
