#include "services/seat_feed.h"

#include <algorithm>

namespace tw::services {

using core::Result;

std::vector<SeatChange> diff_seats(const std::vector<inventory::SeatState>& before,
                                   const std::vector<inventory::SeatState>& after) {
  std::vector<SeatChange> changes;
  const std::size_t n = std::min(before.size(), after.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (before[i] != after[i]) changes.push_back({static_cast<int>(i), after[i]});
  }
  return changes;
}

SeatFeed::SeatFeed(Catalog& catalog, Booking& booking, const core::Clock& clock, SeatFeedOptions options)
    : catalog_(catalog), booking_(booking), clock_(clock), options_(options) {}

SeatFeed::Channel& SeatFeed::channel(std::int64_t event_id) {
  std::lock_guard lock(mu_);
  auto& ch = channels_[event_id];
  if (!ch) ch = std::make_unique<Channel>();
  return *ch;
}

void SeatFeed::record(Channel& ch, const SeatsView& fresh, std::int64_t now_ms) {
  const auto& before = ch.last.availability;
  // A read that lost a race with a newer one brings nothing new; the newer one stays.
  if (ch.last_ms >= 0 && fresh.availability.version <= before.version) return;
  if (ch.last_ms >= 0 && fresh.availability.seats.size() == before.seats.size()) {
    ch.deltas.push_back({before.version, fresh.availability.version, now_ms,
                         diff_seats(before.seats, fresh.availability.seats)});
  } else {
    ch.deltas.clear();  // first read, or a new layout: nobody can catch up across it
  }
  ch.last = fresh;
  ch.last_ms = now_ms;
  while (!ch.deltas.empty() &&
         (ch.deltas.size() > options_.max_deltas || ch.deltas.front().at_ms < now_ms - options_.keep.count())) {
    ch.deltas.pop_front();
  }
}

SeatCatchup SeatFeed::catch_up(const Channel& ch, std::uint64_t since) {
  SeatCatchup out;
  out.now = ch.last;
  if (since == ch.last.availability.version) return out;
  const auto first = std::find_if(ch.deltas.begin(), ch.deltas.end(), [&](const Delta& d) { return d.from == since; });
  if (first == ch.deltas.end()) {
    out.resync = true;
    return out;
  }
  std::map<int, inventory::SeatState> latest;
  for (auto it = first; it != ch.deltas.end(); ++it) {
    for (const auto& c : it->changes) latest[c.seat] = c.state;
  }
  for (const auto& [seat, state] : latest) out.changes.push_back({seat, state});
  return out;
}

Task<Result<SeatsView>> SeatFeed::current(std::string slug) {
  auto fresh = co_await booking_.seats(std::move(slug));
  if (!fresh) co_return fresh.error();
  auto& ch = channel(fresh->event_id);
  std::lock_guard lock(ch.mu);
  record(ch, *fresh, clock_.now_ms());
  co_return std::move(fresh).value();
}

Task<Result<SeatCatchup>> SeatFeed::since(std::string slug, std::uint64_t since) {
  auto event = co_await catalog_.find_cached(slug);
  if (!event) co_return event.error();
  auto& ch = channel(event->listing.event.id);
  const auto now = clock_.now_ms();
  {
    std::lock_guard lock(ch.mu);
    if (ch.last_ms >= 0 && now - ch.last_ms < options_.batch.count()) co_return catch_up(ch, since);
  }
  auto fresh = co_await booking_.seats(std::move(slug));
  if (!fresh) co_return fresh.error();
  std::lock_guard lock(ch.mu);
  record(ch, *fresh, now);
  co_return catch_up(ch, since);
}

}  // namespace tw::services
