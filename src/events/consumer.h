#pragma once
// Consumer: something that acts on the event log (receipts, sales figures, the audit trail,
// webhooks). The dispatcher (dispatcher.h) feeds each one the log in order from its own offset.
#include <string_view>
#include <vector>

#include "async/task.h"
#include "core/result.h"
#include "events/event_log.h"
#include "events/events.h"

namespace tw::events {

// An event as the log holds it (sequence, id, time) and as its type reads.
struct DecodedEvent {
  LoggedEvent logged;
  Event event;
};

class Consumer {
 public:
  virtual ~Consumer() = default;
  // Its name in the offsets table, the admin API and `events replay --consumer`.
  virtual std::string_view name() const = 0;
  // Acts on events in log order. Delivery is at least once: after a failure, a crash or a
  // replay the same events come again, so handling one twice must change nothing more than
  // handling it once (idempotent by event id or sequence). An error: the batch is offered again
  // after a back-off.
  virtual Task<core::Status> handle(const std::vector<DecodedEvent>& batch) = 0;
};

}  // namespace tw::events
