// Issue 33, item 2: organisers block seats (by id, section or rows) with a label and a reason.
// Fans cannot hold them and best available never offers them; they count apart from sold seats;
// they go back on sale when released by hand or at their release time; a server started afresh
// on the database keeps them blocked; every change is in the activity log with who made it. On
// SQLite with the in-memory inventory and on PostgreSQL with Redis (a database suite).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cctype>
#include <chrono>
#include <memory>
#include <thread>

#include "core/iso_time.h"
#include "support/api_client.h"
#include "support/dev_server_suite.h"
#include "support/mail_reader.h"
#include "support/redis_instance.h"
#include "support/server_process.h"

namespace tw::testing {
using namespace std::chrono_literals;
namespace json = boost::json;

class SeatBlocks : public DevServerSuite {
 protected:
  // A show with a floor ("ga": rows A and B of five seats) and a balcony ("bal": one row of five).
  static std::pair<std::string, std::string> new_show(const std::string& name, std::uint16_t on = 0) {
    const std::string layout =
        R"({"name":"Hall","sections":[{"id":"F","name":"Floor","tier":"ga","rows":2,"seatsPerRow":5,"basePrice":40},)"
        R"({"id":"B","name":"Balcony","tier":"bal","rows":1,"seatsPerRow":5,"basePrice":25,"position":{"x":0,"y":4}}]})";
    auto created = http_request(on ? on : port(), "POST", "/api/events",
                                R"({"name":")" + name + R"(","artist":"A","venue":"Hall",)"
                                R"("startsAt":"2027-10-01T20:00:00+02:00","layout":)" + layout + "}",
                                bearer_json(admin_));
    if (created.status != 201) throw std::runtime_error("show not created: " + created.body);
    const auto j = created.json();
    return {std::to_string(j.at("id").as_int64()), std::string(j.at("slug").as_string())};
  }
  static HttpResult block(const std::string& id, const std::string& body, const TestUser& who = admin_,
                          std::uint16_t on = 0) {
    return http_request(on ? on : port(), "POST", "/api/admin/events/" + id + "/blocks", body, bearer_json(who));
  }
  static HttpResult release(const std::string& id, const std::string& body) {
    return http_request(port(), "POST", "/api/admin/events/" + id + "/blocks/release", body, bearer_json(admin_));
  }
  static json::array blocks_of(const std::string& id, std::uint16_t on = 0) {
    auto r = http_get(on ? on : port(), "/api/admin/events/" + id + "/blocks", bearer(admin_));
    if (r.status != 200) throw std::runtime_error("blocks not listed: " + r.body);
    return r.json().at("blocks").as_array();
  }
  static HttpResult hold(const TestUser& u, const std::string& slug, const char* seat, std::uint16_t on = 0) {
    return http_request(on ? on : port(), "POST", "/api/events/" + slug + "/holds", seats_body({seat}), bearer(u));
  }
  static json::object stats_of(const std::string& id) {
    const auto stats = http_get(port(), "/api/admin/stats", bearer(admin_)).json();
    for (const auto& e : stats.at("events").as_array()) {
      if (std::to_string(e.at("id").as_int64()) == id) return e.as_object();
    }
    throw std::runtime_error("no stats for event " + id);
  }
};

TEST_F(SeatBlocks, BlockedSeatsAreNeitherHeldNorOfferedAndComeBackWhenReleased) {
  const auto [id, slug] = new_show("Blocked row");
  auto made = block(id, R"({"section":"F","rows":["A"],"label":"production","reason":"camera riser"})");
  ASSERT_EQ(made.status, 201) << made.body;
  const auto b = made.json();
  const std::string block_id(b.at("blockId").as_string());
  EXPECT_EQ(b.at("label"), "production");
  EXPECT_EQ(b.at("reason"), "camera riser");
  EXPECT_EQ(b.at("seatCount"), 5);
  EXPECT_EQ(b.at("seats").at(0), "F-A-1");
  EXPECT_TRUE(b.at("releaseAt").is_null());

  auto fan = sign_up(port(), "blocked-out");
  auto refused = hold(fan, slug, "F-A-3");
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(error_code(refused), "seats_unavailable");
  auto best = http_request(port(), "POST", "/api/events/" + slug + "/holds/best", R"({"count":5,"tier":"ga"})", bearer(fan));
  ASSERT_EQ(best.status, 201) << best.body;
  const auto best_seats = best.json();
  for (const auto& seat : best_seats.at("seats").as_array()) {
    EXPECT_EQ(std::string(seat.as_string()).rfind("F-B-", 0), 0u) << "best available offered " << seat;
  }
  auto none_left = http_request(port(), "POST", "/api/events/" + slug + "/holds/best", R"({"count":1,"tier":"ga"})",
                                bearer(sign_up(port(), "none-left")));
  EXPECT_EQ(none_left.status, 409) << "the tier's only free seats are blocked: " << none_left.body;
  auto seats = http_get(port(), "/api/events/" + slug + "/seats");
  EXPECT_NE(seat_state(seats, 0), 0) << "a fan's seat map shows a blocked seat as taken";

  auto over_held = block(id, R"({"seats":["F-B-1"],"label":"sponsor"})");
  EXPECT_EQ(over_held.status, 409) << "a fan holds it: " << over_held.body;
  EXPECT_EQ(error_code(over_held), "seats_unavailable");
  EXPECT_EQ(block(id, R"({"seats":["F-A-1","B-A-1"],"label":"again"})").status, 409) << "F-A-1 is blocked already";
  EXPECT_EQ(hold(sign_up(port(), "balcony"), slug, "B-A-1").status, 201) << "a refused block takes nothing";

  const auto stats = stats_of(id);
  EXPECT_EQ(stats.at("blockedSeats"), 5);
  EXPECT_EQ(stats.at("soldSeats"), 0) << "blocked seats are not sold";
  EXPECT_EQ(http_get(port(), "/api/events/" + slug).json().at("seatsLeft"), 15 - 5 - 5 - 1);

  auto some = release(id, R"({"seats":["F-A-1","F-A-2"]})");
  ASSERT_EQ(some.status, 200) << some.body;
  EXPECT_EQ(some.json().at("released").as_array().size(), 2u);
  EXPECT_EQ(hold(sign_up(port(), "after-release"), slug, "F-A-1").status, 201);
  auto listed = blocks_of(id);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed.at(0).at("seatCount"), 3) << "the rest stay blocked";
  EXPECT_EQ(release(id, R"({"seats":["F-A-2"]})").status, 400) << "no longer blocked";

