// Issue 34, items 2 and 3: a confirmed address and the account page. A new fan is emailed a link;
// until they follow it they can hold but not buy. The account page changes the name, the
// password (other devices are signed out) and the address (only once the new one is confirmed,
// and the old one is told), lists the signed-in devices and signs out one or all of them.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>

#include "support/api_client.h"
#include "support/http_client.h"
#include "support/mail_reader.h"
#include "support/server_process.h"

namespace tw::testing {
namespace json = boost::json;

class AccountPage : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<ServerProcess>(std::vector<std::string>{"--dev", "--confirmed-email-to-buy", "true"});
  }
  static void TearDownTestSuite() { server_.reset(); }
  static std::uint16_t port() { return server_->port(); }
  static std::string mail_dir() { return server_->data_dir() + "/mail"; }
  static std::string verify_token(const std::string& email) {
    return link_token(mail_dir(), "verify-", email, "/verify-email");
  }
  static std::map<std::string, std::string> as(const TestUser& u) { return bearer_json(u); }
  static HttpResult post(const TestUser& u, const std::string& path, const std::string& body = "{}") {
    return http_request(port(), "POST", path, body, as(u));
  }
  static HttpResult verify(const std::string& token) {
    return http_request(port(), "POST", "/api/auth/verify-email", json_body({{"token", token}}),
                        {{"Content-Type", "application/json"}});
  }
  static bool verified(const TestUser& u) {
    auto s = http_get(port(), "/api/auth/session", bearer(u));
    return s.json().at("user").at("emailVerified").as_bool();
  }
  static HttpResult hold_and_pay(const TestUser& u, const std::string& seat) {
    auto hold = post(u, "/api/events/taylor-swift-eras/holds", seats_body({seat.c_str()}));
    if (hold.status != 201) return hold;
    auto h = as(u);
    h["Idempotency-Key"] = "pay-" + seat;
    return http_request(port(), "POST", "/api/checkout",
                        checkout_body(std::string(hold.json().at("holdId").as_string()), kApprove), h);
  }
  static inline std::unique_ptr<ServerProcess> server_;
};

TEST_F(AccountPage, ANewFanHoldsButBuysOnlyAfterConfirmingTheirAddress) {
  auto fan = sign_up(port(), "unconfirmed");
  EXPECT_FALSE(verified(fan));
  const auto token = verify_token(fan.email);
  ASSERT_EQ(token.size(), 43u) << "a confirmation link was emailed at sign-up";

  auto refused = hold_and_pay(fan, "VIP-A-1");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(error_code(refused), "email_not_verified");
  EXPECT_NE(refused.body.find(fan.email), std::string::npos) << "the message names the address to look in";

  auto confirmed = verify(token);
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(confirmed.json().at("email"), json::value(fan.email));
  EXPECT_TRUE(verified(fan)) << "the session sees it at once";
  auto bought = hold_and_pay(fan, "VIP-A-2");
  EXPECT_EQ(bought.status, 201) << bought.body;

  EXPECT_EQ(error_code(verify(token)), "verify_link_used");
  EXPECT_EQ(error_code(verify(std::string(43, 'A'))), "verify_link_unknown");
  EXPECT_EQ(error_code(verify("not a token")), "verify_link_unknown");
  EXPECT_EQ(error_code(post(fan, "/api/account/email/verification")), "email_already_verified");
}

TEST_F(AccountPage, AFanCanHaveTheLinkSentAgainAndEitherLinkWorks) {
  auto fan = sign_up(port(), "resender");
  const auto first = verify_token(fan.email);
  auto again = post(fan, "/api/account/email/verification");
  ASSERT_EQ(again.status, 202) << again.body;
  const auto second = verify_token(fan.email);
  ASSERT_EQ(second.size(), 43u);
  EXPECT_NE(first, second);
  ASSERT_EQ(verify(first).status, 200);
  EXPECT_EQ(error_code(verify(second)), "verify_link_used") << "one confirmation spends the address's links";
  for (int i = 0; i < 6; ++i) post(fan, "/api/account/email/verification");  // already confirmed: refused, not sent
}

