#include "services/booking.h"

#include <algorithm>
#include <cstdio>
#include <boost/json.hpp>

#include "auth/ids.h"
#include "core/pricing.h"

namespace tw::services {
using core::Result;
using core::Status;
namespace json = boost::json;

namespace {

core::Error hold_not_found() { return core::not_found("hold_not_found", "No such hold"); }

core::Error unprocessable(std::string code, std::string message) {
  return {core::ErrorKind::kUnprocessable, std::move(code), std::move(message)};
}

std::string payload(json::object o) { return json::serialize(o); }

const char* charge_status_name(payments::ChargeStatus s) {
  switch (s) {
    case payments::ChargeStatus::kApproved: return "approved";
    case payments::ChargeStatus::kDeclined: return "declined";
    case payments::ChargeStatus::kInsufficientFunds: return "insufficient_funds";
    case payments::ChargeStatus::kProcessorError: return "processor_error";
  }
  return "declined";
}

core::Error payment_failed(payments::ChargeStatus s) {
  switch (s) {
    case payments::ChargeStatus::kInsufficientFunds:
      return {core::ErrorKind::kPaymentFailed, "insufficient_funds",
              "The card has insufficient funds; your seats are still held"};
    case payments::ChargeStatus::kProcessorError:
      return {core::ErrorKind::kUnavailable, "processor_error",
              "The payment processor had an error; nothing was charged and your seats are still held"};
    default:
      return {core::ErrorKind::kPaymentFailed, "card_declined", "The card was declined; your seats are still held"};
  }
}

}  // namespace

Priced price_seats(const core::SeatMap& map, const std::vector<std::string>& seat_ids) {
  Priced p;
  for (const auto& id : seat_ids) {
    if (auto i = map.index_of(id)) p.subtotal += map.seat(*i).row->price;
  }
  p.fee = core::service_fee(p.subtotal);
  p.total = p.subtotal + p.fee;
  return p;
}

Booking::Booking(store::Store& store, inventory::Inventory& inventory, Catalog& catalog,
                 payments::PaymentGateway& gateway, const core::Clock& clock, BookingOptions options)
    : store_(store), inventory_(inventory), catalog_(catalog), gateway_(gateway), clock_(clock), options_(options) {}

int Booking::hold_seconds_for(const core::Event& e) const { return e.hold_seconds.value_or(options_.hold_seconds); }

std::vector<store::OutboxMessage> Booking::seat_messages(const char* type, const store::HoldRecord& h,
                                                         const char* reason) const {
  std::vector<store::OutboxMessage> out;
  for (const auto& seat : h.seat_ids) {
    json::object o{{"eventId", h.event_id}, {"seatId", seat}, {"userId", h.user_id}, {"holdId", h.id}};
    if (reason) o["reason"] = reason;
    if (std::string_view(type) == "seat_locked") o["expiresAtMs"] = h.expires_at_ms;
    out.push_back({auth::new_uuid(), type, std::to_string(h.event_id) + "-" + seat, payload(std::move(o))});
  }
  return out;
}

// Loads an event's sold seats into the inventory the first time the event is used.
Task<Status> Booking::ensure_open(std::int64_t event_id, int seat_count) {
  {
    std::lock_guard lock(mu_);
    if (open_events_.count(event_id)) co_return core::Ok{};
  }
  auto sold = co_await store_.sold_seats(event_id);
  if (!sold) co_return sold.error();
  if (auto st = co_await inventory_.open_event(event_id, seat_count, std::move(*sold)); !st) co_return st;
  std::lock_guard lock(mu_);
  open_events_.insert(event_id);
  co_return core::Ok{};
}

Task<Result<int>> Booking::bought(std::int64_t event_id, std::int64_t user_id) {
  const auto key = std::make_pair(event_id, user_id);
  {
    std::lock_guard lock(mu_);
    if (auto it = bought_.find(key); it != bought_.end()) co_return it->second;
  }
  auto n = co_await store_.live_tickets_of(event_id, user_id);
  if (!n) co_return n.error();
  std::lock_guard lock(mu_);
  co_return bought_.try_emplace(key, *n).first->second;
}

Task<Result<EventWithMap>> Booking::event_by_id(std::int64_t event_id) {
  co_return co_await catalog_.find_cached_by_id(event_id);
}

Task<Result<SeatsView>> Booking::seats(std::string slug) {
  auto event = co_await catalog_.find_cached(std::move(slug));
  if (!event) co_return event.error();
  const auto& e = event->listing.event;
  if (auto st = co_await ensure_open(e.id, event->seat_map->seat_count()); !st) co_return st.error();
  auto availability = co_await inventory_.availability(e.id);
  if (!availability) co_return availability.error();
  co_return SeatsView{e.id, std::move(availability).value()};
}

Task<Result<HoldView>> Booking::hold(std::int64_t user_id, std::string slug, std::vector<std::string> seat_ids) {
  auto event = co_await catalog_.find_cached(std::move(slug));
  if (!event) co_return event.error();
  const auto& e = event->listing.event;
  const auto& map = *event->seat_map;
  std::sort(seat_ids.begin(), seat_ids.end());
  seat_ids.erase(std::unique(seat_ids.begin(), seat_ids.end()), seat_ids.end());
  if (seat_ids.empty()) co_return core::invalid("no_seats", "Choose at least one seat");
  if (static_cast<int>(seat_ids.size()) > options_.max_seats_per_hold) {
    co_return unprocessable("too_many_seats",
                            "At most " + std::to_string(options_.max_seats_per_hold) + " seats per hold");
  }
  if (e.on_sale_at && clock_.now_seconds() < e.on_sale_at->utc_seconds) {
    co_return unprocessable("not_on_sale_yet", "Tickets go on sale at " + core::format_iso8601(*e.on_sale_at));
  }
  std::vector<int> indexes;
  for (const auto& id : seat_ids) {
    const auto i = map.index_of(id);
    if (!i) co_return core::invalid("unknown_seat", "There is no seat '" + id.substr(0, 40) + "' at this event");
    indexes.push_back(*i);
  }
  if (auto st = co_await ensure_open(e.id, map.seat_count()); !st) co_return st.error();
  auto held = co_await inventory_.held_by_user(e.id, user_id);
  if (!held) co_return held.error();
  auto bought = co_await this->bought(e.id, user_id);
  if (!bought) co_return bought.error();
  if (*held + *bought + static_cast<int>(indexes.size()) > e.ticket_limit) {
    co_return unprocessable("ticket_limit", "This event allows " + std::to_string(e.ticket_limit) +
                                                " seats per account; you have " + std::to_string(*held + *bought) +
                                                " held or bought");
  }
  const auto now = clock_.now_ms();
  store::HoldRecord record{auth::new_uuid(), e.id, user_id, seat_ids, "active", 0, now,
                           now + hold_seconds_for(e) * 1000LL};
  inventory::HoldRequest request{e.id, record.id, user_id, indexes, record.expires_at_ms};
  auto outcome = co_await inventory_.hold(std::move(request));
  if (!outcome) co_return outcome.error();
  if (!outcome->held) {
    std::string taken;
    for (int i : outcome->unavailable) taken += (taken.empty() ? "" : ", ") + map.seat(i).id();
    core::Error err = core::conflict("seats_unavailable", "Someone else has these seats: " + taken);
    co_return err;
  }
  if (auto st = co_await store_.save_hold(record, seat_messages("seat_locked", record, nullptr)); !st) {
    co_await inventory_.release(e.id, record.id);
    co_return st.error();
  }
  const int renewals_left = options_.max_renewals;
  co_return HoldView{std::move(record), e.slug, price_seats(map, seat_ids), renewals_left};
}

Task<Result<HoldView>> Booking::hold_best(std::int64_t user_id, std::string slug, core::BestSeatsRequest request) {
  if (request.count < 1) co_return core::invalid("no_seats", "Ask for at least one seat");
  if (request.count > options_.max_seats_per_hold) {
    co_return unprocessable("too_many_seats",
                            "At most " + std::to_string(options_.max_seats_per_hold) + " seats per hold");
  }
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto view = co_await seats(slug);
    if (!view) co_return view.error();
    auto event = co_await catalog_.find_cached(slug);
    if (!event) co_return event.error();
    std::vector<bool> free;
    free.reserve(view->availability.seats.size());
    for (auto s : view->availability.seats) free.push_back(s == inventory::SeatState::kAvailable);
    const auto best = core::best_seats(*event->seat_map, free, request);
    if (!best) {
      co_return core::conflict("no_seats_together",
                               "There are no " + std::to_string(request.count) + " seats together left there");
    }
    std::vector<std::string> ids;
    for (int i : *best) ids.push_back(event->seat_map->seat(i).id());
    auto held = co_await hold(user_id, slug, std::move(ids));
    // Someone took them between the snapshot and the hold: look again.
    if (!held && held.error().code == "seats_unavailable") continue;
    co_return held;
  }
  co_return core::conflict("seats_unavailable", "Seats are selling fast; please try again");
}

