#include "api/booking_json.h"

#include <openssl/evp.h>

#include <boost/json.hpp>

#include "api/catalog_json.h"
#include "core/iso_time.h"

namespace tw::api {
namespace json = boost::json;
namespace {

json::object ticket_object(const core::TicketRecord& t) {
  return {{"id", t.id},
          {"orderId", t.order_id},
          {"userId", t.user_id},
          {"eventId", t.event_id},
          {"seatId", t.seat_id},
          {"priceCents", t.price},
          {"feeCents", t.fee},
          {"totalCents", t.total},
          {"status", core::state_name(t.status)},
          {"purchasedAt", core::format_utc(t.purchased_at)}};
}

void add_check_in(json::object& o, const core::TicketRecord& t) {
  if (t.checked_in_at_ms == 0) return;
  o["checkedInAt"] = core::format_utc_ms(t.checked_in_at_ms);
  o["checkedInGate"] = t.checked_in_gate;
}

// The ticket with its event (as the catalogue lists it) and where its seat is.
json::object ticket_object(const core::TicketRecord& t, const TicketEvents& events) {
  auto o = ticket_object(t);
  add_check_in(o, t);
  const auto it = events.find(t.event_id);
  put_currency(o, it == events.end() ? std::string_view() : std::string_view(it->second.listing.event.currency));
  if (it == events.end()) return o;
  o["event"] = event_object(it->second.listing);
  const auto& map = *it->second.seat_map;
  if (t.seat_index >= 0 && t.seat_index < map.seat_count()) {
    const auto seat = map.seat(t.seat_index);
    o["seat"] = json::object{{"section", seat.section->spec.name},
                             {"sectionId", seat.section->spec.id},
                             {"row", seat.row->label},
                             {"number", seat.number},
                             {"tier", seat.section->spec.tier}};
  }
  return o;
}

// "VIP Floor · Row A · Seat 12", or the id itself for a seat the map does not know.
std::string seat_label(const core::SeatMap& map, const std::string& seat_id) {
  const auto index = map.index_of(seat_id);
  return index ? map.label(*index) : seat_id;
}

}  // namespace

std::string hold_json(const services::HoldView& v, const services::EventWithMap* show) {
  const auto& h = v.hold;
  json::array seats;
  for (const auto& s : h.seat_ids) seats.emplace_back(s);
  json::object o{{"holdId", h.id},
                 {"event", v.event_slug},
                 {"seats", std::move(seats)},
                 {"status", core::state_name(h.status)},
                 {"expiresAt", core::format_utc_ms(h.expires_at_ms)},
                 {"expiresAtMs", h.expires_at_ms},
                 {"renewalsLeft", v.renewals_left},
                 {"subtotalCents", v.price.subtotal},
                 {"feeCents", v.price.fee},
                 {"totalCents", v.price.total}};
  put_currency(o, v.currency);
  if (show) {
    o["show"] = event_object(show->listing);
    json::array labels;
    for (const auto& s : h.seat_ids) labels.emplace_back(seat_label(*show->seat_map, s));
    o["seatLabels"] = std::move(labels);
  }
  return json::serialize(o);
}

std::string order_json(const services::OrderView& v, const services::EventWithMap* show) {
  const auto& o = v.order;
  json::array tickets;
  for (const auto& t : o.tickets) {
    auto ticket = ticket_object(t);
    put_currency(ticket, v.currency);
    if (show) ticket["seatLabel"] = seat_label(*show->seat_map, t.seat_id);
    tickets.push_back(std::move(ticket));
  }
  json::object out{{"orderId", o.id},
                   {"event", v.event_slug},
                   {"status", core::state_name(o.status)},
                   {"subtotalCents", o.subtotal},
                   {"feeCents", o.fee},
                   {"totalCents", o.total},
                   {"paymentId", o.payment_id},
                   {"createdAt", core::format_utc(o.created_at)},
                   {"tickets", std::move(tickets)}};
  put_currency(out, v.currency);
  if (show) out["show"] = event_object(show->listing);
  return json::serialize(out);
}

std::string ticket_json(const core::TicketRecord& t, const TicketEvents& events, std::string_view code,
                        const WalletLinks& wallets, const core::TicketOffer* pending) {
  auto o = ticket_object(t, events);
  if (!code.empty()) o["code"] = code;
  if (!code.empty() && pending) {
    o["pendingTransfer"] = json::object{{"to", pending->to_email},
                                        {"sentAt", core::format_utc(pending->created_at)},
                                        {"expiresAt", core::format_utc(pending->expires_at)}};
  }
  if (!code.empty() && !wallets.apple_pass.empty()) o["appleWalletPass"] = wallets.apple_pass;
  if (!code.empty() && !wallets.google_link.empty()) o["googleWalletLink"] = wallets.google_link;
  return json::serialize(o);
}

std::string sold_tickets_json(const std::vector<core::SoldTicket>& sold, const TicketEvents& events) {
  json::array a;
  for (const auto& s : sold) {
    auto o = ticket_object(s.ticket, events);
    o["buyer"] = json::object{{"id", s.ticket.user_id}, {"name", s.buyer_name}, {"email", s.buyer_email}};
    a.push_back(std::move(o));
  }
  return json::serialize(json::object{{"tickets", std::move(a)}});
}

std::string tickets_json(const std::vector<core::TicketRecord>& tickets, const TicketEvents& events) {
  json::array a;
  for (const auto& t : tickets) a.push_back(ticket_object(t, events));
  return json::serialize(json::object{{"tickets", std::move(a)}});
}

namespace {
json::object refund_object(const core::RefundRecord& r) {
  json::object o{{"id", r.id},
                 {"paymentId", r.payment_id},
                 {"amountCents", r.amount},
                 {"reason", r.reason},
                 {"state", core::state_name(r.state)},
                 {"attempts", r.attempts},
                 {"createdAt", core::format_utc_ms(r.created_at_ms)},
                 {"updatedAt", core::format_utc_ms(r.updated_at_ms)}};
  put_currency(o, r.currency);
  if (!r.ticket_id.empty()) o["ticketId"] = r.ticket_id;
  if (!r.last_error.empty()) o["lastError"] = r.last_error;
  if (r.state != core::RefundState::kSucceeded) {
    o["nextAttemptAt"] = r.next_attempt_at_ms > 0 ? json::value(core::format_utc_ms(r.next_attempt_at_ms))
                                                  : json::value(nullptr);
  }
  return o;
}
}  // namespace

std::string refund_json(const core::RefundRecord& r) {
  return json::serialize(refund_object(r));
}

std::string refunds_json(const std::vector<core::RefundRecord>& refunds) {
  json::array a;
  for (const auto& r : refunds) a.push_back(refund_object(r));
  return json::serialize(json::object{{"refunds", std::move(a)}});
}

std::string cancelled_ticket_json(const services::CancelledTicket& c) {
  auto o = ticket_object(c.ticket);
  o["refund"] = refund_object(c.refund);
  return json::serialize(o);
}

std::string pack_states(const std::vector<inventory::SeatState>& states) {
  const std::size_t n = states.size();
  std::vector<unsigned char> bytes((n + 3) / 4, 0);
  for (std::size_t i = 0; i < n; ++i) bytes[i >> 2] |= static_cast<unsigned char>(static_cast<int>(states[i]) << ((i & 3) * 2));
  // OpenSSL's encoder: the states are public, so libsodium's constant-time one (several times
  // slower on the arena's 5.5 KB) buys nothing here.
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int len = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes.data(), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(len));
  return out;
}

std::string seats_json(std::int64_t event_id, std::uint64_t version, const std::vector<inventory::SeatState>& states) {
  // Written by hand: the one large field would be copied twice through a json::object.
  return "{\"eventId\":" + std::to_string(event_id) + ",\"version\":" + std::to_string(version) +
         ",\"seatCount\":" + std::to_string(states.size()) + R"(,"encoding":"2bit-le-base64","states":")" +
         pack_states(states) + "\"}";
}

}  // namespace tw::api
