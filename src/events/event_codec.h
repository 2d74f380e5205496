#pragma once
// The one place events become outbox rows and outbox rows become events again. A row's key
// orders the events of one thing: "<eventId>-<seatId>" for a seat's events, the payment id for
// a payment's. Payload fields: docs/events.md.
#include <span>
#include <string_view>

#include "core/result.h"
#include "events/events.h"
#include "core/outbox_message.h"

namespace tw::events {

// Whether `type` names one of the event types ("seat_locked", …).
bool known_event_type(std::string_view type);
// Every event type this build knows, in the order of the Event variant.
std::span<const std::string_view> event_type_names();

// The outbox row announcing `event`, with a new UUID.
core::OutboxMessage to_outbox_message(const Event& event);

// The event a row holds. kInvalid "unknown_event" for a type this build does not know,
// "newer_event" for a version newer than it reads (a newer build will), "bad_event" for a
// payload that is not the type's JSON (no build ever will).
core::Result<Event> parse_event(std::string_view type, std::string_view payload);

}  // namespace tw::events
