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

SeatFeed::SeatFeed(Catalog& catalog, SeatKeeper& seats, const core::Clock& clock, SeatFeedOptions options)
    : catalog_(catalog), seats_(seats), clock_(clock), options_(options) {}

SeatFeed::Channel& SeatFeed::channel(std::int64_t event_id) {
  std::lock_guard lock(mu_);
  auto& ch = channels_[event_id];
  if (!ch) ch = std::make_unique<Channel>();
  return *ch;
}

void SeatFeed::record(Channel& ch, const Kept& fresh) {
  std::lock_guard lock(ch.mu);
  if (!ch.kept.empty()) {
    const auto& last = ch.kept.back();
    // A read that lost a race with a newer one brings nothing new; the newer one stays.
    if (fresh.version <= last.version) return;
    // A new layout (another seat count): nobody can catch up across it.
    if (fresh.seats->size() != last.seats->size()) ch.kept.clear();
  }
  ch.kept.push_back(fresh);
  const auto bytes = [&] { return ch.kept.size() * fresh.seats->size(); };
  while (ch.kept.size() > options_.max_kept ||
         (ch.kept.size() > 1 && (ch.kept.front().at_ms < fresh.at_ms - options_.keep.count() ||
                                 bytes() > options_.max_kept_bytes))) {
    ch.kept.pop_front();
  }
}

std::pair<SeatStates, SeatFeed::Kept> SeatFeed::find(Channel& ch, std::uint64_t since) {
  std::lock_guard lock(ch.mu);
  const auto it = std::lower_bound(ch.kept.begin(), ch.kept.end(), since,
                                   [](const Kept& k, std::uint64_t v) { return k.version < v; });
  SeatStates at = it != ch.kept.end() && it->version == since ? it->seats : nullptr;
  return {std::move(at), ch.kept.back()};
}

Task<Result<SeatSnapshot>> SeatFeed::current(std::string slug) {
  auto fresh = co_await seats_.seats(std::move(slug));
  if (!fresh) co_return fresh.error();
  const auto version = fresh->availability.version;
  auto& seats = fresh->availability.seats;
  record(channel(fresh->event_id), Kept{version, clock_.now_ms(), seats});
  co_return SeatSnapshot{fresh->event_id, version, std::move(seats)};
}

Task<Result<SeatCatchup>> SeatFeed::since(std::string slug, std::uint64_t since) {
  auto event = co_await catalog_.find_cached(slug);
  if (!event) co_return event.error();
  const auto event_id = event->listing.event.id;
  auto& ch = channel(event_id);
  const auto now = clock_.now_ms();
  bool fresh_enough = false;
  {
    std::lock_guard lock(ch.mu);
    fresh_enough = !ch.kept.empty() && now - ch.kept.back().at_ms < options_.batch.count();
  }
  if (!fresh_enough) {
    auto fresh = co_await seats_.seats(std::move(slug));
    if (!fresh) co_return fresh.error();
    record(ch, Kept{fresh->availability.version, now, std::move(fresh->availability.seats)});
  }
  auto [at, latest] = find(ch, since);
  SeatCatchup out{!at, event_id, latest.version, latest.seats, {}};
  if (at && latest.version != since) out.changes = diff_seats(*at, *latest.seats);
  co_return out;
}

}  // namespace tw::services
