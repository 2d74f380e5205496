#include "redis/redis_lease.h"

namespace tw::redis {
namespace {

// KEYS[1] the lease; ARGV: holder, time to live in ms. 1 when the holder has it now, else 0.
constexpr const char* kHold = R"lua(
local current = redis.call('GET', KEYS[1])
if current == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if current then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
)lua";

}  // namespace

RedisLease::RedisLease(RedisConnection& connection, std::string key, std::string holder,
                       std::chrono::milliseconds ttl)
    : connection_(connection), key_(std::move(key)), holder_(std::move(holder)), ttl_(ttl), script_(kHold) {}

Task<core::Result<bool>> RedisLease::hold() {
  std::vector<std::string> keys{key_};
  std::vector<std::string> args{holder_, std::to_string(ttl_.count())};
  auto reply = co_await script_.run(connection_, std::move(keys), std::move(args));
  if (!reply) co_return reply.error();
  if (reply->kind != RedisReply::Kind::kInteger) co_return unexpected_reply(*reply);
  co_return reply->integer == 1;
}

}  // namespace tw::redis
