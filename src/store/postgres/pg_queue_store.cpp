// QueueStore on PostgreSQL.
#include "store/postgres/pg_ports.h"
#include "store/postgres/pg_rows.h"

namespace tw::store::pg {
using core::Result;

namespace {

constexpr const char* kRooms =
    "SELECT event_id, enabled, admit_per_minute, max_active, pass_minutes, seed, commitment, pass_key, drawn_at_ms,"
    " paused, closing, proof_of_work FROM waiting_rooms";
constexpr const char* kSaveRoom =
    "INSERT INTO waiting_rooms (event_id, enabled, admit_per_minute, max_active, pass_minutes, seed, commitment,"
    " pass_key, drawn_at_ms, paused, closing, proof_of_work)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
    " ON CONFLICT (event_id) DO UPDATE SET enabled = $2, admit_per_minute = $3, max_active = $4, pass_minutes = $5,"
    " seed = $6, commitment = $7, pass_key = $8, drawn_at_ms = $9, paused = $10, closing = $11,"
    " proof_of_work = $12";
constexpr const char* kAddEntry =
    "INSERT INTO queue_entries (id, event_id, user_id, joined_at_ms, turn, state, admitted_at_ms, pass_expires_ms)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
constexpr const char* kEntriesOf =
    "SELECT id, event_id, user_id, joined_at_ms, turn, state, admitted_at_ms, pass_expires_ms FROM queue_entries"
    " WHERE event_id = $1 ORDER BY joined_at_ms, id";
constexpr const char* kUpdateEntries =
    "UPDATE queue_entries q SET turn = u.turn, state = u.state, admitted_at_ms = u.admitted, pass_expires_ms = u.expires"
    " FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::bigint[]) AS u(id, turn, state, admitted, expires)"
    " WHERE q.id = u.id";

core::WaitingRoomRecord read_room(const PgResult& r, int i) {
  core::WaitingRoomRecord room;
  room.event_id = r.int64(i, 0);
  room.settings = {r.int64(i, 1) != 0, static_cast<int>(r.int64(i, 2)), static_cast<int>(r.int64(i, 3)),
                   static_cast<int>(r.int64(i, 4))};
  room.seed = r.text(i, 5);
  room.commitment = r.text(i, 6);
  room.pass_key = r.text(i, 7);
  room.drawn_at_ms = r.int64(i, 8);
  room.paused = r.int64(i, 9) != 0;
  room.closing = r.int64(i, 10) != 0;
  room.settings.proof_of_work = static_cast<int>(r.int64(i, 11));
  return room;
}

class PgQueueStore final : public QueueStore {
 public:
  explicit PgQueueStore(PgDatabase& db) : db_(db) {}

  Task<Result<std::vector<core::WaitingRoomRecord>>> rooms() override {
    auto r = co_await query_once(db_, kRooms, {});
    if (!r) co_return r.error();
    std::vector<core::WaitingRoomRecord> out;
    for (int i = 0; i < r->rows(); ++i) out.push_back(read_room(*r, i));
    co_return out;
  }

  Task<core::Status> save_room(core::WaitingRoomRecord room) override {
    const auto& s = room.settings;
    Params args{arg(room.event_id),  arg(s.enabled ? 1 : 0), arg(s.admit_per_minute), arg(s.max_active),
                arg(s.pass_minutes), room.seed,              room.commitment,         room.pass_key,
                arg(room.drawn_at_ms), arg(room.paused ? 1 : 0), arg(room.closing ? 1 : 0),
                arg(s.proof_of_work)};
    auto n = co_await change_once(db_, kSaveRoom, std::move(args));
    if (!n) co_return n.error();
    co_return core::Ok{};
  }

  Task<core::Status> add_entry(core::QueueEntry e) override {
    Params args{e.id, arg(e.event_id), arg(e.user_id), arg(e.joined_at_ms), arg(e.turn), arg(core::state_name(e.state)),
                arg(e.admitted_at_ms), arg(e.pass_expires_ms)};
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    auto r = co_await lease->query(kAddEntry, std::move(args));
    if (r.ok()) co_return core::Ok{};
    if (r.failure->unique_violation()) {
      co_return core::conflict("already_queued", "This account has a place in this waiting room already");
    }
    co_return translate(*r.failure);
  }

  Task<Result<std::vector<core::QueueEntry>>> entries_of(std::int64_t event_id) override {
    Params args{arg(event_id)};
    auto r = co_await query_once(db_, kEntriesOf, std::move(args));
    if (!r) co_return r.error();
    std::vector<core::QueueEntry> out;
    for (int i = 0; i < r->rows(); ++i) {
      auto state = core::parse_queue_entry_state(r->text(i, 5));
      if (!state) co_return unknown_state("queue_entries", r->text(i, 5));
      out.push_back({r->text(i, 0), r->int64(i, 1), r->int64(i, 2), r->int64(i, 3), r->int64(i, 4), *state,
                     r->int64(i, 6), r->int64(i, 7)});
    }
    co_return out;
  }

  Task<core::Status> update_entries(std::vector<core::QueueEntry> entries) override {
    if (entries.empty()) co_return core::Ok{};
    std::vector<std::string> ids, states;
    std::vector<std::int64_t> turns, admitted, expires;
    for (const auto& e : entries) {
      ids.push_back(e.id);
      turns.push_back(e.turn);
      states.emplace_back(core::state_name(e.state));
      admitted.push_back(e.admitted_at_ms);
      expires.push_back(e.pass_expires_ms);
    }
    Params args{text_array(ids), int_array(turns), text_array(states), int_array(admitted), int_array(expires)};
    auto n = co_await change_once(db_, kUpdateEntries, std::move(args));
    if (!n) co_return n.error();
    co_return core::Ok{};
  }

 private:
  PgDatabase& db_;
};

}  // namespace

std::unique_ptr<QueueStore> make_pg_queue_store(PgDatabase& db) { return std::make_unique<PgQueueStore>(db); }

}  // namespace tw::store::pg
