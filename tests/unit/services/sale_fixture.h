#pragma once
// A whole sale on fakes: in-memory stores, the memory inventory, a fake card processor and a
// hand-driven clock; one small event ("Club": two rows of ten seats at $50 and two of ten at
// $30, ticket limit 6) and buyers on demand.
#include <gtest/gtest.h>

#include <memory>

#include "app/run_task.h"
#include "inventory/memory_inventory.h"
#include "services/booking.h"
#include "services/catalog.h"
#include "services/checkout.h"
#include "services/payments.h"
#include "services/seat_keeper.h"
#include "support/event_drafts.h"
#include "support/fake_gateway.h"
#include "support/memory_stores.h"
#include "support/store_wrappers.h"

namespace tw::services {
using app::run_task;

class SaleFixture : public ::testing::Test {
 protected:
  // `booking_store` lets a test put a wrapper (a failure) between the services and the stores.
  void SetUp() override { build(*stores_.booking); }

  void build(store::BookingStore& booking_store) {
    BookingOptions options;
    options.hold_seconds = 60;
    options.answer_holds_before_commit = answer_holds_before_commit_;
    seats_ = std::make_unique<SeatKeeper>(booking_store, inventory_, catalog_, clock_);
    booking_ = std::make_unique<Booking>(booking_store, *seats_, catalog_, clock_, options);
    PaymentsOptions po;
    po.settle_after_ms = 10'000;
    po.first_retry_ms = 1'000;
    po.max_refund_attempts = 3;
    payments_ = std::make_unique<Payments>(booking_store, *stores_.tickets, *seats_, gateway_, clock_, po);
    CheckoutOptions co;
    co.wait_for_twin_ms = 200;
    co.poll_ms = 1;
    checkout_ = std::make_unique<Checkout>(booking_store, *seats_, catalog_, gateway_, *payments_, clock_, co);
    if (event_id_ == 0) event_id_ = make_event("club", 6);
  }

  std::int64_t make_event(const std::string& slug, int ticket_limit) {
    const auto d = testing::event_draft(slug, "Club", ticket_limit);
    core::Layout layout{"Club", {}, {{"A", "Floor", "ga", 2, 10, 50'00, {0, 0, 0}}, {"B", "Balcony", "bal", 2, 10, 30'00, {0, 4, 0}}}};
    auto e = run_task(stores_.events->create_event(d, layout));
    EXPECT_TRUE(e.ok());
    return e->id;
  }

  std::int64_t buyer(const std::string& name) {
    auto u = run_task(stores_.accounts->create_user({name + "@example.com", name, "hash", core::Role::kUser}));
    EXPECT_TRUE(u.ok());
    return u->id;
  }

  HoldView hold(std::int64_t user, std::vector<std::string> seats) {
    auto h = run_task(booking_->hold(user, "club", std::move(seats)));
    EXPECT_TRUE(h.ok()) << (h.ok() ? "" : h.error().code + ": " + h.error().message);
    return h.ok() ? *h : HoldView{};
  }

  core::Result<OrderView> pay(std::int64_t user, const std::string& hold_id, const std::string& key,
                              const std::string& card = "4242 4242 4242 4242") {
    return run_task(checkout_->checkout(user, hold_id, payments::Card{card, "12/39", "123", "Fan"}, key));
  }

  inventory::SeatState state(int seat) {
    return inventory_.availability_now(event_id_)->seats->at(static_cast<std::size_t>(seat));
  }

  bool answer_holds_before_commit_ = false;  // set before build()

  std::vector<core::OutboxRow> outbox() { return run_task(stores_.outbox->outbox_after(0, 10'000)).value(); }
  int messages(const std::string& type) {
    int n = 0;
    for (const auto& r : outbox()) n += r.type == type;
    return n;
  }

  core::ManualClock clock_{1'900'000'000'000};
  store::Stores stores_ = testing::memory_stores(clock_);
  Catalog catalog_{*stores_.events, clock_};
  inventory::MemoryInventory inventory_;
  testing::FakeGateway gateway_;
  std::unique_ptr<SeatKeeper> seats_;
  std::unique_ptr<Booking> booking_;
  std::unique_ptr<Payments> payments_;
  std::unique_ptr<Checkout> checkout_;
  std::int64_t event_id_ = 0;
};

}  // namespace tw::services
