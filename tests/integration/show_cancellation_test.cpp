// Issue 33, item 6: an organiser cancels a show or moves it. Cancelling takes it off sale at once
// and a job cancels and refunds every ticket and emails each buyer and holder once; moving it
// emails every holder once with what changed. On SQLite and PostgreSQL (a database suite).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <memory>
#include <thread>

#include "support/api_client.h"
#include "support/mail_reader.h"
#include "support/server_process.h"

namespace tw::testing {
using namespace std::chrono_literals;
namespace json = boost::json;

class ShowChanges : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<ServerProcess>(std::vector<std::string>{"--dev"});
    admin_ = sign_in(port(), kDevAdminEmail, kDevAdminPassword);
  }
  static void TearDownTestSuite() { server_.reset(); }
  static std::uint16_t port() { return server_->port(); }
  static std::map<std::string, std::string> as(const TestUser& u) { return bearer_json(u); }
  struct Show {
    std::int64_t id = 0;
    std::string slug;
  };
  // A show of one row of ten seats at $40 in section F.
  static Show new_show(const std::string& name) {
    const std::string layout =
        R"({"name":"One row","sections":[{"id":"F","name":"Floor","tier":"ga","rows":1,"seatsPerRow":10,"basePrice":40}]})";
    auto created = http_request(port(), "POST", "/api/events",
                                R"({"name":")" + name + R"(","artist":"The Testers","venue":"Test Hall",)"
                                R"("startsAt":"2027-10-01T20:00:00+02:00","layout":)" + layout + "}",
                                as(admin_));
    if (created.status != 201) throw std::runtime_error("show not created: " + created.body);
    const auto j = created.json();
    return {j.at("id").as_int64(), std::string(j.at("slug").as_string())};
  }
  static HttpResult hold(const TestUser& u, const Show& s, std::initializer_list<const char*> seats) {
    return http_request(port(), "POST", "/api/events/" + s.slug + "/holds", seats_body(seats), bearer(u));
  }
  static HttpResult pay(const TestUser& u, const std::string& hold_id, const std::string& key) {
    auto headers = bearer(u);
    headers["Idempotency-Key"] = key;
    return http_request(port(), "POST", "/api/checkout", checkout_body(hold_id, "4242 4242 4242 4242"), headers);
  }
  // Buys the seats in one order; its total.
  static std::int64_t buy(const TestUser& u, const Show& s, std::initializer_list<const char*> seats,
                          std::vector<std::string>* tickets = nullptr) {
    auto h = hold(u, s, seats);
    if (h.status != 201) throw std::runtime_error("not held: " + h.body);
    auto paid = pay(u, std::string(h.json().at("holdId").as_string()), u.email + s.slug);
    if (paid.status != 201) throw std::runtime_error("not paid: " + paid.body);
    const auto order = paid.json();
    for (const auto& t : order.at("tickets").as_array()) {
      if (tickets) tickets->push_back(std::string(t.at("id").as_string()));
    }
    return order.at("totalCents").as_int64();
  }
  static HttpResult cancel(const Show& s, const std::string& body) {
    return http_request(port(), "POST", "/api/admin/events/" + std::to_string(s.id) + "/cancel", body, as(admin_));
  }
  static json::value progress(const Show& s) {
    return http_get(port(), "/api/admin/events/" + std::to_string(s.id) + "/cancellation", bearer(admin_)).json();
  }
  static std::string mail_dir() { return server_->data_dir() + "/mail"; }
  static std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  // The messages whose file names start with `prefix`, once there are `n` (up to 20 s).
  static std::vector<std::string> wait_for_mail(const std::string& prefix, std::size_t n) {
    for (int i = 0; i < 200 && mail_files(mail_dir(), prefix).size() < n; ++i) std::this_thread::sleep_for(100ms);
    std::this_thread::sleep_for(300ms);  // and no more than `n`
    std::vector<std::string> out;
    for (const auto& f : mail_files(mail_dir(), prefix)) out.push_back(read(f));
    return out;
  }
  static inline std::unique_ptr<ServerProcess> server_;
  static inline TestUser admin_;
};

