#include "services/waiting_room.h"

#include <sodium.h>

#include <algorithm>

#include "async/log.h"
#include "core/ids.h"
#include "core/encoding.h"
#include "core/queue_draw.h"
#include "services/room_signing.h"

namespace tw::services {
using core::QueueEntry;
using core::QueueEntryState;
using core::Result;
using core::Status;

struct WaitingRoom::Room {
  core::WaitingRoomRecord record;
  std::optional<core::ZonedTime> opens_at;
  std::string slug;
  std::string event_name;
  std::vector<QueueEntry> entries;
  std::unordered_map<std::int64_t, std::size_t> by_user;  // an account's latest place
  std::map<std::int64_t, std::size_t> line;                // turn -> entry, waiting with a turn
  std::set<std::size_t> admitted;                          // entries let in, shopping
  std::int64_t next_turn = 1;
  int pre_queue = 0;
  int admitted_total = 0;
  int done = 0;
  std::unordered_map<std::size_t, std::int64_t> seen;  // admitted: when last seen
  std::unordered_set<std::size_t> held;                // admitted who made a hold
  std::vector<std::size_t> dirty;                      // changed outside the doorman, to be written
  core::AdmissionBudget budget;
  std::deque<std::int64_t> recent;  // admissions in the last minute
  std::deque<std::pair<std::int64_t, int>> sold;  // (when, seats sold) as the doorman read them, last minute
  bool sellable = true;
  inventory::SeatCounts seats;

  // The event as the catalogue has it now (an organiser may move the opening or rename it).
  void follow(const core::Event& e) {
    opens_at = e.on_sale_at;
    slug = e.slug;
    event_name = e.name;
  }

  // Places a loaded or new entry in the indexes.
  std::size_t add(QueueEntry e, std::int64_t now) {
    const auto i = entries.size();
    entries.push_back(std::move(e));
    const auto& x = entries.back();
    by_user[x.user_id] = i;
    switch (x.state) {
      case QueueEntryState::kWaiting:
        if (x.turn == 0) {
          ++pre_queue;
        } else {
          line[x.turn] = i;
        }
        break;
      case QueueEntryState::kAdmitted:
        admitted.insert(i);
        seen[i] = now;
        held.insert(i);  // after a restart nobody knows: their pass decides
        ++admitted_total;
        break;
      case QueueEntryState::kDone:
        ++done;
        if (x.admitted_at_ms > 0) ++admitted_total;
        break;
    }
    next_turn = std::max(next_turn, x.turn + 1);
    return i;
  }

  void let_go(std::size_t i) {
    admitted.erase(i);
    seen.erase(i);
    held.erase(i);
    entries[i].state = QueueEntryState::kDone;
    ++done;
  }

