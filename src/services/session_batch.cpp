#include "services/session_batch.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/this_coro.hpp>

#include "async/one_shot.h"

namespace tw::services {

struct SessionBatch::Waiter {
  std::string token_hash;
  core::Result<std::optional<core::SessionWithUser>> found = core::internal("session look-up not answered");
  OneShot answered;
};

Task<core::Result<std::optional<core::SessionWithUser>>> SessionBatch::find(std::string token_hash) {
  auto waiter = std::make_shared<Waiter>();
  waiter->token_hash = std::move(token_hash);
  bool start = false;
  {
    std::lock_guard lock(mu_);
    queued_.push_back(waiter);
    start = !std::exchange(running_, true);
  }
  if (start) boost::asio::co_spawn(co_await boost::asio::this_coro::executor, rounds(), boost::asio::detached);
  co_await waiter->answered.wait();
  co_return std::move(waiter->found);
}

Task<void> SessionBatch::rounds() {
  for (;;) {
    std::vector<std::shared_ptr<Waiter>> round;
    {
      std::lock_guard lock(mu_);
      if (queued_.empty()) {
        running_ = false;
        co_return;
      }
      const auto n = std::min(queued_.size(), max_round_);
      round.assign(queued_.begin(), queued_.begin() + static_cast<long>(n));
      queued_.erase(queued_.begin(), queued_.begin() + static_cast<long>(n));
    }
    std::vector<std::string> hashes;
    hashes.reserve(round.size());
    for (const auto& w : round) hashes.push_back(w->token_hash);
    auto found = co_await store_.find_sessions(std::move(hashes));
    for (std::size_t i = 0; i < round.size(); ++i) {
      if (!found) round[i]->found = found.error();
      else round[i]->found = std::move((*found)[i]);
      round[i]->answered.set();
    }
  }
}

}  // namespace tw::services
