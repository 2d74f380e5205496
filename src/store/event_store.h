#pragma once
// EventStore: events and their venue layouts (conventions in database.h).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "async/task.h"
#include "core/result.h"
#include "core/layout.h"
#include "store/records.h"

namespace tw::store {

class EventStore {
 public:
  virtual ~EventStore() = default;

  virtual Task<core::Result<EventPage>> list_events(EventQuery query) = 0;
  virtual Task<core::Result<std::optional<EventListing>>> find_event(std::string slug) = 0;
  virtual Task<core::Result<std::optional<EventListing>>> find_event_by_id(std::int64_t id) = 0;
  virtual Task<core::Result<std::optional<core::Layout>>> find_layout(std::int64_t layout_id) = 0;
  // Stores the layout, the event and one row per seat, in one transaction, with the outbox
  // messages `announce` makes for the new event's id. kConflict "slug_taken" when the slug is in
  // use.
  using Announce = std::function<std::vector<OutboxMessage>(std::int64_t event_id)>;
  virtual Task<core::Result<core::Event>> create_event(core::EventDraft draft, core::Layout layout,
                                                       Announce announce = {}) = 0;
  // Replaces the event's details, and its layout when one is given. kConflict "slug_taken";
  // kConflict "layout_locked" when a new layout is given but seats are already held, sold or blocked.
  // Empty optional when there is no such event.
  // `messages` go to the outbox in the same transaction (a moved show's notice to its holders).
  virtual Task<core::Result<std::optional<core::Event>>> update_event(std::int64_t id, core::EventDraft draft,
                                                                      std::optional<core::Layout> layout,
                                                                      std::vector<OutboxMessage> messages) = 0;
  // The show's layout replaced by `layout`, the same seats at new prices (an organiser's price
  // change, core/tier_price.h): allowed while seats are held or sold, as no seat changes. Only
  // while the show's layout is still `from_layout_id`, the one `layout` was made from: else
  // kConflict "prices_changed_meanwhile" and nothing written (another change came first; two organisers
  // repricing two tiers at once must not put back each other's old price). Empty optional when
  // there is no such event. `messages` go to the outbox in the same transaction.
  virtual Task<core::Result<std::optional<core::Event>>> reprice_event(std::int64_t id, std::int64_t from_layout_id,
                                                                       core::Layout layout,
                                                                       std::vector<OutboxMessage> messages) = 0;
  // Cancels the show for good: off sale, with when (now) and why, and `messages` in the same
  // transaction. False when there is no such event or it was cancelled already (nothing written).
  virtual Task<core::Result<bool>> cancel_event(std::int64_t id, std::string reason,
                                                std::vector<OutboxMessage> messages) = 0;
  // Cancelled shows whose cancellation job has not finished, by id.
  virtual Task<core::Result<std::vector<std::int64_t>>> cancellations_in_progress() = 0;
  virtual Task<core::Status> finish_cancellation(std::int64_t id) = 0;
  // Hides the event from the catalogue, with `messages`; false when there is no such event.
  virtual Task<core::Result<bool>> deactivate_event(std::int64_t id, std::vector<OutboxMessage> messages = {}) = 0;
  virtual Task<core::Result<int>> count_events() = 0;
  virtual Task<core::Result<std::vector<EventStats>>> event_stats() = 0;
};

}  // namespace tw::store
