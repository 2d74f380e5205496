#include "services/show_cancellations.h"

#include "async/log.h"
#include "core/text.h"
#include "events/event_codec.h"

namespace tw::services {

std::string_view state_name(CancellationState s) {
  switch (s) {
    case CancellationState::kCancelling: return "cancelling";
    case CancellationState::kRefunding: return "refunding";
    case CancellationState::kDone: return "done";
  }
  return "cancelling";
}

ShowCancellations::ShowCancellations(Catalog& catalog, store::EventStore& events, store::TicketStore& tickets,
                                     Payments& payments, const core::Clock& clock, ShowCancellationsOptions options)
    : catalog_(catalog), events_(events), tickets_(tickets), payments_(payments), clock_(clock), options_(options) {}

Task<core::Result<CancellationStatus>> ShowCancellations::cancel(std::int64_t event_id, std::string reason,
                                                                 std::int64_t by_user) {
  reason = core::trimmed(reason);
  if (reason.empty()) co_return core::invalid("bad_reason", "Say why the show is cancelled: buyers read it");
  if (reason.size() > static_cast<std::size_t>(core::kMaxCancelReason)) {
    co_return core::invalid("bad_reason", "The reason is at most " + std::to_string(core::kMaxCancelReason) +
                                              " characters");
  }
  auto event = co_await catalog_.find_by_id(event_id);
  if (!event) co_return event.error();
  if (event->listing.event.cancelled_at == 0) {
    std::vector<core::OutboxMessage> messages{events::to_outbox_message(events::ShowCancelled{event_id, reason, by_user})};
    if (auto done = co_await catalog_.cancel_event(event_id, std::move(reason), std::move(messages)); !done) {
      co_return done.error();
    }
  }
  co_return co_await status(event_id);
}

Task<core::Result<CancellationStatus>> ShowCancellations::status(std::int64_t event_id) {
  auto event = co_await catalog_.find_by_id(event_id);
  if (!event) co_return event.error();
  const auto& e = event->listing.event;
  if (e.cancelled_at == 0) co_return core::conflict("not_cancelled", "This show is not cancelled");
  auto progress = co_await tickets_.cancellation_progress(event_id);
  if (!progress) co_return progress.error();
  auto untold = co_await tickets_.people_to_tell(event_id, 1);
  if (!untold) co_return untold.error();
  CancellationStatus s{event_id, e.cancelled_at, e.cancel_reason, CancellationState::kDone, *progress, e.currency};
  if (progress->tickets_left > 0 || !untold->empty()) {
    s.state = CancellationState::kCancelling;
  } else if (progress->refunds_pending > 0 || progress->refunds_failed > 0) {
    s.state = CancellationState::kRefunding;
  }
  co_return s;
}

Task<core::Result<int>> ShowCancellations::work() {
  auto shows = co_await events_.cancellations_in_progress();
  if (!shows) co_return shows.error();
  int handled = 0;
  for (const auto id : *shows) {
    auto n = co_await work_on(id);
    if (!n) {
      log_problem("show cancellation step failed", n.error(), std::to_string(id));
      continue;
    }
    handled += *n;
  }
  co_return handled;
}

Task<core::Result<int>> ShowCancellations::work_on(std::int64_t event_id) {
  auto cancelled = co_await cancel_tickets(event_id);
  if (!cancelled || *cancelled > 0) co_return cancelled;
  // Told only once every ticket is cancelled, so each notice lists all of the person's tickets.
  auto told = co_await tell_people(event_id);
  if (!told || *told > 0) co_return told;
  auto event = co_await catalog_.find_by_id(event_id);
  if (!event) co_return event.error();
  if (clock_.now_seconds() - event->listing.event.cancelled_at >= options_.sweep_seconds) {
    if (auto st = co_await events_.finish_cancellation(event_id); !st) co_return st.error();
  }
  co_return 0;
}

Task<core::Result<int>> ShowCancellations::cancel_tickets(std::int64_t event_id) {
  auto tickets = co_await tickets_.tickets_to_cancel(event_id, options_.batch);
  if (!tickets) co_return tickets.error();
  for (const auto& t : *tickets) {
    // A ticket used or given away meanwhile is not cancellable: the next step reads afresh.
    auto done = co_await payments_.cancel_ticket(t.id, core::kShowCancelledRefund);
    if (!done && done.error().code != "not_cancellable") co_return done.error();
  }
  co_return static_cast<int>(tickets->size());
}

Task<core::Result<int>> ShowCancellations::tell_people(std::int64_t event_id) {
  auto people = co_await tickets_.people_to_tell(event_id, options_.batch);
  if (!people) co_return people.error();
  for (const auto user_id : *people) {
    std::vector<core::OutboxMessage> messages{events::to_outbox_message(events::CancellationNotice{event_id, user_id})};
    auto recorded = co_await tickets_.record_cancellation_notice(event_id, user_id, std::move(messages));
    if (!recorded) co_return recorded.error();
  }
  co_return static_cast<int>(people->size());
}

}  // namespace tw::services
