#include "services/checkout.h"

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/ids.h"
#include "core/error_codes.h"
#include "payments/card.h"
#include "async/log.h"
#include "services/sale_messages.h"
#include "services/sale_metrics.h"

namespace tw::services {
using core::Result;
using payments::ChargeStatus;
using core::PaymentState;

namespace {

core::Error declined(std::string_view code) {
  if (code == "insufficient_funds") {
    return {core::ErrorKind::kPaymentFailed, "insufficient_funds",
            "The card has insufficient funds; your seats are still held"};
  }
  if (code == "processor_error") {
    return core::unavailable("processor_error",
                             "The payment processor had an error; nothing was charged and your seats are still held");
  }
  return {core::ErrorKind::kPaymentFailed, "card_declined", "The card was declined; your seats are still held"};
}

// A payment that failed without a decline: the processor never charged it (it never heard of it,
// as the reconciler found after a crash, or it refused the request). Not "declined": the card may
// be fine. The key stays with this payment, so paying again takes a new key.
core::Error failed_payment(std::string_view code) {
  if (code == "processor_error") return declined(code);
  return core::conflict("payment_not_completed",
                        "This payment did not complete and nothing was charged. This Idempotency-Key belongs to "
                        "it for good: to pay, check out again with a new key");
}

core::Error refunded_key() {
  return core::conflict("payment_refunded",
                        "This payment was refunded because the order could not be completed; nothing was charged. "
                        "Start a new checkout to try again");
}

core::Error outcome_unknown() {
  return core::unavailable("payment_pending",
                           "We could not confirm your order yet. Check your orders in a minute: if it did not go "
                           "through, the payment is refunded automatically");
}

Task<void> pause(std::int64_t ms) {
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, std::chrono::milliseconds(ms));
  co_await timer.async_wait(boost::asio::use_awaitable);
}

}  // namespace

Checkout::Checkout(store::BookingStore& store, SeatKeeper& seats, Catalog& catalog, payments::PaymentGateway& gateway,
                   Payments& payments, const core::Clock& clock, CheckoutOptions options)
    : store_(store),
      seats_(seats),
      catalog_(catalog),
      gateway_(gateway),
      payments_(payments),
      clock_(clock),
      options_(options) {}

Task<Result<OrderView>> Checkout::replay(const std::string& order_id) {
  auto order = co_await store_.find_order(order_id);
  if (!order) co_return order.error();
  if (!order->has_value()) co_return core::internal("payment names order " + order_id + ", which is missing");
  auto event = co_await catalog_.find_cached_by_id((*order)->event_id);
  co_return OrderView{std::move(**order), event ? event->listing.event.slug : "",
                     event ? event->listing.event.currency : "", true};
}

Task<Result<OrderView>> Checkout::outcome_of(core::PaymentRecord p) {
  // Real time, not the domain's clock: this is how long a request waits, not a business rule.
  const auto give_up_at = std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.wait_for_twin_ms);
  for (;;) {
    if (!p.order_id.empty()) co_return co_await replay(p.order_id);
    if (p.state == PaymentState::kDeclined) co_return declined(p.decline_code);
    if (p.state == PaymentState::kFailed) co_return failed_payment(p.decline_code);
    if (p.state == PaymentState::kRefunded) co_return refunded_key();
    // Pending, or approved and committing: another request with this key is paying right now.
    if (std::chrono::steady_clock::now() >= give_up_at) co_return outcome_unknown();
    co_await pause(options_.poll_ms);
    auto again = co_await store_.find_payment(p.id);
    if (!again) co_return again.error();
    if (!again->has_value()) co_return core::internal("payment " + p.id + " vanished");
    p = std::move(**again);
  }
}

Task<Result<OrderView>> Checkout::unless_twin(core::Error refusal, std::int64_t user_id, const std::string& key) {
  auto twin = co_await store_.find_payment_by_key(user_id, key);
  if (!twin) co_return twin.error();
  if (twin->has_value()) co_return co_await outcome_of(std::move(**twin));
  co_return refusal;
}

Task<Result<OrderView>> Checkout::checkout(std::int64_t user_id, std::string hold_id, payments::Card card,
                                           std::string key) {
  auto answer = co_await attempt(user_id, std::move(hold_id), std::move(card), std::move(key));
  sale_metrics::checkout_answered(answer ? std::string_view("paid") : std::string_view(answer.error().code));
  co_return answer;
}

