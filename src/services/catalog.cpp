#include "services/catalog.h"

#include "core/error_codes.h"
#include "core/iso_time.h"
#include "core/tier_price.h"
#include "events/event_codec.h"
#include <atomic>

namespace tw::services {
using core::Result;

core::Error event_not_found(std::string_view slug) {
  return core::not_found("event_not_found", "No event with slug '" + std::string(slug) + "'");
}

Catalog::Catalog(store::EventStore& store, const core::Clock& clock, std::int64_t event_ttl_ms)
    : store_(store), clock_(clock), event_ttl_ms_(event_ttl_ms) {}

namespace {

// Every field of a query, so two queries share a page only when they ask the same thing.
std::string page_key(const core::EventQuery& q) {
  auto opt = [](const auto& v) { return v ? std::to_string(*v) : std::string("-"); };
  std::string key = q.text + '\x1f' + q.venue + '\x1f' + opt(q.from_utc) + '\x1f' + opt(q.to_utc) + '\x1f' +
                    q.from_date.value_or("-") + '\x1f' + q.to_date.value_or("-") + '\x1f' + std::to_string(q.limit) +
                    '\x1f' + (q.include_inactive ? "all" : "active");
  if (q.after) key += '\x1f' + std::to_string(q.after->starts_utc) + ':' + std::to_string(q.after->id);
  return key;
}

constexpr std::size_t kMaxCachedPages = 256;  // searches are many and varied; this bounds them

}  // namespace

Task<Result<std::shared_ptr<const core::EventPage>>> Catalog::list(core::EventQuery query) {
  auto key = page_key(query);
  if (auto cached = cached_or_claim(pages_, key)) co_return *cached;
  auto page = co_await store_.list_events(std::move(query));
  if (!page) {
    unclaim(pages_, key);
    co_return page.error();
  }
  auto shared = std::make_shared<const core::EventPage>(std::move(page).value());
  std::unique_lock lock(mu_);
  if (pages_.size() >= kMaxCachedPages) pages_.clear();
  pages_.insert_or_assign(std::move(key), Cached<std::shared_ptr<const core::EventPage>>{shared, clock_.now_ms()});
  co_return shared;
}

Task<Result<std::shared_ptr<const core::SeatMap>>> Catalog::seat_map(std::int64_t layout_id) {
  {
    std::shared_lock lock(mu_);
    if (auto it = maps_.find(layout_id); it != maps_.end()) co_return it->second;
  }
  auto layout = co_await store_.find_layout(layout_id);
  if (!layout) co_return std::move(layout).take_error();
  if (!layout->has_value()) co_return core::internal("layout " + std::to_string(layout_id) + " is missing");
  auto map = core::SeatMap::build(std::move(**layout));
  if (!map) co_return std::move(map).take_error();
  auto shared = std::make_shared<const core::SeatMap>(std::move(map).value());
  std::unique_lock lock(mu_);
  co_return maps_.try_emplace(layout_id, std::move(shared)).first->second;
}

Task<Result<EventWithMap>> Catalog::find(std::string slug, bool include_inactive) {
  auto loaded = co_await load(slug);
  if (loaded && !loaded->listing.event.active && !include_inactive) co_return event_not_found(slug);
  co_return loaded;
}

Task<Result<EventWithMap>> Catalog::load(const std::string& slug) {
  auto found = co_await store_.find_event(slug);
  if (!found) {
    unclaim(events_, slug);  // the next reader tries again
    co_return std::move(found).take_error();
  }
  if (!found->has_value()) {  // gone from the store (another instance renamed or removed it)
    std::unique_lock lock(mu_);
    if (auto it = events_.find(slug); it != events_.end()) {
      slug_by_id_.erase(it->second.value.listing.event.id);
      events_.erase(it);
    }
    co_return event_not_found(slug);
  }
  auto kept = co_await keep(std::move(**found));
  if (!kept) unclaim(events_, slug);
  co_return kept;
}

Task<Result<EventWithMap>> Catalog::keep(core::EventListing listing) {
  auto map = co_await seat_map(listing.event.layout_id);
  if (!map) co_return std::move(map).take_error();
  static std::atomic<std::uint64_t> loads{0};
  EventWithMap result{std::move(listing), std::move(map).value(), ++loads};
  const auto& slug = result.listing.event.slug;
  std::unique_lock lock(mu_);
  events_.insert_or_assign(slug, Cached<EventWithMap>{result, clock_.now_ms()});
  slug_by_id_.insert_or_assign(result.listing.event.id, slug);
  co_return result;
}

Task<Result<EventWithMap>> Catalog::find_cached(std::string slug) {
  if (auto cached = cached_or_claim(events_, slug)) {
    if (!cached->listing.event.active) co_return event_not_found(slug);
    co_return std::move(*cached);
  }
  co_return co_await find(std::move(slug), false);
}

Task<Result<EventWithMap>> Catalog::find_cached_by_id(std::int64_t id) {
  std::string slug;
  {
    std::shared_lock lock(mu_);
    if (auto it = slug_by_id_.find(id); it != slug_by_id_.end()) slug = it->second;
  }
  if (!slug.empty()) {
    if (auto cached = cached_or_claim(events_, slug)) co_return std::move(*cached);
    co_return co_await find(std::move(slug), true);
  }
  auto listing = co_await store_.find_event_by_id(id);
  if (!listing) co_return listing.error();
  if (!listing->has_value()) co_return core::not_found("event_not_found", "The event no longer exists");
  co_return co_await keep(std::move(**listing));
}

template <class Map>
std::optional<typename Map::mapped_type::Value> Catalog::cached_or_claim(Map& map, const typename Map::key_type& key) {
  const auto now = clock_.now_ms();
  {
    std::shared_lock lock(mu_);
    auto it = map.find(key);
    if (it == map.end()) return std::nullopt;
    if (now - it->second.loaded_at_ms < event_ttl_ms_) return it->second.value;
  }
  std::unique_lock lock(mu_);
  auto it = map.find(key);
  if (it == map.end()) return std::nullopt;
  auto& entry = it->second;
  const bool claimed = entry.reload_claimed_ms != 0 && now - entry.reload_claimed_ms < event_ttl_ms_;
  if (now - entry.loaded_at_ms < event_ttl_ms_ || claimed) return entry.value;
  entry.reload_claimed_ms = now;
  return std::nullopt;
}

template <class Map>
void Catalog::unclaim(Map& map, const typename Map::key_type& key) {
  std::unique_lock lock(mu_);
  if (auto it = map.find(key); it != map.end()) it->second.reload_claimed_ms = 0;
}

}  // namespace tw::services