  auto rest = http_request(port(), "DELETE", "/api/admin/events/" + id + "/blocks/" + block_id, "", bearer(admin_));
  ASSERT_EQ(rest.status, 200) << rest.body;
  EXPECT_EQ(rest.json().at("released").as_array().size(), 3u);
  EXPECT_TRUE(blocks_of(id).empty());
  EXPECT_EQ(hold(sign_up(port(), "all-back"), slug, "F-A-5").status, 201);
  auto again = http_request(port(), "DELETE", "/api/admin/events/" + id + "/blocks/" + block_id, "", bearer(admin_));
  EXPECT_EQ(again.status, 404);
  EXPECT_EQ(error_code(again), "block_not_found");
  EXPECT_EQ(stats_of(id).at("blockedSeats"), 0);

  const auto blocked = audit(id, "seats_blocked", 1);
  ASSERT_EQ(blocked.size(), 1u);
  EXPECT_EQ(blocked.at(0).at("payload").at("label"), "production");
  EXPECT_EQ(blocked.at(0).at("payload").at("seatIds").as_array().size(), 5u);
  EXPECT_EQ(blocked.at(0).at("by").at("email"), kDevAdminEmail);
  const auto released = audit(id, "seats_released", 2);
  ASSERT_EQ(released.size(), 2u);
  EXPECT_EQ(released.at(0).at("by").at("email"), kDevAdminEmail);
}

TEST_F(SeatBlocks, ABlockWithAReleaseTimeGoesBackOnSaleByItself) {
  const auto [id, slug] = new_show("Held back until noon");
  const auto at_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count() + 2'500;
  const auto when = core::format_utc((at_ms + 999) / 1000);
  auto made = block(id, R"({"section":"B","label":"sponsor","releaseAt":")" + when + R"("})");
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json().at("releaseAt").as_string(), when);
  auto fan = sign_up(port(), "waits-for-release");
  EXPECT_EQ(hold(fan, slug, "B-A-2").status, 409);
  int status = 0;
  for (int i = 0; i < 150 && status != 201; ++i) {
    std::this_thread::sleep_for(100ms);
    status = hold(fan, slug, "B-A-2").status;
  }
  EXPECT_EQ(status, 201) << "released at its time";
  EXPECT_TRUE(blocks_of(id).empty());
  const auto released = audit(id, "seats_released", 1);
  ASSERT_EQ(released.size(), 1u);
  EXPECT_EQ(released.at(0).at("actor"), "system");
  EXPECT_EQ(released.at(0).at("payload").at("seatIds").as_array().size(), 5u);
}