Task<Result<OrderView>> Checkout::attempt(std::int64_t user_id, std::string hold_id, payments::Card card,
                                          std::string key) {
  if (key.empty() || key.size() > 200) {
    co_return core::invalid("missing_idempotency_key", "Send an Idempotency-Key header of 1-200 characters");
  }
  // No look-up of the key first: the store keeps one payment per key, so a repeated request
  // meets its twin where its card is refused, where its hold is already sold or released, or
  // where its payment's insert collides, and answers with the twin's outcome there; a first
  // attempt (nearly every one) saves a round trip to the database.
  if (auto st = payments::validate_card(card, clock_); !st) {
    co_return co_await unless_twin(st.error(), user_id, key);
  }
  auto hold = co_await seats_.hold_to_pay(user_id, hold_id);
  if (!hold) co_return hold.error();
  const auto status = hold->status;
  if (status == core::HoldStatus::kSold) {
    co_return co_await unless_twin(core::conflict("hold_already_sold", "This hold has been paid for already"), user_id,
                                   key);
  }
  if (status == core::HoldStatus::kReleased) {
    co_return co_await unless_twin(core::conflict("hold_released", "This hold was released"), user_id, key);
  }
  auto event = co_await event_naming(*hold);
  if (!event) co_return event.error();
  if (event->listing.event.cancelled_at != 0) {
    // The catalogue's copy may be a second old: a ticket sold past this check is cancelled and
    // refunded by the show's cancellation all the same.
    co_return core::conflict("show_cancelled", "This show has been cancelled; nothing was charged");
  }
  // Priced once: at the prices the seats were held at (an organiser's price change since leaves
  // them), checked against a layout that has every seat (a copy from before a new layout left
  // out the seats it lacks).
  const auto price = price_hold(*event->seat_map, *hold);
  const HoldView view{std::move(hold).value(), event->listing.event.slug, event->listing.event.currency, price, 0};
  co_return co_await pay(view, *event, std::move(card), std::move(key));
}

// The event with a seat map that has every seat of the hold. The catalogue's copy may be from
// before an organiser replaced the layout (another server did, a moment ago): then the event is
// read afresh. kConflict "layout_changed" when the layout now lacks a seat of the hold.
Task<Result<EventWithMap>> Checkout::event_naming(const core::HoldRecord& h) {
  const auto names_every_seat = [&](const EventWithMap& e) {
    return std::all_of(h.seat_ids.begin(), h.seat_ids.end(), [&](const auto& id) { return e.seat_map->index_of(id); });
  };
  auto event = co_await catalog_.find_cached_by_id(h.event_id);
  if (!event || names_every_seat(*event)) co_return event;
  event = co_await catalog_.find_by_id(h.event_id);
  if (!event || names_every_seat(*event)) co_return event;
  co_return core::conflict(std::string(core::codes::kLayoutChanged),
                           "The seat map of this show changed and no longer has every seat of this hold; nothing "
                           "was charged. Please choose your seats again");
}

Task<Result<OrderView>> Checkout::pay(const HoldView& view, const EventWithMap& event, payments::Card card,
                                      std::string key) {
  const auto& h = view.hold;
  if (auto st = co_await seats_.keep_for_payment(h, event); !st) {
    co_return co_await unless_twin(st.error(), h.user_id, key);
  }
  const auto now = clock_.now_ms();
  core::PaymentRecord payment{.id = core::new_uuid(),
                               .user_id = h.user_id,
                               .idempotency_key = key,
                               .hold_id = h.id,
                               .event_id = h.event_id,
                               .amount = view.price.total,
                               .state = PaymentState::kPending,
                               .created_at_ms = now,
                               .updated_at_ms = now,
                               .currency = event.listing.event.currency};
  if (auto st = co_await store_.insert_payment(payment); !st) {
    if (st.error().code == core::codes::kPaymentInProgress) {
      // Another payment of this hold is open: its own twin (this key again) waits for it, any other
      // key is refused before its card is charged.
      co_return co_await unless_twin(
          core::conflict(std::string(core::codes::kPaymentInProgress),
                         "Another payment for this hold is already under way; nothing was charged for this one. "
                         "Wait for that payment's answer, or check your orders"),
          h.user_id, key);
    }
    if (st.error().code != core::codes::kPaymentExists) co_return st.error();
    // The same key raced us here: its payment decides.
    auto twin = co_await store_.find_payment_by_key(h.user_id, key);
    if (!twin) co_return twin.error();
    if (!twin->has_value()) co_return core::internal("payment for key vanished");
    co_return co_await outcome_of(std::move(**twin));
  }
  payments::ChargeRequest request{payment.id, payment.amount, event.listing.event.currency, std::move(card),
                                  "TicketWar order for " + event.listing.event.name};
  const auto asked = std::chrono::steady_clock::now();
  auto charge = co_await gateway_.charge(std::move(request));
  sale_metrics::processor_answered(std::chrono::duration<double>(std::chrono::steady_clock::now() - asked).count());
  if (!charge) {
    // Unknown outcome (the processor did not answer): the payment stays pending and the
    // reconciler asks the processor later; a charge that happened after all is refunded.
    if (charge.error().kind == core::ErrorKind::kUnavailable) co_return outcome_unknown();
    payment.state = PaymentState::kFailed;
    payment.decline_code = charge.error().code;
    std::vector<core::OutboxMessage> messages{payment_message(payment)};
    if (auto st = co_await store_.move_payment(payment, PaymentState::kPending, std::move(messages)); !st) {
      log_problem("payment record failed", st.error(), payment.id);
    }
    co_return charge.error();
  }
  payment.processor_id = charge->processor_id;
  if (charge->status != ChargeStatus::kApproved) {
    payment.state = charge->status == ChargeStatus::kProcessorError ? PaymentState::kFailed : PaymentState::kDeclined;
    payment.decline_code = payments::charge_status_name(charge->status);
    std::vector<core::OutboxMessage> messages{payment_message(payment)};
    if (auto st = co_await store_.move_payment(payment, PaymentState::kPending, std::move(messages)); !st) {
      co_return st.error();
    }
    co_return declined(payment.decline_code);
  }
  co_return co_await finish(std::move(payment), *charge, view, event);
}

