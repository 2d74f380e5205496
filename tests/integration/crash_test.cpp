// A sale that crashes again and again: buyers hold and pay while the server is killed with
// SIGKILL at random moments (with a slow card processor, so crashes land between charging and
// committing) and restarted on the same data. Afterwards the books must balance: no seat in two
// live tickets, every checkout that answered 201 has its order and tickets, every approved
// charge is in an order or refunded (and every refund recorded), no hold outlives its expiry.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

#include "store/sqlite/sqlite_db.h"
#include "support/api_client.h"
#include "support/database_reader.h"
#include "support/postgres_instance.h"
#include "support/server_process.h"

namespace tw::testing {
using namespace std::chrono_literals;

namespace {

struct Sale {
  std::atomic<std::uint16_t> port{0};
  std::atomic<bool> over{false};
  std::mutex mu;
  std::map<std::string, std::size_t> orders;  // order id -> tickets, for every 201; guarded by mu
  std::atomic<int> attempts{0};
};

std::vector<std::string> seat_ids() {
  std::vector<std::string> out;
  for (char row = 'A'; row <= 'E'; ++row) {
    for (int n = 1; n <= 25; ++n) out.push_back(std::string("PREM-") + row + "-" + std::to_string(n));
  }
  for (char row = 'A'; row <= 'C'; ++row) {
    for (int n = 1; n <= 30; ++n) out.push_back(std::string("STD-") + row + "-" + std::to_string(n));
  }
  return out;
}

// One buyer: holds one or two random seats and pays, retrying a checkout whose answer was lost
// to a crash with the same idempotency key.
void buyer(Sale& sale, const std::string& token, int id) {
  std::mt19937 rng(id);
  const auto seats = seat_ids();
  std::map<std::string, std::string> auth{{"Authorization", "Bearer " + token}};
  int n = 0;
  std::unique_ptr<KeepAliveClient> client;
  std::uint16_t client_port = 0;
  // One kept-alive connection per server run, so the sale leaves few sockets behind.
  auto send = [&](const std::string& method, const std::string& target, const std::string& body,
                  const std::map<std::string, std::string>& headers) {
    const auto port = sale.port.load();
    if (port == 0) throw std::runtime_error("no server");
    if (port != client_port) client = std::make_unique<KeepAliveClient>(client_port = port);
    return client->request(method, target, body, headers);
  };
  while (!sale.over.load()) {
    if (sale.port.load() == 0) {
      std::this_thread::sleep_for(20ms);
      continue;
    }
    std::string hold;
    try {
      std::vector<std::string> want{seats[rng() % seats.size()]};
      if (rng() % 2) want.push_back(seats[rng() % seats.size()]);
      auto h = send("POST", "/api/events/taylor-swift-eras/holds", seats_body(want), auth);
      if (h.status != 201) continue;
      hold = std::string(h.json().at("holdId").as_string());
    } catch (const std::exception&) {
      continue;  // the server died under us
    }
    auto headers = auth;
    headers["Idempotency-Key"] = "crash-" + std::to_string(id) + "-" + std::to_string(n++);
    for (int tries = 0; tries < 20 && !sale.over.load(); ++tries) {
      try {
        ++sale.attempts;
        auto paid = send("POST", "/api/checkout", checkout_body(hold, kApprove), headers);
        if (paid.status == 201 || paid.status == 200) {
          std::lock_guard lock(sale.mu);
          sale.orders[std::string(paid.json().at("orderId").as_string())] =
              paid.json().at("tickets").as_array().size();
        }
        if (paid.status < 500) break;
      } catch (const std::exception&) {
      }
      std::this_thread::sleep_for(100ms);
    }
  }
}

}  // namespace

TEST(CrashLoop, TheBooksBalanceAfterTwentyKills) {
  const auto dir = make_temp_dir();
  const std::vector<std::string> flags{"--data-dir",  dir, "--payment-latency-ms", "40", "--payment-settle-ms", "1500",
                                       "--client-rate", "0", "--hold-seconds", "4"};
  std::vector<std::string> tokens;
  {
    auto made = run_binary({"bench-users", "16", "--data-dir", dir});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    std::istringstream in(made.out);
    for (std::string t; std::getline(in, t);) tokens.push_back(t);
  }
  ASSERT_EQ(tokens.size(), 16u);

  Sale sale;
  std::vector<std::thread> buyers;
  for (std::size_t i = 0; i < tokens.size(); ++i) buyers.emplace_back(buyer, std::ref(sale), tokens[i], int(i));
  std::mt19937 rng(42);
  std::string failed_start;
  try {
    for (int kill = 0; kill < 20; ++kill) {
      ServerProcess server(flags);
      sale.port = server.port();
      std::this_thread::sleep_for(std::chrono::milliseconds(300 + rng() % 900));
      sale.port = 0;
      server.kill_now();
    }
  } catch (const std::exception& e) {
    failed_start = e.what();
  }
  if (!failed_start.empty()) {
    sale.over = true;
    for (auto& t : buyers) t.join();
    FAIL() << failed_start;
  }
  // The last start settles what the crashes left open: payments older than 1.5 s, holds past
  // their time.
  ServerProcess last(flags);
  sale.port = last.port();
  std::this_thread::sleep_for(1s);
  sale.over = true;
  for (auto& t : buyers) t.join();
  std::this_thread::sleep_for(6s);
  EXPECT_EQ(last.terminate(10s), 0);

  DatabaseReader db(dir);
  // The simulated processor's own ledger: what it charged and refunded, whatever we recorded.
  store::sqlite::Connection ledger(dir + "/payment-processor.db");
  std::printf("%d checkout attempts, %zu orders confirmed to buyers\n", sale.attempts.load(), sale.orders.size());
  EXPECT_GT(sale.orders.size(), 5u);
  EXPECT_EQ(db.number("SELECT COUNT(*) FROM (SELECT 1 FROM tickets WHERE status IN ('confirmed','used')"
                      " GROUP BY event_id, seat_index HAVING COUNT(*) > 1) twice"),
            0)
      << "a seat in two live tickets";
  for (const auto& [order, tickets] : sale.orders) {
    EXPECT_EQ(static_cast<std::size_t>(db.number("SELECT COUNT(*) FROM tickets WHERE order_id = $1", {order})),
              tickets)
        << "order " << order << " answered 201 but is not all there";
  }
  // Every approved charge: in an order, or refunded in full — never both, never neither.
  auto charges = ledger.prepare("SELECT key, id, amount_cents, refunded_cents FROM charges WHERE status = 'approved'");
  int approved = 0;
  while (charges.step()) {
    ++approved;
    const auto p = db.rows("SELECT COALESCE(order_id, ''), state FROM payments WHERE id = $1", {charges.text(0)});
    ASSERT_EQ(p.size(), 1u) << "charge " << charges.text(1) << " has no payment record";
    const bool ordered = !p[0][0].empty();
    const bool refunded = charges.int64(3) == charges.int64(2);
    EXPECT_TRUE(ordered != refunded) << "charge " << charges.text(1) << " ordered=" << ordered
                                     << " refunded=" << refunded << " state=" << p[0][1];
  }
  EXPECT_GE(approved, static_cast<int>(sale.orders.size()));
  auto refunds = ledger.prepare("SELECT key FROM refunds");
  int refunded = 0;
  while (refunds.step()) {
    ++refunded;
    const auto r = db.rows("SELECT state FROM refunds WHERE id = $1", {refunds.text(0)});
    ASSERT_EQ(r.size(), 1u) << "the processor refunded " << refunds.text(0) << " but nothing records it";
    EXPECT_EQ(r[0][0], "succeeded");
  }
  std::printf("%d approved charges, %d refunded by the reconciler\n", approved, refunded);
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_EQ(db.number("SELECT COUNT(*) FROM holds WHERE status = 'active' AND expires_at_ms < $1",
                      {std::to_string(now_ms - 2000)}),
            0)
      << "holds outlived their expiry";
  EXPECT_EQ(db.number("SELECT COUNT(*) FROM payments WHERE state = 'pending'"), 0) << "payments left open";
  std::filesystem::remove_all(dir);
}

}  // namespace tw::testing
