// A sale that crashes again and again: buyers hold and pay while the server is killed with
// SIGKILL at random moments (with a slow card processor, so crashes land between charging and
// committing) and restarted on the same data. Afterwards the books must balance: no seat in two
// live tickets, every checkout that answered 201 has its order and tickets, every approved
// charge is in an order or refunded (and every refund recorded), no hold outlives its expiry.
// (A checkout cut off by a crash keeps its hold's seats for the checkout grace, 2 s here: with a
// shared inventory that outlives the process, as it must, since another instance may be paying.)
// The event log's consumers must have counted every event once.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <thread>

#include "support/database_reader.h"
#include "support/flash_sale.h"
#include "support/server_process.h"

namespace tw::testing {
using namespace std::chrono_literals;

// The offsets that reach the end of the log once every event was handled: the consumers' own,
// or with the Redis event log (whose consumer groups keep theirs) the relay's into it.
std::vector<const char*> offsets_to_the_end() {
  if (on_redis_inventory()) return {"relay"};
  return {"audit", "sales"};
}

bool consumers_caught_up(DatabaseReader& db) {
  const auto last = db.number("SELECT COALESCE(MAX(sequence), 0) FROM outbox");
  for (const char* consumer : offsets_to_the_end()) {
    if (db.number("SELECT COALESCE(MAX(sequence), 0) FROM consumer_offsets WHERE consumer = $1", {consumer}) != last) {
      return false;
    }
  }
  return db.number("SELECT COUNT(*) FROM audit_log") == db.number("SELECT COUNT(*) FROM outbox") &&
         db.number("SELECT COALESCE(SUM(held), 0) FROM sales_minutes") ==
             db.number("SELECT COUNT(*) FROM outbox WHERE type = 'seat_locked'");
}

// Gives the consumers time to reach the end of the log (receipts draw tickets on the same worker
// pool, which is slow under the sanitizers): up to a minute, then the check below says how far
// they got.
void wait_for_consumers(const std::string& dir) {
  DatabaseReader db(dir);
  for (int i = 0; i < 600 && !consumers_caught_up(db); ++i) std::this_thread::sleep_for(100ms);
}

// Each consumer of the event log acted on every event once, although crashes fell between
// commits and their dispatch, and between handling and committing offsets (issue 13).
void expect_consumers_counted_each_event_once(DatabaseReader& db) {
  const auto last = db.number("SELECT COALESCE(MAX(sequence), 0) FROM outbox");
  for (const char* consumer : offsets_to_the_end()) {
    EXPECT_EQ(db.number("SELECT sequence FROM consumer_offsets WHERE consumer = $1", {consumer}), last) << consumer;
  }
  EXPECT_EQ(db.number("SELECT COUNT(*) FROM audit_log"), db.number("SELECT COUNT(*) FROM outbox"));
  EXPECT_EQ(db.number("SELECT COALESCE(SUM(sold), 0) FROM sales_minutes"), db.number("SELECT COUNT(*) FROM tickets"));
  EXPECT_EQ(db.number("SELECT COALESCE(SUM(revenue_cents), 0) FROM sales_minutes"),
            db.number("SELECT COALESCE(SUM(total_cents), 0) FROM tickets"));
  EXPECT_EQ(db.number("SELECT COALESCE(SUM(held), 0) FROM sales_minutes"),
            db.number("SELECT COUNT(*) FROM outbox WHERE type = 'seat_locked'"));
}

TEST(CrashLoop, TheBooksBalanceAfterTwentyKills) {
  const auto dir = make_temp_dir();
  const std::vector<std::string> flags{"--data-dir",  dir, "--payment-latency-ms", "40", "--payment-settle-ms", "1500",
                                       "--client-rate", "0", "--hold-seconds", "4",
                                       "--checkout-grace-ms", "2000"};
  const auto tokens = signed_in_buyers(16, {"--data-dir", dir});
  ASSERT_EQ(tokens.size(), 16u);

  FlashSale sale;
  sale.seats = stadium_seats();
  std::vector<std::thread> buyers;
  for (std::size_t i = 0; i < tokens.size(); ++i) buyers.emplace_back(buy_until_over, std::ref(sale), tokens[i], int(i));
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
  wait_for_consumers(dir);
  const int exit_code = last.terminate(10s);
  EXPECT_EQ(exit_code, 0) << last.stderr_text();

  DatabaseReader db(dir);
  expect_books_balance(db, dir + "/payment-processor.db", sale);
  expect_consumers_counted_each_event_once(db);
  std::filesystem::remove_all(dir);
}

}  // namespace tw::testing