Task<Result<HoldView>> Booking::owned_hold(std::int64_t user_id, const std::string& hold_id) {
  auto found = co_await store_.find_hold(hold_id);
  if (!found) co_return found.error();
  // Someone else's hold is "not found", so hold ids cannot be probed.
  if (!found->has_value() || (*found)->user_id != user_id) co_return hold_not_found();
  auto event = co_await event_by_id((*found)->event_id);
  if (!event) co_return event.error();
  auto& h = **found;
  if (h.status == "active" && h.expires_at_ms <= clock_.now_ms()) h.status = "expired";
  const auto price = price_seats(*event->seat_map, h.seat_ids);
  co_return HoldView{std::move(h), event->listing.event.slug, price, std::max(0, options_.max_renewals - h.renewals)};
}

Task<Result<HoldView>> Booking::get_hold(std::int64_t user_id, std::string hold_id) {
  co_return co_await owned_hold(user_id, hold_id);
}

Task<Result<HoldView>> Booking::renew(std::int64_t user_id, std::string hold_id) {
  auto view = co_await owned_hold(user_id, hold_id);
  if (!view) co_return view;
  auto& h = view->hold;
  if (h.status != "active") co_return core::conflict("hold_not_active", "This hold is " + h.status);
  if (h.renewals >= options_.max_renewals) {
    co_return unprocessable("renewal_limit", "This hold cannot be renewed again");
  }
  auto event = co_await event_by_id(h.event_id);
  if (!event) co_return event.error();
  const auto now = clock_.now_ms();
  const auto cap = h.created_at_ms + options_.max_hold_total_seconds * 1000LL;
  const auto expires = std::min(now + hold_seconds_for(event->listing.event) * 1000LL, cap);
  if (expires <= h.expires_at_ms) co_return unprocessable("renewal_limit", "This hold is at its longest already");
  if (auto st = co_await inventory_.extend(h.event_id, h.id, expires); !st) co_return st.error();
  h.expires_at_ms = expires;
  ++h.renewals;
  if (auto st = co_await store_.save_hold(h, {}); !st) co_return st.error();
  view->renewals_left = options_.max_renewals - h.renewals;
  co_return view;
}

