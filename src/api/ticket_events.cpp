#include "api/ticket_events.h"

#include "services/booking.h"

namespace tw::api {
namespace {

Task<TicketEvents> events_by_id(ApiContext& ctx, std::vector<std::int64_t> ids) {
  TicketEvents events;
  for (const auto id : ids) {
    if (events.contains(id)) continue;
    auto event = co_await ctx.booking.current_event(id);
    if (event) events.emplace(id, std::move(event).value());
  }
  co_return events;
}

}  // namespace

Task<TicketEvents> events_of(ApiContext& ctx, const std::vector<core::TicketRecord>& tickets) {
  std::vector<std::int64_t> ids;
  for (const auto& t : tickets) ids.push_back(t.event_id);
  return events_by_id(ctx, std::move(ids));
}

Task<TicketEvents> events_of(ApiContext& ctx, const std::vector<core::SoldTicket>& sold) {
  std::vector<std::int64_t> ids;
  for (const auto& s : sold) ids.push_back(s.ticket.event_id);
  return events_by_id(ctx, std::move(ids));
}

}  // namespace tw::api
