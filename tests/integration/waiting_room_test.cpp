// The waiting room in front of a hot sale (issue 32): fans who come before the opening are drawn
// in an order anyone can check; later fans line up by arrival; the doorman lets them in at the
// room's rate; holds and checkouts need the fan's own pass; a restart keeps every place.
// (Runs on SQLite here and on PostgreSQL in integration_pg_tests.)
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <thread>

#include "core/join_puzzle.h"
#include "support/api_client.h"
#include "support/redis_instance.h"
#include "support/server_process.h"

namespace tw::testing {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;

std::string iso_in(std::chrono::seconds from_now) {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + from_now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// One server (keeping seats in its own memory unless `flags` say otherwise), on either database.
struct Sale {
  explicit Sale(std::vector<std::string> flags = {}) : server([&] {
    flags.insert(flags.begin(), {"--dev", "--inventory", "memory"});  // a later --inventory wins
    return flags;
  }()) {
    admin = bearer(sign_in(server.port(), kDevAdminEmail, kDevAdminPassword));
    admin["Content-Type"] = "application/json";
  }
  // A show opening `opens_in` from now, with a waiting room of `room` (JSON).
  std::string create(const std::string& slug, std::chrono::seconds opens_in, const std::string& room) {
    auto r = http_request(server.port(), "POST", "/api/events",
                          R"({"name":")" + slug + R"(","slug":")" + slug + R"(","artist":"A","venue":"V",)"
                          R"("startsAt":"2030-01-01T20:00:00Z","onSaleAt":")" + iso_in(opens_in) +
                              R"(","layout":"stadium","waitingRoom":)" + room + "}",
                          admin);
    EXPECT_EQ(r.status, 201) << r.body;
    event_id = r.status == 201 ? r.json().at("id").as_int64() : 0;
    return slug;
  }
  HttpResult queue(const TestUser& fan, const std::string& slug, const char* method = "GET") {
    return http_request(server.port(), method, "/api/events/" + slug + "/queue", "", bearer(fan));
  }
  // Polls the fan's place until `state`, for up to `limit`.
  json::value wait_for(const TestUser& fan, const std::string& slug, const std::string& state,
                       std::chrono::milliseconds limit = 15s) {
    const auto until = std::chrono::steady_clock::now() + limit;
    json::value v;
    while (std::chrono::steady_clock::now() < until) {
      v = queue(fan, slug).json();
      if (v.at("state").as_string() == state) return v;
      std::this_thread::sleep_for(100ms);
    }
    ADD_FAILURE() << "never " << state << ": " << json::serialize(v);
    return v;
  }
  HttpResult hold(const TestUser& fan, const std::string& slug, const std::string& seat, const std::string& pass) {
    auto h = bearer(fan);
    h["Content-Type"] = "application/json";
    if (!pass.empty()) h["X-Queue-Pass"] = pass;
    return http_request(server.port(), "POST", "/api/events/" + slug + "/holds", seats_body({seat.c_str()}), h);
  }
  ServerProcess server;
  std::map<std::string, std::string> admin;
  std::int64_t event_id = 0;
};

}  // namespace

