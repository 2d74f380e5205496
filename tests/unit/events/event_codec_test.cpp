#include "events/event_codec.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace tw::events {
namespace {
namespace json = boost::json;

std::vector<Event> one_of_each() {
  PaymentProcessed approved{"pay-1", 7, 10'010, core::PaymentState::kApproved};
  approved.order_id = "ord-1";
  approved.processor_id = "ch_1";
  PaymentProcessed declined{"pay-2", 7, 5'005, core::PaymentState::kDeclined};
  declined.hold_id = "hold-2";
  declined.decline_code = "insufficient_funds";
  declined.currency = "GBP";
  return {SeatLocked{42, "VIP-A-1", 7, "hold-1", 1'764'000'000'000},
          SeatReleased{42, "VIP-A-1", 7, "hold-1", ReleaseReason::kTimeout},
          TicketSold{"t-1", "ord-1", 42, "VIP-A-1", 7, 5'000, 5, 5'005},
          TicketSold{"t-3", "ord-3", 43, "VIP-A-1", 7, 150'000, 15'000, 165'000, "KRW"},
          approved,
          declined,
          OrderRefunded{"r-1", "pay-1", "t-1", 5'005, "cancelled by admin", core::RefundState::kFailed, "card closed"},
          TicketCancelled{"t-1", "ord-1", 42, "VIP-A-1", 7, "pay-1", "r-1", 5'005},
          TicketCheckedIn{"t-1", 42, "VIP-A-1", 7, "north gate", 1'764'000'100'000},
          TicketTransferred{"t-1", 42, "VIP-A-1", 7, 8, 1'764'000'200'000},
          TicketCancelled{"t-2", "ord-1", 42, "VIP-A-2", 7, "pay-1", "r-2", 5'005, "show_cancelled"},
          TicketCancelled{"t-3", "ord-3", 43, "VIP-A-1", 7, "pay-3", "r-3", 165'000, "ticket_cancelled", "KRW"},
          OrderRefunded{"r-3", "pay-3", "t-3", 165'000, "ticket_cancelled", core::RefundState::kSucceeded, "", "KRW"},
          ShowCancelled{42, "The singer is ill", 1},
          CancellationNotice{42, 7},
          ShowMoved{42, "2027-10-01T20:00:00+02:00", "2027-10-08T21:00:00+02:00", "Hall", "Arena", 1},
          EventCreated{42, "Audit Night", 1},
          EventChanged{42, "name,isActive", false, 1},
          UserChanged{7, "staff", std::nullopt, 1},
          UserChanged{7, "", true, 0},
          PricesChanged{42, "vip", 250'00, 300'00, 1},
          PricesChanged{43, "vip", 750'000, 800'000, 1, "KRW"},
          SeatsBlocked{42, "blk_1", {"F-A-1", "F-A-2"}, "production", "camera riser", 1'764'000'300'000, 1},
          SeatsBlocked{42, "blk_2", {"F-B-1"}, "sponsor", "", 0, 1},
          SeatsReleased{42, {"F-A-1"}, 1},
          SeatsReleased{42, {"F-A-2", "F-B-1"}, 0},
          TicketsIssued{42, "ord-9", 8, {"F-A-1", "F-A-2"}, "complimentary", 0, 1, "EUR"},
          TicketsIssued{43, "ord-10", 9, {"VIP-A-1"}, "box_office", 150'000, 1, "KRW"},
          CodesCreated{42, "bat-1", "Fan club", 100, 1, "tier vip", 0, 1},
          CodesCreated{42, "bat-2", "", 1, 4, "every seat", 50, 1},
          CodesRevoked{42, "bat-1", "code-7", 1, 1},
          CodesRevoked{42, "bat-1", "", 99, 1}};
}

TEST(EventCodec, EveryEventComesBackFromItsOutboxRowAsItWent) {
  for (const auto& event : one_of_each()) {
    const auto row = to_outbox_message(event);
    EXPECT_EQ(row.type, type_name(event));
    EXPECT_EQ(row.id.size(), 36u) << "a UUID";
    auto back = parse_event(row.type, row.payload);
    ASSERT_TRUE(back.ok()) << row.type << ": " << back.error().message;
    EXPECT_TRUE(*back == event) << row.type << " " << row.payload;
  }
}

TEST(EventCodec, RowsCarryTheVersionAndAKeyThatOrdersOneThingsEvents) {
  const auto seat = to_outbox_message(SeatLocked{42, "VIP-A-1", 7, "hold-1", 1});
  EXPECT_EQ(seat.key, "42-VIP-A-1");
  EXPECT_EQ(json::parse(seat.payload).at("v").as_int64(), kEventVersion);
  const auto payment = to_outbox_message(PaymentProcessed{"pay-9", 7, 100, core::PaymentState::kFailed});
  EXPECT_EQ(payment.key, "pay-9");
  const auto payload = json::parse(payment.payload).as_object();
  EXPECT_EQ(payload.at("status").as_string(), "failed");
  EXPECT_FALSE(payload.contains("orderId")) << "empty fields are left out";
}

TEST(EventCodec, WhatCannotBeReadIsAnErrorNotAGuess) {
  EXPECT_EQ(parse_event("seat_sneezed", R"({"v":1})").error().code, "unknown_event");
  EXPECT_EQ(parse_event("seat_locked", "not json").error().code, "bad_event");
  EXPECT_EQ(parse_event("seat_locked", R"({"eventId":1,"seatId":"A","userId":1,"holdId":"h","expiresAtMs":1})")
                .error()
                .code,
            "bad_event")
      << "no version";
  EXPECT_EQ(parse_event("seat_locked", R"({"v":2,"eventId":1,"seatId":"A","userId":1,"holdId":"h","expiresAtMs":1})")
                .error()
                .code,
            "newer_event")
      << "a newer version: a newer build reads it";
  EXPECT_EQ(parse_event("seat_locked", R"({"v":1,"eventId":"1","seatId":"A","userId":1,"holdId":"h","expiresAtMs":1})")
                .error()
                .code,
            "bad_event")
      << "a field of the wrong kind";
  EXPECT_EQ(parse_event("seat_released", R"({"v":1,"eventId":1,"seatId":"A","userId":1,"holdId":"h","reason":"x"})")
                .error()
                .code,
            "bad_event")
      << "a reason nobody gives";
}

}  // namespace
}  // namespace tw::events
