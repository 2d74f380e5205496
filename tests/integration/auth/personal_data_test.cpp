// Issue 34, item 4: a fan's data. The export holds everything kept about the account; deleting
// the account (confirmed by its password) is refused while it holds tickets for shows to come,
// and otherwise removes its name, address, password, sessions and kept emails, while its orders
// and tickets stay, so the organiser's sales figures do not move.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>

#include "support/api_client.h"
#include "support/http_client.h"
#include "support/mail_reader.h"
#include "support/server_process.h"

namespace tw::testing {
namespace json = boost::json;

class PersonalData : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<ServerProcess>(std::vector<std::string>{"--dev"});
    admin_ = bearer(sign_in(server_->port(), kDevAdminEmail, kDevAdminPassword));
  }
  static void TearDownTestSuite() { server_.reset(); }
  static std::uint16_t port() { return server_->port(); }
  static std::map<std::string, std::string> as(const TestUser& u) { return bearer_json(u); }
  static HttpResult erase(const TestUser& u, const std::string& password) {
    return http_request(port(), "DELETE", "/api/account", json_body({{"password", password}}), as(u));
  }
  // The event's sold seats and revenue in the admins' figures.
  static std::pair<std::int64_t, std::int64_t> figures(const std::string& slug) {
    const auto stats = http_get(port(), "/api/admin/stats", admin_).json();
    for (const auto& e : stats.at("events").as_array()) {
      if (e.at("slug") == json::value(slug)) return {e.at("soldSeats").as_int64(), e.at("revenueCents").as_int64()};
    }
    return {-1, -1};
  }
  static bool receipt_kept_for(const std::string& email) {
    for (const auto& f : mail_files(server_->data_dir() + "/mail", "receipt-")) {
      if (read_file(f).find("<" + email + ">") != std::string::npos) return true;
    }
    return false;
  }
  static inline std::unique_ptr<ServerProcess> server_;
  static inline std::map<std::string, std::string> admin_;
};

TEST_F(PersonalData, TheExportHoldsEverythingKeptAboutTheAccount) {
  auto fan = sign_up(port(), "exporter");
  const auto ticket = buy_ticket(port(), fan, "taylor-swift-eras", "VIP-A-1");
  ASSERT_EQ(http_request(port(), "POST", "/api/events/taylor-swift-eras/holds", seats_body({"VIP-A-2"}), as(fan)).status,
            201);
  ASSERT_EQ(http_request(port(), "POST", "/api/tickets/" + ticket + "/transfer", json_body({{"email", "pal@example.com"}}),
                         as(fan))
                .status,
            202);
  auto r = http_get(port(), "/api/account/export", bearer(fan));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.header("content-disposition").find("attachment"), std::string::npos);
  const auto data = r.json();
  EXPECT_EQ(data.at("account").at("email"), json::value(fan.email));
  EXPECT_EQ(data.at("devices").as_array().size(), 1u);
  EXPECT_EQ(data.at("sessions").as_array().size(), 1u);
  EXPECT_EQ(data.at("holds").as_array().size(), 2u) << "the sold one and the one still held";
  EXPECT_EQ(data.at("payments").as_array().size(), 1u);
  EXPECT_EQ(data.at("orders").as_array().size(), 1u);
  ASSERT_EQ(data.at("tickets").as_array().size(), 1u);
  EXPECT_EQ(data.at("tickets").at(0).at("id"), json::value(ticket));
  ASSERT_EQ(data.at("ticketsSentByEmail").as_array().size(), 1u);
  EXPECT_EQ(data.at("ticketsSentByEmail").at(0).at("to"), json::value("pal@example.com"));
  EXPECT_TRUE(data.at("transfers").as_array().empty());
  EXPECT_TRUE(data.at("queuePlaces").as_array().empty());
  EXPECT_EQ(r.body.find("password"), std::string::npos) << "not even its hash";

  auto other = sign_up(port(), "nosy");
  const auto theirs = http_get(port(), "/api/account/export", bearer(other)).json();
  EXPECT_TRUE(theirs.at("orders").as_array().empty()) << "only the caller's own data";
  EXPECT_EQ(http_get(port(), "/api/account/export").status, 401);
}

TEST_F(PersonalData, AnAccountWithTicketsForShowsToComeIsNotDeleted) {
  auto fan = sign_up(port(), "keeper");
  buy_ticket(port(), fan, "taylor-swift-eras", "VIP-A-3");
  EXPECT_EQ(error_code(erase(fan, "not my password")), "wrong_password");
  auto refused = erase(fan, fan.password);
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(error_code(refused), "tickets_outstanding");
  EXPECT_NE(refused.body.find("Taylor Swift"), std::string::npos) << "it says which: " << refused.body;
  EXPECT_NE(refused.body.find("VIP-A-3"), std::string::npos);
  EXPECT_EQ(http_get(port(), "/api/auth/session", bearer(fan)).status, 200);
  EXPECT_EQ(http_request(port(), "DELETE", "/api/account", "{}", as(fan)).status, 400);
}

TEST_F(PersonalData, DeletingRemovesThePersonAndLeavesTheSalesAsTheyWere) {
  auto fan = sign_up(port(), "leaver");
  auto pal = sign_up(port(), "pal");
  auto other_device = sign_in(port(), fan.email, fan.password);
  const auto ticket = buy_ticket(port(), fan, "taylor-swift-eras", "VIP-A-4");
  for (int i = 0; i < 600 && !receipt_kept_for(fan.email); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_TRUE(receipt_kept_for(fan.email)) << "the receipt was written";
  ASSERT_EQ(http_request(port(), "POST", "/api/tickets/" + ticket + "/transfer", json_body({{"email", pal.email}}),
                         as(fan))
                .status,
            200);
  const auto before = figures("taylor-swift-eras");

  auto deleted = erase(fan, fan.password);
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_NE(deleted.header("set-cookie").find("tw_session=;"), std::string::npos) << deleted.header("set-cookie");
  EXPECT_EQ(http_get(port(), "/api/auth/session", bearer(fan)).status, 401);
  EXPECT_EQ(http_get(port(), "/api/auth/session", bearer(other_device)).status, 401) << "on every device";
  EXPECT_EQ(sign_in_from("127.0.0.1", port(), fan.email, fan.password).status, 401);
  EXPECT_FALSE(receipt_kept_for(fan.email)) << "the kept copies of its emails are gone";

  const auto users = http_get(port(), "/api/admin/users?q=" + std::string("deleted-") + std::to_string(fan.id), admin_);
  EXPECT_NE(users.body.find("Deleted account " + std::to_string(fan.id)), std::string::npos) << users.body;
  EXPECT_EQ(http_get(port(), "/api/admin/users?q=leaver", admin_).body.find(fan.email), std::string::npos);
  EXPECT_EQ(figures("taylor-swift-eras"), before) << "the organiser's figures do not move";
  EXPECT_EQ(http_get(port(), "/api/tickets/" + ticket, bearer(pal)).status, 200) << "the ticket it gave stays";
  EXPECT_EQ(sign_up_as(port(), fan.email, "Back Again").email, fan.email) << "the address is free again";
}

}  // namespace tw::testing
