#include "api/ticket_events.h"

#include "services/catalog.h"
#include "services/seat_keeper.h"

namespace tw::api {
namespace {

Task<TicketEvents> events_by_id(services::SeatKeeper& seats, std::vector<std::int64_t> ids) {
  TicketEvents events;
  for (const auto id : ids) {
    if (events.contains(id)) continue;
    auto event = co_await seats.current_event(id);
    if (event) events.emplace(id, std::move(event).value());
  }
  co_return events;
}

}  // namespace

Task<TicketEvents> events_of(services::SeatKeeper& seats, const std::vector<core::TicketRecord>& tickets) {
  std::vector<std::int64_t> ids;
  for (const auto& t : tickets) ids.push_back(t.event_id);
  return events_by_id(seats, std::move(ids));
}

Task<TicketEvents> events_of(services::SeatKeeper& seats, const std::vector<core::SoldTicket>& sold) {
  std::vector<std::int64_t> ids;
  for (const auto& s : sold) ids.push_back(s.ticket.event_id);
  return events_by_id(seats, std::move(ids));
}

}  // namespace tw::api