// Commits the paid order. A refusal (a seat sold meanwhile, the hold released) gives the whole
// charge back, recorded; an unknown outcome (the database did not answer) is left to the
// reconciler, which refunds it only if no order committed.
Task<Result<OrderView>> Checkout::finish(core::PaymentRecord payment, const payments::Charge& charge,
                                         const HoldView& view, const EventWithMap& event) {
  const auto& h = view.hold;
  const auto& map = *event.seat_map;
  const auto now = clock_.now_seconds();
  core::OrderRecord order{.id = core::new_uuid(),
                          .user_id = h.user_id,
                          .event_id = h.event_id,
                          .hold_id = h.id,
                          .idempotency_key = payment.idempotency_key,
                          .subtotal = view.price.subtotal,
                          .fee = view.price.fee,
                          .total = view.price.total,
                          .payment_id = payment.id,
                          .status = core::OrderStatus::kConfirmed,
                          .created_at = now};
  const auto prices = held_prices(map, h);
  for (std::size_t i = 0; i < h.seat_ids.size(); ++i) {
    const int index = *map.index_of(h.seat_ids[i]);
    const auto price = prices[i];
    const auto fee = view.price.seat_fees[i];
    // The first code is issued at purchase (the stores write the same issue time).
    order.tickets.push_back({core::new_uuid(), order.id, h.user_id, h.event_id, index, h.seat_ids[i], price, fee,
                             price + fee, core::TicketStatus::kConfirmed, now, now * 1000});
  }
  payment.order_id = order.id;
  auto messages = order_messages(order, payment);
  auto committed = co_await store_.commit_order(order, charge.processor_id, std::move(messages));
  if (committed) {
    co_await seats_.sold(order);
    co_return OrderView{std::move(order), event.listing.event.slug, event.listing.event.currency, false};
  }
  const auto& why = committed.error();
  if (why.kind != core::ErrorKind::kConflict) co_return outcome_unknown();
  payment.order_id.clear();
  auto refund = co_await payments_.refund_unordered(payment);
  if (!refund) log_problem("refund could not be recorded", refund.error(), payment.id);
  co_await seats_.payment_abandoned(h.event_id, h.id);
  if (why.code == core::codes::kSeatSold) {
    co_return core::conflict("seats_sold", "Those seats were sold to someone else; your payment was refunded");
  }
  if (why.code == core::codes::kHoldNotActive) {
    co_return core::conflict("hold_not_active", "This hold was released or sold meanwhile; your payment was refunded");
  }
  if (why.code == core::codes::kLayoutChanged) {
    // The catalogue's copy placed the seats by the old layout: read it afresh for the next try.
    if (auto fresh = co_await catalog_.find_by_id(h.event_id); !fresh) log_problem("event not read", fresh.error(), h.id);
    co_return core::conflict(std::string(core::codes::kLayoutChanged),
                             "The seat map of this show changed while you paid; your payment was refunded. "
                             "Please choose your seats again");
  }
  co_return core::conflict(why.code, why.message + "; your payment was refunded");
}

Task<Result<OrderView>> Checkout::get_order(std::int64_t user_id, std::string order_id) {
  auto found = co_await store_.find_order(std::move(order_id));
  if (!found) co_return found.error();
  if (!found->has_value() || (*found)->user_id != user_id) co_return core::not_found("order_not_found", "No such order");
  auto event = co_await catalog_.find_cached_by_id((*found)->event_id);
  co_return OrderView{std::move(**found), event ? event->listing.event.slug : "",
                     event ? event->listing.event.currency : "", false};
}

}  // namespace tw::services
