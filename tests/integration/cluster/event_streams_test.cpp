// The event log in cluster mode (issue 13): servers sharing a Redis inventory read the log
// through Redis streams that one of them relays the outbox into. A server killed while events
// it was given are still pending leaves them to another, which takes them over (XAUTOCLAIM) and
// takes over the relay's lease too, so a sale after the crash is handled as well. A Redis that
// restarts empty loses the streams; the relay notices and copies the outbox again from where
// every consumer had acknowledged, so what was lost with it is handled all the same.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "support/api_client.h"
#include "support/child_process.h"
#include "support/http_client.h"
#include "support/redis_instance.h"
#include "support/server_process.h"
#include "support/smtp_sink.h"

namespace tw::testing {
namespace {
using namespace std::chrono_literals;

constexpr const char* kSlug = "beyonce-renaissance";

int receipts_in(const std::string& dir) {
  int n = 0;
  std::error_code ec;
  for (const auto& f : std::filesystem::directory_iterator(dir + "/mail", ec)) {
    n += f.path().filename().string().starts_with("receipt-");
  }
  return n;
}

// The receipts consumer's line of GET /api/admin/consumers.
boost::json::value receipts_status(std::uint16_t port, const std::map<std::string, std::string>& admin) {
  const auto r = http_get(port, "/api/admin/consumers", admin);
  if (r.status != 200) return nullptr;
  const auto all = r.json();
  for (const auto& c : all.at("consumers").as_array()) {
    if (c.at("name") == "receipts") return c;
  }
  return nullptr;
}

// Entries given to a server and not acknowledged, over every stream, for `group`.
int pending(const std::string& prefix, const std::string& group, RedisInstance& redis = RedisInstance::shared()) {
  int total = 0;
  for (const char* type : {"seat_locked", "ticket_sold", "payment_processed"}) {
    const auto out = redis.cli("XPENDING " + prefix + ":events:" + type + " " + group);
    total += std::atoi(out.c_str());  // the summary starts with the count
  }
  return total;
}

TEST(EventStreams, AServerKilledMidStreamLeavesItsPendingEventsToAnother) {
  auto& redis = RedisInstance::shared();
  const auto prefix = redis.new_prefix();
  const auto inventory = redis.url(prefix);
  // The first server's mail server is down: its receipts consumer takes events and fails on them.
  const auto closed = free_loopback_port();
  auto a = std::make_unique<ServerProcess>(
      std::vector<std::string>{"--dev", "--inventory", inventory, "--stream-claim-ms", "1000", "--smtp",
                               "smtp://127.0.0.1:" + std::to_string(closed)});
  const auto admin = bearer(sign_in(a->port(), kDevAdminEmail, kDevAdminPassword));
  auto fan = sign_up(a->port(), "streams");
  buy_ticket(a->port(), fan, kSlug, "VIP-A-1");
  buy_ticket(a->port(), fan, kSlug, "VIP-A-2");
  bool failing = false;
  for (int i = 0; i < 200 && !failing; ++i) {
    const auto s = receipts_status(a->port(), admin);
    failing = s.is_object() && s.at("failures").as_int64() > 0;
    if (!failing) std::this_thread::sleep_for(50ms);
  }
  ASSERT_TRUE(failing) << "the first server's receipts never failed";
  // A failure can come before any entry was handed over (a slow machine); the entries follow.
  for (int i = 0; i < 200 && pending(prefix, "receipts") == 0; ++i) std::this_thread::sleep_for(50ms);
  EXPECT_GT(pending(prefix, "receipts"), 0) << "the events it was given wait for it";
  const auto database = a->database_url();
  const auto ledger = a->data_dir() + "/payment-processor.db";
  a->kill_now();

  ServerProcess b({"--dev", "--inventory", inventory, "--stream-claim-ms", "1000", "--database", database,
                   "--seed", "false", "--payment-ledger", ledger});
  buy_ticket(b.port(), fan, kSlug, "VIP-A-3");  // relayed once the dead server's lease runs out
  for (int i = 0; i < 600 && receipts_in(b.data_dir()) < 3; ++i) std::this_thread::sleep_for(50ms);
  EXPECT_EQ(receipts_in(b.data_dir()), 3) << "the two orders the dead server held, and the new one";
  for (int i = 0; i < 100 && pending(prefix, "receipts") > 0; ++i) std::this_thread::sleep_for(50ms);
  EXPECT_EQ(pending(prefix, "receipts"), 0) << "every entry acknowledged";
  const auto admin_b = bearer(sign_in(b.port(), kDevAdminEmail, kDevAdminPassword));
  const auto consumers = http_get(b.port(), "/api/admin/consumers", admin_b);
  ASSERT_EQ(consumers.status, 200) << consumers.body;
  EXPECT_EQ(consumers.json().at("eventLog"), "redis");
  EXPECT_EQ(consumers.json().at("consumers").at(0).at("name"), "relay");
}

TEST(EventStreams, EventsARedisRestartLostAreRelayedAgain) {
  RedisInstance redis;  // private: this test restarts it
  const auto prefix = redis.new_prefix();
  std::uint16_t smtp_port = 0;
  {
    SmtpSink probe;  // a free port, closed again: the mail server is down
    smtp_port = probe.port();
  }
  ServerProcess server({"--dev", "--inventory", redis.url(prefix), "--smtp",
                        "smtp://127.0.0.1:" + std::to_string(smtp_port)});
  const auto admin = bearer(sign_in(server.port(), kDevAdminEmail, kDevAdminPassword));
  auto fan = sign_up(server.port(), "lost");
  buy_ticket(server.port(), fan, kSlug, "VIP-B-1");
  bool failing = false;
  for (int i = 0; i < 200 && !failing; ++i) {
    const auto s = receipts_status(server.port(), admin);
    failing = s.is_object() && s.at("failures").as_int64() > 0;
    if (!failing) std::this_thread::sleep_for(50ms);
  }
  ASSERT_TRUE(failing) << "the receipt never waited for the mail server";
  // A failure can come before the relay copied anything (a slow machine: the receipts found no
  // streams yet), and then Redis loses nothing; the order's entries must be in Redis first.
  for (int i = 0; i < 200 && pending(prefix, "receipts", redis) == 0; ++i) std::this_thread::sleep_for(50ms);
  ASSERT_GT(pending(prefix, "receipts", redis), 0) << "the receipt's entries never reached Redis";

  redis.restart_empty();  // the entry the receipts were waiting on is gone from Redis
  SmtpSink sink(smtp_port);
  const auto got = sink.wait_for(1, 60);
  ASSERT_EQ(got.size(), 1u) << "the receipt of the order whose events Redis lost";
  EXPECT_NE(got[0].data.find("Message-ID: <receipt-"), std::string::npos) << got[0].data.substr(0, 300);
  // The receipt may come first: its consumer hands the failed batch it holds over again. The
  // relay finds the loss at its next upkeep (every 5 s) and says so.
  bool told = false;
  for (int i = 0; i < 150 && !told; ++i) {
    told = server.stderr_text().find("Redis lost the event streams") != std::string::npos;
    if (!told) std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(told) << server.stderr_text();
}

}  // namespace
}  // namespace tw::testing
