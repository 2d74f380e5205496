// Issue 33, item 1: presale and access codes. During an event's presale only accounts that
// redeemed one of its codes may hold seats, and only what the code unlocks; a code's uses are
// counted with the hold that spends one, so racing fans cannot spend a single-use code twice
// (one server, and two servers sharing Redis and the database); a batch's allotment caps the
// seats sold through it; guessing is throttled; revoked codes unlock nothing; admins list,
// export and revoke them and every change is in the activity log. On SQLite with the in-memory
// inventory and on PostgreSQL (a database suite).
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <ctime>
#include <memory>
#include <set>
#include <thread>

#include "core/iso_time.h"
#include "support/api_client.h"
#include "support/dev_server_suite.h"
#include "support/redis_instance.h"
#include "support/server_process.h"

namespace tw::testing {
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

std::string at_offset(std::int64_t seconds_from_now) {
  return core::format_iso8601(core::ZonedTime{static_cast<std::int64_t>(std::time(nullptr)) + seconds_from_now, 60});
}

// A show with a floor ("ga": rows A and B of five seats) and a balcony ("bal": one row of five),
// in its presale (opened an hour ago; public sale tomorrow) unless told otherwise.
std::string show_body(const std::string& name, const std::string& presale_at, const std::string& on_sale_at) {
  const std::string layout =
      R"({"name":"Hall","sections":[{"id":"F","name":"Floor","tier":"ga","rows":2,"seatsPerRow":5,"basePrice":40},)"
      R"({"id":"B","name":"Balcony","tier":"bal","rows":1,"seatsPerRow":5,"basePrice":25,"position":{"x":0,"y":4}}]})";
  return R"({"name":")" + name + R"(","artist":"A","venue":"Hall","startsAt":"2027-10-01T20:00:00+02:00",)" +
         R"("presaleAt":")" + presale_at + R"(","onSaleAt":")" + on_sale_at + R"(","layout":)" + layout + "}";
}

std::pair<std::string, std::string> new_show(std::uint16_t port, const TestUser& admin, const std::string& name,
                                             std::int64_t presale_in = -3600, std::int64_t on_sale_in = 86'400) {
  auto created = http_request(port, "POST", "/api/events", show_body(name, at_offset(presale_in), at_offset(on_sale_in)),
                              bearer_json(admin));
  if (created.status != 201) throw std::runtime_error("show not created: " + created.body);
  const auto j = created.json();
  return {std::to_string(j.at("id").as_int64()), std::string(j.at("slug").as_string())};
}

}  // namespace

class AccessCodes : public DevServerSuite {
 protected:
  static std::pair<std::string, std::string> show(const std::string& name) { return new_show(port(), admin_, name); }
  static HttpResult make_codes(const std::string& id, const std::string& body, const TestUser& who = admin_) {
    return http_request(port(), "POST", "/api/admin/events/" + id + "/codes", body, bearer_json(who));
  }
  // The codes of a batch made with `body`, as printed.
  static std::vector<std::string> codes_of(const HttpResult& made) {
    std::vector<std::string> out;
    const auto j = made.json();
    for (const auto& c : j.at("codes").as_array()) out.emplace_back(c.at("code").as_string());
    return out;
  }
  static HttpResult redeem(const TestUser& fan, const std::string& slug, const std::string& code) {
    return http_request(port(), "POST", "/api/events/" + slug + "/codes", R"({"code":")" + code + R"("})", bearer_json(fan));
  }
  static HttpResult hold(const TestUser& fan, const std::string& slug, std::vector<std::string> seats) {
    return http_request(port(), "POST", "/api/events/" + slug + "/holds", seats_body(seats), bearer(fan));
  }
  static HttpResult pay(const TestUser& fan, const HttpResult& held, const std::string& key) {
    auto headers = bearer(fan);
    headers["Idempotency-Key"] = key;
    return http_request(port(), "POST", "/api/checkout",
                        checkout_body(std::string(held.json().at("holdId").as_string()), kApprove), headers);
  }
  static json::object listing(const std::string& id) {
    auto r = http_get(port(), "/api/admin/events/" + id + "/codes", bearer(admin_));
    if (r.status != 200) throw std::runtime_error("codes not listed: " + r.body);
    return r.json().as_object();
  }
};