TEST_F(SeatBlocks, BadInputAndAnyoneButAdminsAreRefusedAndBlockNothing) {
  const auto [id, slug] = new_show("Refused blocks");
  const std::pair<const char*, const char*> refused[] = {
      {R"({"label":"x"})", "invalid_seats"},
      {R"({"seats":["F-A-1"]})", "invalid_block"},
      {R"({"seats":["F-A-1"],"label":"   "})", "invalid_block"},
      {R"({"seats":["Z-A-1"],"label":"x"})", "invalid_seats"},
      {R"({"seats":["F-A-1"],"section":"F","label":"x"})", "invalid_seats"},
      {R"({"section":"F","rows":["Q"],"label":"x"})", "invalid_seats"},
      {R"({"section":"Q","label":"x"})", "invalid_seats"},
      {R"({"rows":["A"],"label":"x"})", "invalid_seats"},
      {R"({"seats":"F-A-1","label":"x"})", "invalid_field"},
      {R"({"seats":["F-A-1"],"label":7})", "invalid_field"},
      {R"({"seats":["F-A-1"],"label":"x","releaseAt":"tomorrow"})", "invalid_block"},
      {R"({"seats":["F-A-1"],"label":"x","releaseAt":"2020-01-01T00:00:00Z"})", "invalid_block"},
      {R"([1])", "invalid_json"},
  };
  for (const auto& [body, code] : refused) {
    auto r = block(id, body);
    EXPECT_EQ(r.status, 400) << body << ": " << r.body;
    EXPECT_EQ(error_code(r), code) << body;
  }
  const std::string long_label(61, 'x');
  EXPECT_EQ(block(id, R"({"seats":["F-A-1"],"label":")" + long_label + R"("})").status, 400);
  auto fan = sign_up(port(), "no-blocking");
  EXPECT_EQ(block(id, R"({"seats":["F-A-1"],"label":"mine"})", fan).status, 403);
  EXPECT_EQ(http_get(port(), "/api/admin/events/" + id + "/blocks", bearer(fan)).status, 403);
  EXPECT_EQ(http_request(port(), "POST", "/api/admin/events/" + id + "/blocks", R"({"seats":["F-A-1"],"label":"x"})").status,
            401);
  EXPECT_EQ(block("999999", R"({"seats":["F-A-1"],"label":"x"})").status, 404);
  EXPECT_EQ(release(id, R"({"blockId":"blk_nope"})").status, 404);
  EXPECT_TRUE(blocks_of(id).empty());
  EXPECT_EQ(hold(fan, slug, "F-A-1").status, 201) << "nothing was blocked";
}

