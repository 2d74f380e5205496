// The event log's consumers over real HTTP and a real database (issue 13): the audit trail and
// the sales figures follow every sale, count each event once across a crash and a replay, and
// answer admins only.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <thread>

#include "support/api_client.h"
#include "support/database_reader.h"
#include "support/http_client.h"
#include "support/server_process.h"

namespace tw::testing {
namespace json = boost::json;
namespace {

constexpr const char* kEvent = "taylor-swift-eras";

class EventStream : public ::testing::Test {
 protected:
  void start(std::vector<std::string> flags = {}) {
    flags.insert(flags.end(), {"--dev", "--data-dir", dir_});
    server_ = std::make_unique<ServerProcess>(flags);
    admin_ = bearer(sign_in(port(), kDevAdminEmail, kDevAdminPassword));
  }
  void SetUp() override { start(); }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::uint16_t port() const { return server_->port(); }
  json::value admin_get(const std::string& path) {
    auto r = http_get(port(), path, admin_);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return r.status == 200 ? r.json() : json::value();
  }
  json::array consumers() { return admin_get("/api/admin/consumers").at("consumers").as_array(); }
  // Waits until every consumer has handled the whole log.
  void wait_for_consumers() {
    for (int i = 0; i < 300; ++i) {
      bool done = true;
      for (const auto& c : consumers()) done = done && c.at("lag").as_int64() == 0;
      if (done) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL() << "the consumers did not catch up: " << json::serialize(consumers());
  }
  std::int64_t event_id() { return http_get(port(), std::string("/api/events/") + kEvent).json().at("id").as_int64(); }
  json::array audit(const std::string& query) { return admin_get("/api/admin/audit?" + query).at("entries").as_array(); }
  json::object sales() {
    return admin_get("/api/admin/events/" + std::to_string(event_id()) + "/sales").as_object();
  }
  std::string hold(const TestUser& fan, const char* seat) {
    auto h = bearer(fan);
    h["Content-Type"] = "application/json";
    auto r = http_request(port(), "POST", std::string("/api/events/") + kEvent + "/holds", seats_body({seat}), h);
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(r.json().at("holdId").as_string());
  }

  std::string dir_ = make_temp_dir();
  std::unique_ptr<ServerProcess> server_;
  std::map<std::string, std::string> admin_;
};

std::vector<std::string> types_of(const json::array& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.emplace_back(e.at("type").as_string());
  return out;
}

TEST_F(EventStream, APurchaseIsInTheAuditTrailFoundByEachFilter) {
  auto fan = sign_up(port(), "audit");
  const auto ticket = buy_ticket(port(), fan, kEvent, "STD-H-21");
  wait_for_consumers();
  const auto user = "user=" + std::to_string(fan.id);
  const auto mine = audit(user);
  EXPECT_EQ(types_of(mine), (std::vector<std::string>{"payment_processed", "ticket_sold", "seat_locked"}))
      << "newest first: " << json::serialize(mine);
  for (const auto& e : mine) {
    EXPECT_EQ(e.at("actor").as_string(), "user");
    EXPECT_EQ(e.at("userId").as_int64(), fan.id);
    EXPECT_TRUE(e.at("payload").is_object());
    EXPECT_FALSE(e.at("at").as_string().empty());
  }
  EXPECT_EQ(mine.at(1).at("payload").at("ticketId").as_string(), ticket);
  EXPECT_EQ(mine.at(1).at("eventId").as_int64(), event_id());

  const auto sold = audit("type=ticket_sold&event=" + std::to_string(event_id()));
  ASSERT_FALSE(sold.empty());
  EXPECT_EQ(types_of(sold), std::vector<std::string>(sold.size(), "ticket_sold"));

  auto first = admin_get("/api/admin/audit?" + user + "&limit=2");
  ASSERT_EQ(first.at("entries").as_array().size(), 2u);
  ASSERT_TRUE(first.at("nextCursor").is_string());
  auto rest = admin_get("/api/admin/audit?" + user + "&limit=2&cursor=" + std::string(first.at("nextCursor").as_string()));
  EXPECT_EQ(types_of(rest.at("entries").as_array()), std::vector<std::string>{"seat_locked"});
  EXPECT_TRUE(rest.at("nextCursor").is_null());

  EXPECT_TRUE(audit(user + "&from=2999-01-01").empty());
  EXPECT_TRUE(audit(user + "&to=2000-01-01").empty());
  EXPECT_EQ(audit(user + "&from=2000-01-01&to=2999-01-01").size(), 3u);
}

TEST_F(EventStream, TheAuditTrailRefusesBadFiltersAndAnyoneButAdmins) {
  for (const char* query : {"type=seat_sneezed", "event=abc", "user=-1", "from=yesterday", "limit=0", "cursor=x"}) {
    auto r = http_get(port(), std::string("/api/admin/audit?") + query, admin_);
    EXPECT_EQ(r.status, 400) << query << ": " << r.body;
    EXPECT_EQ(error_code(r), "invalid_parameter") << query;
  }
  auto fan = sign_up(port(), "snoop");
  for (const auto* path : {"/api/admin/audit", "/api/admin/consumers", "/api/admin/events/1/sales"}) {
    EXPECT_EQ(http_get(port(), path, bearer(fan)).status, 403) << path;
    EXPECT_EQ(http_get(port(), path).status, 401) << path;
  }
  EXPECT_EQ(http_get(port(), "/api/admin/events/999999/sales", admin_).status, 404);
}

TEST_F(EventStream, SalesFiguresEqualTheDatabaseAfterSalesACancellationAndAReleasedHold) {
  auto a = sign_up(port(), "sales-a"), b = sign_up(port(), "sales-b");
  std::vector<std::string> tickets;
  for (const char* seat : {"STD-H-21", "STD-H-22", "STD-H-23"}) tickets.push_back(buy_ticket(port(), a, kEvent, seat));
  for (const char* seat : {"VIP-A-1", "VIP-A-2"}) tickets.push_back(buy_ticket(port(), b, kEvent, seat));
  auto h = bearer(b);
  EXPECT_EQ(http_request(port(), "DELETE", "/api/holds/" + hold(b, "STD-H-24"), "", h).status, 200);
  EXPECT_EQ(http_request(port(), "POST", "/api/admin/tickets/" + tickets[0] + "/cancel", "", admin_).status, 200);
  wait_for_consumers();

  const auto report = sales();
  const auto& totals = report.at("totals").as_object();
  DatabaseReader db(dir_);
  const auto id = std::to_string(event_id());
  const auto sold = db.number("SELECT COUNT(*) FROM tickets WHERE event_id = $1", {id});
  const auto cancelled = db.number("SELECT COUNT(*) FROM tickets WHERE event_id = $1 AND status = 'cancelled'", {id});
  const auto revenue =
      db.number("SELECT COALESCE(SUM(total_cents), 0) FROM tickets WHERE event_id = $1", {id}) -
      db.number("SELECT COALESCE(SUM(r.amount_cents), 0) FROM refunds r JOIN tickets t ON t.id = r.ticket_id"
                " WHERE t.event_id = $1 AND r.state = 'succeeded'",
                {id});
  EXPECT_EQ(sold, 5);
  EXPECT_EQ(cancelled, 1);
  EXPECT_EQ(totals.at("sold").as_int64(), sold);
  EXPECT_EQ(totals.at("cancelled").as_int64(), cancelled);
  EXPECT_EQ(totals.at("revenueCents").as_int64(), revenue);
  EXPECT_EQ(totals.at("held").as_int64(), 6) << "five sold seats and one let go";
  EXPECT_EQ(totals.at("released").as_int64(), 1);
  EXPECT_EQ(totals.at("heldNow").as_int64(), 0);
  std::int64_t by_minute = 0;
  for (const auto& m : report.at("minutes").as_array()) by_minute += m.at("sold").as_int64();
  EXPECT_EQ(by_minute, sold) << "the minutes add up to the totals";
}

// Sales committed while no consumer runs (as when the server dies between a commit and its
// dispatch), then a crash: the next start hands every event to each consumer, which counts it
// once; a replay hands them all over again and changes nothing.
TEST_F(EventStream, EventsCommittedBeforeACrashAreCountedOnceAfterItAndAgainAfterAReplay) {
  server_.reset();
  start({"--consumers", "false"});
  auto fan = sign_up(port(), "crash");
  for (const char* seat : {"STD-H-21", "STD-H-22", "STD-H-23"}) buy_ticket(port(), fan, kEvent, seat);
  for (const auto& c : consumers()) {
    EXPECT_GT(c.at("lag").as_int64(), 0) << "nothing consumed yet: " << json::serialize(c);
  }
  server_->kill_now();
  start();
  wait_for_consumers();
  DatabaseReader db(dir_);
  const auto logged = db.number("SELECT COUNT(*) FROM outbox");
  EXPECT_EQ(db.number("SELECT COUNT(*) FROM audit_log"), logged);
  EXPECT_EQ(db.number("SELECT COUNT(*) FROM audit_log a JOIN outbox o ON o.sequence = a.sequence AND o.id = a.id"),
            logged);
  const auto before = sales().at("totals");
  EXPECT_EQ(before.at("sold").as_int64(), 3);

  for (const char* consumer : {"sales", "audit"}) {
    auto replay = run_binary({"events", "replay", "--consumer", consumer, "--from", "1", "--data-dir", dir_});
    EXPECT_EQ(replay.exit_code, 0) << replay.err;
  }
  EXPECT_GT(consumers().at(0).at("lag").as_int64(), 0) << "the replay starts from the beginning";
  wait_for_consumers();
  EXPECT_EQ(sales().at("totals"), before) << "a replayed event counts once";
  EXPECT_EQ(db.number("SELECT COUNT(*) FROM audit_log"), logged);

  auto unknown = run_binary({"events", "replay", "--consumer", "pigeons", "--from", "1", "--data-dir", dir_});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("no consumer is called 'pigeons' (the consumers are audit, sales)"), std::string::npos)
      << unknown.err;
}

}  // namespace
}  // namespace tw::testing
