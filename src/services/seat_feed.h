#pragma once
// SeatFeed: live seat updates. Every availability it hands out (the seats endpoint, the live
// stream) becomes a version a client may later catch up from: the feed keeps, per event, the
// recent availabilities it handed out (shared, not copied), so a client at a recent version gets
// the difference to the latest instead of the whole map. Streams poll it at most every `batch`
// interval, so a flash sale's thousands of changes reach each client in batches. Recording is a
// pointer push under a short lock; the diffing happens in the streams, outside any lock.
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "services/seat_keeper.h"

namespace tw::services {

struct SeatChange {
  int seat = 0;  // seat index in the seat map
  inventory::SeatState state = inventory::SeatState::kAvailable;
  bool operator==(const SeatChange&) const = default;
};

using inventory::SeatStates;

// The availability of an event now, shared with the feed's history (never copied).
struct SeatSnapshot {
  std::int64_t event_id = 0;
  std::uint64_t version = 0;
  SeatStates seats;
};

// What a client at some version needs to catch up.
struct SeatCatchup {
  bool resync = false;  // the version is unknown (too old, or from before a restart): send all
  std::int64_t event_id = 0;
  std::uint64_t version = 0;        // the current version
  SeatStates seats;                 // the current availability (always filled; shared, never copied)
  std::vector<SeatChange> changes;  // when !resync: the seats that changed, in seat order
};

struct SeatFeedOptions {
  std::chrono::milliseconds batch{100};    // a catch-up reuses an availability at most this old
  std::chrono::milliseconds keep{30'000};  // availabilities handed out are kept this long
  std::size_t max_kept = 512;              // and at most this many per event,
  std::size_t max_kept_bytes = 8 << 20;    // and this many bytes of seat states (a 100,000-seat
                                           // event keeps ~80 versions, the arena ~380)
};

class SeatFeed {
 public:
  SeatFeed(Catalog& catalog, SeatKeeper& seats, const core::Clock& clock, SeatFeedOptions options = {});

  // The current availability, recorded so clients can catch up from its version.
  Task<core::Result<SeatSnapshot>> current(std::string slug);
  // The changes after `since`, from an availability at most `batch` old.
  Task<core::Result<SeatCatchup>> since(std::string slug, std::uint64_t since);

 private:
  struct Kept {
    std::uint64_t version = 0;
    std::int64_t at_ms = 0;
    SeatStates seats;
  };
  struct Channel {
    std::mutex mu;
    std::deque<Kept> kept;  // oldest first, versions increasing; guarded by mu
  };
  Channel& channel(std::int64_t event_id);
  void record(Channel& ch, const Kept& fresh);
  // The kept availability at `since` (null if unknown) and the latest, read under the lock.
  static std::pair<SeatStates, Kept> find(Channel& ch, std::uint64_t since);

  Catalog& catalog_;
  SeatKeeper& seats_;
  const core::Clock& clock_;
  SeatFeedOptions options_;
  std::mutex mu_;
  std::map<std::int64_t, std::unique_ptr<Channel>> channels_;  // guarded by mu_
};

// The seats whose state differs between two availabilities of one event, in seat order.
std::vector<SeatChange> diff_seats(const std::vector<inventory::SeatState>& before,
                                   const std::vector<inventory::SeatState>& after);

}  // namespace tw::services