namespace tw::services {
namespace {

// Tries of a price change that finds another change stored first (each means one succeeded).
constexpr int kPriceChangeAttempts = 5;

// The fields an edit changes, as the API names them, comma-separated ("" for none).
std::string changed_fields(const core::Event& old, const core::EventDraft& d, bool new_layout) {
  std::string out;
  const auto add = [&](bool changed, const char* name) {
    if (changed) out.append(out.empty() ? "" : ",").append(name);
  };
  add(old.slug != d.slug, "slug");
  add(old.name != d.name, "name");
  add(old.artist != d.artist, "artist");
  add(old.venue != d.venue, "venue");
  add(old.starts_at.utc_seconds != d.starts_at.utc_seconds || old.starts_at.offset_minutes != d.starts_at.offset_minutes,
      "startsAt");
  add(old.description != d.description, "description");
  add(old.image != d.image, "image");
  add(old.color != d.color, "color");
  add(old.on_sale_at.has_value() != d.on_sale_at.has_value() ||
          (old.on_sale_at && d.on_sale_at && old.on_sale_at->utc_seconds != d.on_sale_at->utc_seconds),
      "onSaleAt");
  add(old.active != d.active, "isActive");
  add(old.ticket_limit != d.ticket_limit, "ticketLimit");
  add(old.hold_seconds != d.hold_seconds, "holdSeconds");
  add(old.currency != d.currency, "currency");
  add(new_layout, "layout");
  return out;
}

}  // namespace

void Catalog::forget(std::int64_t id) {
  std::unique_lock lock(mu_);
  pages_.clear();  // any page may list the event
  if (auto it = slug_by_id_.find(id); it != slug_by_id_.end()) {
    events_.erase(it->second);
    slug_by_id_.erase(it);
  }
}

Task<Result<EventWithMap>> Catalog::create_event(core::EventDraft draft, core::Layout layout, std::int64_t by_user) {
  auto announce = [name = draft.name, by_user](std::int64_t id) {
    return std::vector<core::OutboxMessage>{events::to_outbox_message(events::EventCreated{id, name, by_user})};
  };
  auto created = co_await store_.create_event(std::move(draft), std::move(layout), std::move(announce));
  if (!created) co_return created.error();
  {
    std::unique_lock lock(mu_);
    pages_.clear();  // the new event belongs on some pages
  }
  co_return co_await find(created->slug, true);
}

Task<Result<EventWithMap>> Catalog::find_by_id(std::int64_t id) {
  auto listing = co_await store_.find_event_by_id(id);
  if (!listing) co_return listing.error();
  if (!listing->has_value()) co_return core::not_found("event_not_found", "No such event");
  co_return co_await keep(std::move(**listing));
}

Task<Result<EventWithMap>> Catalog::update_event(std::int64_t id, core::EventDraft draft,
                                                 std::optional<core::Layout> layout, std::int64_t by_user) {
  auto before = co_await store_.find_event_by_id(id);
  if (!before) co_return before.error();
  if (!before->has_value()) co_return core::not_found("event_not_found", "No such event");
  const auto& old = (*before)->event;
  if (old.cancelled_at != 0) {
    co_return core::conflict("show_cancelled", "This show is cancelled; a cancelled show cannot be edited");
  }
  std::vector<core::OutboxMessage> messages;
  if (auto fields = changed_fields(old, draft, layout.has_value()); !fields.empty()) {
    messages.push_back(events::to_outbox_message(events::EventChanged{id, std::move(fields), draft.active, by_user}));
  }
  const bool moved = old.starts_at.utc_seconds != draft.starts_at.utc_seconds ||
                     old.starts_at.offset_minutes != draft.starts_at.offset_minutes || old.venue != draft.venue;
  if (moved && (*before)->sold_seats > 0) {
    messages.push_back(events::to_outbox_message(
        events::ShowMoved{id, core::format_iso8601(old.starts_at), core::format_iso8601(draft.starts_at), old.venue,
                          draft.venue, by_user}));
  }
  co_return co_await changed(id, co_await store_.update_event(id, std::move(draft), std::move(layout),
                                                              std::move(messages)));
}

Task<Result<EventWithMap>> Catalog::changed(std::int64_t id, Result<std::optional<core::Event>> updated) {
  if (!updated) co_return updated.error();
  if (!updated->has_value()) co_return core::not_found("event_not_found", "No such event");
  forget(id);
  co_return co_await find((*updated)->slug, true);
}

Task<Result<EventWithMap>> Catalog::change_price(std::int64_t id, std::string tier, core::Cents base_price,
                                                 std::int64_t by_user) {
  // Made to the layout as stored; when another change was stored between that read and this
  // write, read again and redo it (a few times: each retry means another change succeeded).
  for (int attempt = 1;; ++attempt) {
    auto before = co_await find_by_id(id);
    if (!before) co_return before.error();
    if (before->listing.event.cancelled_at != 0) {
      co_return core::conflict("show_cancelled", "This show is cancelled; a cancelled show cannot be edited");
    }
    auto layout = before->seat_map->layout();
    auto change = core::reprice_tier(layout, tier, base_price);
    if (!change) co_return change.error();
    if (!change->changed) co_return before;
    std::vector<core::OutboxMessage> messages{events::to_outbox_message(
        events::PricesChanged{id, change->tier, change->before, change->after, by_user,
                              before->listing.event.currency})};
    auto stored = co_await store_.reprice_event(id, before->listing.event.layout_id, std::move(layout),
                                                std::move(messages));
    if (stored || stored.error().code != core::codes::kPricesChangedMeanwhile || attempt == kPriceChangeAttempts) {
      co_return co_await changed(id, std::move(stored));
    }
  }
}

Task<Result<bool>> Catalog::cancel_event(std::int64_t id, std::string reason,
                                         std::vector<core::OutboxMessage> messages) {
  auto done = co_await store_.cancel_event(id, std::move(reason), std::move(messages));
  if (!done) co_return done.error();
  forget(id);
  co_return *done;
}

Task<core::Status> Catalog::deactivate_event(std::int64_t id, std::int64_t by_user) {
  std::vector<core::OutboxMessage> messages{events::to_outbox_message(events::EventChanged{id, "isActive", false, by_user})};
  auto done = co_await store_.deactivate_event(id, std::move(messages));
  if (!done) co_return done.error();
  if (!*done) co_return core::not_found("event_not_found", "No such event");
  forget(id);
  co_return core::Ok{};
}

Task<Result<std::vector<core::EventStats>>> Catalog::stats() { co_return co_await store_.event_stats(); }

}  // namespace tw::services