// Blocked seats become tickets for a named guest without a card: complimentary, or paid at a
// box office. A guest without an account gets one and a link to set its password, then sees the
// tickets; cancelling the show gives each back exactly what was paid, without the card processor.
TEST_F(SeatBlocks, AGuestGetsBlockedSeatsAsTicketsAndClaimsThemByEmail) {
  const auto [id, slug] = new_show("Guest list");
  ASSERT_EQ(block(id, R"({"section":"F","rows":["A"],"label":"guests"})").status, 201);
  const auto issue = [&](const std::string& body) {
    return http_request(port(), "POST", "/api/admin/events/" + id + "/blocks/issue", body, bearer_json(admin_));
  };
  const std::string guest = "guest-" + id + "@example.com";
  auto given = issue(R"({"email":")" + guest + R"(","name":"Gail Guest","seats":["F-A-1","F-A-2"]})");
  ASSERT_EQ(given.status, 201) << given.body;
  const auto g = given.json();
  EXPECT_EQ(g.at("kind"), "complimentary");
  EXPECT_EQ(g.at("totalCents"), 0);
  EXPECT_EQ(g.at("tickets").as_array().size(), 2u);
  EXPECT_EQ(g.at("holder").at("email").as_string(), guest);
  EXPECT_TRUE(g.at("holder").at("newAccount").as_bool());

  auto fan = sign_up(port(), "box-office-buyer");
  auto sold = issue(R"({"email":")" + fan.email + R"(","seats":["F-A-3"],"kind":"box_office","paidCents":5500})");
  ASSERT_EQ(sold.status, 201) << sold.body;
  EXPECT_EQ(sold.json().at("totalCents"), 5500);
  EXPECT_FALSE(sold.json().at("holder").at("newAccount").as_bool());
  EXPECT_EQ(hold(sign_up(port(), "too-late"), slug, "F-A-1").status, 409) << "issued seats are sold";

  const std::pair<std::string, const char*> refused[] = {
      {R"({"email":")" + guest + R"(","seats":["F-A-1"]})", "invalid_seats"},  // issued already
      {R"({"email":")" + guest + R"(","seats":["F-B-1"]})", "invalid_seats"},  // never blocked
      {R"({"email":")" + guest + R"(","seats":["F-A-4"],"paidCents":100})", "invalid_issue"},
      {R"({"email":")" + guest + R"(","seats":["F-A-4"],"kind":"gift"})", "invalid_issue"},
      {R"({"email":")" + guest + R"(","seats":["F-A-4"],"kind":"box_office","paidCents":-1})", "invalid_issue"},
      {R"({"email":"not an address","seats":["F-A-4"]})", "invalid_email"},
      {R"({"seats":["F-A-4"]})", "missing_field"},
  };
  for (const auto& [body, code] : refused) {
    auto r = issue(body);
    EXPECT_EQ(r.status, 400) << body << ": " << r.body;
    EXPECT_EQ(error_code(r), code) << body;
  }
  EXPECT_EQ(http_request(port(), "POST", "/api/admin/events/" + id + "/blocks/issue",
                         R"({"email":"x@example.com","seats":["F-A-4"]})", bearer_json(fan)).status, 403);
  const auto listed = blocks_of(id);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed.at(0).at("seatCount"), 2) << "F-A-4 and F-A-5 stay blocked";
  const auto stats = stats_of(id);
  EXPECT_EQ(stats.at("soldSeats"), 3);
  EXPECT_EQ(stats.at("blockedSeats"), 2);
  EXPECT_EQ(stats.at("revenueCents"), 5500);

  // The guest sets a password from the mailed link, signs in and finds the tickets.
  std::string token;
  for (int i = 0; i < 100 && token.empty(); ++i, std::this_thread::sleep_for(100ms)) {
    token = link_token(server_->data_dir() + "/mail", "tickets-for-you-", guest, "/reset-password");
  }
  ASSERT_FALSE(token.empty()) << "a link to set a password went to " << guest;
  auto set = http_request(port(), "POST", "/api/auth/password-reset/confirm",
                          json_body({{"token", token}, {"password", "guest-list-2027"}}),
                          {{"Content-Type", "application/json"}});
  ASSERT_EQ(set.status, 200) << set.body;
  const auto signed_in = sign_in(port(), guest, "guest-list-2027");
  const auto mine = http_get(port(), "/api/tickets", bearer(signed_in));
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_NE(mine.body.find("F-A-1"), std::string::npos);
  EXPECT_NE(mine.body.find("F-A-2"), std::string::npos);

  const auto issued = audit(id, "tickets_issued", 2);
  ASSERT_EQ(issued.size(), 2u);
  EXPECT_EQ(issued.at(0).at("by").at("email"), kDevAdminEmail);

  // Cancelling the show refunds exactly what was paid: 55.00 at the box office, nothing for guests.
  ASSERT_EQ(http_request(port(), "POST", "/api/admin/events/" + id + "/cancel", R"({"reason":"Flood"})",
                         bearer_json(admin_)).status, 202);
  json::value p;
  for (int i = 0; i < 200; ++i, std::this_thread::sleep_for(100ms)) {
    p = http_get(port(), "/api/admin/events/" + id + "/cancellation", bearer(admin_)).json();
    if (p.at("state") == json::value("done")) break;
  }
  ASSERT_EQ(p.at("state"), json::value("done")) << json::serialize(p);
  EXPECT_EQ(p.at("ticketsCancelled").as_int64(), 3);
  EXPECT_EQ(p.at("refunds").at("succeeded").as_int64(), 3) << "without asking the card processor";
  EXPECT_EQ(p.at("refundedCents").as_int64(), 5500);
}

