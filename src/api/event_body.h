#pragma once
// The JSON an organiser sends to create or edit an event (documented in docs/api.md).
#include <boost/json/object.hpp>
#include <optional>
#include <string_view>

#include "core/event.h"
#include "core/layout.h"
#include "core/result.h"
#include "core/waiting_room.h"

namespace tw::api {

// Applies the fields present in `o` over `base` and validates the result. When `creating`,
// name, artist, venue and startsAt are required and a missing slug is made from the name.
core::Result<core::EventDraft> read_event_draft(const boost::json::object& o, core::EventDraft base, bool creating);

// "layout": a built-in layout id ("stadium", "arena") or a layout object, priced in `currency`
// (a layout object's basePrice in its major units: 150000 for KRW 150,000); nullopt when absent.
core::Result<std::optional<core::Layout>> read_layout_field(const boost::json::object& o, std::string_view currency);

// A waiting room's settings, {"enabled","admitPerMinute","maxActive","passMinutes"} (each
// optional), over `base`, validated. kInvalid "invalid_field" or "invalid_waiting_room".
core::Result<core::WaitingRoomSettings> read_waiting_room(const boost::json::value& v, core::WaitingRoomSettings base);

}  // namespace tw::api
