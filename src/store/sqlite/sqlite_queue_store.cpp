// QueueStore on SQLite.
#include "store/sqlite/sqlite_database.h"
#include "store/sqlite/sqlite_ports.h"
#include "store/sqlite/sqlite_rows.h"

namespace tw::store::sqlite {
using core::Result;

namespace {

constexpr const char* kRooms =
    "SELECT event_id, enabled, admit_per_minute, max_active, pass_minutes, seed, commitment, pass_key, drawn_at_ms,"
    " paused, closing, proof_of_work FROM waiting_rooms";
constexpr const char* kSaveRoom =
    "INSERT INTO waiting_rooms (event_id, enabled, admit_per_minute, max_active, pass_minutes, seed, commitment,"
    " pass_key, drawn_at_ms, paused, closing, proof_of_work)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
    " ON CONFLICT (event_id) DO UPDATE SET enabled = ?2, admit_per_minute = ?3, max_active = ?4, pass_minutes = ?5,"
    " seed = ?6, commitment = ?7, pass_key = ?8, drawn_at_ms = ?9, paused = ?10, closing = ?11,"
    " proof_of_work = ?12";
constexpr const char* kAddEntry =
    "INSERT INTO queue_entries (id, event_id, user_id, joined_at_ms, turn, state, admitted_at_ms, pass_expires_ms)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr const char* kEntriesOf =
    "SELECT id, event_id, user_id, joined_at_ms, turn, state, admitted_at_ms, pass_expires_ms FROM queue_entries"
    " WHERE event_id = ?1 ORDER BY joined_at_ms, id";
constexpr const char* kUpdateEntry =
    "UPDATE queue_entries SET turn = ?2, state = ?3, admitted_at_ms = ?4, pass_expires_ms = ?5 WHERE id = ?1";

core::WaitingRoomRecord read_room(const Statement& st) {
  core::WaitingRoomRecord r;
  r.event_id = st.int64(0);
  r.settings = {st.int64(1) != 0, static_cast<int>(st.int64(2)), static_cast<int>(st.int64(3)),
                static_cast<int>(st.int64(4))};
  r.seed = st.text(5);
  r.commitment = st.text(6);
  r.pass_key = st.text(7);
  r.drawn_at_ms = st.int64(8);
  r.paused = st.int64(9) != 0;
  r.closing = st.int64(10) != 0;
  r.settings.proof_of_work = static_cast<int>(st.int64(11));
  return r;
}

core::QueueEntry read_entry(const Statement& st) {
  auto state = core::parse_queue_entry_state(st.text(5));
  if (!state) unknown_state("queue_entries", st.text(5));
  return {st.text(0), st.int64(1), st.int64(2), st.int64(3), st.int64(4), *state, st.int64(6), st.int64(7)};
}

class SqliteQueueStore final : public QueueStore {
 public:
  explicit SqliteQueueStore(SqliteDatabase& db) : db_(db) {}

  Task<Result<std::vector<core::WaitingRoomRecord>>> rooms() override {
    return db_.read([](Connection& c) -> Result<std::vector<core::WaitingRoomRecord>> {
      auto st = c.prepare(kRooms);
      std::vector<core::WaitingRoomRecord> out;
      while (st.step()) out.push_back(read_room(st));
      return out;
    });
  }

  Task<core::Status> save_room(core::WaitingRoomRecord r) override {
    return db_.write([r = std::move(r)](Connection& c) -> core::Status {
      c.prepare(kSaveRoom)
          .bind(1, r.event_id).bind(2, r.settings.enabled ? 1 : 0).bind(3, r.settings.admit_per_minute)
          .bind(4, r.settings.max_active).bind(5, r.settings.pass_minutes).bind(6, r.seed).bind(7, r.commitment)
          .bind(8, r.pass_key).bind(9, r.drawn_at_ms).bind(10, r.paused ? 1 : 0).bind(11, r.closing ? 1 : 0)
          .bind(12, r.settings.proof_of_work)
          .run();
      return core::Ok{};
    });
  }

  Task<core::Status> add_entry(core::QueueEntry e) override {
    return db_.write([e = std::move(e)](Connection& c) -> core::Status {
      try {
        c.prepare(kAddEntry)
            .bind(1, e.id).bind(2, e.event_id).bind(3, e.user_id).bind(4, e.joined_at_ms).bind(5, e.turn)
            .bind(6, core::state_name(e.state)).bind(7, e.admitted_at_ms).bind(8, e.pass_expires_ms)
            .run();
      } catch (const SqliteError& err) {
        if (!err.is_unique_violation()) throw;
        return core::conflict("already_queued", "This account has a place in this waiting room already");
      }
      return core::Ok{};
    });
  }

  Task<Result<std::vector<core::QueueEntry>>> entries_of(std::int64_t event_id) override {
    return db_.read([event_id](Connection& c) -> Result<std::vector<core::QueueEntry>> {
      auto st = c.prepare(kEntriesOf);
      st.bind(1, event_id);
      std::vector<core::QueueEntry> out;
      while (st.step()) out.push_back(read_entry(st));
      return out;
    });
  }

  Task<core::Status> update_entries(std::vector<core::QueueEntry> entries) override {
    return db_.write([entries = std::move(entries)](Connection& c) -> core::Status {
      Transaction tx(c);
      for (const auto& e : entries) {
        c.prepare(kUpdateEntry)
            .bind(1, e.id).bind(2, e.turn).bind(3, core::state_name(e.state)).bind(4, e.admitted_at_ms)
            .bind(5, e.pass_expires_ms)
            .run();
      }
      tx.commit();
      return core::Ok{};
    });
  }

 private:
  SqliteDatabase& db_;
};

}  // namespace

std::unique_ptr<QueueStore> make_sqlite_queue_store(SqliteDatabase& db) { return std::make_unique<SqliteQueueStore>(db); }

}  // namespace tw::store::sqlite
