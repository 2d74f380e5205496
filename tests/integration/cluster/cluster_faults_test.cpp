// The cluster as deploy/local-cluster starts it — PostgreSQL, Redis, three instances, nginx —
// selling one stadium to 16 buyers through nginx while its parts fail: an instance is killed
// (SIGKILL), Redis restarts empty, PostgreSQL stops at once and comes back. Afterwards every seat
// was sold at most once, every 201 is a whole order, every charge is in an order or refunded,
// the seat map Redis rebuilt agrees with the database, and every instance is ready again.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "support/api_client.h"
#include "support/child_process.h"
#include "support/database_reader.h"
#include "support/flash_sale.h"
#include "support/http_client.h"
#include "support/local_cluster.h"
#include "support/server_process.h"

namespace tw::testing {
using namespace std::chrono_literals;

TEST(ClusterFaults, EverySeatIsSoldOnceWhileInstancesRedisAndPostgresFail) {
  LocalCluster cluster("--client-rate 0 --hold-seconds 4 --checkout-grace-ms 2000 --payment-latency-ms 40"
                       " --payment-settle-ms 1500 --threads 2 --workers 2");
  ASSERT_TRUE(cluster.started()) << cluster.up_output();
  const auto tokens = signed_in_buyers(16, {"--data-dir", make_temp_dir(), "--database", cluster.database_url()});
  ASSERT_EQ(tokens.size(), 16u);

  FlashSale sale;
  sale.seats = stadium_seats();
  sale.port = cluster.port();
  std::vector<std::thread> buyers;
  for (std::size_t i = 0; i < tokens.size(); ++i) buyers.emplace_back(buy_until_over, std::ref(sale), tokens[i], int(i));
  std::vector<std::string> drills;
  auto drill = [&](const std::string& what) { drills.push_back(what + ": " + cluster.script(what)); };
  std::this_thread::sleep_for(1500ms);
  drill("kill-instance 2");
  std::this_thread::sleep_for(1500ms);
  drill("restart-redis");
  std::this_thread::sleep_for(2s);
  drill("restart-postgres");
  std::this_thread::sleep_for(2s);
  drill("start-instance 2");
  std::this_thread::sleep_for(2s);
  sale.over = true;
  for (auto& t : buyers) t.join();
  for (const auto& d : drills) EXPECT_TRUE(d.ends_with("exit 0")) << d;
  std::this_thread::sleep_for(6s);  // holds run out (4 s), payments left open settle (1.5 s)

  const auto status = cluster.script("status");
  EXPECT_TRUE(status.ends_with("exit 0")) << status;
  EXPECT_EQ(status.find("NOT READY"), std::string::npos) << status;
  DatabaseReader db(cluster.reader_dir());
  expect_books_balance(db, cluster.ledger(), sale);
  // The seat map Redis rebuilt agrees with the database.
  const auto seats = http_get(cluster.port(), "/api/events/" + sale.slug + "/seats");
  ASSERT_EQ(seats.status, 200) << seats.body;
  const auto sold = db.number(
      "SELECT COUNT(*) FROM tickets t JOIN events e ON e.id = t.event_id WHERE e.slug = $1"
      " AND t.status IN ('confirmed','used')", {sale.slug});
  int sold_in_map = 0, held_in_map = 0;
  for (int i = 0; i < 765; ++i) {
    const int state = seat_state(seats, i);
    sold_in_map += state == 2;
    held_in_map += state == 1;
  }
  EXPECT_EQ(sold_in_map, sold);
  EXPECT_EQ(held_in_map, 0) << "every hold has run out";
}

}  // namespace tw::testing