TEST_F(AccountPage, ResendingIsLimited) {
  auto fan = sign_up(port(), "impatient");
  int last = 0;
  for (int i = 0; i < 6; ++i) last = post(fan, "/api/account/email/verification").status;
  EXPECT_EQ(last, 429) << "five links an hour in all, the sign-up's included";
}

TEST_F(AccountPage, ANewAddressTakesEffectOnlyWhenConfirmedAndTheOldOneIsTold) {
  auto fan = sign_up(port(), "mover");
  auto other = sign_up(port(), "neighbour");
  const auto wanted = "moved-" + fan.email;
  EXPECT_EQ(error_code(post(fan, "/api/account/email", json_body({{"email", wanted}, {"password", "wrong one!"}}))),
            "wrong_password");
  EXPECT_EQ(error_code(post(fan, "/api/account/email", json_body({{"email", other.email}, {"password", fan.password}}))),
            "email_taken");
  EXPECT_EQ(error_code(post(fan, "/api/account/email", json_body({{"email", fan.email}, {"password", fan.password}}))),
            "same_email");
  EXPECT_EQ(post(fan, "/api/account/email", json_body({{"email", "not an address"}, {"password", fan.password}})).status,
            400);

  auto asked = post(fan, "/api/account/email", json_body({{"email", wanted}, {"password", fan.password}}));
  ASSERT_EQ(asked.status, 202) << asked.body;
  auto account = http_get(port(), "/api/account", bearer(fan));
  EXPECT_EQ(account.json().at("user").at("email"), json::value(fan.email)) << "not moved before the link";

  const auto token = verify_token(wanted);
  ASSERT_EQ(token.size(), 43u) << "the link goes to the new address";
  auto moved = verify(token);
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.json().at("email"), json::value(wanted));
  EXPECT_TRUE(moved.json().at("changed").as_bool());
  account = http_get(port(), "/api/account", bearer(fan));
  EXPECT_EQ(account.json().at("user").at("email"), json::value(wanted));
  EXPECT_TRUE(account.json().at("user").at("emailVerified").as_bool());

  bool told = false;
  for (const auto& f : mail_files(mail_dir(), "email-changed-")) told |= read_file(f).find("<" + fan.email + ">") != std::string::npos;
  EXPECT_TRUE(told) << "the old address is told";
  EXPECT_FALSE(sign_in(port(), wanted, fan.password).token.empty()) << "signs in with the new address";
  EXPECT_EQ(sign_in_from("127.0.0.1", port(), fan.email, fan.password).status, 401) << "not the old one";
}

TEST_F(AccountPage, ChangingThePasswordNeedsTheCurrentOneAndSignsOutOtherDevices) {
  auto fan = sign_up(port(), "rotator");
  auto phone = sign_in(port(), fan.email, fan.password);
  auto wrong = post(fan, "/api/account/password",
                    json_body({{"currentPassword", "not my password"}, {"newPassword", "a much better passphrase"}}));
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(error_code(wrong), "wrong_password");
  EXPECT_EQ(error_code(post(fan, "/api/account/password",
                            json_body({{"currentPassword", fan.password}, {"newPassword", "short"}}))),
            "weak_password");
  auto changed = post(fan, "/api/account/password",
                      json_body({{"currentPassword", fan.password}, {"newPassword", "a much better passphrase"}}));
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(http_get(port(), "/api/auth/session", bearer(fan)).status, 200) << "this device stays signed in";
  EXPECT_EQ(http_get(port(), "/api/auth/session", bearer(phone)).status, 401) << "the others are signed out";
  EXPECT_FALSE(sign_in(port(), fan.email, "a much better passphrase").token.empty());
  EXPECT_FALSE(mail_files(mail_dir(), "password-changed-").empty()) << "a notice";
}

