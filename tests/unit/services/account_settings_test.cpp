// Accounts' confirmed addresses and account page, over the in-memory store and a mailbox that
// keeps what it is given (services/email_verification.cpp, services/account_settings.cpp).
#include <gtest/gtest.h>

#include "app/run_task.h"
#include "async/worker_pool.h"
#include "auth/password.h"
#include "auth/password_hasher.h"
#include "services/accounts.h"
#include "support/memory_stores.h"

namespace tw::services {
namespace {
using app::run_task;

class KeptMail final : public mail::MailTransport {
 public:
  Task<core::Status> send(mail::MailMessage m) override {
    sent.push_back(std::move(m));
    co_return core::Ok{};
  }
  // The token of the newest link to `page` sent to `address`.
  std::string token(const std::string& address, const std::string& page) const {
    for (auto it = sent.rbegin(); it != sent.rend(); ++it) {
      const auto at = it->text.find(page + "?token=");
      if (it->to.address != address || at == std::string::npos) continue;
      const auto start = at + page.size() + 7;
      return it->text.substr(start, it->text.find('\n', start) - start);
    }
    return {};
  }
  std::vector<mail::MailMessage> sent;
};

class AccountPageUnit : public ::testing::Test {
 protected:
  AccountPageUnit() {
    EXPECT_TRUE(auth::init_crypto());
    options_.mail = &mail_;
  }
  Accounts& accounts() {
    if (!accounts_) accounts_ = std::make_unique<Accounts>(*stores_.accounts, hasher_, clock_, options_);
    return *accounts_;
  }
  Principal signed_up(const std::string& email) {
    auto s = run_task(accounts().sign_up(email, "correct horse battery", "Dana Fan", "127.0.0.1", "", "curl/8"));
    EXPECT_TRUE(s.ok());
    return *run_task(accounts().authenticate(s->token));
  }

  core::ManualClock clock_{1'900'000'000'000};
  store::Stores stores_ = testing::memory_stores(clock_);
  WorkerPool pool_{1};
  auth::PasswordHasher hasher_{pool_};
  KeptMail mail_;
  AccountsOptions options_;
  std::unique_ptr<Accounts> accounts_;
};

TEST_F(AccountPageUnit, AnUnconfirmedFanMayNotBuyUntilTheyFollowTheLink) {
  auto fan = signed_up("dana@example.com");
  EXPECT_FALSE(fan.email_verified);
  EXPECT_EQ(accounts().may_buy(fan).error().code, "email_not_verified");
  const auto token = mail_.token("dana@example.com", "/verify-email");
  ASSERT_FALSE(token.empty());
  auto verified = run_task(accounts().verify_email(token));
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  auto again = run_task(accounts().authenticate(run_task(accounts().sign_in("dana@example.com", "correct horse battery",
                                                                            "127.0.0.1"))->token));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->email_verified);
  EXPECT_TRUE(accounts().may_buy(*again).ok());
}

TEST_F(AccountPageUnit, TheRuleCanBeTurnedOff) {
  options_.verified_email_to_buy = false;
  auto fan = signed_up("relaxed@example.com");
  EXPECT_FALSE(fan.email_verified);
  EXPECT_TRUE(accounts().may_buy(fan).ok());
}

TEST_F(AccountPageUnit, AMoveOfAddressWaitsForTheNewAddressAndTellsTheOldOne) {
  auto fan = signed_up("old@example.com");
  EXPECT_EQ(run_task(accounts().change_email(fan, "new@example.com", "wrong password", "127.0.0.1")).error().code,
            "wrong_password");
  ASSERT_TRUE(run_task(accounts().change_email(fan, "New@Example.com", "correct horse battery", "127.0.0.1")).ok());
  EXPECT_EQ((*run_task(accounts().account(fan))).email, "old@example.com");
  auto moved = run_task(accounts().verify_email(mail_.token("new@example.com", "/verify-email")));
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(moved->user.email, "new@example.com");
  EXPECT_EQ(moved->previous_email, "old@example.com");
  EXPECT_EQ(mail_.sent.back().to.address, "old@example.com");
  EXPECT_NE(mail_.sent.back().text.find("new@example.com"), std::string::npos);
}

TEST_F(AccountPageUnit, DevicesAreNamedAndOnlyTheAccountsOwnCanBeSignedOut) {
  auto fan = signed_up("devices@example.com");
  auto stranger = signed_up("stranger@example.com");
  auto devices = run_task(accounts().devices(fan));
  ASSERT_TRUE(devices.ok());
  ASSERT_EQ(devices->size(), 1u);
  EXPECT_EQ((*devices)[0].browser, "curl on an unknown system");
  EXPECT_TRUE((*devices)[0].current);
  EXPECT_EQ(run_task(accounts().sign_out_device(stranger, (*devices)[0].id)).error().code, "device_unknown");
  EXPECT_TRUE(run_task(accounts().sign_out_device(fan, (*devices)[0].id)).ok());
  EXPECT_TRUE(run_task(accounts().devices(fan))->empty());
}

}  // namespace
}  // namespace tw::services
