#pragma once
// An event on sale: a show at a venue at a time, with its seat layout.
#include <cstdint>
#include <optional>
#include <string>

#include "core/iso_time.h"
#include "core/result.h"

namespace tw::core {

inline constexpr int kDefaultTicketLimit = 8;
inline constexpr int kMaxTicketLimit = 50;

// What an organiser provides; validated by validate_event_draft.
struct EventDraft {
  std::string slug;
  std::string name;
  std::string artist;
  std::string venue;
  ZonedTime starts_at;
  std::string description;
  std::string image;  // URL or site path of the poster
  std::string color;  // "#RRGGBB", the event's accent colour
  std::optional<ZonedTime> on_sale_at;
  // The presale's opening, before on_sale_at: from then only accounts that redeemed one of the
  // event's access codes may buy, and only what their code unlocks (core/access_code.h).
  std::optional<ZonedTime> presale_at;
  bool active = true;
  int ticket_limit = kDefaultTicketLimit;  // seats one account may hold + buy for this event
  std::optional<int> hold_seconds;         // overrides the server's hold duration
  // ISO 4217 code every amount of the event is in (core/currency.h); fixed once seats are held
  // or sold (store::currency_locked).
  std::string currency{"USD"};
};

struct Event : EventDraft {
  std::int64_t id = 0;
  std::int64_t layout_id = 0;
  int total_seats = 0;
  std::int64_t created_at = 0;  // UTC seconds
  std::int64_t updated_at = 0;
  // Cancelled by its organiser (UTC seconds; 0: not): off sale for good, every ticket cancelled
  // and refunded by ShowCancellations.
  std::int64_t cancelled_at = 0;
  std::string cancel_reason;
};

Status validate_event_draft(const EventDraft& e);

// Where an event's sale stands at a moment: not open yet, open to code holders only, or open to
// everyone.
enum class SalePhase { kNotYet, kPresale, kPublic };
SalePhase sale_phase(const EventDraft& e, std::int64_t now_seconds);

bool is_valid_color(std::string_view c);

}  // namespace tw::core
