// An organiser's price change (issue 33, item 5): seats held before it keep the price they were
// held at, through checkout to the tickets; new holds pay the new price; the change is recorded
// once for the audit trail.
#include <boost/json.hpp>

#include "unit/services/sale_fixture.h"

namespace tw::services {
namespace {

class PriceChanges : public SaleFixture {
 protected:
  core::Result<EventWithMap> change(const std::string& tier, core::Cents cents) {
    return run_task(catalog_.change_price(event_id_, tier, cents, 7));
  }
};

TEST_F(PriceChanges, AHeldSeatKeepsItsPriceThroughCheckoutAndANewHoldPaysTheNewOne) {
  const auto fan = buyer("early");
  const auto held = hold(fan, {"A-B-1"});  // the floor's back row: $50.00
  ASSERT_EQ(held.price.subtotal, 50'00);
  ASSERT_TRUE(change("ga", 80'00).ok());

  auto seen = run_task(booking_->get_hold(fan, held.hold.id));
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->price.subtotal, 50'00) << "the hold shows the price it was made at";
  auto order = pay(fan, held.hold.id, "k1");
  ASSERT_TRUE(order.ok()) << order.error().message;
  EXPECT_EQ(order->order.subtotal, 50'00);
  ASSERT_EQ(order->order.tickets.size(), 1u);
  EXPECT_EQ(order->order.tickets[0].price, 50'00);
  auto charge = run_task(gateway_.find_charge(order->order.payment_id));
  ASSERT_TRUE(charge.ok() && charge->has_value());
  EXPECT_EQ((*charge)->amount, order->order.total) << "charged what the hold showed";

  const auto later = hold(buyer("late"), {"A-B-2"});
  EXPECT_EQ(later.price.subtotal, 80'00);
  EXPECT_EQ(hold(buyer("front"), {"A-A-1"}).price.subtotal, 88'00) << "rows nearer the stage add 10 %";
}

TEST_F(PriceChanges, TheChangeIsRecordedOnceWithWhoMadeItAndTheSamePriceRecordsNothing) {
  ASSERT_TRUE(change("bal", 30'00).ok());
  EXPECT_EQ(messages("prices_changed"), 0);
  ASSERT_TRUE(change("bal", 35'00).ok());
  ASSERT_EQ(messages("prices_changed"), 1);
  for (const auto& r : outbox()) {
    if (r.type != "prices_changed") continue;
    const auto p = boost::json::parse(r.payload).as_object();
    EXPECT_EQ(p.at("tier"), "bal");
    EXPECT_EQ(p.at("beforeCents"), 30'00);
    EXPECT_EQ(p.at("afterCents"), 35'00);
    EXPECT_EQ(p.at("byUserId"), 7);
  }
  auto event = run_task(catalog_.find_by_id(event_id_));
  ASSERT_TRUE(event.ok());
  EXPECT_EQ(event->listing.price_from, 35'00) << "the listing's 'from' price follows";
}

TEST_F(PriceChanges, AnUnknownTierABadPriceOrAnUnknownShowIsRefused) {
  EXPECT_EQ(change("vip", 10'00).error().code, "tier_not_found");
  EXPECT_EQ(change("ga", 0).error().code, "bad_price");
  EXPECT_EQ(run_task(catalog_.change_price(event_id_ + 1000, "ga", 10'00, 7)).error().code, "event_not_found");
  EXPECT_EQ(messages("prices_changed"), 0);
}

}  // namespace
}  // namespace tw::services