  void prune(std::int64_t now) {
    while (!recent.empty() && recent.front() <= now - 60'000) recent.pop_front();
  }
  // Admissions a minute, measured over the last minute, or since the draw when that was
  // sooner: a minute's count taken ten seconds after the opening would read a sixth of the real
  // rate and promise waits six times too long. Before there is anything to measure, the room's
  // own rate.
  double admission_rate(std::int64_t now) const {
    const auto span = now - std::max(now - 60'000, record.drawn_at_ms);
    if (recent.size() < 10 || span < 5'000) return record.settings.admit_per_minute;
    return static_cast<double>(recent.size()) * 60'000.0 / static_cast<double>(span);
  }
  bool open(std::int64_t now) const { return !opens_at || now >= opens_at->utc_seconds * 1000; }
  int waiting() const { return pre_queue + static_cast<int>(line.size()); }
  // A room drained to the last fan asks for no pass any more.
  bool gating() const { return record.settings.enabled && !(record.closing && waiting() == 0); }
};

namespace {

constexpr std::string_view kPassPrefix = "TWQ1.";
constexpr std::size_t kSessionPart = 16;  // hex digits of the session's hash a pass is bound to

}  // namespace

WaitingRoom::WaitingRoom(store::QueueStore& store, Catalog& catalog, SeatKeeper& seats, const core::Clock& clock,
                         bool shared)
    : store_(store), catalog_(catalog), seats_(seats), clock_(clock), shared_(shared) {}

WaitingRoom::~WaitingRoom() = default;

WaitingRoom::Room* WaitingRoom::room_of(std::int64_t event_id) {
  const auto it = rooms_.find(event_id);
  return it == rooms_.end() ? nullptr : it->second.get();
}

Task<Status> WaitingRoom::load() {
  auto rooms = co_await store_.rooms();
  if (!rooms) co_return rooms.error();
  const auto now = clock_.now_ms();
  for (auto& record : *rooms) {
    auto entries = co_await store_.entries_of(record.event_id);
    if (!entries) co_return entries.error();
    auto room = std::make_unique<Room>();
    room->record = std::move(record);
    for (auto& e : *entries) room->add(std::move(e), now);
    std::lock_guard lock(mu_);
    rooms_[room->record.event_id] = std::move(room);
  }
  co_return core::Ok{};
}

Task<Status> WaitingRoom::save(const core::WaitingRoomRecord& record) {
  auto st = co_await store_.save_room(record);
  if (!st) log_problem("waiting room not saved", st.error(), std::to_string(record.event_id));
  co_return st;
}

Task<Result<QueueView>> WaitingRoom::configure(std::int64_t event_id, core::WaitingRoomSettings settings) {
  if (auto st = core::validate_waiting_room(settings); !st) co_return st.error();
  if (settings.enabled && shared_) {
    co_return core::conflict("waiting_room_unavailable",
                             "Waiting rooms run on one server for now: a cluster's servers would each keep their own "
                             "line (docs/waiting-room.md)");
  }
  auto event = co_await catalog_.find_by_id(event_id);
  if (!event) co_return event.error();
  core::WaitingRoomRecord record;
  {
    std::lock_guard lock(mu_);
    auto& slot = rooms_[event_id];
    if (!slot) {
      slot = std::make_unique<Room>();
      slot->record.event_id = event_id;
      slot->record.seed = core::new_draw_seed();
      slot->record.commitment = core::draw_commitment(slot->record.seed);
      slot->record.pass_key = core::random_hex(crypto_auth_hmacsha256_KEYBYTES);
    }
    slot->record.settings = settings;
    if (settings.enabled) slot->record.closing = false;
    slot->follow(event->listing.event);
    record = slot->record;
  }
  if (auto st = co_await save(record); !st) co_return st.error();
  std::lock_guard lock(mu_);
  co_return view_locked(*room_of(event_id), 0, "", clock_.now_ms());
}

std::optional<core::WaitingRoomSettings> WaitingRoom::settings_of(std::int64_t event_id) {
  std::lock_guard lock(mu_);
  const auto* r = room_of(event_id);
  return r ? std::optional(r->record.settings) : std::nullopt;
}

Task<Status> WaitingRoom::change_room(std::int64_t event_id, const std::function<void(core::WaitingRoomRecord&)>& change) {
  core::WaitingRoomRecord record;
  {
    std::lock_guard lock(mu_);
    auto* r = room_of(event_id);
    if (!r) co_return core::not_found("no_waiting_room", "This event has no waiting room");
    change(r->record);
    record = r->record;
  }
  co_return co_await save(record);
}

Task<Status> WaitingRoom::set_paused(std::int64_t event_id, bool paused) {
  const std::function<void(core::WaitingRoomRecord&)> pause = [paused](core::WaitingRoomRecord& r) { r.paused = paused; };
  co_return co_await change_room(event_id, pause);
}

Task<Status> WaitingRoom::close(std::int64_t event_id) {
  const std::function<void(core::WaitingRoomRecord&)> close_it = [](core::WaitingRoomRecord& r) { r.closing = true; };
  co_return co_await change_room(event_id, close_it);
}

QueueView WaitingRoom::view_locked(Room& r, std::int64_t user_id, const std::string& session, std::int64_t now) {
  r.prune(now);
  QueueView v;
  v.event_id = r.record.event_id;
  v.slug = r.slug;
  v.event_name = r.event_name;
  v.settings = r.record.settings;
  v.opens_at = r.opens_at;
  v.open = r.open(now);
  v.drawn = r.record.drawn_at_ms > 0;
  v.paused = r.record.paused;
  v.closing = r.record.closing;
  v.sold_out = !r.sellable;
  v.commitment = r.record.commitment;
  v.waiting = r.waiting();
  v.active = static_cast<int>(r.admitted.size());
  v.admitted_per_minute = r.recent.empty() ? 0 : r.admission_rate(now);
  const auto it = user_id ? r.by_user.find(user_id) : r.by_user.end();
  const bool placed = it != r.by_user.end() && r.entries[it->second].state != QueueEntryState::kDone;
  if (user_id && !placed && r.record.settings.proof_of_work > 0) {
    v.puzzle = issue_puzzle(r.record.pass_key, r.record.event_id, user_id, r.record.settings.proof_of_work, now);
  }
  if (it == r.by_user.end()) return v;
  const auto i = it->second;
  const auto& e = r.entries[i];
  v.place = e;
  if (e.state == QueueEntryState::kWaiting && e.turn > 0 && !r.line.empty()) {
    v.ahead = std::max<std::int64_t>(0, e.turn - r.line.begin()->first);
    v.wait_seconds = static_cast<std::int64_t>(v.ahead * 60.0 / std::max(r.admission_rate(now), 1.0));
  } else if (e.state == QueueEntryState::kWaiting && e.turn == 0 && r.opens_at) {
    v.wait_seconds = std::max<std::int64_t>(0, (r.opens_at->utc_seconds * 1000 - now) / 1000);
  }
  if (e.state == QueueEntryState::kAdmitted && e.pass_expires_ms > now) {
    r.seen[i] = now;
    if (!session.empty()) v.pass = pass_for(r, e, session);
  }
  return v;
}

Task<Result<QueueView>> WaitingRoom::join(std::int64_t user_id, std::string slug, std::string session,
                                          std::string address, JoinProof proof) {
  auto event = co_await catalog_.find_cached(std::move(slug));
  if (!event) co_return event.error();
  const auto event_id = event->listing.event.id;
  const auto now = clock_.now_ms();
  QueueEntry entry;
  {
    std::lock_guard lock(mu_);
    auto* r = room_of(event_id);
    if (!r || !r->record.settings.enabled) co_return core::conflict("no_waiting_room", "This sale has no waiting room");
    r->follow(event->listing.event);
    if (const auto it = r->by_user.find(user_id); it != r->by_user.end()) {
      if (r->entries[it->second].state != QueueEntryState::kDone) co_return view_locked(*r, user_id, session, now);
    }
    if (r->record.closing) {
      co_return core::conflict("waiting_room_closed", "This waiting room takes no more fans");
    }
    if (auto st = check_puzzle(r->record.pass_key, event_id, user_id, r->record.settings.proof_of_work, proof, now);
        !st) {
      co_return st.error();
    }
    if (const auto wait_ms = address.empty() ? 0 : joins_.take(address, now); wait_ms > 0) {
      core::Error err{core::ErrorKind::kRateLimited, "too_many_joins",
                      "Too many fans joined from this connection just now; try again in a moment"};
      err.retry_after_seconds = static_cast<int>((wait_ms + 999) / 1000);
      co_return err;
    }
    // Before the draw, a place in the pre-queue; after it, the next in line.
    const bool drawn = r->record.drawn_at_ms > 0;
    entry = {core::new_uuid(), event_id, user_id, now, drawn ? r->next_turn++ : 0, QueueEntryState::kWaiting, 0, 0};
  }
  auto added = co_await store_.add_entry(entry);
  std::lock_guard lock(mu_);
  auto* r = room_of(event_id);
  if (!added && added.error().code != "already_queued") co_return added.error();
  if (added) r->add(entry, now);
  co_return view_locked(*r, user_id, session, now);
}

Task<Result<QueueView>> WaitingRoom::view(std::int64_t user_id, std::string slug, std::string session) {
  auto event = co_await catalog_.find_cached(std::move(slug));
  if (!event) co_return event.error();
  std::lock_guard lock(mu_);
  auto* r = room_of(event->listing.event.id);
  if (!r) {
    QueueView none;
    none.event_id = event->listing.event.id;
    none.opens_at = event->listing.event.on_sale_at;
    none.open = !none.opens_at || clock_.now_ms() >= none.opens_at->utc_seconds * 1000;
    co_return none;
  }
  r->follow(event->listing.event);
  co_return view_locked(*r, user_id, session, clock_.now_ms());
}

std::vector<QueueView> WaitingRoom::places_of(std::int64_t user_id) {
  std::lock_guard lock(mu_);
  const auto now = clock_.now_ms();
  std::vector<QueueView> out;
  for (auto& [id, room] : rooms_) {
    const auto it = room->by_user.find(user_id);
    if (it == room->by_user.end() || room->entries[it->second].state == QueueEntryState::kDone) continue;
    if (room->slug.empty()) continue;  // loaded at start-up, not yet seen by the doorman
    out.push_back(view_locked(*room, user_id, "", now));
  }
  return out;
}

Task<Result<QueueDrawView>> WaitingRoom::published_draw(std::string slug) {
  auto event = co_await catalog_.find_cached(std::move(slug));
  if (!event) co_return event.error();
  std::lock_guard lock(mu_);
  auto* r = room_of(event->listing.event.id);
  if (!r) co_return core::not_found("no_waiting_room", "This sale has no waiting room");
  QueueDrawView d{r->record.commitment, "", r->record.drawn_at_ms, {}};
  if (r->record.drawn_at_ms == 0) co_return d;
  d.seed = r->record.seed;
  std::vector<std::pair<std::int64_t, std::string>> drawn;
  for (const auto& e : r->entries) {
    if (e.turn > 0 && e.joined_at_ms < r->record.drawn_at_ms) drawn.emplace_back(e.turn, e.id);
  }
  std::sort(drawn.begin(), drawn.end());
  // The pre-queue is every place drawn: those that joined before the draw.
  for (auto& [turn, id] : drawn) d.order.push_back(std::move(id));
  co_return d;
}

std::string WaitingRoom::pass_for(const Room& r, const QueueEntry& e, const std::string& session) const {
  const std::string payload = std::to_string(e.event_id) + "|" + std::to_string(e.user_id) + "|" + e.id + "|" +
                              std::to_string(e.admitted_at_ms) + "|" + std::to_string(e.pass_expires_ms) + "|" +
                              session.substr(0, kSessionPart);
  return std::string(kPassPrefix) + core::base64url(payload) + "." + core::base64url(room_mac(r.record.pass_key, payload));
}

Status WaitingRoom::check_pass(Room& r, std::int64_t user_id, const std::string& session, const std::string& pass,
                               std::int64_t now) {
  const std::string where = r.slug.empty() ? "the event page" : "/events/" + r.slug + "/queue";
  if (pass.empty()) {
    return core::forbidden("queue_pass_required", "This sale has a waiting room: join it at " + where +
                                                " and hold seats once you are let in (send the pass as X-Queue-Pass)");
  }
  const auto invalid = [] {
    return core::forbidden("queue_pass_invalid", "This waiting room pass is not one TicketWar issued");
  };
  if (!pass.starts_with(kPassPrefix)) return invalid();
  const auto parts = split_fields(std::string_view(pass).substr(kPassPrefix.size()), '.');
  if (parts.size() != 2) return invalid();
  const auto payload = core::from_base64url(parts[0]);
  const auto signature = core::from_base64url(parts[1]);
  if (!payload || !signature || !room_mac_matches(r.record.pass_key, *payload, *signature)) return invalid();
  const auto f = split_fields(*payload, '|');
  if (f.size() != 6) return invalid();
  if (field_number(f[0]) != r.record.event_id || field_number(f[1]) != user_id ||
      f[5] != session.substr(0, kSessionPart)) {
    return core::forbidden("queue_pass_not_yours",
                           "This waiting room pass belongs to another account, browser or sale");
  }
  const auto it = r.by_user.find(user_id);
  const bool still_in = it != r.by_user.end() && r.entries[it->second].id == f[2] &&
                        r.entries[it->second].state == QueueEntryState::kAdmitted;
  if (field_number(f[4]) <= now || !still_in) {
    return core::forbidden("queue_pass_expired", "Your turn in the waiting room is over; join it again at " + where);
  }
  r.seen[it->second] = now;
  r.held.insert(it->second);
  return core::Ok{};
}

Task<Status> WaitingRoom::admit_hold(std::int64_t user_id, std::string slug, std::string session, std::string pass) {
  {
    std::lock_guard lock(mu_);
    if (rooms_.empty()) co_return core::Ok{};  // no room anywhere: the common case costs nothing
  }
  auto event = co_await catalog_.find_cached(std::move(slug));
  if (!event) co_return core::Ok{};  // the hold itself answers for an unknown event
  std::lock_guard lock(mu_);
  auto* r = room_of(event->listing.event.id);
  const auto now = clock_.now_ms();
  if (!r || !r->gating() || !r->open(now)) co_return core::Ok{};  // before the opening the hold is refused anyway
  co_return check_pass(*r, user_id, session, pass, now);
}

Task<Status> WaitingRoom::admit_checkout(std::int64_t user_id, std::string hold_id, std::string session,
                                         std::string pass) {
  {
    std::lock_guard lock(mu_);
    if (rooms_.empty()) co_return core::Ok{};
  }
  auto hold = co_await seats_.hold_to_pay(user_id, std::move(hold_id));
  if (!hold) co_return core::Ok{};  // the checkout itself answers for a hold that is not the caller's
  std::lock_guard lock(mu_);
  auto* r = room_of(hold->event_id);
  const auto now = clock_.now_ms();
  if (!r || !r->gating() || !r->open(now)) co_return core::Ok{};
  co_return check_pass(*r, user_id, session, pass, now);
}

void WaitingRoom::finished(std::int64_t event_id, std::int64_t user_id) {
  std::lock_guard lock(mu_);
  auto* r = room_of(event_id);
  if (!r) return;
  const auto it = r->by_user.find(user_id);
  if (it == r->by_user.end() || r->entries[it->second].state != QueueEntryState::kAdmitted) return;
  r->let_go(it->second);
  r->dirty.push_back(it->second);
}

Task<Result<ControlRoom>> WaitingRoom::control(std::int64_t event_id) {
  std::lock_guard lock(mu_);
  auto* r = room_of(event_id);
  if (!r) co_return core::not_found("no_waiting_room", "This event has no waiting room");
  ControlRoom c{view_locked(*r, 0, "", clock_.now_ms()), r->admitted_total, r->done, r->seats};
  if (r->sold.size() > 1) {
    const auto span_ms = r->sold.back().first - r->sold.front().first;
    const auto sold = r->sold.back().second - r->sold.front().second;
    if (span_ms > 0) c.sold_per_minute = sold * 60'000.0 / static_cast<double>(span_ms);
  }
  if (c.sold_per_minute > 0) c.sell_out_seconds = static_cast<std::int64_t>(r->seats.available * 60 / c.sold_per_minute);
  co_return c;
}

Task<void> WaitingRoom::tick() {
  std::vector<std::int64_t> ids;
  {
    std::lock_guard lock(mu_);
    for (const auto& [id, room] : rooms_) {
      if (room->record.settings.enabled || !room->dirty.empty()) ids.push_back(id);
    }
  }
  for (const auto id : ids) {
    if (auto st = co_await tick_room(id); !st) log_problem("waiting room doorman failed", st.error(), std::to_string(id));
  }
}

Task<Status> WaitingRoom::tick_room(std::int64_t event_id) {
  auto event = co_await catalog_.find_cached_by_id(event_id);
  if (!event) co_return event.error();
  auto seats = co_await seats_.counts(event_id);
  if (!seats) co_return seats.error();
  const auto now = clock_.now_ms();
  std::vector<QueueEntry> changed;
  std::optional<core::WaitingRoomRecord> record;
  {
    std::lock_guard lock(mu_);
    auto* r = room_of(event_id);
    if (!r) co_return core::Ok{};
    for (auto i : r->dirty) changed.push_back(r->entries[i]);
    r->dirty.clear();
    r->follow(event->listing.event);
    r->seats = *seats;
    r->sold.emplace_back(now, seats->sold);
    while (r->sold.size() > 1 && r->sold.front().first <= now - 60'000) r->sold.pop_front();
    // Nothing left to sell: no seat free and no hold that could still lapse.
    r->sellable = seats->available + seats->held > 0;
    if (!r->record.settings.enabled || !r->open(now)) {
      r->budget.closed(now);
    } else {
      if (r->record.drawn_at_ms == 0) {  // the opening: the pre-queue is drawn
        std::vector<std::string> pre;
        std::unordered_map<std::string, std::size_t> index;
        for (std::size_t i = 0; i < r->entries.size(); ++i) {
          const auto& e = r->entries[i];
          if (e.state == QueueEntryState::kWaiting && e.turn == 0) pre.push_back(e.id), index[e.id] = i;
        }
        std::int64_t turn = r->next_turn;
        for (const auto& id : core::draw_order(r->record.seed, std::move(pre))) {
          const auto i = index[id];
          r->entries[i].turn = turn;
          r->line[turn++] = i;
          changed.push_back(r->entries[i]);
        }
        r->next_turn = turn;
        r->pre_queue = 0;
        r->record.drawn_at_ms = now;
        record = r->record;
      }
      // Places of fans let in who left, did nothing, or whose pass ran out go to the next.
      for (auto it = r->admitted.begin(); it != r->admitted.end();) {
        const auto i = *it++;
        const auto& e = r->entries[i];
        const bool idle = !r->held.contains(i) && (now - r->seen[i] > kGoneMs || now - e.admitted_at_ms > kIdleMs);
        if (e.pass_expires_ms <= now || idle) {
          r->let_go(i);
          changed.push_back(r->entries[i]);
        }
      }
      const int budget = r->budget.available(r->record.settings, now);
      const int due = r->record.paused ? 0
                                       : core::admissions_due(budget, static_cast<int>(r->admitted.size()),
                                                              static_cast<int>(r->line.size()),
                                                              r->record.settings.max_active, r->sellable);
      for (int k = 0; k < due; ++k) {
        const auto i = r->line.begin()->second;
        r->line.erase(r->line.begin());
        auto& e = r->entries[i];
        e.state = QueueEntryState::kAdmitted;
        e.admitted_at_ms = now;
        e.pass_expires_ms = now + r->record.settings.pass_minutes * 60'000LL;
        r->admitted.insert(i);
        r->seen[i] = now;
        ++r->admitted_total;
        r->recent.push_back(now);
        changed.push_back(e);
      }
      r->budget.spend(due);
    }
  }
  if (record) {
    if (auto st = co_await save(*record); !st) co_return st;
  }
  if (changed.empty()) co_return core::Ok{};
  co_return co_await store_.update_entries(std::move(changed));
}

}  // namespace tw::services
