// OutboxStore on SQLite: reading the outbox in sequence order.
#include "store/sqlite/sqlite_database.h"
#include "store/sqlite/sqlite_ports.h"
#include "store/sqlite/sqlite_queries.h"

namespace tw::store::sqlite {
using core::Result;

namespace {

class SqliteOutboxStore final : public OutboxStore {
 public:
  explicit SqliteOutboxStore(SqliteDatabase& db) : db_(db) {}

  Task<Result<std::vector<OutboxRow>>> outbox_after(std::int64_t sequence, int limit) override {
    return db_.read([sequence, limit](Connection& c) -> Result<std::vector<OutboxRow>> {
      auto st = c.prepare(sql::kOutboxAfter);
      st.bind(1, sequence).bind(2, limit);
      std::vector<OutboxRow> out;
      while (st.step()) out.push_back({st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4), st.int64(5)});
      return out;
    });
  }

  Task<Result<std::int64_t>> last_sequence() override {
    return db_.read([](Connection& c) -> Result<std::int64_t> {
      auto st = c.prepare(sql::kLastSequence);
      return st.step() ? st.int64(0) : 0;
    });
  }

  Task<Result<std::int64_t>> consumer_offset(std::string consumer) override {
    return db_.read([consumer = std::move(consumer)](Connection& c) -> Result<std::int64_t> {
      auto st = c.prepare(sql::kConsumerOffset);
      st.bind(1, consumer);
      return st.step() ? st.int64(0) : 0;
    });
  }

  Task<core::Status> commit_offset(std::string consumer, std::int64_t sequence, std::int64_t at_ms) override {
    return move_offset(sql::kCommitOffset, std::move(consumer), sequence, at_ms);
  }

  Task<core::Status> rewind_offset(std::string consumer, std::int64_t sequence, std::int64_t at_ms) override {
    return move_offset(sql::kRewindOffset, std::move(consumer), sequence, at_ms);
  }

 private:
  Task<core::Status> move_offset(const char* query, std::string consumer, std::int64_t sequence, std::int64_t at_ms) {
    return db_.write([query, consumer = std::move(consumer), sequence, at_ms](Connection& c) -> core::Status {
      c.prepare(query).bind(1, consumer).bind(2, sequence).bind(3, at_ms).run();
      return core::Ok{};
    });
  }

  SqliteDatabase& db_;
};

}  // namespace

std::unique_ptr<OutboxStore> make_sqlite_outbox_store(SqliteDatabase& db) {
  return std::make_unique<SqliteOutboxStore>(db);
}

}  // namespace tw::store::sqlite
