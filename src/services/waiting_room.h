#pragma once
// WaitingRoom: the fair line in front of a hot sale (docs/waiting-room.md). Fans who come before
// the opening join a pre-queue, drawn at the opening in an order anyone can verify (the seed's
// commitment is published before, the seed after: core/queue_draw.h); later fans line up in
// order of arrival. A doorman lets them in at the room's rate, never more than max_active
// shopping at once, and nobody while nothing is left to sell (everyone waiting hears "sold out"
// at once). A fan let in gets a pass (signed, bound to the event, the account and the browser's
// session, and short-lived) that every hold and checkout of the event must carry.
//
// The lines themselves are kept by a QueueLine (queue/queue_line.h): in this process and the
// database on one server, in Redis in a cluster, where every server takes joins and checks
// passes and the doorman runs on one server at a time. Thread-safe; tick() runs every 250 ms on
// every server.
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/token_buckets.h"
#include "core/waiting_room.h"
#include "services/seat_keeper.h"
#include "services/catalog.h"
#include "services/join_puzzles.h"
#include "queue/queue_line.h"

namespace tw::services {

// What a fan (or anyone) sees of a room.
struct QueueView {
  std::int64_t event_id = 0;
  std::string slug;
  std::string event_name;
  core::WaitingRoomSettings settings;  // enabled false: no waiting room
  std::optional<core::ZonedTime> opens_at;
  bool open = false;   // the sale has opened
  bool drawn = false;  // the pre-queue has been drawn
  bool paused = false;
  bool closing = false;
  bool sold_out = false;
  std::string commitment;
  int waiting = 0;  // in the pre-queue or in line
  int active = 0;   // let in and shopping
  double admitted_per_minute = 0;  // measured over the last minute
  std::optional<core::QueueEntry> place;  // the caller's, if queued
  std::int64_t ahead = 0;                 // people ahead of the caller in line
  std::int64_t wait_seconds = -1;         // an estimate; -1 when it cannot be made yet
  std::string pass;                       // while the caller is let in
  std::string puzzle;  // the challenge the caller solves to join, when the room asks one (join_puzzles.h)
};

// The draw as published once made.
struct QueueDrawView {
  std::string commitment;
  std::string seed;  // empty until the draw
  std::int64_t drawn_at_ms = 0;
  std::vector<std::string> order;  // the pre-queue's queue ids in admission order
};

// An organiser's figures for the control room.
struct ControlRoom {
  QueueView room;
  int admitted_total = 0;
  int done = 0;
  inventory::SeatCounts seats;  // as the doorman last read them
  double sold_per_minute = 0;   // over the last minute
  std::int64_t sell_out_seconds = -1;  // at that pace; -1 when nothing sells
};

class WaitingRoom {
 public:
  // How long a fan let in may go without making a hold, and without being seen (polling, the
  // live stream, a request with the pass) before their place goes to the next in line.
  static constexpr std::int64_t kIdleMs = 120'000;
  static constexpr std::int64_t kGoneMs = 30'000;
  // New places per client address: 120 at once, then one a second.
  static constexpr double kJoinsPerSecond = 1.0;
  static constexpr double kJoinBurst = 120;

  WaitingRoom(queue::QueueLine& line, Catalog& catalog, SeatKeeper& seats, const core::Clock& clock);
  ~WaitingRoom();

  // Reads every room and place (start-up).
  Task<core::Status> load();

  // Admin: turns a room on, off or changes its figures. A room's seed, commitment and pass key
  // are made the first time it is configured, and kept.
  Task<core::Result<QueueView>> configure(std::int64_t event_id, core::WaitingRoomSettings settings);
  Task<core::Status> set_paused(std::int64_t event_id, bool paused);
  // No new joins; those in line are still let in; once the line is empty the sale needs no pass.
  Task<core::Status> close(std::int64_t event_id);
  // As this server last read them (configured here, or at its doorman's last round).
  std::optional<core::WaitingRoomSettings> settings_of(std::int64_t event_id);
  Task<core::Result<ControlRoom>> control(std::int64_t event_id);

