#include "core/event.h"

#include "core/currency.h"
#include "core/slug.h"

namespace tw::core {
namespace {

Error bad_event(std::string message) { return invalid("invalid_event", std::move(message)); }

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool is_image_ref(std::string_view s) {
  return s.empty() || s.starts_with("https://") || s.starts_with("http://") || s.starts_with("/");
}

}  // namespace

bool is_valid_color(std::string_view c) {
  if (c.size() != 7 || c[0] != '#') return false;
  for (char ch : c.substr(1)) {
    if (!is_hex(ch)) return false;
  }
  return true;
}

Status validate_event_draft(const EventDraft& e) {
  if (!is_valid_slug(e.slug)) {
    return bad_event("slug must be 1-80 lower-case letters or digits in words joined by '-'");
  }
  if (e.name.empty() || e.name.size() > 200) return bad_event("name must be 1-200 characters");
  if (e.artist.empty() || e.artist.size() > 200) return bad_event("artist must be 1-200 characters");
  if (e.venue.empty() || e.venue.size() > 200) return bad_event("venue must be 1-200 characters");
  if (e.description.size() > 5000) return bad_event("description must be at most 5000 characters");
  if (e.image.size() > 500 || !is_image_ref(e.image)) {
    return bad_event("image must be an http(s) URL or a path starting with '/'");
  }
  if (!is_valid_color(e.color)) return bad_event("color must look like #1DB954");
  if (e.ticket_limit < 1 || e.ticket_limit > kMaxTicketLimit) {
    return bad_event("ticketLimit must be 1-" + std::to_string(kMaxTicketLimit));
  }
  if (e.hold_seconds && (*e.hold_seconds < 1 || *e.hold_seconds > 3600)) {
    return bad_event("holdSeconds must be 1-3600");
  }
  if (!find_currency(e.currency)) {
    return bad_event("currency must be an ISO 4217 currency code such as USD, EUR, GBP or KRW");
  }
  if (e.presale_at && !e.on_sale_at) {
    return bad_event("presaleAt needs the public on-sale time (onSaleAt) it comes before");
  }
  if (e.presale_at && e.presale_at->utc_seconds >= e.on_sale_at->utc_seconds) {
    return bad_event("presaleAt must come before onSaleAt");
  }
  return Ok{};
}

SalePhase sale_phase(const EventDraft& e, std::int64_t now_seconds) {
  if (!e.on_sale_at || now_seconds >= e.on_sale_at->utc_seconds) return SalePhase::kPublic;
  if (e.presale_at && now_seconds >= e.presale_at->utc_seconds) return SalePhase::kPresale;
  return SalePhase::kNotYet;
}

}  // namespace tw::core