TEST_F(ShowChanges, ACancelledShowRefundsEveryTicketAndTellsEachBuyerAndHolderOnce) {
  const auto show = new_show("Cancelled Tour");
  auto ann = sign_up(port(), "ann"), bob = sign_up(port(), "bob"), cat = sign_up(port(), "cat");
  std::vector<std::string> anns;
  const auto paid = buy(ann, show, {"F-A-1", "F-A-2", "F-A-3"}, &anns) + buy(bob, show, {"F-A-4"});
  auto given = http_request(port(), "POST", "/api/tickets/" + anns[2] + "/transfer",
                            json::serialize(json::object{{"email", cat.email}}), as(ann));
  ASSERT_EQ(given.status, 200) << given.body;
  auto open = hold(bob, show, {"F-A-9"});
  ASSERT_EQ(open.status, 201) << open.body;

  EXPECT_EQ(error_code(cancel(show, "{}")), "missing_field") << "buyers are told why";
  EXPECT_EQ(cancel(show, R"({"reason":"The singer has lost her voice"})").status, 202);
  // Asked again, it changes nothing: the first reason stands.
  auto again = cancel(show, R"({"reason":"again"})");
  ASSERT_EQ(again.status, 202) << again.body;
  EXPECT_EQ(again.json().at("reason"), json::value("The singer has lost her voice"));

  EXPECT_EQ(error_code(pay(bob, std::string(open.json().at("holdId").as_string()), "late")), "show_cancelled");
  EXPECT_NE(hold(cat, show, {"F-A-8"}).status, 201) << "off sale for good";
  auto page = http_get(port(), "/api/events/" + show.slug);
  ASSERT_EQ(page.status, 200) << "its page says it is cancelled: " << page.body;
  EXPECT_EQ(page.json().at("cancelReason"), json::value("The singer has lost her voice"));
  EXPECT_FALSE(page.json().at("cancelledAt").is_null());
  EXPECT_EQ(http_get(port(), "/api/events/" + show.slug + "/seatmap").status, 404);
  EXPECT_EQ(http_get(port(), "/api/events?q=Cancelled%20Tour").body.find(show.slug), std::string::npos) << "nor listed";
  auto edit = http_request(port(), "PUT", "/api/events/" + std::to_string(show.id), R"({"isActive":true})", as(admin_));
  EXPECT_EQ(error_code(edit), "show_cancelled");

  json::value p;
  for (int i = 0; i < 200; ++i, std::this_thread::sleep_for(100ms)) {
    p = progress(show);
    if (p.at("state") == json::value("done")) break;
  }
  ASSERT_EQ(p.at("state"), json::value("done")) << json::serialize(p);
  EXPECT_EQ(p.at("ticketsLeft").as_int64(), 0);
  EXPECT_EQ(p.at("ticketsCancelled").as_int64(), 4);
  EXPECT_EQ(p.at("refunds").at("succeeded").as_int64(), 4);
  EXPECT_EQ(p.at("refundedCents").as_int64(), paid) << "every buyer gets back exactly what they paid";
  EXPECT_EQ(p.at("peopleTold").as_int64(), 3);

  const auto notices = wait_for_mail("show-cancelled-" + std::to_string(show.id) + "-", 3);
  ASSERT_EQ(notices.size(), 3u) << "one each for ann, bob and cat";
  for (const auto& [who, seats] : {std::pair{ann.email, 3}, std::pair{bob.email, 1}, std::pair{cat.email, 1}}) {
    int found = 0;
    for (const auto& m : notices) {
      if (m.find("<" + who + ">") == std::string::npos) continue;
      ++found;
      std::string text;
      for (const auto& [headers, body] : mime_parts(m)) text += body;
      EXPECT_NE(text.find("The singer has lost her voice"), std::string::npos) << text;
      int lines = 0;
      for (auto at = text.find("Floor"); at != std::string::npos; at = text.find("Floor", at + 1)) ++lines;
      EXPECT_EQ(lines, seats) << who << ": every ticket in one notice\n" << text;
    }
    EXPECT_EQ(found, 1) << who;
  }
  for (const auto& t : anns) EXPECT_TRUE(mail_files(mail_dir(), "cancelled-" + t).empty()) << "no notice per ticket";
  const auto tickets = http_get(port(), "/api/tickets", bearer(ann)).json().at("tickets").as_array();
  for (const auto& t : tickets) {
    if (t.at("eventId").as_int64() == show.id && t.at("status") != json::value("transferred")) {
      EXPECT_EQ(t.at("status"), json::value("cancelled"));
    }
  }
  const auto refunds = http_get(port(), "/api/admin/refunds?limit=500", bearer(admin_)).body;
  EXPECT_NE(refunds.find("show_cancelled"), std::string::npos);
}

TEST_F(ShowChanges, OnlyAdminsCancelAndBadRequestsAreRefused) {
  const auto show = new_show("Not Yours");
  auto fan = sign_up(port(), "fan");
  EXPECT_EQ(http_request(port(), "POST", "/api/admin/events/" + std::to_string(show.id) + "/cancel",
                         R"({"reason":"mine now"})", as(fan)).status, 403);
  EXPECT_EQ(progress(show).at("error").at("code"), json::value("not_cancelled"));
  EXPECT_EQ(cancel({999999, "nope"}, R"({"reason":"gone"})").status, 404);
  EXPECT_EQ(error_code(cancel(show, R"({"reason":")" + std::string(501, 'x') + R"("})")), "bad_reason");
  EXPECT_EQ(cancel(show, "not json").status, 400);
  EXPECT_EQ(http_get(port(), "/api/events/" + show.slug).status, 200) << "still on sale";
}

TEST_F(ShowChanges, MovingAShowTellsEveryHolderOnceWithWhatChanged) {
  const auto show = new_show("Moving Tour");
  auto dan = sign_up(port(), "dan"), eve = sign_up(port(), "eve");
  buy(dan, show, {"F-A-1", "F-A-2"});
  buy(eve, show, {"F-A-5"});
  const auto path = "/api/events/" + std::to_string(show.id);
  ASSERT_EQ(http_request(port(), "PUT", path, R"({"description":"Now with fireworks"})", as(admin_)).status, 200);
  auto moved = http_request(port(), "PUT", path,
                            R"({"startsAt":"2027-10-08T21:30:00+02:00","venue":"Big Arena"})", as(admin_));
  ASSERT_EQ(moved.status, 200) << moved.body;
  const auto notices = wait_for_mail("show-moved-", 2);
  ASSERT_EQ(notices.size(), 2u) << "one per holder, none for the description";
  for (const auto& m : notices) {
    std::string text;
    for (const auto& [headers, body] : mime_parts(m)) text += body;
    EXPECT_NE(text.find("Big Arena (was Test Hall)"), std::string::npos) << text;
    EXPECT_NE(text.find("(was "), std::string::npos) << text;
  }
}

}  // namespace tw::testing
