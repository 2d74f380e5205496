#pragma once
// Catalog: the events on sale and their seat maps. Seat maps are built once per layout and
// shared (a layout never changes once stored; editing an event's layout stores a new one).
// Event lookups by slug for seat-map reads are cached for `event_ttl_ms`, so the hot read path
// does not touch the database on every request.
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "core/clock.h"
#include "core/seat_map.h"
#include "store/event_store.h"

namespace tw::services {

struct EventWithMap {
  store::EventListing listing;
  std::shared_ptr<const core::SeatMap> seat_map;
};

class Catalog {
 public:
  Catalog(store::EventStore& store, const core::Clock& clock, std::int64_t event_ttl_ms = 2000);

  Task<core::Result<store::EventPage>> list(store::EventQuery query);
  // Fresh from the store. kNotFound ("event_not_found") for unknown or, unless
  // `include_inactive`, inactive events.
  Task<core::Result<EventWithMap>> find(std::string slug, bool include_inactive);
  // Like find, but may answer from a cache up to event_ttl_ms old.
  Task<core::Result<EventWithMap>> find_cached(std::string slug);
  // By id, from the same cache (inactive events included: a sale in progress may finish).
  Task<core::Result<EventWithMap>> find_cached_by_id(std::int64_t id);
  Task<core::Result<std::shared_ptr<const core::SeatMap>>> seat_map(std::int64_t layout_id);

  // Organisers (admin). Every change drops the cached copies of the event at once, so the next
  // read on this instance sees it (other instances within event_ttl_ms).
  Task<core::Result<EventWithMap>> create_event(core::EventDraft draft, core::Layout layout);
  // Fresh from the store, inactive included: what an edit starts from.
  Task<core::Result<EventWithMap>> find_by_id(std::int64_t id);
  // kNotFound "event_not_found"; kConflict "slug_taken" / "layout_locked".
  Task<core::Result<EventWithMap>> update_event(std::int64_t id, core::EventDraft draft,
                                                std::optional<core::Layout> layout);
  // kNotFound "event_not_found".
  Task<core::Status> deactivate_event(std::int64_t id);
  Task<core::Result<std::vector<store::EventStats>>> stats();

 private:
  void forget(std::int64_t id);

  struct CachedEvent {
    EventWithMap value;
    std::int64_t loaded_at_ms;
  };
  store::EventStore& store_;
  const core::Clock& clock_;
  std::int64_t event_ttl_ms_;
  std::shared_mutex mu_;
  std::unordered_map<std::int64_t, std::shared_ptr<const core::SeatMap>> maps_;  // guarded by mu_
  std::unordered_map<std::string, CachedEvent> events_;                          // guarded by mu_
  std::unordered_map<std::int64_t, std::string> slug_by_id_;                      // guarded by mu_
};

core::Error event_not_found(std::string_view slug);

}  // namespace tw::services
