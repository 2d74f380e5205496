#pragma once
// Catalog: the events on sale and their seat maps. Seat maps are built once per layout and
// shared (a layout never changes once stored; editing an event's layout stores a new one).
// Event lookups by slug for seat-map reads, and pages of the events list, are cached for
// `event_ttl_ms`, so the hot read paths do not touch the database on every request; a change
// made through this Catalog drops them at once (other instances see it within event_ttl_ms and
// one reload).
//
// When a cached copy expires, the first reader reloads it and the others keep the expired copy
// until the reload lands: in a sale hundreds of requests find it expired in the same
// millisecond, and each reload counts the event's sold tickets, so all of them asking the
// database at once queued every session and payment read behind hundreds of those counts
// (measured: 89 % of the database workers' time in the arena sale).
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "core/clock.h"
#include "core/seat_map.h"
#include "store/event_store.h"

namespace tw::services {

struct EventWithMap {
  core::EventListing listing;
  std::shared_ptr<const core::SeatMap> seat_map;
  // Which read of the store this is: a new number every time the event is loaded, so an answer
  // rendered from it can be reused while the number (and the live counts) stay the same.
  std::uint64_t loaded = 0;
};

class Catalog {
 public:
  Catalog(store::EventStore& store, const core::Clock& clock, std::int64_t event_ttl_ms = 2000);

  // A page of the events list; shared and immutable (a cached page is handed to every reader).
  // Sold and held seats are not filled in: they change by the second (SeatKeeper::counts).
  Task<core::Result<std::shared_ptr<const core::EventPage>>> list(core::EventQuery query);
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
  // Every organiser's change (created, changed, deactivated, cancelled) is recorded in the same
  // transaction for the audit trail, with who made it (`by_user`; 0: an operator's command).
  Task<core::Result<EventWithMap>> create_event(core::EventDraft draft, core::Layout layout, std::int64_t by_user = 0);
  // Fresh from the store, inactive included: what an edit starts from.
  Task<core::Result<EventWithMap>> find_by_id(std::int64_t id);
  // kNotFound "event_not_found"; kConflict "slug_taken" / "layout_locked" / "show_cancelled".
  // Moving a show with tickets sold (a new date, time or venue) tells every holder
  // (events::ShowMoved, from admin `by_user`).
  Task<core::Result<EventWithMap>> update_event(std::int64_t id, core::EventDraft draft,
                                                std::optional<core::Layout> layout, std::int64_t by_user = 0);
  // An organiser's new back-row price for a price tier (core/tier_price.h), with
  // events::PricesChanged from admin `by_user` for the audit trail; holds and tickets keep the
  // prices they have. kNotFound "event_not_found" / "tier_not_found"; kInvalid "bad_price";
  // kConflict "show_cancelled". The show unchanged when the tier has that price already.
  Task<core::Result<EventWithMap>> change_price(std::int64_t id, std::string tier, core::Cents base_price,
                                                std::int64_t by_user);
  // Marks the show cancelled with `messages` (ShowCancellations); false when it already was.
  Task<core::Result<bool>> cancel_event(std::int64_t id, std::string reason, std::vector<core::OutboxMessage> messages);
  // kNotFound "event_not_found".
  Task<core::Status> deactivate_event(std::int64_t id, std::int64_t by_user = 0);
  Task<core::Result<std::vector<core::EventStats>>> stats();

 private:
  void forget(std::int64_t id);
  // After a store's change of the show (`updated`): the cache dropped and the show read afresh.
  Task<core::Result<EventWithMap>> changed(std::int64_t id, core::Result<std::optional<core::Event>> updated);
  // Reads `slug` from the store into the cache, inactive or not (an event gone from the store
  // leaves it).
  Task<core::Result<EventWithMap>> load(const std::string& slug);
  // `listing`, just read from the store, with its seat map, kept in the cache.
  Task<core::Result<EventWithMap>> keep(core::EventListing listing);

  template <class T>
  struct Cached {
    using Value = T;
    T value;
    std::int64_t loaded_at_ms = 0;
    // When a reader set out to load a newer copy (0: none is); the others use this one meanwhile.
    // A claim older than event_ttl_ms counts as abandoned, so a reader that never came back
    // cannot leave the copy stale for good.
    std::int64_t reload_claimed_ms = 0;
  };
  // The cached value of `key` if fresh, or if expired while another reader reloads it; nullopt
  // when there is none, or when this caller is the one to reload (it must then store a new
  // copy, or `unclaim` on failure).
  template <class Map>
  std::optional<typename Map::mapped_type::Value> cached_or_claim(Map& map, const typename Map::key_type& key);
  template <class Map>
  void unclaim(Map& map, const typename Map::key_type& key);

  store::EventStore& store_;
  const core::Clock& clock_;
  std::int64_t event_ttl_ms_;
  std::shared_mutex mu_;
  std::unordered_map<std::int64_t, std::shared_ptr<const core::SeatMap>> maps_;  // guarded by mu_
  std::unordered_map<std::string, Cached<EventWithMap>> events_;                 // guarded by mu_
  std::unordered_map<std::int64_t, std::string> slug_by_id_;                      // guarded by mu_
  std::unordered_map<std::string, Cached<std::shared_ptr<const core::EventPage>>> pages_;  // by query; guarded by mu_
};

core::Error event_not_found(std::string_view slug);

}  // namespace tw::services
