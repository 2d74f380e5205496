#include "queue/memory_queue_line.h"

#include <algorithm>
#include <deque>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/queue_draw.h"

namespace tw::queue {
using core::QueueEntry;
using core::QueueEntryState;
using core::Result;
using core::Status;

struct MemoryQueueLine::Room {
  core::WaitingRoomRecord record;
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
  core::AdmissionBudget budget;
  std::deque<std::int64_t> recent;  // admissions in the last minute

  // Places a loaded or new entry in the indexes.
  void add(QueueEntry e, std::int64_t now) {
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
  }

  void let_go(std::size_t i) {
    admitted.erase(i);
    seen.erase(i);
    held.erase(i);
    entries[i].state = QueueEntryState::kDone;
    ++done;
  }

  const QueueEntry* live_place(std::int64_t user_id) const {
    const auto it = by_user.find(user_id);
    if (it == by_user.end() || entries[it->second].state == QueueEntryState::kDone) return nullptr;
    return &entries[it->second];
  }

  // At the opening: the pre-queue in the order the room's seed draws it, behind anyone already
  // in line. The places changed.
  std::vector<QueueEntry> draw(std::int64_t now) {
    std::vector<std::string> pre;
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const auto& e = entries[i];
      if (e.state == QueueEntryState::kWaiting && e.turn == 0) pre.push_back(e.id), index[e.id] = i;
    }
    std::vector<QueueEntry> changed;
    for (const auto& id : core::draw_order(record.seed, std::move(pre))) {
      const auto i = index[id];
      entries[i].turn = next_turn;
      line[next_turn++] = i;
      changed.push_back(entries[i]);
    }
    pre_queue = 0;
    record.drawn_at_ms = now;
    return changed;
  }

  // Fans let in who left, did nothing, or whose pass ran out: their places go to the next.
  void free_places(const DoormanRound& round, std::vector<QueueEntry>& changed) {
    for (auto it = admitted.begin(); it != admitted.end();) {
      const auto i = *it++;
      const auto& e = entries[i];
      const bool idle = !held.contains(i) && (round.now_ms - seen[i] > round.gone_ms ||
                                              round.now_ms - e.admitted_at_ms > round.idle_ms);
      if (e.pass_expires_ms <= round.now_ms || idle) {
        let_go(i);
        changed.push_back(entries[i]);
      }
    }
  }

  void let_in(int n, std::int64_t now, std::vector<QueueEntry>& changed) {
    for (int k = 0; k < n; ++k) {
      const auto i = line.begin()->second;
      line.erase(line.begin());
      auto& e = entries[i];
      e.state = QueueEntryState::kAdmitted;
      e.admitted_at_ms = now;
      e.pass_expires_ms = now + record.settings.pass_minutes * 60'000LL;
      admitted.insert(i);
      seen[i] = now;
      ++admitted_total;
      recent.push_back(now);
      changed.push_back(e);
    }
  }
};

MemoryQueueLine::MemoryQueueLine(store::QueueStore& store) : store_(store) {}
MemoryQueueLine::~MemoryQueueLine() = default;

MemoryQueueLine::Room* MemoryQueueLine::room_of(std::int64_t event_id) {
  const auto it = rooms_.find(event_id);
  return it == rooms_.end() ? nullptr : it->second.get();
}

Task<Status> MemoryQueueLine::load() {
  auto rooms = co_await store_.rooms();
  if (!rooms) co_return rooms.error();
  for (auto& record : *rooms) {
    auto entries = co_await store_.entries_of(record.event_id);
    if (!entries) co_return entries.error();
    auto room = std::make_unique<Room>();
    room->record = std::move(record);
    const auto now = 0;  // seen "long ago": nobody is known to be looking; their pass decides
    for (auto& e : *entries) room->add(std::move(e), now);
    std::lock_guard lock(mu_);
    rooms_[room->record.event_id] = std::move(room);
  }
  co_return core::Ok{};
}

Task<Result<std::vector<core::WaitingRoomRecord>>> MemoryQueueLine::rooms() {
  std::lock_guard lock(mu_);
  std::vector<core::WaitingRoomRecord> out;
  for (const auto& [id, r] : rooms_) out.push_back(r->record);
  co_return out;
}

Task<Status> MemoryQueueLine::save(core::WaitingRoomRecord record) { co_return co_await store_.save_room(std::move(record)); }

Task<Result<core::WaitingRoomRecord>> MemoryQueueLine::configure(std::int64_t event_id, core::WaitingRoomSettings settings,
                                                                 core::WaitingRoomRecord fresh) {
  core::WaitingRoomRecord record;
  {
    std::lock_guard lock(mu_);
    auto& slot = rooms_[event_id];
    if (!slot) {
      slot = std::make_unique<Room>();
      slot->record = std::move(fresh);
      slot->record.event_id = event_id;
    }
    slot->record.settings = settings;
    if (settings.enabled) slot->record.closing = false;
    record = slot->record;
  }
  if (auto st = co_await save(record); !st) co_return st.error();
  co_return record;
}

Task<Status> MemoryQueueLine::change(std::int64_t event_id, RoomChange change) {
  core::WaitingRoomRecord record;
  {
    std::lock_guard lock(mu_);
    auto* r = room_of(event_id);
    if (!r) co_return no_waiting_room();
    if (change == RoomChange::kClose) {
      r->record.closing = true;
    } else {
      r->record.paused = change == RoomChange::kPause;
    }
    record = r->record;
  }
  co_return co_await save(std::move(record));
}

