// SeatBlockStore on SQLite.
#include "store/sqlite/sqlite_database.h"
#include "store/sqlite/sqlite_ports.h"
#include "store/sqlite/sqlite_queries.h"
#include "store/sqlite/sqlite_rows.h"

namespace tw::store::sqlite {
using core::Result;

namespace {

std::vector<SeatBlock> read_blocks(Statement& st) {
  std::vector<SeatBlock> out;
  while (st.step()) {
    out.push_back(SeatBlock{st.text(0), st.int64(1), static_cast<int>(st.int64(2)), st.text(3), st.text(4),
                            st.text(5), st.int64(6), st.int64(7), st.int64(8)});
  }
  return out;
}

class SqliteSeatBlockStore final : public SeatBlockStore {
 public:
  explicit SqliteSeatBlockStore(SqliteDatabase& db) : db_(db) {}

  Task<core::Status> add_blocks(std::vector<SeatBlock> blocks, std::vector<OutboxMessage> messages) override {
    const auto now_ms = db_.clock().now_ms();
    return db_.write([blocks = std::move(blocks), messages = std::move(messages), now_ms](Connection& c) -> core::Status {
      Transaction tx(c);
      for (const auto& b : blocks) {
        c.prepare(sql::kInsertSeatBlock).bind(1, b.block_id).bind(2, b.event_id).bind(3, b.seat_index).bind(4, b.seat_id).bind(5, b.label)
            .bind(6, b.reason).bind(7, b.release_at_ms).bind(8, b.by_user_id).bind(9, b.created_at_ms).run();
        if (c.changes() == 0) return seats_unavailable_to_block();  // rolled back by tx
      }
      write_outbox(c, messages, now_ms);
      tx.commit();
      return core::Ok{};
    });
  }

  Task<Result<std::vector<SeatBlock>>> blocks_of(std::int64_t event_id) override {
    return db_.read([event_id](Connection& c) -> Result<std::vector<SeatBlock>> {
      auto st = c.prepare(sql::kBlocksOf);
      st.bind(1, event_id);
      return read_blocks(st);
    });
  }

  Task<core::Status> end_blocks(std::int64_t event_id, std::vector<int> seats,
                                std::vector<OutboxMessage> messages) override {
    const auto now_ms = db_.clock().now_ms();
    return db_.write([event_id, seats = std::move(seats), messages = std::move(messages), now_ms](Connection& c) -> core::Status {
      Transaction tx(c);
      for (int seat : seats) {
        c.prepare(sql::kEndSeatBlock).bind(1, event_id).bind(2, seat).run();
        if (c.changes() == 0) return seats_not_blocked();
      }
      write_outbox(c, messages, now_ms);
      tx.commit();
      return core::Ok{};
    });
  }

  Task<Result<std::vector<SeatBlock>>> blocks_due(std::int64_t now_ms, int limit) override {
    return db_.read([now_ms, limit](Connection& c) -> Result<std::vector<SeatBlock>> {
      auto st = c.prepare(sql::kBlocksDue);
      st.bind(1, now_ms).bind(2, limit);
      return read_blocks(st);
    });
  }

 private:
  SqliteDatabase& db_;
};

}  // namespace

std::unique_ptr<SeatBlockStore> make_sqlite_seat_block_store(SqliteDatabase& db) {
  return std::make_unique<SqliteSeatBlockStore>(db);
}

}  // namespace tw::store::sqlite
