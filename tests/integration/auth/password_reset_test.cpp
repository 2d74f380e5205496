// Issue 34, item 1: a forgotten password. The answer to a reset request is the same whether or
// not an account uses the address; the emailed link (read from the .eml file the server writes)
// works once, sets a password under the sign-up rules, ends every session, and a notice follows.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>

#include "support/api_client.h"
#include "support/http_client.h"
#include "support/mail_reader.h"
#include "support/server_process.h"

namespace tw::testing {
namespace json = boost::json;

namespace {

std::string reset_token_for(const std::string& mail_dir, const std::string& email) {
  return link_token(mail_dir, "password-reset-", email, "/reset-password");
}

}  // namespace

class PasswordReset : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = std::make_unique<ServerProcess>(std::vector<std::string>{"--dev"}); }
  static void TearDownTestSuite() { server_.reset(); }
  static std::uint16_t port() { return server_->port(); }
  static std::string mail_dir() { return server_->data_dir() + "/mail"; }
  static HttpResult ask(const std::string& email, const std::string& from = "127.0.0.1") {
    return http_request_from(from, port(), "POST", "/api/auth/password-reset", json_body({{"email", email}}),
                             {{"Content-Type", "application/json"}});
  }
  static HttpResult confirm(const std::string& token, const std::string& password) {
    return http_request(port(), "POST", "/api/auth/password-reset/confirm",
                        json_body({{"token", token}, {"password", password}}), {{"Content-Type", "application/json"}});
  }
  static inline std::unique_ptr<ServerProcess> server_;
};

TEST_F(PasswordReset, TheLinkSetsANewPasswordOnceAndEndsEverySession) {
  auto fan = sign_up(port(), "forgetful");
  auto other_device = sign_in(port(), fan.email, fan.password);
  ASSERT_EQ(http_get(port(), "/api/auth/session", bearer(other_device)).status, 200);

  auto asked = ask(fan.email, "127.9.0.1");
  ASSERT_EQ(asked.status, 202) << asked.body;
  const auto token = reset_token_for(mail_dir(), fan.email);
  ASSERT_EQ(token.size(), 43u) << "a link in the email";

  EXPECT_EQ(error_code(confirm(token, "short")), "weak_password") << "the sign-up rules apply";
  auto done = confirm(token, "a brand new passphrase");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json().at("email"), json::value(fan.email));

  EXPECT_EQ(http_get(port(), "/api/auth/session", bearer(fan)).status, 401) << "the old session is gone";
  EXPECT_EQ(http_get(port(), "/api/auth/session", bearer(other_device)).status, 401) << "on every device";
  auto old_password = http_request(port(), "POST", "/api/auth/signin",
                                   json_body({{"email", fan.email}, {"password", fan.password}}),
                                   {{"Content-Type", "application/json"}});
  EXPECT_EQ(old_password.status, 401);
  EXPECT_EQ(sign_in(port(), fan.email, "a brand new passphrase").token.empty(), false);

  auto again = confirm(token, "yet another passphrase");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(error_code(again), "reset_link_used");
  EXPECT_EQ(error_code(confirm(std::string(43, 'A'), "yet another passphrase")), "reset_link_unknown");
  EXPECT_FALSE(mail_files(mail_dir(), "password-changed-").empty()) << "a notice that the password changed";
}

TEST_F(PasswordReset, TheAnswerIsTheSameForAnAddressWithNoAccount) {
  auto fan = sign_up(port(), "known");
  const auto before = mail_files(mail_dir(), "password-reset-").size();
  auto known = ask(fan.email, "127.9.1.1");
  auto unknown = ask("nobody-here@example.com", "127.9.1.2");
  EXPECT_EQ(known.status, 202);
  EXPECT_EQ(unknown.status, known.status);
  EXPECT_EQ(unknown.body, known.body);
  EXPECT_EQ(mail_files(mail_dir(), "password-reset-").size(), before + 1) << "only the account gets a link";
  EXPECT_EQ(ask("not an address", "127.9.1.3").status, 400);
  auto missing = http_request(port(), "POST", "/api/auth/password-reset", "{}", {{"Content-Type", "application/json"}});
  EXPECT_EQ(error_code(missing), "missing_field");
}

TEST_F(PasswordReset, RequestsAreThrottledPerAddressAndLinksPerAccount) {
  auto fan = sign_up(port(), "throttled");
  const auto before = mail_files(mail_dir(), "password-reset-").size();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(ask(fan.email, "127.9.2." + std::to_string(i + 1)).status, 202);
  EXPECT_EQ(mail_files(mail_dir(), "password-reset-").size(), before + 3)
      << "three links an hour to one account, whoever asks; the rest answered the same, unsent";
  for (int i = 0; i < 5; ++i) EXPECT_EQ(ask("someone-" + std::to_string(i) + "@example.com", "127.9.3.1").status, 202);
  auto refused = ask("someone-else@example.com", "127.9.3.1");
  EXPECT_EQ(refused.status, 429) << "one address asking for many";
  EXPECT_FALSE(refused.header("retry-after").empty());
}

}  // namespace tw::testing
