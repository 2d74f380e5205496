#pragma once
// JSON shapes of holds, orders, tickets and seat availability (documented in docs/api.md).
#include <map>
#include <string>

#include "services/catalog.h"
#include "services/hold_view.h"
#include "services/checkout.h"
#include "services/payments.h"

namespace tw::api {

// With `show` (the hold's or order's event), also what is being bought in words: "show" (the
// event as the catalogue lists it) and each seat's label ("VIP Floor · Row A · Seat 12"):
// "seatLabels" of a hold, "seatLabel" of each ticket of an order. The pages a fan reads get it;
// the hold and pay answers of a flash sale stay lean.
std::string hold_json(const services::HoldView& h, const services::EventWithMap* show = nullptr);
std::string order_json(const services::OrderView& o, const services::EventWithMap* show = nullptr);
// The events of some tickets, by id, so each ticket can show its event and seat.
using TicketEvents = std::map<std::int64_t, services::EventWithMap>;
std::string tickets_json(const std::vector<core::TicketRecord>& tickets, const TicketEvents& events);
// {"tickets":[…]}: each ticket as tickets_json has it, with "buyer": {"id","name","email"}.
std::string sold_tickets_json(const std::vector<core::SoldTicket>& sold, const TicketEvents& events);
// Where the holder of a usable ticket adds it to a wallet (empty: not offered by this site).
struct WalletLinks {
  std::string apple_pass;
  std::string google_link;
};
// `code`: the ticket's signed code, shown to its holder only, with `wallets` and the transfer
// waiting to be claimed (`pending`), if any.
std::string ticket_json(const core::TicketRecord& t, const TicketEvents& events, std::string_view code = {},
                        const WalletLinks& wallets = {}, const core::TicketOffer* pending = nullptr);
// {"eventId","version","seatCount","encoding","states"}: two bits per seat (0 available,
// 1 held, 2 sold), four seats per byte, first seat in the lowest bits, base64.
std::string seats_json(std::int64_t event_id, std::uint64_t version, const std::vector<inventory::SeatState>& states);
std::string refund_json(const core::RefundRecord& r);
std::string refunds_json(const std::vector<core::RefundRecord>& refunds);
// A cancelled ticket with its refund (whose state says whether the money went back).
std::string cancelled_ticket_json(const services::CancelledTicket& c);
std::string pack_states(const std::vector<inventory::SeatState>& states);

}  // namespace tw::api