Task<Status> Booking::release(std::int64_t user_id, std::string hold_id) {
  auto view = co_await owned_hold(user_id, hold_id);
  if (!view) co_return view.error();
  auto& h = view->hold;
  if (h.status != "active") co_return core::conflict("hold_not_active", "This hold is " + h.status);
  if (auto st = co_await inventory_.release(h.event_id, h.id); !st) co_return st;
  h.status = "released";
  co_return co_await store_.save_hold(h, seat_messages("seat_released", h, "released"));
}

Task<Result<int>> Booking::expire_due() {
  auto expired = co_await inventory_.take_expired(clock_.now_ms());
  if (!expired) co_return expired.error();
  for (const auto& x : *expired) {
    auto found = co_await store_.find_hold(x.hold_id);
    if (!found) co_return found.error();
    if (!found->has_value() || (*found)->status != "active") continue;
    auto h = std::move(**found);
    h.status = "expired";
    if (auto st = co_await store_.save_hold(h, seat_messages("seat_released", h, "timeout")); !st) co_return st.error();
  }
  co_return static_cast<int>(expired->size());
}

Task<Status> Booking::restore() {
  auto holds = co_await store_.active_holds();
  if (!holds) co_return holds.error();
  const auto now = clock_.now_ms();
  for (auto& h : *holds) {
    auto event = co_await event_by_id(h.event_id);
    if (!event) co_return event.error();
    if (auto st = co_await ensure_open(h.event_id, event->seat_map->seat_count()); !st) co_return st;
    std::vector<int> indexes;
    for (const auto& id : h.seat_ids) {
      if (auto i = event->seat_map->index_of(id)) indexes.push_back(*i);
    }
    if (h.expires_at_ms > now) {
      inventory::HoldRequest again{h.event_id, h.id, h.user_id, indexes, h.expires_at_ms};
      auto back = co_await inventory_.hold(std::move(again));
      if (back && back->held) continue;
    }
    h.status = "expired";
    if (auto st = co_await store_.save_hold(h, seat_messages("seat_released", h, "timeout")); !st) co_return st;
  }
  co_return core::Ok{};
}

