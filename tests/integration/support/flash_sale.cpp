#include "support/flash_sale.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <cstdio>
#include <random>
#include <sstream>
#include <thread>

#include "store/sqlite/sqlite_db.h"
#include "support/api_client.h"
#include "support/database_reader.h"
#include "support/server_process.h"

namespace tw::testing {
using namespace std::chrono_literals;

std::vector<std::string> signed_in_buyers(int n, std::vector<std::string> args) {
  args.insert(args.begin(), {"bench-users", std::to_string(n)});
  auto made = run_binary(args);
  std::vector<std::string> tokens;
  if (made.exit_code != 0) {
    std::printf("bench-users failed: %s\n", made.err.c_str());
    return tokens;
  }
  std::istringstream in(made.out);
  for (std::string t; std::getline(in, t);) tokens.push_back(t);
  return tokens;
}

std::vector<std::string> stadium_seats() {
  std::vector<std::string> out;
  for (char row = 'A'; row <= 'E'; ++row) {
    for (int n = 1; n <= 25; ++n) out.push_back(std::string("PREM-") + row + "-" + std::to_string(n));
  }
  for (char row = 'A'; row <= 'C'; ++row) {
    for (int n = 1; n <= 30; ++n) out.push_back(std::string("STD-") + row + "-" + std::to_string(n));
  }
  return out;
}

void buy_until_over(FlashSale& sale, const std::string& token, int id) {
  std::mt19937 rng(id);
  const auto& seats = sale.seats;
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
      auto h = send("POST", "/api/events/" + sale.slug + "/holds", seats_body(want), auth);
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

void expect_books_balance(DatabaseReader& db, const std::string& ledger_path, FlashSale& sale) {
  // The simulated processor's own ledger: what it charged and refunded, whatever we recorded.
  store::sqlite::Connection ledger(ledger_path);
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
}

}  // namespace tw::testing