TEST_F(AccessCodes, NobodyBuysInThePresaleWithoutACode) {
  const auto [id, slug] = show("Presale only");
  const auto page = http_get(port(), "/api/events/" + slug).json();
  EXPECT_FALSE(page.at("presaleAt").is_null());
  auto fan = sign_up(port(), "no-code");
  auto refused = hold(fan, slug, {"F-A-1"});
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(error_code(refused), "presale_code_required");
  auto best = http_request(port(), "POST", "/api/events/" + slug + "/holds/best", R"({"count":2})", bearer(fan));
  EXPECT_EQ(best.status, 403) << best.body;
  EXPECT_EQ(http_get(port(), "/api/events/" + slug + "/codes", bearer(fan)).json().at("code"), nullptr);

  // Before the presale opens nobody buys, and the answer says when code holders can.
  const auto later = new_show(port(), admin_, "Presale tomorrow", 86'400, 2 * 86'400);
  auto early = hold(fan, later.second, {"F-A-1"});
  EXPECT_EQ(early.status, 422) << early.body;
  EXPECT_EQ(error_code(early), "not_on_sale_yet");
  EXPECT_NE(early.body.find("presale code"), std::string::npos) << early.body;

  // Once the public sale opens, anyone buys.
  const auto open = new_show(port(), admin_, "Presale over", -7200, -60);
  EXPECT_EQ(hold(fan, open.second, {"F-A-1"}).status, 201);
}

TEST_F(AccessCodes, ACodeUnlocksWhatItNamesOnceAndASecondUseIsRefused) {
  const auto [id, slug] = show("Floor presale");
  auto made = make_codes(id, R"({"count":100,"label":"Fan club","tiers":["ga"],"maxUses":1})");
  ASSERT_EQ(made.status, 201) << made.body;
  const auto codes = codes_of(made);
  ASSERT_EQ(codes.size(), 100u);
  EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), 100u) << "every code differs";
  EXPECT_EQ(made.json().at("unlocks"), "tier ga");

  auto fan = sign_up(port(), "fan-club");
  auto wrong = redeem(fan, slug, "NOT-A-CODE");
  EXPECT_EQ(wrong.status, 404) << wrong.body;
  EXPECT_EQ(error_code(wrong), "code_not_found");
  std::string typed = codes[0];
  for (auto& c : typed) c = static_cast<char>(std::tolower(c));  // as people type it
  auto redeemed = redeem(fan, slug, typed);
  ASSERT_EQ(redeemed.status, 200) << redeemed.body;
  EXPECT_EQ(std::string(redeemed.json().at("code").as_string()), codes[0]);
  const auto mine = http_get(port(), "/api/events/" + slug + "/codes", bearer(fan)).json();
  EXPECT_EQ(std::string(mine.at("code").as_string()), codes[0]);

  auto balcony = hold(fan, slug, {"B-A-1"});
  EXPECT_EQ(balcony.status, 403) << balcony.body;
  EXPECT_EQ(error_code(balcony), "code_not_for_these_seats");
  auto best = http_request(port(), "POST", "/api/events/" + slug + "/holds/best", R"({"count":2})", bearer(fan));
  ASSERT_EQ(best.status, 201) << best.body;
  const auto best_seats = best.json();
  std::set<std::string> taken;
  for (const auto& seat : best_seats.at("seats").as_array()) {
    EXPECT_EQ(std::string(seat.as_string()).rfind("F-", 0), 0u) << "best available offered " << seat;
    taken.emplace(seat.as_string());
  }
  const std::string next = taken.contains("F-A-1") ? "F-B-1" : "F-A-1";  // a floor seat still free
  auto second = hold(fan, slug, {next});
  EXPECT_EQ(second.status, 409) << "the running hold is the code's one use: " << second.body;
  EXPECT_EQ(error_code(second), "code_used_up");
  auto paid = pay(fan, best, "presale-1");
  ASSERT_EQ(paid.status, 201) << paid.body;

  auto again = hold(fan, slug, {next});
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(error_code(again), "code_used_up");
  auto friend_fan = sign_up(port(), "borrowed-code");
  auto borrowed = redeem(friend_fan, slug, codes[0]);
  EXPECT_EQ(borrowed.status, 409) << borrowed.body;
  EXPECT_EQ(error_code(borrowed), "code_used_up");
  ASSERT_EQ(redeem(friend_fan, slug, codes[1]).status, 200);
  auto other_code = hold(friend_fan, slug, {next});
  EXPECT_EQ(other_code.status, 201) << "another code of the batch: " << other_code.body;

  const auto list = listing(id);
  ASSERT_EQ(list.at("batches").as_array().size(), 1u);
  const auto& batch = list.at("batches").at(0);
  EXPECT_EQ(batch.at("label"), "Fan club");
  EXPECT_EQ(batch.at("uses"), 1);
  EXPECT_EQ(batch.at("seatsSold"), 2);
  for (const auto& c : batch.at("codes").as_array()) {
    const std::string code(c.at("code").as_string());
    if (code == codes[0]) {
      EXPECT_EQ(c.at("uses"), 1);
    }
    if (code == codes[1]) {
      EXPECT_EQ(c.at("held"), 1);
    }
  }
}