TEST(WaitingRoom, TheDrawIsCommittedBeforeAndReproducibleAfterTheOpening) {
  Sale sale;
  const auto slug = sale.create("drawn-sale", 4s, R"({"enabled":true,"admitPerMinute":600,"maxActive":100})");
  std::vector<TestUser> early;
  for (int i = 0; i < 3; ++i) early.push_back(sign_up(sale.server.port(), "early"));
  for (const auto& fan : early) {
    auto joined = sale.queue(fan, slug, "POST");
    ASSERT_EQ(joined.status, 200) << joined.body;
    EXPECT_EQ(joined.json().at("state"), "pre_queue");
  }
  EXPECT_EQ(sale.queue(early[0], slug, "POST").json().at("queueId"), sale.queue(early[0], slug).json().at("queueId"))
      << "a second join returns the same place";
  auto before = http_get(sale.server.port(), "/api/events/" + slug + "/queue/draw").json();
  const std::string commitment(before.at("commitment").as_string());
  EXPECT_EQ(commitment.size(), 64u);
  EXPECT_TRUE(before.at("seed").is_null()) << "the seed stays secret until the opening";
  EXPECT_EQ(sale.hold(early[0], slug, "VIP-A-1", "").status, 422) << "not on sale yet";

  for (const auto& fan : early) sale.wait_for(fan, slug, "admitted");
  auto late = sign_up(sale.server.port(), "late");
  ASSERT_EQ(sale.queue(late, slug, "POST").status, 200);
  auto late_view = sale.wait_for(late, slug, "admitted");
  EXPECT_EQ(late_view.at("position").as_int64(), 4) << "after the drawn pre-queue, in order of arrival";

  auto after = http_get(sale.server.port(), "/api/events/" + slug + "/queue/draw");
  ASSERT_EQ(after.status, 200);
  const auto drawn = after.json();
  EXPECT_EQ(drawn.at("commitment").as_string(), commitment);
  ASSERT_TRUE(drawn.at("seed").is_string());
  EXPECT_EQ(drawn.at("entries").as_array().size(), 3u) << "the pre-queue only";
  const auto file = sale.server.data_dir() + "/draw.json";
  std::ofstream(file) << after.body;
  const auto checked = run_command(std::string("python3 ") + TW_SOURCE_DIR + "/scripts/verify-queue-draw " + file);
  EXPECT_EQ(checked.rfind("OK:", 0), 0u) << checked;
  for (std::size_t i = 0; i < early.size(); ++i) {
    const auto place = sale.queue(early[i], slug).json();
    const auto& order = drawn.at("entries").as_array();
    EXPECT_EQ(order.at(static_cast<std::size_t>(place.at("position").as_int64() - 1)), place.at("queueId"))
        << "each fan finds their place in the published order";
  }
}

