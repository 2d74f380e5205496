#pragma once
// The events some tickets are for, with their seats left counted now, so each ticket can show
// its event and its seat in words (booking_json.h's TicketEvents).
#include <vector>

#include "api/booking_json.h"
#include "api/context.h"
#include "async/task.h"

namespace tw::api {

Task<TicketEvents> events_of(services::SeatKeeper& seats, const std::vector<core::TicketRecord>& tickets);
Task<TicketEvents> events_of(services::SeatKeeper& seats, const std::vector<core::SoldTicket>& sold);

}  // namespace tw::api
