// What the audit trail and the sales figures make of each event (no I/O).
#include <gtest/gtest.h>

#include "events/audit_trail.h"
#include "events/event_codec.h"
#include "events/sales_figures.h"

namespace tw::events {
namespace {

DecodedEvent logged(Event event, std::int64_t sequence = 9, std::int64_t at_ms = 125'000) {
  auto row = to_outbox_message(event);
  return {{sequence, row.id, row.type, row.key, row.payload, at_ms}, std::move(event)};
}

TEST(SalesChange, EachSaleEventCountsInTheMinuteItWasLogged) {
  auto sold = sales_change(logged(TicketSold{"t", "o", 7, "A-1", 3, 10'00, 1'00, 11'00})).value();
  EXPECT_EQ(sold.sequence, 9);
  EXPECT_EQ(sold.event_id, 7);
  EXPECT_EQ(sold.minute_ms, 120'000) << "the start of the minute";
  EXPECT_EQ(sold.sold, 1);
  EXPECT_EQ(sold.revenue_cents, 11'00) << "what the buyer paid, fee included";
  auto cancelled = sales_change(logged(TicketCancelled{"t", "o", 7, "A-1", 3, "p", "r", 11'00})).value();
  EXPECT_EQ(cancelled.cancelled, 1);
  EXPECT_EQ(cancelled.revenue_cents, -11'00) << "the refund comes off the revenue";
  EXPECT_EQ(sales_change(logged(SeatLocked{7, "A-1", 3, "h", 0}))->held, 1);
  auto timeout = SeatReleased{7, "A-1", 3, "h", ReleaseReason::kTimeout};
  EXPECT_EQ(sales_change(logged(timeout))->released, 1);
}

TEST(SalesChange, PaymentsRefundsCheckInsAndTransfersChangeNoSalesFigure) {
  EXPECT_FALSE(sales_change(logged(PaymentProcessed{"p", 3, 11'00})));
  EXPECT_FALSE(sales_change(logged(OrderRefunded{"r", "p", "t", 11'00, "ticket_cancelled"})));
  EXPECT_FALSE(sales_change(logged(TicketCheckedIn{"t", 7, "A-1", 3, "North", 1})));
  EXPECT_FALSE(sales_change(logged(TicketTransferred{"t", 7, "A-1", 3, 4, 1})));
}

TEST(AuditEntry, SaysWhichShowAndAccountAnEventConcernsAndWhoActed) {
  auto sold = audit_entry(logged(TicketSold{"t", "o", 7, "A-1", 3, 10'00, 1'00, 11'00}, 12, 5'000));
  EXPECT_EQ(sold.sequence, 12);
  EXPECT_EQ(sold.type, "ticket_sold");
  EXPECT_EQ(sold.event_id, 7);
  EXPECT_EQ(sold.user_id, 3);
  EXPECT_EQ(sold.actor, "user");
  EXPECT_EQ(sold.at_ms, 5'000);
  EXPECT_NE(sold.payload.find("\"ticketId\":\"t\""), std::string::npos);
  EXPECT_EQ(audit_entry(logged(SeatReleased{7, "A-1", 3, "h", ReleaseReason::kTimeout})).actor, "system");
  EXPECT_EQ(audit_entry(logged(SeatReleased{7, "A-1", 3, "h", ReleaseReason::kReleased})).actor, "user");
  EXPECT_EQ(audit_entry(logged(TicketCancelled{"t", "o", 7, "A-1", 3, "p", "r", 1})).actor, "admin");
  EXPECT_EQ(audit_entry(logged(TicketCheckedIn{"t", 7, "A-1", 3, "North 1", 1})).actor, "gate:North 1");
  EXPECT_EQ(audit_entry(logged(OrderRefunded{"r", "p", "", 1, "order_not_completed"})).actor, "system");
  auto given = audit_entry(logged(TicketTransferred{"t", 7, "A-1", 3, 4, 1}));
  EXPECT_EQ(given.user_id, 3) << "the giver acted";
  auto paid = audit_entry(logged(PaymentProcessed{"p", 3, 11'00}));
  EXPECT_EQ(paid.event_id, 0) << "a payment names no show";
  EXPECT_EQ(paid.user_id, 3);
}

}  // namespace
}  // namespace tw::events
