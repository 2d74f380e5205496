#include "events/event_codec.h"

#include <algorithm>
#include <boost/json.hpp>

#include "core/ids.h"

namespace tw::events {
namespace json = boost::json;

namespace {

std::string seat_key(std::int64_t event_id, const std::string& seat_id) {
  return std::to_string(event_id) + "-" + seat_id;
}

const char* reason_name(ReleaseReason r) { return r == ReleaseReason::kTimeout ? "timeout" : "released"; }

// Fields left empty are left out of the payload, and read back as empty.
void put_if(json::object& o, std::string_view name, const std::string& value) {
  if (!value.empty()) o[name] = value;
}

struct Encoded {
  std::string key;
  json::object payload;
};

Encoded encode(const SeatLocked& e) {
  return {seat_key(e.event_id, e.seat_id),
          {{"eventId", e.event_id}, {"seatId", e.seat_id}, {"userId", e.user_id}, {"holdId", e.hold_id},
           {"expiresAtMs", e.expires_at_ms}}};
}

Encoded encode(const SeatReleased& e) {
  return {seat_key(e.event_id, e.seat_id),
          {{"eventId", e.event_id}, {"seatId", e.seat_id}, {"userId", e.user_id}, {"holdId", e.hold_id},
           {"reason", reason_name(e.reason)}}};
}

Encoded encode(const TicketSold& e) {
  json::object o{{"ticketId", e.ticket_id}, {"orderId", e.order_id}, {"eventId", e.event_id}, {"seatId", e.seat_id},
                 {"userId", e.user_id}, {"priceCents", e.price_cents}, {"feeCents", e.fee_cents},
                 {"totalCents", e.total_cents}};
  put_if(o, "currency", e.currency);
  return {seat_key(e.event_id, e.seat_id), std::move(o)};
}

Encoded encode(const PaymentProcessed& e) {
  json::object o{{"paymentId", e.payment_id}, {"userId", e.user_id}, {"amountCents", e.amount_cents},
                 {"status", core::state_name(e.state)}};
  put_if(o, "orderId", e.order_id);
  put_if(o, "holdId", e.hold_id);
  put_if(o, "processorId", e.processor_id);
  put_if(o, "declineCode", e.decline_code);
  put_if(o, "currency", e.currency);
  return {e.payment_id, std::move(o)};
}

Encoded encode(const OrderRefunded& e) {
  json::object o{{"refundId", e.refund_id}, {"paymentId", e.payment_id}, {"amountCents", e.amount_cents},
                 {"reason", e.reason}, {"state", core::state_name(e.state)}};
  put_if(o, "ticketId", e.ticket_id);
  put_if(o, "error", e.error);
  put_if(o, "currency", e.currency);
  return {e.payment_id, std::move(o)};
}

Encoded encode(const TicketCancelled& e) {
  json::object o{{"ticketId", e.ticket_id}, {"orderId", e.order_id}, {"eventId", e.event_id}, {"seatId", e.seat_id},
                 {"userId", e.user_id}, {"paymentId", e.payment_id}, {"refundId", e.refund_id},
                 {"refundCents", e.refund_cents}};
  put_if(o, "reason", e.reason);
  put_if(o, "currency", e.currency);
  return {seat_key(e.event_id, e.seat_id), std::move(o)};
}

std::string event_key(std::int64_t event_id) { return "event-" + std::to_string(event_id); }

Encoded encode(const ShowCancelled& e) {
  return {event_key(e.event_id), {{"eventId", e.event_id}, {"reason", e.reason}, {"byUserId", e.by_user_id}}};
}

Encoded encode(const CancellationNotice& e) {
  return {event_key(e.event_id), {{"eventId", e.event_id}, {"userId", e.user_id}}};
}

Encoded encode(const ShowMoved& e) {
  return {event_key(e.event_id),
          {{"eventId", e.event_id}, {"startsBefore", e.starts_before}, {"startsAfter", e.starts_after},
           {"venueBefore", e.venue_before}, {"venueAfter", e.venue_after}, {"byUserId", e.by_user_id}}};
}

Encoded encode(const TicketCheckedIn& e) {
  return {seat_key(e.event_id, e.seat_id),
          {{"ticketId", e.ticket_id}, {"eventId", e.event_id}, {"seatId", e.seat_id}, {"userId", e.user_id},
           {"gate", e.gate}, {"checkedInAtMs", e.checked_in_at_ms}}};
}

Encoded encode(const TicketTransferred& e) {
  return {seat_key(e.event_id, e.seat_id),
          {{"ticketId", e.ticket_id}, {"eventId", e.event_id}, {"seatId", e.seat_id},
           {"fromUserId", e.from_user_id}, {"toUserId", e.to_user_id}, {"atMs", e.at_ms}}};
}

Encoded encode(const EventCreated& e) {
  return {event_key(e.event_id), {{"eventId", e.event_id}, {"name", e.name}, {"byUserId", e.by_user_id}}};
}

Encoded encode(const EventChanged& e) {
  return {event_key(e.event_id),
          {{"eventId", e.event_id}, {"fields", e.fields}, {"isActive", e.active}, {"byUserId", e.by_user_id}}};
}

Encoded encode(const PricesChanged& e) {
  json::object o{{"eventId", e.event_id}, {"tier", e.tier}, {"beforeCents", e.before_cents},
                 {"afterCents", e.after_cents}, {"byUserId", e.by_user_id}};
  put_if(o, "currency", e.currency);
  return {event_key(e.event_id), std::move(o)};
}

json::array text_array(const std::vector<std::string>& values) {
  json::array out;
  out.reserve(values.size());
  for (const auto& v : values) out.emplace_back(v);
  return out;
}

Encoded encode(const SeatsBlocked& e) {
  json::object o{{"eventId", e.event_id}, {"blockId", e.block_id}, {"seatIds", text_array(e.seat_ids)},
                 {"label", e.label}, {"byUserId", e.by_user_id}};
  put_if(o, "reason", e.reason);
  if (e.release_at_ms) o["releaseAtMs"] = e.release_at_ms;
  return {event_key(e.event_id), std::move(o)};
}

Encoded encode(const SeatsReleased& e) {
  return {event_key(e.event_id),
          {{"eventId", e.event_id}, {"seatIds", text_array(e.seat_ids)}, {"byUserId", e.by_user_id}}};
}

Encoded encode(const TicketsIssued& e) {
  json::object o{{"eventId", e.event_id}, {"orderId", e.order_id},          {"userId", e.user_id},
                 {"seatIds", text_array(e.seat_ids)}, {"kind", e.kind}, {"amountCents", e.amount_cents},
                 {"byUserId", e.by_user_id}};
  put_if(o, "currency", e.currency);
  return {event_key(e.event_id), std::move(o)};
}

Encoded encode(const CodesCreated& e) {
  return {event_key(e.event_id),
          {{"eventId", e.event_id}, {"batchId", e.batch_id}, {"label", e.label}, {"count", e.count},
           {"maxUses", e.max_uses}, {"unlocks", e.unlocks}, {"allotment", e.allotment}, {"byUserId", e.by_user_id}}};
}

Encoded encode(const CodesRevoked& e) {
  json::object o{{"eventId", e.event_id}, {"batchId", e.batch_id}, {"count", e.count}, {"byUserId", e.by_user_id}};
  put_if(o, "codeId", e.code_id);
  return {event_key(e.event_id), std::move(o)};
}

Encoded encode(const UserChanged& e) {
  json::object o{{"userId", e.user_id}, {"byUserId", e.by_user_id}};
  put_if(o, "role", e.role);
  if (e.disabled) o["disabled"] = *e.disabled;
  return {"user-" + std::to_string(e.user_id), std::move(o)};
}

// Reads a payload's fields; any missing or mistyped required field makes it bad.
class Fields {
 public:
  explicit Fields(const json::object& o) : o_(o) {}
  std::int64_t integer(std::string_view name) {
    const auto* v = o_.if_contains(name);
    if (v && v->is_int64()) return v->as_int64();
    if (v && v->is_uint64() && v->as_uint64() <= INT64_MAX) return static_cast<std::int64_t>(v->as_uint64());
    ok_ = false;
    return 0;
  }
  std::string text(std::string_view name) {
    const auto* v = o_.if_contains(name);
    if (v && v->is_string()) return std::string(v->as_string());
    ok_ = false;
    return {};
  }
  bool boolean(std::string_view name) {
    const auto* v = o_.if_contains(name);
    if (v && v->is_bool()) return v->as_bool();
    ok_ = false;
    return false;
  }
  std::optional<bool> optional_boolean(std::string_view name) {
    const auto* v = o_.if_contains(name);
    return v && v->is_bool() ? std::optional<bool>(v->as_bool()) : std::nullopt;
  }
  std::string optional_text(std::string_view name) {
    const auto* v = o_.if_contains(name);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  }
  std::int64_t optional_integer(std::string_view name) {
    const auto* v = o_.if_contains(name);
    return v ? integer(name) : 0;
  }
  std::vector<std::string> texts(std::string_view name) {
    std::vector<std::string> out;
    const auto* v = o_.if_contains(name);
    if (!v || !v->is_array()) {
      ok_ = false;
      return out;
    }
    for (const auto& item : v->as_array()) {
      if (!item.is_string()) {
        ok_ = false;
        return {};
      }
      out.emplace_back(item.as_string());
    }
    return out;
  }
  bool ok() const { return ok_; }
  void fail() { ok_ = false; }