TEST_F(AccountPage, TheNameChanges) {
  auto fan = sign_up(port(), "renamer");
  auto h = as(fan);
  auto renamed = http_request(port(), "PATCH", "/api/account", json_body({{"name", "  Dana Renamed "}}), h);
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json().at("user").at("name"), json::value("Dana Renamed"));
  EXPECT_EQ(http_get(port(), "/api/auth/session", bearer(fan)).json().at("user").at("name"), json::value("Dana Renamed"));
  EXPECT_EQ(http_request(port(), "PATCH", "/api/account", json_body({{"name", ""}}), h).status, 400);
  EXPECT_EQ(http_request(port(), "PATCH", "/api/account", "[1]", h).status, 400);
  EXPECT_EQ(http_get(port(), "/api/account").status, 401);
}

TEST_F(AccountPage, DevicesAreListedAndSignedOutOneByOneOrAllAtOnce) {
  auto fan = sign_up(port(), "devices");
  auto firefox = sign_in(port(), fan.email, fan.password,
                         "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0");
  auto iphone = sign_in(port(), fan.email, fan.password,
                        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
                        "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1");
  auto listed = http_get(port(), "/api/account/devices", bearer(firefox));
  ASSERT_EQ(listed.status, 200) << listed.body;
  const auto answer = listed.json();
  const auto& devices = answer.at("devices").as_array();
  ASSERT_EQ(devices.size(), 3u);
  std::string iphone_id;
  int current = 0;
  for (const auto& d : devices) {
    EXPECT_TRUE(d.at("address").as_string().starts_with("127.")) << d.at("address") << ": where it signed in from";
    EXPECT_FALSE(d.at("lastSeenAt").as_string().empty());
    current += d.at("current").as_bool() ? 1 : 0;
    if (d.at("current").as_bool()) {
      EXPECT_EQ(d.at("browser"), json::value("Firefox on Windows"));
    }
    if (d.at("browser") == json::value("Safari on iPhone")) iphone_id = d.at("id").as_string();
  }
  EXPECT_EQ(current, 1);
  ASSERT_FALSE(iphone_id.empty()) << listed.body;

  auto stranger = sign_up(port(), "stranger");
  EXPECT_EQ(http_request(port(), "DELETE", "/api/account/devices/" + iphone_id, "", bearer(stranger)).status, 404)
      << "another account's device is not the stranger's to sign out";
  EXPECT_EQ(http_get(port(), "/api/auth/session", bearer(iphone)).status, 200);
  EXPECT_EQ(http_request(port(), "DELETE", "/api/account/devices/nope", "", bearer(firefox)).status, 404);

  ASSERT_EQ(http_request(port(), "DELETE", "/api/account/devices/" + iphone_id, "", bearer(firefox)).status, 200);
  EXPECT_EQ(http_get(port(), "/api/auth/session", bearer(iphone)).status, 401);
  EXPECT_EQ(http_get(port(), "/api/account/devices", bearer(firefox)).json().at("devices").as_array().size(), 2u);

  ASSERT_EQ(post(firefox, "/api/account/sign-out-everywhere").status, 200);
  EXPECT_EQ(http_get(port(), "/api/auth/session", bearer(firefox)).status, 401);
  EXPECT_EQ(http_get(port(), "/api/auth/session", bearer(fan)).status, 401);
}

TEST_F(AccountPage, CookieCallersMustProveTheyComeFromOurPages) {
  auto fan = sign_up(port(), "csrf");
  auto forged = http_request(port(), "POST", "/api/account/sign-out-everywhere", "{}",
                             {{"Cookie", "tw_session=" + fan.token}, {"Origin", "http://evil.example"}});
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(http_get(port(), "/api/auth/session", bearer(fan)).status, 200);
}

}  // namespace tw::testing
