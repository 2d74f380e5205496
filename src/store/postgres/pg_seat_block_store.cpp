// SeatBlockStore on PostgreSQL.
#include "store/postgres/pg_ports.h"
#include "store/postgres/pg_queries.h"
#include "store/postgres/pg_rows.h"

namespace tw::store::pg {
using core::Result;

namespace {

std::vector<SeatBlock> read_blocks(const PgResult& r) {
  std::vector<SeatBlock> out;
  out.reserve(r.rows());
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back(SeatBlock{r.text(i, 0), r.int64(i, 1), static_cast<int>(r.int64(i, 2)), r.text(i, 3), r.text(i, 4),
                            r.text(i, 5), r.int64(i, 6), r.int64(i, 7), r.int64(i, 8)});
  }
  return out;
}

class PgSeatBlockStore final : public SeatBlockStore {
 public:
  explicit PgSeatBlockStore(PgDatabase& db) : db_(db) {}

  Task<core::Status> add_blocks(std::vector<SeatBlock> blocks, std::vector<OutboxMessage> messages) override {
    if (blocks.empty()) co_return core::Ok{};
    const auto& b = blocks.front();
    std::vector<std::int64_t> seats;
    std::vector<std::string> ids;
    for (const auto& x : blocks) {
      seats.push_back(x.seat_index);
      ids.push_back(x.seat_id);
    }
    Params args{b.block_id, arg(b.event_id), int_array(seats), text_array(ids), b.label, b.reason,
                arg(b.release_at_ms), arg(b.by_user_id), arg(b.created_at_ms)};
    co_return co_await in_transaction(sql::kInsertSeatBlocks, std::move(args), blocks.size(),
                                      seats_unavailable_to_block(), messages);
  }

  Task<Result<std::vector<SeatBlock>>> blocks_of(std::int64_t event_id) override {
    Params args{arg(event_id)};
    auto r = co_await query_once(db_, sql::kBlocksOf, std::move(args));
    if (!r) co_return r.error();
    co_return read_blocks(*r);
  }

  Task<core::Status> end_blocks(std::int64_t event_id, std::vector<int> seats,
                                std::vector<OutboxMessage> messages) override {
    const auto n = seats.size();
    Params args{arg(event_id), int_array(std::vector<std::int64_t>(seats.begin(), seats.end()))};
    co_return co_await in_transaction(sql::kEndSeatBlocks, std::move(args), n, seats_not_blocked(), messages);
  }

  Task<Result<std::vector<SeatBlock>>> blocks_due(std::int64_t now_ms, int limit) override {
    Params args{arg(now_ms), arg(limit)};
    auto r = co_await query_once(db_, sql::kBlocksDue, std::move(args));
    if (!r) co_return r.error();
    co_return read_blocks(*r);
  }

 private:
  // One transaction: `sql` must change exactly `rows` rows, else `refusal` and nothing written;
  // then the messages.
  Task<core::Status> in_transaction(const char* sql, Params args, std::size_t rows, core::Error refusal,
                                    const std::vector<OutboxMessage>& messages) {
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    if (auto st = co_await lease->begin(); !st) co_return st;
    core::Result<bool> done = true;
    auto r = co_await lease->query(sql, std::move(args));
    if (!r.ok()) {
      done = translate(*r.failure);
    } else if (r.result.changed() != static_cast<std::int64_t>(rows)) {
      done = std::move(refusal);
    } else if (auto failed = co_await write_outbox(*lease, messages, db_.clock().now_ms())) {
      done = translate(*failed);
    }
    auto finished = co_await lease->finish(std::move(done));
    if (!finished) co_return finished.error();
    co_return core::Ok{};
  }

  PgDatabase& db_;
};

}  // namespace

std::unique_ptr<SeatBlockStore> make_pg_seat_block_store(PgDatabase& db) {
  return std::make_unique<PgSeatBlockStore>(db);
}

}  // namespace tw::store::pg
