#include "api/event_body.h"

#include <algorithm>
#include <boost/json.hpp>

#include "api/json_body.h"
#include "core/slug.h"
#include "core/venue_layouts.h"

namespace tw::api {
namespace json = boost::json;
namespace {

// Copies each present string field into the draft; the first error wins.
core::Status read_strings(const json::object& o, core::EventDraft& d) {
  const std::pair<const char*, std::string*> fields[] = {{"slug", &d.slug},     {"name", &d.name},
                                                          {"artist", &d.artist}, {"venue", &d.venue},
                                                          {"description", &d.description}, {"image", &d.image},
                                                          {"color", &d.color}};
  for (const auto& [key, target] : fields) {
    auto v = string_field(o, key);
    if (!v) return v.error();
    if (*v) *target = std::move(**v);
  }
  return core::Ok{};
}

// A time that may be absent (left as it is) or an explicit null (none).
core::Status read_optional_time(const json::object& o, const char* key, std::optional<core::ZonedTime>& target) {
  auto text = string_field(o, key);
  if (!text) return text.error();
  if (*text) {
    auto t = core::parse_iso8601(**text);
    if (!t) return core::invalid("invalid_event", std::string(key) + ": " + t.error().message);
    target = *t;
  } else if (const auto* given = o.if_contains(key); given && given->is_null()) {
    target.reset();
  }
  return core::Ok{};
}

core::Status read_times(const json::object& o, core::EventDraft& d, bool creating) {
  auto starts = string_field(o, "startsAt");
  if (!starts) return starts.error();
  if (*starts) {
    auto t = core::parse_iso8601(**starts);
    if (!t) return core::invalid("invalid_event", "startsAt: " + t.error().message);
    d.starts_at = *t;
  } else if (creating) {
    return missing_field("startsAt");
  }
  if (auto st = read_optional_time(o, "onSaleAt", d.on_sale_at); !st) return st;  // null: on sale now
  return read_optional_time(o, "presaleAt", d.presale_at);                         // null: no presale
}

core::Status read_numbers(const json::object& o, core::EventDraft& d) {
  auto active = bool_field(o, "isActive");
  auto limit = int_field(o, "ticketLimit");
  auto hold = int_field(o, "holdSeconds");
  if (!active) return active.error();
  if (!limit) return limit.error();
  if (!hold) return hold.error();
  if (*active) d.active = **active;
  if (*limit) d.ticket_limit = static_cast<int>(std::clamp<std::int64_t>(**limit, -1, 1'000'000));
  if (*hold) d.hold_seconds = static_cast<int>(std::clamp<std::int64_t>(**hold, -1, 1'000'000));
  return core::Ok{};
}

// "currency": an ISO 4217 code, in either case ("eur" is EUR).
core::Status read_currency(const json::object& o, core::EventDraft& d) {
  auto code = string_field(o, "currency");
  if (!code) return code.error();
  if (!*code) return core::Ok{};
  d.currency = std::move(**code);
  std::transform(d.currency.begin(), d.currency.end(), d.currency.begin(),
                 [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; });
  return core::Ok{};
}

}  // namespace

core::Result<core::EventDraft> read_event_draft(const json::object& o, core::EventDraft d, bool creating) {
  if (creating) d.color = "#6366F1";
  for (auto st : {read_strings(o, d), read_times(o, d, creating), read_numbers(o, d), read_currency(o, d)}) {
    if (!st) return st.error();
  }
  if (creating) {
    for (const auto& [key, value] : {std::pair{"name", &d.name}, {"artist", &d.artist}, {"venue", &d.venue}}) {
      if (value->empty()) return missing_field(key);
    }
    if (d.slug.empty()) d.slug = core::slugify(d.name);
  }
  if (auto st = core::validate_event_draft(d); !st) return st.error();
  return d;
}

core::Result<std::optional<core::Layout>> read_layout_field(const json::object& o, std::string_view currency) {
  const auto in = core::currency_or_default(currency);
  const auto* v = o.if_contains("layout");
  if (!v || v->is_null()) return std::optional<core::Layout>();
  if (v->is_string()) {
    auto builtin = core::builtin_layout(v->get_string());
    if (!builtin) {
      return core::invalid("invalid_layout", "layout must be \"stadium\", \"arena\" or a layout object");
    }
    return std::optional<core::Layout>(core::priced_in(std::move(*builtin), in));
  }
  if (!v->is_object()) return core::invalid("invalid_layout", "layout must be a built-in layout id or an object");
  auto parsed = core::parse_layout_json(json::serialize(*v), in.digits);
  if (!parsed) return parsed.error();
  if (auto st = core::check_seat_spacing(*parsed); !st) return st.error();
  return std::optional<core::Layout>(std::move(parsed).value());
}

core::Result<core::WaitingRoomSettings> read_waiting_room(const json::value& v, core::WaitingRoomSettings s) {
  if (!v.is_object()) return core::invalid("invalid_field", "waitingRoom must be an object");
  const auto& o = v.as_object();
  auto enabled = bool_field(o, "enabled");
  auto rate = int_field(o, "admitPerMinute");
  auto max_active = int_field(o, "maxActive");
  auto pass = int_field(o, "passMinutes");
  auto work = int_field(o, "proofOfWork");
  if (!enabled) return enabled.error();
  if (!rate) return rate.error();
  if (!max_active) return max_active.error();
  if (!pass) return pass.error();
  if (!work) return work.error();
  const auto clamp = [](std::int64_t n) { return static_cast<int>(std::clamp<std::int64_t>(n, -1, 10'000'000)); };
  if (*enabled) s.enabled = **enabled;
  if (*rate) s.admit_per_minute = clamp(**rate);
  if (*max_active) s.max_active = clamp(**max_active);
  if (*pass) s.pass_minutes = clamp(**pass);
  if (*work) s.proof_of_work = clamp(**work);
  if (auto st = core::validate_waiting_room(s); !st) return st.error();
  return s;
}

}  // namespace tw::api
