#include "services/accounts.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "app/run_task.h"
#include "async/one_shot.h"
#include "async/worker_pool.h"
#include "auth/password.h"
#include "auth/password_hasher.h"
#include "auth/session_token.h"
#include "support/memory_stores.h"
#include "support/store_wrappers.h"

namespace tw::services {
namespace {
using app::run_task;

// The account store as a busy database is: a session's touch (its sliding expiry, a write) does
// not come back until the test lets it.
class HeldTouches final : public testing::AccountStoreWrapper {
 public:
  using AccountStoreWrapper::AccountStoreWrapper;
  Task<core::Status> touch_session(std::string token_hash, std::int64_t last_seen_at,
                                   std::int64_t expires_at) override {
    ++touches;
    co_await written.wait();
    co_return co_await target_.touch_session(std::move(token_hash), last_seen_at, expires_at);
  }
  int touches = 0;
  OneShot written;
};

Task<void> sign_in_once(Accounts& accounts, std::string token, bool& answered) {
  auto p = co_await accounts.authenticate(std::move(token));
  answered = p.ok();
}

// Issue 14: a fan who signed in minutes before the sale opened has a session due for its touch,
// and the first hold waited for that write's commit (in a sale, behind every hold and checkout
// queued at the database's one writer). The touch is bookkeeping: the request goes on without it.
TEST(AccountsTouch, ARequestDoesNotWaitForItsSessionsTouch) {
  ASSERT_TRUE(auth::init_crypto());
  core::ManualClock clock{1'900'000'000'000};
  auto stores = testing::memory_stores(clock);
  auto user = run_task(stores.accounts->create_user({"fan@example.com", "Fan", "x", core::Role::kUser}));
  ASSERT_TRUE(user.ok());
  const auto token = auth::new_session_token();
  const std::int64_t now = clock.now_seconds();
  ASSERT_TRUE(run_task(stores.accounts->create_session(
                           {auth::token_hash(token), user->id, now - 600, now - 600, now + 3000, now + 80'000}))
                  .ok());
  HeldTouches held(*stores.accounts);
  WorkerPool pool{1};
  auth::PasswordHasher hasher{pool};
  AccountsOptions options;
  options.touch_every_seconds = 300;  // the session was last seen 600 s ago: due
  Accounts accounts(held, hasher, clock, options);

  boost::asio::io_context ioc;
  bool answered = false;
  boost::asio::co_spawn(ioc, sign_in_once(accounts, token, answered), boost::asio::detached);
  for (int i = 0; i < 100 && !answered; ++i) ioc.poll();
  EXPECT_TRUE(answered) << "the request waited for the touch";
  EXPECT_EQ(held.touches, 1) << "the touch is still written";

  held.written.set();
  ioc.restart();
  ioc.run();
  auto stored = run_task(stores.accounts->find_session(auth::token_hash(token)));
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->session.last_seen_at, now);
  EXPECT_EQ((*stored)->session.expires_at, std::min(now + options.idle_seconds, now + 80'000));
}

}  // namespace
}  // namespace tw::services
