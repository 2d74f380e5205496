#pragma once
// SeatFeed: live seat updates. Every availability it hands out (the seats endpoint, the live
// stream) becomes a version a client may later catch up from: the feed keeps, per event, the last
// availability handed out and the seat changes between consecutive ones for a while, so a client
// at any recent version gets a small delta instead of the whole map. Streams poll it at most every
// `batch` interval, so a flash sale's thousands of changes reach each client in batches.
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "services/booking.h"

namespace tw::services {

struct SeatChange {
  int seat = 0;  // seat index in the seat map
  inventory::SeatState state = inventory::SeatState::kAvailable;
  bool operator==(const SeatChange&) const = default;
};

// What a client at some version needs to catch up.
struct SeatCatchup {
  bool resync = false;  // the version is unknown (too old, or from before a restart): send all
  SeatsView now;        // the current availability (always filled)
  std::vector<SeatChange> changes;  // when !resync: the seats that changed, in seat order
};

struct SeatFeedOptions {
  std::chrono::milliseconds batch{100};   // a catch-up reuses an availability at most this old
  std::chrono::milliseconds keep{30'000};  // deltas are kept this long
  std::size_t max_deltas = 4096;           // and at most this many per event
};

class SeatFeed {
 public:
  SeatFeed(Catalog& catalog, Booking& booking, const core::Clock& clock, SeatFeedOptions options = {});

  // The current availability, recorded so clients can catch up from its version.
  Task<core::Result<SeatsView>> current(std::string slug);
  // The changes after `since`, from an availability at most `batch` old.
  Task<core::Result<SeatCatchup>> since(std::string slug, std::uint64_t since);

 private:
  struct Delta {
    std::uint64_t from = 0, to = 0;
    std::int64_t at_ms = 0;
    std::vector<SeatChange> changes;
  };
  struct Channel {
    std::mutex mu;
    SeatsView last;             // guarded by mu
    std::int64_t last_ms = -1;  // when `last` was read; guarded by mu
    std::deque<Delta> deltas;   // oldest first, consecutive; guarded by mu
  };
  Channel& channel(std::int64_t event_id);
  void record(Channel& ch, const SeatsView& fresh, std::int64_t now_ms);
  static SeatCatchup catch_up(const Channel& ch, std::uint64_t since);

  Catalog& catalog_;
  Booking& booking_;
  const core::Clock& clock_;
  SeatFeedOptions options_;
  std::mutex mu_;
  std::map<std::int64_t, std::unique_ptr<Channel>> channels_;  // guarded by mu_
};

// The seats whose state differs between two availabilities of one event, in seat order.
std::vector<SeatChange> diff_seats(const std::vector<inventory::SeatState>& before,
                                   const std::vector<inventory::SeatState>& after);

}  // namespace tw::services