  // Fans. kNotFound "event_not_found"; kConflict "no_waiting_room" when the event has none on,
  // "waiting_room_closed" when it takes no more joins. A second join returns the same place.
  // New places are limited per client address (kRateLimited "too_many_joins", with when to try
  // again): generous, since a stadium's Wi-Fi or a carrier's NAT puts many fans behind one
  // address, but a farm of accounts on one machine cannot line up thousands of places. A room
  // that asks a proof of work takes a new place only with `proof` solving the fan's puzzle
  // (check_puzzle's kForbidden codes).
  Task<core::Result<QueueView>> join(std::int64_t user_id, std::string slug, std::string session,
                                     std::string address = {}, JoinProof proof = {});
  // The room as the caller sees it (user 0: anyone); `session` binds the pass.
  Task<core::Result<QueueView>> view(std::int64_t user_id, std::string slug, std::string session);
  Task<core::Result<QueueDrawView>> published_draw(std::string slug);
  // Every room the fan has a live place in (waiting or let in), whichever device joined: so a
  // fan sees they are queued elsewhere. Without passes (those go to the event's own page).
  Task<std::vector<QueueView>> places_of(std::int64_t user_id);

  // The gate of holds and checkouts: Ok when the event needs no pass now, or `pass` is the
  // caller's own and live. kForbidden "queue_pass_required", "queue_pass_invalid",
  // "queue_pass_expired" or "queue_pass_not_yours".
  Task<core::Status> admit_hold(std::int64_t user_id, std::string slug, std::string session, std::string pass);
  Task<core::Status> admit_checkout(std::int64_t user_id, std::string hold_id, std::string session, std::string pass);
  // A fan let in has bought: their place is free for the next.
  Task<void> finished(std::int64_t event_id, std::int64_t user_id);

  // Reads the rooms and the seats left; where the doorman runs, draws rooms whose sale opened,
  // frees places of fans who left and lets fans in.
  Task<void> tick();

 private:
  // What this server knows of a room between calls: its record, the event's names, the seats as
  // last read (sold out or not, the pace of sales).
  struct Known {
    core::WaitingRoomRecord record;
    std::optional<core::ZonedTime> opens_at;
    std::string slug;
    std::string event_name;
    int waiting = 0;
    bool sellable = true;
    inventory::SeatCounts seats;
    std::deque<std::pair<std::int64_t, int>> sold;  // (when, seats sold), last minute
    void follow(const core::Event& e);
    bool open(std::int64_t now) const { return !opens_at || now >= opens_at->utc_seconds * 1000; }
    // A room drained to the last fan asks for no pass any more.
    bool gating() const { return record.settings.enabled && !(record.closing && waiting == 0); }
  };

  Known& know(const core::WaitingRoomRecord& record);  // guarded by mu_
  QueueView compose(const Known& k, const queue::LineState& s, std::int64_t user_id, const std::string& session,
                    std::int64_t now) const;
  std::string pass_for(const core::WaitingRoomRecord& r, const core::QueueEntry& e, const std::string& session) const;
  // The caller's pass against the gate of `event_id`: Ok when the room asks none now.
  Task<core::Status> check_gate(std::int64_t event_id, std::int64_t user_id, std::string session, std::string pass);
  Task<core::Status> refresh();
  Task<core::Status> tick_room(std::int64_t event_id, bool doorman);

  queue::QueueLine& line_;
  Catalog& catalog_;
  SeatKeeper& seats_;
  const core::Clock& clock_;
  std::mutex mu_;
  std::map<std::int64_t, Known> known_;  // by event id; guarded by mu_
  core::TokenBuckets joins_{kJoinsPerSecond, kJoinBurst};  // new places per client address
};

}  // namespace tw::services
