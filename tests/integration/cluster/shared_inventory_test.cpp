// Servers sharing one database and one Redis inventory act as one box office: a seat held on one
// is held on all, a fan may hold on one and pay on another, a browser watching any of them sees
// every change, a sign-out on one reaches the others, and a password guesser meets one limit
// however the attempts are spread. Servers keeping seats in their own memory refuse to share a
// database.
// (Runs on SQLite here and on PostgreSQL in integration_pg_tests.)
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "support/api_client.h"
#include "support/http_client.h"
#include "support/redis_instance.h"
#include "support/server_process.h"

namespace tw::testing {
namespace {
using namespace std::chrono_literals;

constexpr const char* kSlug = "beyonce-renaissance";

HttpResult hold(std::uint16_t port, const TestUser& u, const std::string& seats) {
  auto h = bearer(u);
  h["Content-Type"] = "application/json";
  return http_request(port, "POST", std::string("/api/events/") + kSlug + "/holds", "{\"seats\":" + seats + "}", h);
}

HttpResult seats(std::uint16_t port) { return http_get(port, std::string("/api/events/") + kSlug + "/seats"); }

std::vector<std::string> plus(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// Two servers on one database, one Redis key prefix and one card processor.
struct TwoServers {
  explicit TwoServers(const std::vector<std::string>& extra = {})
      : a(plus({"--inventory", inventory}, extra)),
        b(plus({"--inventory", inventory, "--database", a.database_url(), "--seed", "false", "--payment-ledger",
                a.data_dir() + "/payment-processor.db"},
               extra)) {}
  std::string inventory = RedisInstance::shared().url(RedisInstance::shared().new_prefix());
  ServerProcess a, b;
};

// An organiser on server A of a development cluster: shows whose layouts are sections in JSON.
struct Organiser {
  explicit Organiser(TwoServers& cluster) : cluster(cluster), headers(bearer(sign_in(cluster.a.port(), kDevAdminEmail,
                                                                                   kDevAdminPassword))) {
    headers["Content-Type"] = "application/json";
  }
  // The new show's id.
  std::int64_t create(const std::string& slug, const std::string& sections) {
    auto r = http_request(cluster.a.port(), "POST", "/api/events",
                          R"({"name":")" + slug + R"(","slug":")" + slug + R"(","artist":"A","venue":"Hall",)"
                          R"("startsAt":"2027-10-01T20:00:00Z","layout":{"name":"Club","sections":[)" + sections + "]}}",
                          headers);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().at("id").as_int64() : 0;
  }
  HttpResult replace_layout(std::int64_t id, const std::string& sections) {
    return http_request(cluster.a.port(), "PUT", "/api/events/" + std::to_string(id),
                        R"({"layout":{"name":"Club","sections":[)" + sections + "]}}", headers);
  }
  TwoServers& cluster;
  std::map<std::string, std::string> headers;
};

// A floor section of `rows` rows of ten, behind a front section of one row of ten when there is one.
std::string floor_rows(int rows) {
  return R"({"id":"GA","name":"Floor","tier":"ga","rows":)" + std::to_string(rows) +
         R"(,"seatsPerRow":10,"basePrice":40,"position":{"x":0,"y":4,"rotation":0}})";
}
const std::string kFrontRow = R"({"id":"VIP","name":"Front","tier":"vip","rows":1,"seatsPerRow":10,"basePrice":90})";

HttpResult as_fan(std::uint16_t port, const TestUser& fan, const std::string& method, const std::string& path,
                  const std::string& body, const std::string& key = "") {
  auto h = bearer(fan);
  h["Content-Type"] = "application/json";
  if (!key.empty()) h["Idempotency-Key"] = key;
  return http_request(port, method, path, body, h);
}

TEST(SharedInventory, ASeatHeldOnOneServerIsHeldOnTheOther) {
  TwoServers cluster;
  auto ada = sign_up(cluster.a.port(), "cluster-ada");
  auto bob = sign_up(cluster.b.port(), "cluster-bob");
  ASSERT_EQ(hold(cluster.a.port(), ada, "[\"VIP-A-1\",\"VIP-A-2\"]").status, 201);
  EXPECT_EQ(seat_state(seats(cluster.b.port()), 0), 1);
  EXPECT_EQ(seat_state(seats(cluster.b.port()), 1), 1);
  auto clash = hold(cluster.b.port(), bob, "[\"VIP-A-2\",\"VIP-A-3\"]");
  EXPECT_EQ(clash.status, 409) << clash.body;
  EXPECT_EQ(hold(cluster.b.port(), bob, "[\"VIP-A-3\"]").status, 201);
  EXPECT_EQ(seat_state(seats(cluster.a.port()), 2), 1);
}

TEST(SharedInventory, AFanHoldsOnOneServerAndPaysOnAnother) {
  TwoServers cluster;
  auto fan = sign_up(cluster.a.port(), "cluster-fan");
  auto held = hold(cluster.a.port(), fan, "[\"VIP-A-5\"]");
  ASSERT_EQ(held.status, 201) << held.body;
  const std::string hold_id(held.json().at("holdId").as_string());
  auto h = bearer(fan);
  h["Content-Type"] = "application/json";
  h["Idempotency-Key"] = "cluster-pay-1";
  auto paid = http_request(cluster.b.port(), "POST", "/api/checkout", checkout_body(hold_id, kApprove), h);
  ASSERT_EQ(paid.status, 201) << paid.body;
  EXPECT_EQ(seat_state(seats(cluster.a.port()), 4), 2);
  EXPECT_EQ(seat_state(seats(cluster.b.port()), 4), 2);
}

TEST(SharedInventory, ABrowserOnOneServerSeesAHoldMadeOnAnotherWithinASecond) {
  TwoServers cluster;
  const auto since = seats(cluster.b.port()).json().at("version").to_number<std::uint64_t>();
  RawConnection watcher(cluster.b.port());
  ASSERT_TRUE(watcher.send(std::string("GET /api/events/") + kSlug + "/live?since=" + std::to_string(since) +
                           " HTTP/1.1\r\nHost: t\r\nAccept: text/event-stream\r\n\r\n"));
  ASSERT_NE(watcher.read_until("retry: 2000", 3s).find("200"), std::string::npos);
  auto fan = sign_up(cluster.a.port(), "cluster-live");
  ASSERT_EQ(hold(cluster.a.port(), fan, "[\"VIP-A-7\"]").status, 201);
  const auto got = watcher.read_until("\n\n", 1s);
  EXPECT_NE(got.find("\"changes\":[[6,1]]"), std::string::npos) << "seat 6 held on the other server: " << got;
}

// An organiser replaces a layout on one server while another has the event open (with the old
// seat map in its catalogue for a moment): the shared seats are rebuilt from the new layout,
// never from a server's remembered copy, and every server sells the new seats.
TEST(SharedInventory, ALayoutReplacedOnOneServerIsTheOneEveryServerSells) {
  TwoServers cluster({"--dev"});
  Organiser organiser(cluster);
  const auto id = organiser.create("cluster-swap", floor_rows(2));
  const std::string seats_of = "/api/events/cluster-swap/seats";
  ASSERT_EQ(http_get(cluster.b.port(), seats_of).json().at("seatCount").as_int64(), 20) << "open on B";
  ASSERT_EQ(organiser.replace_layout(id, floor_rows(4)).status, 200);
  EXPECT_EQ(http_get(cluster.b.port(), seats_of).json().at("seatCount").as_int64(), 40) << "B rebuilds from the new layout";
  EXPECT_EQ(http_get(cluster.a.port(), seats_of).json().at("seatCount").as_int64(), 40);
  auto fan = sign_up(cluster.b.port(), "cluster-swap");
  auto held = as_fan(cluster.b.port(), fan, "POST", "/api/events/cluster-swap/holds", R"({"seats":["GA-D-10"]})");
  EXPECT_EQ(held.status, 201) << "a seat only the new layout has, on B: " << held.body;
}

// A fan holds on A, by the new layout, and pays on B, whose catalogue still has the old one for a
// moment (it keeps a copy for 2 s). `seat` is where the new layout has it.
struct PaidOnTheOtherServer {
  PaidOnTheOtherServer(const std::string& slug, const std::string& before, const std::string& after,
                       const std::string& seat) {
    Organiser organiser(cluster);
    const auto id = organiser.create(slug, before);
    EXPECT_EQ(http_get(cluster.b.port(), "/api/events/" + slug + "/seats").status, 200) << "in B's catalogue";
    auto moved = organiser.replace_layout(id, after);
    EXPECT_EQ(moved.status, 200) << moved.body;
    fan = sign_up(cluster.a.port(), slug);
    auto held = as_fan(cluster.a.port(), fan, "POST", "/api/events/" + slug + "/holds", R"({"seats":[")" + seat + "\"]}");
    EXPECT_EQ(held.status, 201) << held.body;
    hold_id = held.status == 201 ? std::string(held.json().at("holdId").as_string()) : "";
  }
  HttpResult pay(const std::string& key) {
    return as_fan(cluster.b.port(), fan, "POST", "/api/checkout", checkout_body(hold_id, kApprove), key);
  }
  TwoServers cluster{{"--dev"}};
  TestUser fan;
  std::string hold_id;
};

// The new layout moves the seat: B placed the ticket at its old position, where the new layout
// has another seat, so the seat could have been sold again at its true position. Now that order
// is refused and refunded, and paying again sells the seat where it is.
TEST(SharedInventory, APaymentOnAServerWithTheOldLayoutSellsTheSeatWhereItIsNow) {
  PaidOnTheOtherServer sale("moving-seats", floor_rows(2), kFrontRow + "," + floor_rows(2), "GA-A-1");
  auto paid = sale.pay("moving-1");
  if (paid.status != 201) {  // B placed it by its old copy
    EXPECT_EQ(paid.status, 409) << paid.body;
    EXPECT_EQ(std::string(paid.json().at("error").at("code").as_string()), "layout_changed");
    paid = sale.pay("moving-2");
  }
  ASSERT_EQ(paid.status, 201) << paid.body;
  EXPECT_EQ(paid.json().at("tickets").as_array().at(0).at("seatId").as_string(), "GA-A-1");
  auto seats = http_get(sale.cluster.a.port(), "/api/events/moving-seats/seats");
  EXPECT_EQ(seat_state(seats, 10), 2) << "GA-A-1, behind the ten front seats now, sold";
  EXPECT_EQ(seat_state(seats, 0), 0) << "VIP-A-1 still on sale";
}

// The new layout adds the seat: B's copy has no such seat (the checkout had read past the end of
// its map). B reads the layout afresh and sells it.
TEST(SharedInventory, APaymentOnAServerWithTheOldLayoutSellsASeatOnlyTheNewOneHas) {
  PaidOnTheOtherServer sale("added-seats", floor_rows(2), floor_rows(4), "GA-D-10");
  auto paid = sale.pay("added-1");
  ASSERT_EQ(paid.status, 201) << paid.body;
  EXPECT_EQ(seat_state(http_get(sale.cluster.a.port(), "/api/events/added-seats/seats"), 39), 2);
}

// Issue 30, item 2: each server cached verified sessions for 5 s, so a fan signed out on one
// server still held and paid on another.
TEST(SharedInventory, ASignOutOnOneServerEndsTheSessionOnEveryServerAtOnce) {
  TwoServers cluster;
  auto fan = sign_up(cluster.a.port(), "cluster-signout");
  ASSERT_EQ(http_get(cluster.b.port(), "/api/auth/session", bearer(fan)).status, 200);  // cached on B now
  ASSERT_EQ(hold(cluster.b.port(), fan, "[\"VIP-A-9\"]").status, 201);
  ASSERT_EQ(http_request(cluster.a.port(), "POST", "/api/auth/signout", "", bearer(fan)).status, 200);
  auto after = hold(cluster.b.port(), fan, "[\"VIP-A-10\"]");
  EXPECT_EQ(after.status, 401) << "B still accepts a session A ended: " << after.body;
  EXPECT_EQ(http_get(cluster.b.port(), "/api/auth/session", bearer(fan)).status, 401);
}

namespace {

HttpResult change_user(std::uint16_t port, const TestUser& admin, std::int64_t id, const std::string& body) {
  auto h = bearer(admin);
  h["Content-Type"] = "application/json";
  return http_request(port, "PATCH", "/api/admin/users/" + std::to_string(id), body, h);
}

}  // namespace

// Issue 30, item 2: an admin demoted on server A promoted an accomplice on server B at once (B
// still had their admin session cached), and an admin disabled on A enabled themself again on B.
TEST(SharedInventory, ADemotedOrDisabledAdminHasNoRightsLeftOnAnyServer) {
  TwoServers cluster({"--dev"});
  auto root = sign_in(cluster.a.port(), kDevAdminEmail, kDevAdminPassword);
  auto rogue = sign_up(cluster.a.port(), "rogue-admin");
  auto accomplice = sign_up(cluster.a.port(), "accomplice");
  ASSERT_EQ(change_user(cluster.a.port(), root, rogue.id, R"({"role":"admin"})").status, 200);
  ASSERT_EQ(http_get(cluster.b.port(), "/api/admin/users", bearer(rogue)).status, 200);  // cached on B as an admin
  ASSERT_EQ(change_user(cluster.a.port(), root, rogue.id, R"({"role":"user"})").status, 200);
  EXPECT_EQ(change_user(cluster.b.port(), rogue, accomplice.id, R"({"role":"admin"})").status, 403);
  EXPECT_EQ(http_get(cluster.b.port(), "/api/admin/users", bearer(rogue)).status, 403);

  ASSERT_EQ(change_user(cluster.a.port(), root, rogue.id, R"({"role":"admin"})").status, 200);
  for (const char* body : {R"({"role":"user"})", R"({"role":"admin"})", R"({"disabled":false})", R"({"disabled":true})"}) {
    auto own = change_user(cluster.b.port(), rogue, rogue.id, body);
    EXPECT_EQ(own.status, 409) << body << ": " << own.body;
    EXPECT_EQ(error_code(own), "cannot_change_self") << body;
  }
  ASSERT_EQ(change_user(cluster.a.port(), root, rogue.id, R"({"disabled":true})").status, 200);
  EXPECT_EQ(change_user(cluster.b.port(), rogue, rogue.id, R"({"disabled":false})").status, 401);
  EXPECT_EQ(http_get(cluster.b.port(), "/api/auth/session", bearer(rogue)).status, 401);
  EXPECT_EQ(hold(cluster.b.port(), rogue, "[\"VIP-A-8\"]").status, 401);
}

// Issue 12, item 5: with the throttle in each server's memory, a guesser alternating between two
// servers got twice the free failures (five each) before either slowed it down.
TEST(SharedInventory, APasswordGuesserSpreadOverTheServersMeetsOneLimit) {
  TwoServers cluster;
  auto victim = sign_up(cluster.a.port(), "cluster-guessed");
  for (int i = 0; i < 6; ++i) {
    const auto port = i % 2 == 0 ? cluster.a.port() : cluster.b.port();
    EXPECT_EQ(sign_in_from("127.0.6.1", port, victim.email, "guess " + std::to_string(i)).status, 401);
  }
  auto next = sign_in_from("127.0.6.1", cluster.a.port(), victim.email, victim.password);
  EXPECT_EQ(next.status, 429) << "three failures on each server are six on the cluster: " << next.body;
  EXPECT_EQ(error_code(next), "too_many_attempts");
  EXPECT_EQ(sign_in_from("127.0.6.2", cluster.b.port(), victim.email, victim.password).status, 200)
      << "the owner elsewhere is not locked out";
}

TEST(SharedInventory, ServersKeepingSeatsInTheirOwnMemoryRefuseToShareADatabase) {
  ServerProcess alone{{"--inventory", "memory"}};
  auto second = run_binary({"serve", "--port", "0", "--data-dir", make_temp_dir(), "--database", alone.database_url(),
                            "--inventory", "memory"});
  EXPECT_EQ(second.exit_code, 2) << second.err;
  EXPECT_NE(second.err.find("another TicketWar server is running on this database"), std::string::npos) << second.err;
  const auto shared = RedisInstance::shared().url(RedisInstance::shared().new_prefix());
  auto clustered = run_binary({"serve", "--port", "0", "--data-dir", make_temp_dir(), "--database",
                               alone.database_url(), "--inventory", shared});
  EXPECT_EQ(clustered.exit_code, 2) << clustered.err;
  EXPECT_NE(clustered.err.find("keeping seats in its own memory"), std::string::npos) << clustered.err;
  // The claim goes with the process: once it has stopped, another may start.
  ASSERT_EQ(alone.terminate(10s), 0);
  ServerProcess next{{"--inventory", "memory", "--database", alone.database_url(), "--seed", "false"}};
  EXPECT_EQ(http_get(next.port(), "/api/ready").status, 200);
}

TEST(SharedInventory, AnUnreachableOrMalformedInventoryIsOneClearLineAtStartUp) {
  const auto dir = make_temp_dir();
  auto unreachable = run_binary({"serve", "--port", "0", "--data-dir", dir, "--inventory", "redis://127.0.0.1:1/0"});
  EXPECT_EQ(unreachable.exit_code, 2) << unreachable.err;
  EXPECT_NE(unreachable.err.find("cannot reach the seat inventory at redis://127.0.0.1:1/0"), std::string::npos)
      << unreachable.err;
  auto malformed = run_binary({"serve", "--port", "0", "--data-dir", dir, "--inventory", "redis://x:0"});
  EXPECT_EQ(malformed.exit_code, 2) << malformed.err;
  EXPECT_NE(malformed.err.find("--inventory: 'redis://x:0' is not memory or redis://"), std::string::npos)
      << malformed.err;
}

}  // namespace
}  // namespace tw::testing
