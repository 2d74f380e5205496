// Many threads hold, renew, release and check out at random on one small event, with time
// jumping forward so holds expire under their feet. Afterwards: no seat is in two live tickets,
// the inventory agrees with the database, and every approved charge has its order or a refund.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "app/run_task.h"
#include "async/worker_pool.h"
#include "auth/password.h"
#include "inventory/memory_inventory.h"
#include "services/booking.h"
#include "payments/simulated_gateway.h"
#include "services/booking.h"
#include "services/catalog.h"
#include "services/checkout.h"
#include "services/payments.h"
#include "store/sqlite/sqlite_stores.h"
#include "support/server_process.h"

namespace tw::services {
using app::run_task;

namespace {
core::Layout small_venue() {
  return {"Club", {}, {{"A", "Floor", "ga", 2, 30, 50'00, {}}, {"B", "Balcony", "bal", 2, 30, 30'00, {}}}};
}
}  // namespace

TEST(BookingStress, RandomTrafficNeverOversellsNorKeepsMoneyWithoutTickets) {
  ASSERT_TRUE(auth::init_crypto());
  const auto dir = testing::make_temp_dir();
  WorkerPool pool(4);
  core::ManualClock clock(1'900'000'000'000);
  auto stores = std::move(store::open_sqlite(dir + "/t.db", pool, clock)).value();
  ASSERT_TRUE(run_task(stores.database->migrate()).ok());
  core::EventDraft draft;
  draft.slug = "stress";
  draft.name = draft.artist = draft.venue = "Stress";
  draft.color = "#000000";
  draft.ticket_limit = 50;
  draft.starts_at = core::parse_iso8601("2030-01-01T20:00:00Z").value();
  auto event = run_task(stores.events->create_event(draft, small_venue()));
  ASSERT_TRUE(event.ok());
  constexpr int kThreads = 8, kOpsPerThread = 300, kUsers = 6;
  std::vector<std::int64_t> users;
  for (int i = 0; i < kUsers; ++i) {
    core::NewUser u{"u" + std::to_string(i) + "@example.com", "U", "x", core::Role::kUser};
    users.push_back(run_task(stores.accounts->create_user(u))->id);
  }

  inventory::MemoryInventory inventory;
  auto gateway = std::move(payments::SimulatedGateway::open(dir + "/ledger.db", pool, clock)).value();
  Catalog catalog(*stores.events, clock);
  BookingOptions options;
  options.hold_seconds = 30;
  SeatKeeper seats(*stores.booking, inventory, catalog, clock);
  Booking booking(*stores.booking, seats, catalog, clock, options);
  Payments payments(*stores.booking, *stores.tickets, seats, *gateway, clock);
  Checkout checkout(*stores.booking, seats, catalog, *gateway, payments, clock);
  auto map = run_task(catalog.find("stress", false));
  ASSERT_TRUE(map.ok());
  const int seat_count = map->seat_map->seat_count();

  std::atomic<int> holds_ok{0}, orders_ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(1234 + t);
      std::vector<std::pair<std::int64_t, std::string>> mine;  // (user, hold id)
      for (int op = 0; op < kOpsPerThread; ++op) {
        const int dice = static_cast<int>(rng() % 100);
        const auto user = users[rng() % users.size()];
        if (dice < 45 || mine.empty()) {
          std::vector<std::string> seats;
          for (int n = 1 + static_cast<int>(rng() % 3); n > 0; --n) {
            seats.push_back(map->seat_map->seat(static_cast<int>(rng() % seat_count)).id());
          }
          auto h = run_task(booking.hold(user, "stress", seats));
          if (h) mine.emplace_back(user, h->hold.id), ++holds_ok;
        } else if (dice < 55) {
          (void)run_task(booking.renew(mine.back().first, mine.back().second));  // may fail: expired
        } else if (dice < 65) {
          (void)run_task(booking.release(mine.back().first, mine.back().second));
          mine.pop_back();
        } else if (dice < 95) {
          const auto [u, id] = mine[rng() % mine.size()];
          payments::Card card{rng() % 5 == 0 ? "4000000000000002" : "4242424242424242", "12/39", "123", "U"};
          // Reused keys on purpose: replays must not charge twice.
          auto o = run_task(checkout.checkout(u, id, card, "k" + std::to_string(rng() % 400)));
          if (o && !o->replayed) ++orders_ok;
        } else {
          clock.advance_ms(static_cast<std::int64_t>(rng() % 20'000));
          ASSERT_TRUE(run_task(booking.expire_due()).ok());
        }
      }
    });
  }
  for (auto& th : threads) th.join();

  // 1. No seat in two live tickets (the unique index would have refused; check anyway).
  auto sold = run_task(stores.booking->sold_seats(event->id));
  ASSERT_TRUE(sold.ok());
  std::set<int> unique;
  for (const auto& s : *sold) unique.insert(s.seat_index);
  EXPECT_EQ(unique.size(), sold->size());
  EXPECT_GT(orders_ok.load(), 0);
  EXPECT_GT(holds_ok.load(), 0);

  // 2. The inventory agrees with the database about what is sold.
  auto availability = inventory.availability_now(event->id);
  ASSERT_TRUE(availability.ok());
  std::set<int> inventory_sold;
  for (int i = 0; i < seat_count; ++i) {
    if ((*availability->seats)[i] == inventory::SeatState::kSold) inventory_sold.insert(i);
  }
  EXPECT_EQ(inventory_sold, unique);

  // 3. Every approved charge has an order, or was refunded.
  int approved = 0;
  auto ledger = run_task(gateway->ledger());
  ASSERT_TRUE(ledger.ok());
  for (const auto& e : *ledger) {
    if (e.status != payments::ChargeStatus::kApproved) continue;
    ++approved;
    auto payment = run_task(stores.booking->find_payment(e.idempotency_key));  // our payment id is the key
    ASSERT_TRUE(payment.ok() && payment->has_value()) << "charge " << e.processor_id << " has no payment record";
    const bool has_order = !(*payment)->order_id.empty();
    const bool refunded = e.refunded_cents == e.amount;
    EXPECT_TRUE(has_order || refunded) << "charge " << e.processor_id << " kept money without tickets";
    EXPECT_FALSE(has_order && refunded) << "charge " << e.processor_id << " refunded yet ticketed";
  }
  EXPECT_GE(approved, orders_ok.load());
  std::printf("holds %d, orders %d, approved charges %d, seats sold %zu\n", holds_ok.load(), orders_ok.load(), approved,
              sold->size());
  gateway.reset();
  stores = {};
  std::filesystem::remove_all(dir);
}

}  // namespace tw::services