TEST_F(AccessCodes, ARunningHoldKeepsTheUseAndAReleasedOneGivesItBack) {
  const auto [id, slug] = show("Shared code");
  auto made = make_codes(id, R"({"code":"SHARED-1","maxUses":1})");
  ASSERT_EQ(made.status, 201) << made.body;
  auto a = sign_up(port(), "shared-a");
  auto b = sign_up(port(), "shared-b");
  ASSERT_EQ(redeem(a, slug, "shared-1").status, 200);
  ASSERT_EQ(redeem(b, slug, "SHARED1").status, 200) << "dashes and case do not matter";
  auto first = hold(a, slug, {"B-A-1"});
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(hold(b, slug, {"B-A-2"}).status, 409) << "A's hold is the use";
  const std::string hold_id(first.json().at("holdId").as_string());
  ASSERT_EQ(http_request(port(), "DELETE", "/api/holds/" + hold_id, "", bearer(a)).status, 200);
  EXPECT_EQ(hold(b, slug, {"B-A-2"}).status, 201) << "released, the use is free again";
}

TEST_F(AccessCodes, RacingFansSpendASingleUseCodeOnce) {
  const auto [id, slug] = show("Racing code");
  ASSERT_EQ(make_codes(id, R"({"code":"RACE2027"})").status, 201);
  constexpr int kFans = 8;
  std::vector<TestUser> fans;
  for (int i = 0; i < kFans; ++i) {
    fans.push_back(sign_up(port(), "racer" + std::to_string(i)));
    ASSERT_EQ(redeem(fans.back(), slug, "RACE2027").status, 200);
  }
  std::atomic<int> held{0}, used_up{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kFans; ++i) {
    threads.emplace_back([&, i] {
      const std::string seat = (i < 5 ? "F-A-" : "F-B-") + std::to_string(i % 5 + 1);
      auto r = hold(fans[i], slug, {seat});
      if (r.status == 201) ++held;
      if (r.status == 409 && error_code(r) == "code_used_up") ++used_up;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(held.load(), 1);
  EXPECT_EQ(used_up.load(), kFans - 1);
}

TEST_F(AccessCodes, AnAllotmentCapsTheSeatsSoldThroughTheBatch) {
  const auto [id, slug] = show("Allotment");
  auto made = make_codes(id, R"({"count":2,"maxUses":5,"allotment":3})");
  ASSERT_EQ(made.status, 201) << made.body;
  const auto codes = codes_of(made);
  auto a = sign_up(port(), "allot-a");
  auto b = sign_up(port(), "allot-b");
  ASSERT_EQ(redeem(a, slug, codes[0]).status, 200);
  ASSERT_EQ(redeem(b, slug, codes[1]).status, 200);
  ASSERT_EQ(hold(a, slug, {"F-A-1", "F-A-2"}).status, 201);
  auto over = hold(b, slug, {"F-B-1", "F-B-2"});
  EXPECT_EQ(over.status, 409) << over.body;
  EXPECT_EQ(error_code(over), "code_allotment_reached");
  EXPECT_EQ(hold(b, slug, {"F-B-1"}).status, 201) << "one seat is left of the three";
}

TEST_F(AccessCodes, RevokedCodesUnlockNothingAndEveryChangeIsLogged) {
  const auto [id, slug] = show("Revoked");
  auto one = make_codes(id, R"({"code":"LEAKED","label":"Radio"})");
  auto batch = make_codes(id, R"({"count":3,"label":"Sponsor"})");
  ASSERT_EQ(one.status, 201);
  ASSERT_EQ(batch.status, 201);
  auto fan = sign_up(port(), "leaked");
  ASSERT_EQ(redeem(fan, slug, "LEAKED").status, 200);
  const std::string code_id(one.json().at("codes").at(0).at("id").as_string());
  auto revoked = http_request(port(), "DELETE", "/api/admin/codes/" + code_id, "", bearer(admin_));
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(revoked.json().at("revoked"), 1);
  auto refused = hold(fan, slug, {"F-A-1"});
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(error_code(refused), "code_revoked");
  EXPECT_EQ(error_code(redeem(sign_up(port(), "late"), slug, "LEAKED")), "code_revoked");
  EXPECT_EQ(http_request(port(), "DELETE", "/api/admin/codes/no-such-code", "", bearer(admin_)).status, 404);

  const std::string batch_id(batch.json().at("batchId").as_string());
  auto all = http_request(port(), "DELETE", "/api/admin/events/" + id + "/code-batches/" + batch_id, "", bearer(admin_));
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.json().at("revoked"), 3);
  EXPECT_EQ(error_code(redeem(fan, slug, codes_of(batch)[2])), "code_revoked");

  auto csv = http_get(port(), "/api/admin/events/" + id + "/codes.csv", bearer(admin_));
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("\"code\""), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find("\"LEAKED\""), std::string::npos);
  EXPECT_NE(csv.body.find("\"" + codes_of(batch)[1] + "\""), std::string::npos);
  EXPECT_NE(csv.body.find("\"revoked\""), std::string::npos);

  const auto created = audit(id, "codes_created", 2);
  ASSERT_EQ(created.size(), 2u);
  EXPECT_EQ(created.at(0).at("actor"), "admin");
  const auto gone = audit(id, "codes_revoked", 2);
  ASSERT_EQ(gone.size(), 2u);
  EXPECT_NE(json::serialize(gone), std::string("[]"));
}

TEST_F(AccessCodes, GuessingCodesIsThrottled) {
  const auto [id, slug] = show("Guessing");
  ASSERT_EQ(make_codes(id, R"({"code":"RIGHT-ONE"})").status, 201);
  auto guesser = sign_up(port(), "guesser");
  int refused = 0;
  for (int i = 0; i < 12; ++i) {
    auto r = redeem(guesser, slug, "WRONG" + std::to_string(i));
    if (r.status == 429) {
      ++refused;
      EXPECT_EQ(error_code(r), "too_many_code_attempts");
    }
  }
  EXPECT_GE(refused, 1) << "ten wrong codes, then a wait";
  auto right = redeem(guesser, slug, "RIGHT-ONE");
  EXPECT_EQ(right.status, 429) << "even the right code waits: " << right.body;
  EXPECT_EQ(redeem(sign_up(port(), "honest"), slug, "RIGHT-ONE").status, 200) << "others are not locked out";
}

TEST_F(AccessCodes, BadInputAndAnyoneButAdminsAreRefused) {
  const auto [id, slug] = show("Bad codes");
  auto fan = sign_up(port(), "not-admin");
  EXPECT_EQ(make_codes(id, R"({"count":1})", fan).status, 403);
  for (const char* body : {R"({"count":0})", R"({"count":10001})", R"({"code":"AB"})", R"({"code":"NO CODE!"})",
                           R"({"tiers":["nosuch"]})", R"({"sections":["Z"]})", R"({"maxUses":0})",
                           R"({"allotment":-1})", R"({"code":"X1234","count":2})", R"({"tiers":"ga"})",
                           R"({"validFrom":"2027-01-02T00:00:00Z","validUntil":"2027-01-01T00:00:00Z"})"}) {
    auto r = make_codes(id, body);
    EXPECT_EQ(r.status, 400) << body << " -> " << r.body;
    EXPECT_FALSE(error_code(r).empty()) << body;
  }
  ASSERT_EQ(make_codes(id, R"({"code":"TWICE"})").status, 201);
  auto twice = make_codes(id, R"({"code":"twice"})");
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(error_code(twice), "code_taken");
  EXPECT_EQ(make_codes("999999", R"({"count":1})").status, 404);
  EXPECT_EQ(http_request(port(), "POST", "/api/events/" + slug + "/codes", R"({"code":"TWICE"})", {}).status, 401);
  EXPECT_EQ(http_request(port(), "POST", "/api/events/" + slug + "/codes", R"({})", bearer_json(fan)).status, 400);
  EXPECT_EQ(http_request(port(), "POST", "/api/events/" + slug + "/codes", "[1]", bearer_json(fan)).status, 400);

  auto backwards = http_request(port(), "POST", "/api/events", show_body("Backwards", at_offset(7200), at_offset(3600)),
                                bearer_json(admin_));
  EXPECT_EQ(backwards.status, 400) << backwards.body;
}

// Two servers sharing one inventory in Redis and one database: fans on both, racing with one
// single-use code, buy once.
TEST(AccessCodesCluster, ASingleUseCodeIsSpentOnceAcrossServers) {
  const auto inventory = RedisInstance::shared().url(RedisInstance::shared().new_prefix());
  ServerProcess a({"--dev", "--inventory", inventory});
  ServerProcess b({"--dev", "--inventory", inventory, "--database", a.database_url(), "--seed", "false",
                   "--payment-ledger", a.data_dir() + "/payment-processor.db"});
  auto admin = sign_in(a.port(), kDevAdminEmail, kDevAdminPassword);
  const auto [id, slug] = new_show(a.port(), admin, "Cluster presale");
  ASSERT_EQ(http_request(b.port(), "POST", "/api/admin/events/" + id + "/codes", R"({"code":"ONCE-ONLY"})",
                         bearer_json(admin)).status,
            201);
  constexpr int kFans = 6;
  std::vector<TestUser> fans;
  for (int i = 0; i < kFans; ++i) {
    const auto on = i % 2 ? b.port() : a.port();
    fans.push_back(sign_up(on, "cluster-racer" + std::to_string(i)));
    ASSERT_EQ(http_request(on, "POST", "/api/events/" + slug + "/codes", R"({"code":"once-only"})", bearer_json(fans.back()))
                  .status,
              200);
  }
  std::atomic<int> held{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kFans; ++i) {
    threads.emplace_back([&, i] {
      const auto on = i % 2 ? b.port() : a.port();
      const std::string seat = (i < 5 ? "F-A-" : "F-B-") + std::to_string(i % 5 + 1);
      auto r = http_request(on, "POST", "/api/events/" + slug + "/holds", seats_body(std::vector<std::string>{seat}),
                            bearer(fans[i]));
      if (r.status == 201) ++held;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(held.load(), 1);
}

}  // namespace tw::testing