// Makes sure the hold's seats are ours while the card is charged: a live hold is extended to
// cover the payment; an expired one is taken again if its seats are still free.
Task<Status> Booking::secure_seats_for_checkout(const store::HoldRecord& h, const core::SeatMap& map) {
  const auto until = clock_.now_ms() + options_.checkout_grace_ms;
  if (h.status == "active" && h.expires_at_ms > clock_.now_ms()) {
    auto st = co_await inventory_.extend(h.event_id, h.id, std::max(until, h.expires_at_ms));
    if (st) co_return st;
  }
  std::vector<int> indexes;
  for (const auto& id : h.seat_ids) indexes.push_back(*map.index_of(id));
  inventory::HoldRequest request{h.event_id, h.id, h.user_id, indexes, until};
  auto again = co_await inventory_.hold(std::move(request));
  if (!again) co_return again.error();
  if (!again->held) {
    co_return core::conflict("hold_expired", "Your hold expired and someone else took the seats; nothing was charged");
  }
  co_return core::Ok{};
}

Task<Result<OrderView>> Booking::checkout(std::int64_t user_id, std::string hold_id, payments::Card card,
                                          std::string key) {
  if (key.empty() || key.size() > 200) {
    co_return core::invalid("missing_idempotency_key", "Send an Idempotency-Key header of 1-200 characters");
  }
  auto earlier = co_await store_.find_order_by_key(user_id, key);
  if (!earlier) co_return earlier.error();
  if (earlier->has_value()) {
    auto event = co_await event_by_id((*earlier)->event_id);
    co_return OrderView{std::move(**earlier), event ? event->listing.event.slug : "", true};
  }
  auto view = co_await owned_hold(user_id, hold_id);
  if (!view) co_return view.error();
  const auto h = view->hold;
  if (h.status == "sold") co_return core::conflict("hold_already_sold", "This hold has been paid for already");
  if (h.status == "released") co_return core::conflict("hold_released", "This hold was released");
  auto event = co_await event_by_id(h.event_id);
  if (!event) co_return event.error();
  if (auto st = co_await secure_seats_for_checkout(h, *event->seat_map); !st) co_return st.error();

  payments::ChargeRequest charge_request{std::to_string(user_id) + ":" + key, view->price.total, std::move(card),
                                         "TicketWar order for " + event->listing.event.name};
  auto charge = co_await gateway_.charge(std::move(charge_request));
  if (!charge) co_return charge.error();
  if (charge->status != payments::ChargeStatus::kApproved) {
    json::object o{{"paymentId", charge->payment_id}, {"userId", user_id}, {"holdId", h.id},
                   {"amountCents", charge->amount}, {"status", charge_status_name(charge->status)}};
    std::vector<store::OutboxMessage> messages{
        {auth::new_uuid(), "payment_processed", charge->payment_id, payload(std::move(o))}};
    co_await store_.append_outbox(std::move(messages));
    co_return payment_failed(charge->status);
  }
  const auto now = clock_.now_seconds();
  store::OrderRecord order{auth::new_uuid(), user_id, h.event_id, h.id, key, view->price.subtotal, view->price.fee,
                           view->price.total, charge->payment_id, "confirmed", now, {}};
  for (const auto& seat_id : h.seat_ids) {
    const auto price = event->seat_map->seat(*event->seat_map->index_of(seat_id)).row->price;
    const auto fee = core::service_fee(price);
    order.tickets.push_back({auth::new_uuid(), order.id, user_id, h.event_id, *event->seat_map->index_of(seat_id),
                             seat_id, price, fee, price + fee, "confirmed", now});
  }
  co_return co_await finish_order(std::move(order), *charge, h, *event);
}

// A refund that fails leaves money taken without tickets: say so loudly, with the payment id
// that finds it, rather than fail the answer (the sale itself was already refused or undone).
Task<void> Booking::refund_or_report(std::string payment_id, core::Cents amount) {
  if (auto refunded = co_await gateway_.refund(payment_id, amount); !refunded) {
    std::fprintf(stderr, "{\"level\":\"error\",\"msg\":\"refund failed\",\"paymentId\":\"%s\",\"error\":\"%s\"}\n",
                 payment_id.c_str(), refunded.error().code.c_str());
  }
}