// An organiser may hand out many guest tickets at once: every new guest gets their link (the
// throttle on password reset links is for fans asking, not for admins issuing).
TEST_F(SeatBlocks, EveryNewGuestGetsTheirOwnLink) {
  const auto [id, slug] = new_show("Big guest list");
  ASSERT_EQ(block(id, R"({"section":"F","label":"guests"})").status, 201);
  const char* seats[] = {"F-A-1", "F-A-2", "F-A-3", "F-A-4", "F-A-5", "F-B-1", "F-B-2"};
  std::vector<std::string> guests;
  for (const auto* seat : seats) {
    std::string who = std::string("list-") + seat + "@example.com";
    for (auto& c : who) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));  // as stored
    guests.push_back(id + who);
    auto r = http_request(port(), "POST", "/api/admin/events/" + id + "/blocks/issue",
                          R"({"email":")" + guests.back() + R"(","seats":[")" + seat + R"("]})", bearer_json(admin_));
    ASSERT_EQ(r.status, 201) << r.body;
  }
  for (const auto& guest : guests) {
    std::string token;
    for (int i = 0; i < 100 && token.empty(); ++i, std::this_thread::sleep_for(50ms)) {
      token = link_token(server_->data_dir() + "/mail", "tickets-for-you-", guest, "/reset-password");
    }
    EXPECT_FALSE(token.empty()) << "no link for " << guest;
  }
}

// The inventory a server starts with is built from the database: blocked seats stay blocked
// (in memory, rebuilt; in Redis, the server's own prefix, built afresh).
TEST(SeatBlocksRestart, AServerStartedAfreshKeepsTheBlocks) {
  auto first = std::make_unique<ServerProcess>(std::vector<std::string>{"--dev"});
  const auto database = first->database_url();
  const auto dir = first->data_dir();
  auto admin = sign_in(first->port(), kDevAdminEmail, kDevAdminPassword);
  auto made = http_request(first->port(), "POST", "/api/admin/events/1/blocks",
                           R"({"seats":["VIP-A-1","VIP-A-2"],"label":"wheelchair platform"})", bearer_json(admin));
  ASSERT_EQ(made.status, 201) << made.body;
  ASSERT_EQ(first->terminate(10s), 0);
  ServerProcess second({"--dev", "--database", database, "--seed", "false", "--payment-ledger",
                        dir + "/payment-processor.db"});
  auto fan = sign_up(second.port(), "after-restart");
  const auto slug = std::string(http_get(second.port(), "/api/events").json().at("events").at(0).at("slug").as_string());
  auto held = http_request(second.port(), "POST", "/api/events/" + slug + "/holds", seats_body({"VIP-A-2"}), bearer(fan));
  EXPECT_EQ(held.status, 409) << held.body;
  EXPECT_EQ(http_request(second.port(), "POST", "/api/events/" + slug + "/holds", seats_body({"VIP-A-3"}), bearer(fan)).status,
            201);
}

// Servers sharing one inventory in Redis and one database (a cluster): a block made on one
// keeps the seats from fans of the other; tickets are issued and seats released from either.
TEST(SeatBlocksCluster, ServersSharingTheSaleShareTheBlocks) {
  const auto inventory = RedisInstance::shared().url(RedisInstance::shared().new_prefix());
  ServerProcess a({"--dev", "--inventory", inventory});
  ServerProcess b({"--dev", "--inventory", inventory, "--database", a.database_url(), "--seed", "false",
                   "--payment-ledger", a.data_dir() + "/payment-processor.db"});
  auto admin = sign_in(a.port(), kDevAdminEmail, kDevAdminPassword);
  const auto slug = std::string(http_get(a.port(), "/api/events").json().at("events").at(0).at("slug").as_string());
  const auto on = [&](const ServerProcess& s, const std::string& path, const std::string& body) {
    return http_request(s.port(), "POST", "/api/admin/events/1/blocks" + path, body, bearer_json(admin));
  };
  auto made = on(a, "", R"({"seats":["VIP-A-1","VIP-A-2","VIP-A-3"],"label":"sponsor"})");
  ASSERT_EQ(made.status, 201) << made.body;
  auto fan = sign_up(b.port(), "cluster-fan");
  const auto hold_on = [&](const ServerProcess& s, const char* seat) {
    return http_request(s.port(), "POST", "/api/events/" + slug + "/holds", seats_body({seat}), bearer(fan)).status;
  };
  EXPECT_EQ(hold_on(b, "VIP-A-2"), 409) << "blocked on the other server";
  auto issued = on(b, "/issue", R"({"email":"cluster-guest@example.com","seats":["VIP-A-1"]})");
  ASSERT_EQ(issued.status, 201) << issued.body;
  EXPECT_EQ(hold_on(a, "VIP-A-1"), 409) << "issued";
  ASSERT_EQ(on(b, "/release", R"({"seats":["VIP-A-3"]})").status, 200);
  EXPECT_EQ(hold_on(a, "VIP-A-3"), 201) << "released on the other server";
  EXPECT_EQ(hold_on(a, "VIP-A-2"), 409) << "still blocked";
}

}  // namespace tw::testing
