#include "services/waiting_room.h"

#include <sodium.h>

#include <algorithm>

#include "async/log.h"
#include "core/encoding.h"
#include "core/ids.h"
#include "core/queue_draw.h"
#include "services/room_signing.h"

namespace tw::services {
using core::QueueEntry;
using core::QueueEntryState;
using core::Result;
using core::Status;

namespace {

constexpr std::string_view kPassPrefix = "TWQ1.";
constexpr std::size_t kSessionPart = 16;  // hex digits of the session's hash a pass is bound to

bool live(const std::optional<QueueEntry>& place) { return place && place->state != QueueEntryState::kDone; }

}  // namespace

void WaitingRoom::Known::follow(const core::Event& e) {
  opens_at = e.on_sale_at;
  slug = e.slug;
  event_name = e.name;
}

WaitingRoom::WaitingRoom(queue::QueueLine& line, Catalog& catalog, SeatKeeper& seats, const core::Clock& clock)
    : line_(line), catalog_(catalog), seats_(seats), clock_(clock) {}

WaitingRoom::~WaitingRoom() = default;

WaitingRoom::Known& WaitingRoom::know(const core::WaitingRoomRecord& record) {
  auto& k = known_[record.event_id];
  k.record = record;
  return k;
}

Task<Status> WaitingRoom::load() {
  if (auto st = co_await line_.load(); !st) co_return st;
  co_return co_await refresh();
}

Task<Status> WaitingRoom::refresh() {
  auto rooms = co_await line_.rooms();
  if (!rooms) co_return rooms.error();
  std::lock_guard lock(mu_);
  for (const auto& record : *rooms) know(record);
  co_return core::Ok{};
}

Task<Result<QueueView>> WaitingRoom::configure(std::int64_t event_id, core::WaitingRoomSettings settings) {
  if (auto st = core::validate_waiting_room(settings); !st) co_return st.error();
  auto event = co_await catalog_.find_by_id(event_id);
  if (!event) co_return event.error();
  core::WaitingRoomRecord fresh{.event_id = event_id, .settings = settings, .seed = core::new_draw_seed()};
  fresh.commitment = core::draw_commitment(fresh.seed);
  fresh.pass_key = core::random_hex(crypto_auth_hmacsha256_KEYBYTES);
  auto record = co_await line_.configure(event_id, settings, std::move(fresh));
  if (!record) co_return record.error();
  const auto now = clock_.now_ms();
  auto state = co_await line_.state(event_id, 0, now, false);
  if (!state) co_return state.error();
  std::lock_guard lock(mu_);
  auto& k = know(*record);
  k.follow(event->listing.event);
  co_return compose(k, *state, 0, "", now);
}

std::optional<core::WaitingRoomSettings> WaitingRoom::settings_of(std::int64_t event_id) {
  std::lock_guard lock(mu_);
  const auto it = known_.find(event_id);
  return it == known_.end() ? std::nullopt : std::optional(it->second.record.settings);
}

Task<Status> WaitingRoom::set_paused(std::int64_t event_id, bool paused) {
  if (auto st = co_await line_.change(event_id, paused ? queue::RoomChange::kPause : queue::RoomChange::kResume); !st) {
    co_return st;
  }
  co_return co_await refresh();
}

Task<Status> WaitingRoom::close(std::int64_t event_id) {
  if (auto st = co_await line_.change(event_id, queue::RoomChange::kClose); !st) co_return st;
  co_return co_await refresh();
}

QueueView WaitingRoom::compose(const Known& k, const queue::LineState& s, std::int64_t user_id,
                               const std::string& session, std::int64_t now) const {
  QueueView v;
  v.event_id = s.record.event_id;
  v.slug = k.slug;
  v.event_name = k.event_name;
  v.settings = s.record.settings;
  v.opens_at = k.opens_at;
  v.open = k.open(now);
  v.drawn = s.record.drawn_at_ms > 0;
  v.paused = s.record.paused;
  v.closing = s.record.closing;
  v.sold_out = !k.sellable;
  v.commitment = s.record.commitment;
  v.waiting = s.pre_queue + s.in_line;
  v.active = s.active;
  const auto rate = core::admission_rate(s.admitted_last_minute, s.record.drawn_at_ms, s.record.settings, now);
  v.admitted_per_minute = s.admitted_last_minute == 0 ? 0 : rate;
  if (user_id && !live(s.place) && s.record.settings.proof_of_work > 0) {
    v.puzzle = issue_puzzle(s.record.pass_key, s.record.event_id, user_id, s.record.settings.proof_of_work, now);
  }
  if (!s.place) return v;
  const auto& e = *s.place;
  v.place = e;
  if (e.state == QueueEntryState::kWaiting && e.turn > 0 && s.in_line > 0) {
    v.ahead = std::max<std::int64_t>(0, e.turn - s.head_turn);
    v.wait_seconds = static_cast<std::int64_t>(v.ahead * 60.0 / std::max(rate, 1.0));
  } else if (e.state == QueueEntryState::kWaiting && e.turn == 0 && k.opens_at) {
    v.wait_seconds = std::max<std::int64_t>(0, (k.opens_at->utc_seconds * 1000 - now) / 1000);
  }
  if (e.state == QueueEntryState::kAdmitted && e.pass_expires_ms > now && !session.empty()) {
    v.pass = pass_for(s.record, e, session);
  }
  return v;
}

Task<Result<QueueView>> WaitingRoom::join(std::int64_t user_id, std::string slug, std::string session,
                                          std::string address, JoinProof proof) {
  auto event = co_await catalog_.find_cached(std::move(slug));
  if (!event) co_return event.error();
  const auto event_id = event->listing.event.id;
  const auto now = clock_.now_ms();
  auto before = co_await line_.state(event_id, user_id, now, true);
  if (!before && before.error().kind != core::ErrorKind::kNotFound) co_return before.error();
  if (!before || !before->record.settings.enabled) {
    co_return core::conflict("no_waiting_room", "This sale has no waiting room");
  }
  if (!live(before->place)) {
    if (before->record.closing) co_return core::conflict("waiting_room_closed", "This waiting room takes no more fans");
    const auto& r = before->record;
    if (auto st = check_puzzle(r.pass_key, event_id, user_id, r.settings.proof_of_work, proof, now); !st) {
      co_return st.error();
    }
    if (const auto wait_ms = address.empty() ? 0 : joins_.take(address, now); wait_ms > 0) {
      co_return core::rate_limited("too_many_joins",
                                   "Too many fans joined from this connection just now; try again in a moment", wait_ms);
    }
    // Before the draw, a place in the pre-queue; after it, the next in line (the line decides).
    QueueEntry entry{.id = core::new_uuid(), .event_id = event_id, .user_id = user_id, .joined_at_ms = now};
    auto placed = co_await line_.join(std::move(entry));
    if (!placed) co_return placed.error();
  }
  auto after = co_await line_.state(event_id, user_id, now, true);
  if (!after) co_return after.error();
  std::lock_guard lock(mu_);
  auto& k = know(after->record);
  k.follow(event->listing.event);
  co_return compose(k, *after, user_id, session, now);
}

Task<Result<QueueView>> WaitingRoom::view(std::int64_t user_id, std::string slug, std::string session) {
  auto event = co_await catalog_.find_cached(std::move(slug));
  if (!event) co_return event.error();
  const auto now = clock_.now_ms();
  auto s = co_await line_.state(event->listing.event.id, user_id, now, true);
  if (!s && s.error().kind != core::ErrorKind::kNotFound) co_return s.error();
  if (!s) {
    QueueView none;
    none.event_id = event->listing.event.id;
    none.opens_at = event->listing.event.on_sale_at;
    none.open = !none.opens_at || now >= none.opens_at->utc_seconds * 1000;
    co_return none;
  }
  std::lock_guard lock(mu_);
  auto& k = know(s->record);
  k.follow(event->listing.event);
  co_return compose(k, *s, user_id, session, now);
}

Task<std::vector<QueueView>> WaitingRoom::places_of(std::int64_t user_id) {
  std::vector<std::int64_t> ids;
  {
    std::lock_guard lock(mu_);
    for (const auto& [id, k] : known_) {
      if (!k.slug.empty()) ids.push_back(id);  // a room not yet seen by the doorman has no page to name
    }
  }
  std::vector<QueueView> out;
  const auto now = clock_.now_ms();
  for (const auto id : ids) {
    auto s = co_await line_.state(id, user_id, now, false);
    if (!s || !live(s->place)) continue;
    std::lock_guard lock(mu_);
    out.push_back(compose(known_[id], *s, user_id, "", now));
  }
  co_return out;
}

Task<Result<QueueDrawView>> WaitingRoom::published_draw(std::string slug) {
  auto event = co_await catalog_.find_cached(std::move(slug));
  if (!event) co_return event.error();
  const auto event_id = event->listing.event.id;
  auto s = co_await line_.state(event_id, 0, clock_.now_ms(), false);
  if (!s) co_return s.error();
  QueueDrawView d{s->record.commitment, "", s->record.drawn_at_ms, {}};
  if (s->record.drawn_at_ms == 0) co_return d;
  d.seed = s->record.seed;
  auto order = co_await line_.drawn_order(event_id);
  if (!order) co_return order.error();
  d.order = std::move(*order);
  co_return d;
}

std::string WaitingRoom::pass_for(const core::WaitingRoomRecord& r, const QueueEntry& e, const std::string& session) const {
  const std::string payload = std::to_string(e.event_id) + "|" + std::to_string(e.user_id) + "|" + e.id + "|" +
                              std::to_string(e.admitted_at_ms) + "|" + std::to_string(e.pass_expires_ms) + "|" +
                              session.substr(0, kSessionPart);
  return std::string(kPassPrefix) + core::base64url(payload) + "." + core::base64url(room_mac(r.pass_key, payload));
}

Task<Status> WaitingRoom::check_gate(std::int64_t event_id, std::int64_t user_id, std::string session, std::string pass) {
  const auto now = clock_.now_ms();
  std::string key;
  std::string where;
  {
    std::lock_guard lock(mu_);
    const auto it = known_.find(event_id);
    // Before the opening the hold is refused anyway.
    if (it == known_.end() || !it->second.gating() || !it->second.open(now)) co_return core::Ok{};
    key = it->second.record.pass_key;
    where = it->second.slug.empty() ? "the event page" : "/events/" + it->second.slug + "/queue";
  }
  if (pass.empty()) {
    co_return core::forbidden("queue_pass_required", "This sale has a waiting room: join it at " + where +
                                                      " and hold seats once you are let in (send the pass as X-Queue-Pass)");
  }
  const auto invalid = [] {
    return core::forbidden("queue_pass_invalid", "This waiting room pass is not one TicketWar issued");
  };
  if (!pass.starts_with(kPassPrefix)) co_return invalid();
  const auto parts = split_fields(std::string_view(pass).substr(kPassPrefix.size()), '.');
  if (parts.size() != 2) co_return invalid();
  const auto payload = core::from_base64url(parts[0]);
  const auto signature = core::from_base64url(parts[1]);
  if (!payload || !signature || !room_mac_matches(key, *payload, *signature)) co_return invalid();
  const auto f = split_fields(*payload, '|');
  if (f.size() != 6) co_return invalid();
  if (field_number(f[0]) != event_id || field_number(f[1]) != user_id || f[5] != session.substr(0, kSessionPart)) {
    co_return core::forbidden("queue_pass_not_yours", "This waiting room pass belongs to another account, browser or sale");
  }
  const auto expired = [&] {
    return core::forbidden("queue_pass_expired", "Your turn in the waiting room is over; join it again at " + where);
  };
  if (field_number(f[4]) <= now) co_return expired();
  auto place = co_await line_.shopper(event_id, user_id, now);
  if (!place) co_return place.error();
  const bool still_in = *place && (*place)->id == f[2] && (*place)->state == QueueEntryState::kAdmitted;
  if (!still_in) co_return expired();
  co_return core::Ok{};
}

Task<Status> WaitingRoom::admit_hold(std::int64_t user_id, std::string slug, std::string session, std::string pass) {
  {
    std::lock_guard lock(mu_);
    if (known_.empty()) co_return core::Ok{};  // no room anywhere: the common case costs nothing
  }
  auto event = co_await catalog_.find_cached(std::move(slug));
  if (!event) co_return core::Ok{};  // the hold itself answers for an unknown event
  {
    // The gate reads the opening from the event the hold is about to read, not from the doorman's
    // last tick: an organiser who opens the sale now would otherwise let holds in without a pass
    // until that tick.
    std::lock_guard lock(mu_);
    if (const auto it = known_.find(event->listing.event.id); it != known_.end()) it->second.follow(event->listing.event);
  }
  co_return co_await check_gate(event->listing.event.id, user_id, std::move(session), std::move(pass));
}

Task<Status> WaitingRoom::admit_checkout(std::int64_t user_id, std::string hold_id, std::string session,
                                         std::string pass) {
  {
    std::lock_guard lock(mu_);
    if (known_.empty()) co_return core::Ok{};
  }
  auto hold = co_await seats_.hold_to_pay(user_id, std::move(hold_id));
  if (!hold) co_return core::Ok{};  // the checkout itself answers for a hold that is not the caller's
  co_return co_await check_gate(hold->event_id, user_id, std::move(session), std::move(pass));
}

Task<void> WaitingRoom::finished(std::int64_t event_id, std::int64_t user_id) {
  {
    std::lock_guard lock(mu_);
    if (!known_.contains(event_id)) co_return;
  }
  if (auto st = co_await line_.finish(event_id, user_id); !st) {
    log_problem("waiting room place not freed", st.error(), std::to_string(event_id));
  }
}

Task<Result<ControlRoom>> WaitingRoom::control(std::int64_t event_id) {
  const auto now = clock_.now_ms();
  auto s = co_await line_.state(event_id, 0, now, false);
  if (!s) co_return s.error();
  std::lock_guard lock(mu_);
  auto& k = know(s->record);
  ControlRoom c{compose(k, *s, 0, "", now), s->admitted_total, s->done, k.seats};
  if (k.sold.size() > 1) {
    const auto span_ms = k.sold.back().first - k.sold.front().first;
    const auto sold = k.sold.back().second - k.sold.front().second;
    if (span_ms > 0) c.sold_per_minute = sold * 60'000.0 / static_cast<double>(span_ms);
  }
  if (c.sold_per_minute > 0) c.sell_out_seconds = static_cast<std::int64_t>(k.seats.available * 60 / c.sold_per_minute);
  co_return c;
}

Task<void> WaitingRoom::tick() {
  if (auto st = co_await refresh(); !st) {
    log_problem("waiting rooms not read", st.error(), "");
    co_return;
  }
  std::vector<std::int64_t> ids;
  {
    std::lock_guard lock(mu_);
    for (const auto& [id, k] : known_) {
      if (k.record.settings.enabled) ids.push_back(id);
    }
  }
  if (ids.empty()) co_return;
  const bool doorman = co_await line_.doorman_here();
  for (const auto id : ids) {
    if (auto st = co_await tick_room(id, doorman); !st) {
      log_problem("waiting room doorman failed", st.error(), std::to_string(id));
    }
  }
}

Task<Status> WaitingRoom::tick_room(std::int64_t event_id, bool doorman) {
  auto event = co_await catalog_.find_cached_by_id(event_id);
  if (!event) co_return event.error();
  auto seats = co_await seats_.counts(event_id);
  if (!seats) co_return seats.error();
  const auto now = clock_.now_ms();
  queue::DoormanRound round{.now_ms = now, .idle_ms = kIdleMs, .gone_ms = kGoneMs};
  {
    std::lock_guard lock(mu_);
    auto& k = known_[event_id];
    k.follow(event->listing.event);
    k.seats = *seats;
    k.sold.emplace_back(now, seats->sold);
    while (k.sold.size() > 1 && k.sold.front().first <= now - 60'000) k.sold.pop_front();
    // Nothing left to sell: no seat free and no hold that could still lapse.
    k.sellable = seats->available + seats->held > 0;
    round.open = k.open(now);
    round.sellable = k.sellable;
  }
  if (doorman) {
    if (auto st = co_await line_.admit(event_id, round); !st) co_return st;
  }
  auto s = co_await line_.state(event_id, 0, now, false);
  if (!s) co_return s.error();
  std::lock_guard lock(mu_);
  know(s->record).waiting = s->pre_queue + s->in_line;
  co_return core::Ok{};
}

}  // namespace tw::services
