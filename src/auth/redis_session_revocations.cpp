#include "auth/redis_session_revocations.h"

#include "async/one_shot.h"
#include "core/ids.h"

namespace tw::auth {

struct RedisSessionRevocations::Barrier {
  OneShot done;
  bool heard = false;  // set before done
};

RedisSessionRevocations::RedisSessionRevocations(const redis::RedisAddress& address)
    : channel_(address.prefix + "session-revocations"),
      barrier_channel_(address.prefix + "session-barrier:" + core::new_uuid()),
      publisher_(address.host, address.port, address.db),
      listener_(address.host, address.port, address.db) {}

RedisSessionRevocations::~RedisSessionRevocations() = default;

Task<core::Status> RedisSessionRevocations::publish_text(std::string channel, std::string text) {
  std::vector<std::string> args{"PUBLISH", std::move(channel), std::move(text)};
  auto reply = co_await publisher_.command(std::move(args));
  if (!reply) co_return reply.error();
  if (reply->kind == redis::RedisReply::Kind::kError) {
    co_return core::unavailable("redis_unavailable", "Redis: " + reply->text);
  }
  co_return core::Ok{};
}

Task<core::Status> RedisSessionRevocations::publish(Revocation r) {
  co_return co_await publish_text(channel_, revocation_text(r));
}

Task<core::Status> RedisSessionRevocations::caught_up() {
  const auto not_heard = [] { return core::unavailable("revocations_unheard", "revocations cannot be heard now"); };
  if (!listening_) co_return not_heard();
  auto barrier = std::make_shared<Barrier>();
  const auto marker = std::to_string(next_marker_++);
  {
    std::lock_guard lock(mu_);
    barriers_.emplace(marker, barrier);
  }
  if (!listening_) {  // deaf since the check: hearing(false) may have answered the others already
    std::lock_guard lock(mu_);
    barriers_.erase(marker);
    co_return not_heard();
  }
  if (auto st = co_await publish_text(barrier_channel_, marker); !st) {
    std::lock_guard lock(mu_);
    barriers_.erase(marker);
    co_return st.error();
  }
  co_await barrier->done.wait();
  if (!barrier->heard) co_return not_heard();
  co_return core::Ok{};
}

void RedisSessionRevocations::listen(std::function<void(const Revocation&)> apply, std::function<void(bool)> hearing) {
  apply_ = std::move(apply);
  hearing_callback_ = std::move(hearing);
  listener_.subscribe(
      {channel_, barrier_channel_},
      [this](std::string_view channel, std::string_view payload) { heard(channel, payload); },
      [this](bool now) { this->hearing(now); });
}

void RedisSessionRevocations::heard(std::string_view channel, std::string_view payload) {
  if (channel == channel_) {
    apply_(parse_revocation(payload));
    return;
  }
  std::shared_ptr<Barrier> barrier;
  {
    std::lock_guard lock(mu_);
    auto it = barriers_.find(payload);
    if (it == barriers_.end()) return;
    barrier = std::move(it->second);
    barriers_.erase(it);
  }
  barrier->heard = true;
  barrier->done.set();
}

// Deaf from now: every barrier waiting is answered "not heard", since its marker may be lost.
void RedisSessionRevocations::hearing(bool now) {
  listening_ = now;
  hearing_callback_(now);
  if (now) return;
  std::map<std::string, std::shared_ptr<Barrier>, std::less<>> waiting;
  {
    std::lock_guard lock(mu_);
    waiting.swap(barriers_);
  }
  for (auto& [marker, barrier] : waiting) barrier->done.set();
}

}  // namespace tw::auth