Task<Result<LineState>> MemoryQueueLine::state(std::int64_t event_id, std::int64_t user_id, std::int64_t now_ms,
                                               bool seen) {
  std::lock_guard lock(mu_);
  auto* r = room_of(event_id);
  if (!r) co_return no_waiting_room();
  while (!r->recent.empty() && r->recent.front() <= now_ms - 60'000) r->recent.pop_front();
  LineState s{.record = r->record,
              .pre_queue = r->pre_queue,
              .in_line = static_cast<int>(r->line.size()),
              .active = static_cast<int>(r->admitted.size()),
              .head_turn = r->line.empty() ? 0 : r->line.begin()->first,
              .admitted_last_minute = static_cast<int>(r->recent.size()),
              .admitted_total = r->admitted_total,
              .done = r->done};
  if (const auto it = user_id ? r->by_user.find(user_id) : r->by_user.end(); it != r->by_user.end()) {
    const auto& e = r->entries[it->second];
    s.place = e;
    if (seen && e.state == QueueEntryState::kAdmitted && e.pass_expires_ms > now_ms) r->seen[it->second] = now_ms;
  }
  co_return s;
}

Task<Result<QueueEntry>> MemoryQueueLine::join(QueueEntry entry) {
  {
    std::lock_guard lock(mu_);
    auto* r = room_of(entry.event_id);
    if (!r) co_return no_waiting_room();
    if (const auto* live = r->live_place(entry.user_id)) co_return *live;
    entry.turn = r->record.drawn_at_ms > 0 ? r->next_turn++ : 0;
    entry.state = QueueEntryState::kWaiting;
  }
  auto added = co_await store_.add_entry(entry);
  std::lock_guard lock(mu_);
  auto* r = room_of(entry.event_id);
  if (!added && added.error().code != "already_queued") co_return added.error();
  if (added) r->add(entry, entry.joined_at_ms);
  if (const auto* live = r->live_place(entry.user_id)) co_return *live;
  co_return added.error();  // another join of the account was recorded and is not indexed yet
}

Task<Result<std::optional<QueueEntry>>> MemoryQueueLine::shopper(std::int64_t event_id, std::int64_t user_id,
                                                                 std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto* r = room_of(event_id);
  if (!r) co_return no_waiting_room();
  const auto it = r->by_user.find(user_id);
  if (it == r->by_user.end()) co_return std::optional<QueueEntry>();
  if (r->entries[it->second].state == QueueEntryState::kAdmitted) {
    r->seen[it->second] = now_ms;
    r->held.insert(it->second);
  }
  co_return std::optional(r->entries[it->second]);
}

Task<Status> MemoryQueueLine::finish(std::int64_t event_id, std::int64_t user_id) {
  std::vector<QueueEntry> changed;
  {
    std::lock_guard lock(mu_);
    auto* r = room_of(event_id);
    if (!r) co_return core::Ok{};
    const auto it = r->by_user.find(user_id);
    if (it == r->by_user.end() || r->entries[it->second].state != QueueEntryState::kAdmitted) co_return core::Ok{};
    r->let_go(it->second);
    changed.push_back(r->entries[it->second]);
  }
  co_return co_await store_.update_entries(std::move(changed));
}

Task<Result<std::vector<std::string>>> MemoryQueueLine::drawn_order(std::int64_t event_id) {
  std::lock_guard lock(mu_);
  auto* r = room_of(event_id);
  if (!r) co_return no_waiting_room();
  std::vector<std::pair<std::int64_t, std::string>> drawn;
  // The pre-queue is every place drawn: those that joined before the draw.
  for (const auto& e : r->entries) {
    if (r->record.drawn_at_ms > 0 && e.turn > 0 && e.joined_at_ms < r->record.drawn_at_ms) drawn.emplace_back(e.turn, e.id);
  }
  std::sort(drawn.begin(), drawn.end());
  std::vector<std::string> order;
  for (auto& [turn, id] : drawn) order.push_back(std::move(id));
  co_return order;
}

Task<Status> MemoryQueueLine::admit(std::int64_t event_id, DoormanRound round) {
  std::vector<QueueEntry> changed;
  std::optional<core::WaitingRoomRecord> drawn;
  {
    std::lock_guard lock(mu_);
    auto* r = room_of(event_id);
    if (!r) co_return core::Ok{};
    if (!r->record.settings.enabled || !round.open) {
      r->budget.closed(round.now_ms);
      co_return core::Ok{};
    }
    if (r->record.drawn_at_ms == 0) {
      changed = r->draw(round.now_ms);
      drawn = r->record;
    }
    r->free_places(round, changed);
    const int budget = r->budget.available(r->record.settings, round.now_ms);
    const int due = r->record.paused ? 0
                                     : core::admissions_due(budget, static_cast<int>(r->admitted.size()),
                                                            static_cast<int>(r->line.size()),
                                                            r->record.settings.max_active, round.sellable);
    r->let_in(due, round.now_ms, changed);
    r->budget.spend(due);
  }
  if (drawn) {
    if (auto st = co_await save(*drawn); !st) co_return st;
  }
  if (changed.empty()) co_return core::Ok{};
  co_return co_await store_.update_entries(std::move(changed));
}

}  // namespace tw::queue
