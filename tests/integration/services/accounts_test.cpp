// Accounts over a real SQLite store, with a hand-driven clock for expiry.
#include "services/accounts.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "app/run_task.h"
#include "async/worker_pool.h"
#include "auth/password.h"
#include "auth/password_hasher.h"
#include "store/sqlite/sqlite_stores.h"
#include "support/server_process.h"

namespace tw::services {
using app::run_task;

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(auth::init_crypto());
    dir_ = testing::make_temp_dir();
    stores_ = std::move(store::open_sqlite(dir_ + "/t.db", pool_, clock_)).value();
    ASSERT_TRUE(run_task(stores_.database->migrate()).ok());
    AccountsOptions o;
    o.idle_seconds = 3600;
    o.absolute_seconds = 3 * 3600;
    o.cache_ms = 1000;
    o.touch_every_seconds = 60;
    accounts_ = std::make_unique<Accounts>(*stores_.accounts, hasher_, clock_, o);
  }
  void TearDown() override {
    accounts_.reset();
    stores_ = {};
    std::filesystem::remove_all(dir_);
  }
  SignedIn sign_up(const std::string& email) {
    auto s = run_task(accounts_->sign_up(email, "a long password", "Name", "10.0.0.1"));
    EXPECT_TRUE(s.ok());
    return std::move(s).value();
  }
  core::ManualClock clock_{1'900'000'000'000};
  WorkerPool pool_{2};
  auth::PasswordHasher hasher_{pool_};
  std::string dir_;
  store::Stores stores_;
  std::unique_ptr<Accounts> accounts_;
};

TEST_F(AccountsTest, IdleSessionsExpire) {
  auto s = sign_up("idle@example.com");
  EXPECT_TRUE(run_task(accounts_->authenticate(s.token)).ok());
  clock_.advance_ms(3601 * 1000);
  auto later = run_task(accounts_->authenticate(s.token));
  ASSERT_FALSE(later.ok());
  EXPECT_EQ(later.error().code, "not_signed_in");
}

TEST_F(AccountsTest, UseSlidesExpiryUpToTheAbsoluteCap) {
  auto s = sign_up("busy@example.com");
  for (int i = 0; i < 4; ++i) {  // 4 × 40 min: beyond the idle hour, within the 3 h cap
    clock_.advance_ms(40 * 60 * 1000);
    ASSERT_TRUE(run_task(accounts_->authenticate(s.token)).ok()) << "step " << i;
  }
  clock_.advance_ms(40 * 60 * 1000);  // 200 min in total: past the 3 h absolute cap
  EXPECT_FALSE(run_task(accounts_->authenticate(s.token)).ok());
}

TEST_F(AccountsTest, SignOutRevokesAtOnce) {
  auto s = sign_up("out@example.com");
  auto p = run_task(accounts_->authenticate(s.token));
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE(run_task(accounts_->sign_out(p->token_hash)).ok());
  EXPECT_FALSE(run_task(accounts_->authenticate(s.token)).ok());
}

TEST_F(AccountsTest, RevocationByAnotherInstanceIsSeenAfterTheCacheWindow) {
  auto s = sign_up("shared@example.com");
  ASSERT_TRUE(run_task(accounts_->authenticate(s.token)).ok());
  Accounts other(*stores_.accounts, hasher_, clock_);  // a second instance over the same database
  auto p = run_task(other.authenticate(s.token));
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE(run_task(other.sign_out(p->token_hash)).ok());
  clock_.advance_ms(1001);
  EXPECT_FALSE(run_task(accounts_->authenticate(s.token)).ok());
}

}  // namespace tw::services
