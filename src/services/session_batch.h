#pragma once
// SessionBatch: session look-ups that miss the cache, gathered into one trip to the store. In a
// flash sale every fan's first signed-in request (the hold) misses: one worker hand-off and one
// wake-up per fan cost more than the look-up itself. Here the first miss starts a round; misses
// arriving while it runs wait for the next one, which asks for all of them at once. Thread-safe;
// each caller resumes on its own event loop.
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "store/account_store.h"

namespace tw::services {

class SessionBatch {
 public:
  explicit SessionBatch(store::AccountStore& store, std::size_t max_round = 256)
      : store_(store), max_round_(max_round) {}

  // As AccountStore::find_session.
  Task<core::Result<std::optional<core::SessionWithUser>>> find(std::string token_hash);

 private:
  struct Waiter;
  // Asks the store for what is queued, round after round, until nothing is.
  Task<void> rounds();

  store::AccountStore& store_;
  std::size_t max_round_;
  std::mutex mu_;
  std::vector<std::shared_ptr<Waiter>> queued_;  // guarded by mu_
  bool running_ = false;                         // guarded by mu_: a rounds() is under way
};

}  // namespace tw::services
