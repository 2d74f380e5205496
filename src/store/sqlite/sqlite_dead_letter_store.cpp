// DeadLetterStore on SQLite.
#include "store/sqlite/sqlite_database.h"
#include "store/sqlite/sqlite_ports.h"
#include "store/sqlite/sqlite_queries.h"
#include "store/sqlite/sqlite_rows.h"

namespace tw::store::sqlite {
using core::Result;

namespace {

DeadLetter read_dead_letter(const Statement& st) {
  auto state = parse_dead_letter_state(st.text(8));
  if (!state) unknown_state("dead_letters", st.text(8));
  return DeadLetter{st.int64(0), st.text(1), st.int64(2), st.text(3), st.text(4), st.text(5), st.text(6),
                    static_cast<int>(st.int64(7)), *state, st.int64(9), st.int64(10)};
}

std::optional<DeadLetter> one_letter(Statement& st) {
  if (!st.step()) return std::nullopt;
  return read_dead_letter(st);
}

class SqliteDeadLetterStore final : public DeadLetterStore {
 public:
  explicit SqliteDeadLetterStore(SqliteDatabase& db) : db_(db) {}

  Task<Result<DeadLetter>> add_dead_letter(DeadLetter d) override {
    return db_.write([d = std::move(d)](Connection& c) -> Result<DeadLetter> {
      c.prepare(sql::kInsertDeadLetter)
          .bind(1, d.consumer).bind(2, d.sequence).bind(3, d.event_id).bind(4, d.type).bind(5, d.payload)
          .bind(6, d.last_error).bind(7, d.attempts).bind(8, state_name(d.state)).bind(9, d.created_at_ms)
          .run();
      auto st = c.prepare(sql::kDeadLetterByEvent);
      st.bind(1, d.consumer).bind(2, d.event_id);
      auto stored = one_letter(st);
      if (!stored) return core::internal("dead letter not stored");
      return *stored;
    });
  }

  Task<Result<std::vector<DeadLetter>>> dead_letters(DeadLetterQuery q) override {
    return db_.read([q](Connection& c) -> Result<std::vector<DeadLetter>> {
      auto st = c.prepare(sql::kListDeadLetters);
      st.bind(1, when(q.state.has_value(), std::string(state_name(q.state.value_or(DeadLetterState::kOpen)))))
          .bind(2, q.consumer)
          .bind(3, q.limit);
      std::vector<DeadLetter> out;
      while (st.step()) out.push_back(read_dead_letter(st));
      return out;
    });
  }

  Task<Result<std::optional<DeadLetter>>> find_dead_letter(std::int64_t id) override {
    return db_.read([id](Connection& c) -> Result<std::optional<DeadLetter>> {
      auto st = c.prepare(sql::kFindDeadLetter);
      st.bind(1, id);
      return one_letter(st);
    });
  }

  Task<core::Status> update_dead_letter(DeadLetter d) override {
    return db_.write([d = std::move(d)](Connection& c) -> core::Status {
      c.prepare(sql::kUpdateDeadLetter)
          .bind(1, d.id).bind(2, state_name(d.state)).bind(3, d.attempts).bind(4, d.last_error).bind(5, d.updated_at_ms)
          .run();
      if (c.changes() == 0) return core::not_found("dead_letter_not_found", "No such dead letter");
      return core::Ok{};
    });
  }

  Task<Result<std::vector<std::pair<std::string, int>>>> open_dead_letters() override {
    return db_.read([](Connection& c) -> Result<std::vector<std::pair<std::string, int>>> {
      auto st = c.prepare(sql::kOpenDeadLetters);
      std::vector<std::pair<std::string, int>> out;
      while (st.step()) out.emplace_back(st.text(0), static_cast<int>(st.int64(1)));
      return out;
    });
  }

 private:
  SqliteDatabase& db_;
};

}  // namespace

std::unique_ptr<DeadLetterStore> make_sqlite_dead_letter_store(SqliteDatabase& db) {
  return std::make_unique<SqliteDeadLetterStore>(db);
}

}  // namespace tw::store::sqlite