TEST(WaitingRoom, HoldsAndCheckoutsNeedTheFansOwnPass) {
  Sale sale;
  const auto slug = sale.create("gated-sale", 1s, R"({"enabled":true,"admitPerMinute":600,"maxActive":100})");
  auto fan = sign_up(sale.server.port(), "gated");
  auto other = sign_up(sale.server.port(), "other");
  ASSERT_EQ(sale.queue(fan, slug, "POST").status, 200);
  ASSERT_EQ(sale.queue(other, slug, "POST").status, 200);
  const std::string pass(sale.wait_for(fan, slug, "admitted").at("pass").as_string());
  const std::string others_pass(sale.wait_for(other, slug, "admitted").at("pass").as_string());
  auto missing = sale.hold(fan, slug, "VIP-A-1", "");
  EXPECT_EQ(missing.status, 403);
  EXPECT_EQ(error_code(missing), "queue_pass_required");
  EXPECT_EQ(error_code(sale.hold(fan, slug, "VIP-A-1", others_pass)), "queue_pass_not_yours");
  auto forged = pass;
  forged[forged.size() - 3] = forged[forged.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_EQ(error_code(sale.hold(fan, slug, "VIP-A-1", forged)), "queue_pass_invalid");
  EXPECT_EQ(error_code(sale.hold(fan, slug, "VIP-A-1", "TWQ1.garbage")), "queue_pass_invalid");
  // The same account in another browser (another session) cannot use this browser's pass.
  auto elsewhere = sign_in(sale.server.port(), fan.email, fan.password);
  EXPECT_EQ(error_code(sale.hold(elsewhere, slug, "VIP-A-1", pass)), "queue_pass_not_yours");
  auto held = sale.hold(fan, slug, "VIP-A-1", pass);
  ASSERT_EQ(held.status, 201) << held.body;
  const std::string hold_id(held.json().at("holdId").as_string());
  auto pay = [&](const std::string& with) {
    auto h = bearer(fan);
    h["Content-Type"] = "application/json";
    h["Idempotency-Key"] = "gated-" + with.substr(0, 8);
    if (!with.empty()) h["X-Queue-Pass"] = with;
    return http_request(sale.server.port(), "POST", "/api/checkout", checkout_body(hold_id, kApprove), h);
  };
  EXPECT_EQ(error_code(pay("")), "queue_pass_required");
  EXPECT_EQ(pay(pass).status, 201);
  EXPECT_EQ(sale.queue(fan, slug).json().at("state"), "done") << "bought: the place goes to the next";
}

TEST(WaitingRoom, ARestartKeepsEveryPlace) {
  std::string dir;
  std::string slug;
  TestUser waiting;
  std::string place;
  {
    Sale sale;
    slug = sale.create("kept-sale", 3600s, R"({"enabled":true})");
    waiting = sign_up(sale.server.port(), "kept");
    place = std::string(sale.queue(waiting, slug, "POST").json().at("queueId").as_string());
    dir = sale.server.data_dir();
    setenv("TW_KEEP_TEST_DATA", "1", 1);
  }
  unsetenv("TW_KEEP_TEST_DATA");
  ServerProcess again({"--dev", "--inventory", "memory", "--data-dir", dir});
  auto view = http_request(again.port(), "GET", "/api/events/" + slug + "/queue", "", bearer(waiting));
  ASSERT_EQ(view.status, 200) << view.body;
  EXPECT_EQ(view.json().at("queueId").as_string(), place);
  EXPECT_EQ(view.json().at("state"), "pre_queue");
}

// Issue 32, item 4: a fan sees, from any device, the rooms they have a place in; nobody else does.
TEST(WaitingRoom, AFanSeesTheirPlacesFromAnyDevice) {
  Sale sale;
  const auto slug = sale.create("listed-places", 3600s, R"({"enabled":true})");
  auto fan = sign_up(sale.server.port(), "listed");
  ASSERT_EQ(sale.queue(fan, slug, "POST").status, 200);
  auto other_device = sign_in(sale.server.port(), fan.email, fan.password);
  auto mine = http_get(sale.server.port(), "/api/queues", bearer(other_device));
  ASSERT_EQ(mine.status, 200) << mine.body;
  const auto places = mine.json().at("places").as_array();
  ASSERT_EQ(places.size(), 1u) << mine.body;
  EXPECT_EQ(places[0].at("event"), "listed-places");
  EXPECT_EQ(places[0].at("eventName"), "listed-places");
  EXPECT_EQ(places[0].at("state"), "pre_queue");
  EXPECT_TRUE(places[0].at("pass").is_null()) << "passes only on the event's own page";
  auto stranger = sign_up(sale.server.port(), "stranger");
  EXPECT_TRUE(http_get(sale.server.port(), "/api/queues", bearer(stranger)).json().at("places").as_array().empty());
  EXPECT_EQ(http_get(sale.server.port(), "/api/queues").status, 401);
}

// Issue 32, item 4: a room can ask each fan's browser to solve a puzzle to join; the answer is
// bound to the fan and the room, and checked in one hash.
TEST(WaitingRoom, ARoomCanAskAProofOfWorkToJoin) {
  Sale sale;
  const auto slug = sale.create("puzzled", 3600s, R"({"enabled":true,"proofOfWork":10})");
  auto fan = sign_up(sale.server.port(), "solver");
  auto other = sign_up(sale.server.port(), "copier");
  const auto view = sale.queue(fan, slug).json();
  EXPECT_EQ(view.at("proofOfWork"), 10);
  const std::string challenge(view.at("puzzle").at("challenge").as_string());
  EXPECT_EQ(view.at("puzzle").at("difficulty"), 10);
  EXPECT_FALSE(http_get(sale.server.port(), "/api/events/" + slug + "/queue").json().as_object().contains("puzzle"))
      << "a puzzle is given to a signed-in fan";
  std::string nonce;
  for (long n = 0; nonce.empty(); ++n) {
    if (core::puzzle_solved(challenge, std::to_string(n), 10)) nonce = std::to_string(n);
  }
  auto join = [&](const TestUser& who, const std::string& body) {
    auto h = bearer(who);
    h["Content-Type"] = "application/json";
    return http_request(sale.server.port(), "POST", "/api/events/" + slug + "/queue", body, h);
  };
  EXPECT_EQ(error_code(sale.queue(fan, slug, "POST")), "proof_of_work_required");
  EXPECT_EQ(sale.queue(fan, slug, "POST").status, 403);
  std::string wrong = "0";
  while (core::puzzle_solved(challenge, wrong, 10)) wrong += "0";
  EXPECT_EQ(error_code(join(fan, R"({"challenge":")" + challenge + R"(","nonce":")" + wrong + R"("})")),
            "proof_of_work_invalid");
  EXPECT_EQ(error_code(join(other, R"({"challenge":")" + challenge + R"(","nonce":")" + nonce + R"("})")),
            "proof_of_work_invalid")
      << "a solved puzzle does not join another account";
  EXPECT_EQ(join(fan, R"({"challenge":7})").status, 400);
  auto joined = join(fan, R"({"challenge":")" + challenge + R"(","nonce":")" + nonce + R"("})");
  ASSERT_EQ(joined.status, 200) << joined.body;
  EXPECT_EQ(joined.json().at("state"), "pre_queue");
  EXPECT_EQ(sale.queue(fan, slug, "POST").status, 200) << "a second join returns the same place, no new puzzle";
  EXPECT_FALSE(sale.queue(fan, slug).json().as_object().contains("puzzle"));
  auto bad = http_request(sale.server.port(), "PUT", "/api/admin/events/" + std::to_string(sale.event_id) + "/queue",
                          R"({"enabled":true,"proofOfWork":29})", sale.admin);
  EXPECT_EQ(error_code(bad), "invalid_waiting_room") << bad.body;
}

TEST(WaitingRoom, BadRequestsGetClearAnswers) {
  Sale sale;
  auto fan = sign_up(sale.server.port(), "plain");
  EXPECT_EQ(error_code(sale.queue(fan, "taylor-swift-eras", "POST")), "no_waiting_room");
  EXPECT_EQ(http_request(sale.server.port(), "POST", "/api/events/taylor-swift-eras/queue", "").status, 401);
  EXPECT_EQ(http_get(sale.server.port(), "/api/events/no-such/queue").status, 404);
  auto bad = http_request(sale.server.port(), "POST", "/api/events",
                          R"({"name":"x","artist":"A","venue":"V","startsAt":"2030-01-01T20:00:00Z","layout":"stadium",)"
                          R"("waitingRoom":{"enabled":true,"admitPerMinute":0}})",
                          sale.admin);
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(error_code(bad), "invalid_waiting_room");
  EXPECT_EQ(http_get(sale.server.port(), "/api/admin/events/1/queue", bearer(fan)).status, 403);
}

// Servers sharing one Redis share one line (the cluster's QueueLine): a place taken on one is
// the same place on the other, either lets the fan in, and a pass from one is good on the other.
TEST(WaitingRoom, ServersSharingTheSaleShareOneLine) {
  const auto inventory = RedisInstance::shared().url(RedisInstance::shared().new_prefix());
  Sale a({"--inventory", inventory});
  ServerProcess b({"--dev", "--inventory", inventory, "--database", a.server.database_url(), "--seed", "false",
                   "--payment-ledger", a.server.data_dir() + "/payment-processor.db"});
  const auto slug = a.create("shared-line", 3s, R"({"enabled":true,"admitPerMinute":600})");
  auto fan = sign_up(a.server.port(), "shared");
  auto joined = a.queue(fan, slug, "POST");
  ASSERT_EQ(joined.status, 200) << joined.body;
  auto on_b = http_request(b.port(), "POST", "/api/events/" + slug + "/queue", "", bearer(fan));
  ASSERT_EQ(on_b.status, 200) << on_b.body;
  EXPECT_EQ(on_b.json().at("queueId"), joined.json().at("queueId")) << "one place on both servers";
  const auto until = std::chrono::steady_clock::now() + 15s;
  json::value seen;
  while (std::chrono::steady_clock::now() < until) {
    seen = http_request(b.port(), "GET", "/api/events/" + slug + "/queue", "", bearer(fan)).json();
    if (seen.at("state") == "admitted") break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(seen.at("state"), "admitted") << json::serialize(seen);
  EXPECT_EQ(a.hold(fan, slug, "VIP-A-1", "").status, 403);
  EXPECT_EQ(a.hold(fan, slug, "VIP-A-1", std::string(seen.at("pass").as_string())).status, 201)
      << "a pass from one server is good on the other";
}

}  // namespace tw::testing