// Commits the paid order; if the database refuses (a seat was sold meanwhile) the payment is
// refunded, so money is never kept without tickets.
Task<Result<OrderView>> Booking::finish_order(store::OrderRecord order, const payments::Charge& charge,
                                              const store::HoldRecord& h, const EventWithMap& event) {
  std::vector<store::OutboxMessage> messages;
  for (const auto& t : order.tickets) {
    json::object o{{"ticketId", t.id}, {"orderId", order.id}, {"eventId", t.event_id}, {"seatId", t.seat_id},
                   {"userId", t.user_id}, {"priceCents", t.price}, {"feeCents", t.fee}, {"totalCents", t.total}};
    messages.push_back({auth::new_uuid(), "ticket_sold", std::to_string(t.event_id) + "-" + t.seat_id,
                        payload(std::move(o))});
  }
  json::object paid{{"paymentId", charge.payment_id}, {"orderId", order.id}, {"userId", order.user_id},
                    {"amountCents", charge.amount}, {"status", "approved"}};
  messages.push_back({auth::new_uuid(), "payment_processed", charge.payment_id, payload(std::move(paid))});
  auto committed = co_await store_.commit_order(order, std::move(messages));
  if (!committed && committed.error().code == "duplicate_order") {
    // The same key raced us and won; the gateway charged once for both. Answer with its order.
    auto winner = co_await store_.find_order_by_key(order.user_id, order.idempotency_key);
    if (winner && winner->has_value()) co_return OrderView{std::move(**winner), event.listing.event.slug, true};
  }
  if (!committed) {
    co_await refund_or_report(charge.payment_id, charge.amount);
    if (committed.error().code == "seat_sold") {
      co_return core::conflict("seats_sold", "Those seats were sold to someone else; your payment was refunded");
    }
    co_return committed.error();
  }
  std::vector<int> indexes;
  for (const auto& t : order.tickets) indexes.push_back(t.seat_index);
  {
    std::lock_guard lock(mu_);
    if (auto it = bought_.find({order.event_id, order.user_id}); it != bought_.end()) {
      it->second += static_cast<int>(indexes.size());
    }
  }
  co_await inventory_.sell(h.event_id, h.id, std::move(indexes));
  co_return OrderView{std::move(order), event.listing.event.slug, false};
}

Task<Result<store::TicketRecord>> Booking::cancel_ticket(std::string ticket_id) {
  auto found = co_await store_.find_ticket(ticket_id);
  if (!found) co_return found.error();
  if (!found->has_value()) co_return core::not_found("ticket_not_found", "No such ticket");
  auto t = std::move(**found);
  auto order = co_await store_.find_order(t.order_id);
  if (!order) co_return order.error();
  if (!order->has_value()) co_return core::internal("ticket " + t.id + " has no order");
  json::object o{{"ticketId", t.id}, {"orderId", t.order_id}, {"eventId", t.event_id}, {"seatId", t.seat_id},
                 {"userId", t.user_id}, {"paymentId", (*order)->payment_id}, {"refundCents", t.total}};
  std::vector<store::OutboxMessage> messages{
      {auth::new_uuid(), "ticket_cancelled", std::to_string(t.event_id) + "-" + t.seat_id, payload(std::move(o))}};
  if (auto st = co_await store_.cancel_ticket(t.id, std::move(messages)); !st) co_return st.error();
  co_await refund_or_report((*order)->payment_id, t.total);
  std::vector<int> seat{t.seat_index};
  co_await inventory_.unsell(t.event_id, std::move(seat));
  {
    std::lock_guard lock(mu_);
    if (auto it = bought_.find({t.event_id, t.user_id}); it != bought_.end()) --it->second;
  }
  t.status = "cancelled";
  co_return t;
}

Task<Result<OrderView>> Booking::get_order(std::int64_t user_id, std::string order_id) {
  auto found = co_await store_.find_order(std::move(order_id));
  if (!found) co_return found.error();
  if (!found->has_value() || (*found)->user_id != user_id) co_return core::not_found("order_not_found", "No such order");
  auto event = co_await event_by_id((*found)->event_id);
  co_return OrderView{std::move(**found), event ? event->listing.event.slug : "", false};
}

}  // namespace tw::services