 private:
  const json::object& o_;
  bool ok_ = true;
};

core::Error bad_event(std::string_view type, std::string_view why) {
  return core::invalid("bad_event", "A " + std::string(type) + " event " + std::string(why));
}

std::optional<Event> decode(std::string_view type, Fields& f) {
  if (type == "seat_locked") {
    return SeatLocked{f.integer("eventId"), f.text("seatId"), f.integer("userId"), f.text("holdId"),
                      f.integer("expiresAtMs")};
  }
  if (type == "seat_released") {
    SeatReleased e{f.integer("eventId"), f.text("seatId"), f.integer("userId"), f.text("holdId")};
    const auto reason = f.text("reason");
    if (reason == "timeout") {
      e.reason = ReleaseReason::kTimeout;
    } else if (reason != "released") {
      f.fail();
    }
    return e;
  }
  if (type == "ticket_sold") {
    return TicketSold{f.text("ticketId"),    f.text("orderId"),     f.integer("eventId"),
                      f.text("seatId"),      f.integer("userId"),   f.integer("priceCents"),
                      f.integer("feeCents"), f.integer("totalCents"), f.optional_text("currency")};
  }
  if (type == "payment_processed") {
    PaymentProcessed e{f.text("paymentId"), f.integer("userId"), f.integer("amountCents")};
    const auto state = core::parse_payment_state(f.text("status"));
    if (state) e.state = *state; else f.fail();
    e.order_id = f.optional_text("orderId");
    e.hold_id = f.optional_text("holdId");
    e.processor_id = f.optional_text("processorId");
    e.decline_code = f.optional_text("declineCode");
    e.currency = f.optional_text("currency");
    return e;
  }
  if (type == "order_refunded") {
    OrderRefunded e{f.text("refundId"), f.text("paymentId"), f.optional_text("ticketId"), f.integer("amountCents"),
                    f.text("reason")};
    const auto state = core::parse_refund_state(f.text("state"));
    if (state) e.state = *state; else f.fail();
    e.error = f.optional_text("error");
    e.currency = f.optional_text("currency");
    return e;
  }
  if (type == "ticket_cancelled") {
    return TicketCancelled{f.text("ticketId"),   f.text("orderId"),  f.integer("eventId"),
                           f.text("seatId"),     f.integer("userId"), f.text("paymentId"),
                           f.text("refundId"),   f.integer("refundCents"), f.optional_text("reason"),
                           f.optional_text("currency")};
  }
  if (type == "ticket_checked_in") {
    return TicketCheckedIn{f.text("ticketId"), f.integer("eventId"), f.text("seatId"), f.integer("userId"),
                           f.text("gate"), f.integer("checkedInAtMs")};
  }
  if (type == "ticket_transferred") {
    return TicketTransferred{f.text("ticketId"), f.integer("eventId"), f.text("seatId"), f.integer("fromUserId"),
                             f.integer("toUserId"), f.integer("atMs")};
  }
  if (type == "show_cancelled") return ShowCancelled{f.integer("eventId"), f.text("reason"), f.integer("byUserId")};
  if (type == "cancellation_notice") return CancellationNotice{f.integer("eventId"), f.integer("userId")};
  if (type == "show_moved") {
    return ShowMoved{f.integer("eventId"),    f.text("startsBefore"), f.text("startsAfter"),
                     f.text("venueBefore"),   f.text("venueAfter"),   f.integer("byUserId")};
  }
  if (type == "event_created") return EventCreated{f.integer("eventId"), f.text("name"), f.integer("byUserId")};
  if (type == "event_changed") {
    return EventChanged{f.integer("eventId"), f.text("fields"), f.boolean("isActive"), f.integer("byUserId")};
  }
  if (type == "prices_changed") {
    return PricesChanged{f.integer("eventId"),  f.text("tier"),     f.integer("beforeCents"),
                         f.integer("afterCents"), f.integer("byUserId"), f.optional_text("currency")};
  }
  if (type == "seats_blocked") {
    return SeatsBlocked{f.integer("eventId"),       f.text("blockId"),  f.texts("seatIds"),
                        f.text("label"),            f.optional_text("reason"),
                        f.optional_integer("releaseAtMs"), f.integer("byUserId")};
  }
  if (type == "seats_released") return SeatsReleased{f.integer("eventId"), f.texts("seatIds"), f.integer("byUserId")};
  if (type == "tickets_issued") {
    return TicketsIssued{f.integer("eventId"), f.text("orderId"),       f.integer("userId"),
                         f.texts("seatIds"),   f.text("kind"),          f.integer("amountCents"),
                         f.integer("byUserId"), f.optional_text("currency")};
  }
  if (type == "codes_created") {
    return CodesCreated{f.integer("eventId"), f.text("batchId"), f.text("label"),      f.integer("count"),
                        f.integer("maxUses"), f.text("unlocks"), f.integer("allotment"), f.integer("byUserId")};
  }
  if (type == "codes_revoked") {
    return CodesRevoked{f.integer("eventId"), f.text("batchId"), f.optional_text("codeId"), f.integer("count"),
                        f.integer("byUserId")};
  }
  if (type == "user_changed") {
    return UserChanged{f.integer("userId"), f.optional_text("role"), f.optional_boolean("disabled"),
                       f.integer("byUserId")};
  }
  return std::nullopt;
}

}  // namespace

// In the order of the Event variant's alternatives.
constexpr std::string_view kTypeNames[] = {"seat_locked",         "seat_released",      "ticket_sold",
                                           "payment_processed",   "order_refunded",     "ticket_cancelled",
                                           "ticket_checked_in",   "ticket_transferred", "show_cancelled",
                                           "cancellation_notice", "show_moved",         "event_created",
                                           "event_changed",       "user_changed",       "prices_changed",
                                           "seats_blocked",       "seats_released",     "tickets_issued",
                                           "codes_created",       "codes_revoked"};
static_assert(std::size(kTypeNames) == std::variant_size_v<Event>);

std::string_view type_name(const Event& event) { return kTypeNames[event.index()]; }

bool known_event_type(std::string_view type) {
  return std::find(std::begin(kTypeNames), std::end(kTypeNames), type) != std::end(kTypeNames);
}

std::span<const std::string_view> event_type_names() { return kTypeNames; }

core::OutboxMessage to_outbox_message(const Event& event) {
  auto encoded = std::visit([](const auto& e) { return encode(e); }, event);
  encoded.payload["v"] = kEventVersion;
  return {core::new_uuid(), std::string(type_name(event)), std::move(encoded.key), json::serialize(encoded.payload)};
}

core::Result<Event> parse_event(std::string_view type, std::string_view payload) {
  boost::system::error_code ec;
  const auto value = json::parse(payload, ec);
  if (ec || !value.is_object()) return bad_event(type, "payload is not a JSON object");
  Fields fields(value.as_object());
  const auto version = fields.integer("v");
  if (!fields.ok() || version < 1) return bad_event(type, "has no version");
  if (version > kEventVersion) {
    return core::invalid("newer_event", "A " + std::string(type) + " event of version " + std::to_string(version) +
                                            ", newer than this build reads");
  }
  auto event = decode(type, fields);
  if (!event) return core::invalid("unknown_event", "No event type is called " + std::string(type));
  if (!fields.ok()) return bad_event(type, "lacks a field or has one of the wrong kind");
  return std::move(*event);
}

}  // namespace tw::events
