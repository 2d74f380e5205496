#include "redis/redis_script.h"

namespace tw::redis {

using Kind = RedisReply::Kind;

core::Error unexpected_reply(const RedisReply& r) {
  return core::internal("Redis answered unexpectedly" + (r.kind == Kind::kError ? ": " + r.text : std::string()));
}

Task<core::Result<std::string>> RedisScript::sha(RedisConnection& connection, bool reload) {
  if (!reload) {
    std::lock_guard lock(mu_);
    if (!sha_.empty()) co_return sha_;
  }
  std::vector<std::string> load{"SCRIPT", "LOAD", source_};
  auto loaded = co_await connection.command(std::move(load));
  if (!loaded) co_return loaded.error();
  if (loaded->kind != Kind::kString) co_return unexpected_reply(*loaded);
  std::lock_guard lock(mu_);
  sha_ = loaded->text;
  co_return loaded->text;
}

Task<core::Result<RedisReply>> RedisScript::run(RedisConnection& connection, std::vector<std::string> keys,
                                                std::vector<std::string> args) {
  for (bool reload : {false, true}) {
    auto sha_now = co_await sha(connection, reload);
    if (!sha_now) co_return sha_now.error();
    std::vector<std::string> command{"EVALSHA", *sha_now, std::to_string(keys.size())};
    command.insert(command.end(), keys.begin(), keys.end());
    command.insert(command.end(), args.begin(), args.end());
    auto reply = co_await connection.command(std::move(command));
    if (!reply) co_return reply.error();
    if (reply->kind == Kind::kError && reply->text.rfind("NOSCRIPT", 0) == 0) continue;  // Redis restarted
    if (reply->kind == Kind::kError) co_return unexpected_reply(*reply);
    co_return reply;
  }
  co_return core::internal("Redis does not keep the scripts it is given");
}

}  // namespace tw::redis
