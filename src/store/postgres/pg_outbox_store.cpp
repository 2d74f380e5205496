// OutboxStore on PostgreSQL: reading the outbox in sequence order.
#include "store/postgres/pg_ports.h"
#include "store/postgres/pg_queries.h"
#include "store/postgres/pg_rows.h"

namespace tw::store::pg {
using core::Result;

namespace {

// The first column of the first row as a number; 0 when there is no row.
Result<std::int64_t> first_number(const Result<PgResult>& r) {
  if (!r) return r.error();
  return r->rows() > 0 ? r->int64(0, 0) : 0;
}

class PgOutboxStore final : public OutboxStore {
 public:
  explicit PgOutboxStore(PgDatabase& db) : db_(db) {}

  Task<Result<std::vector<OutboxRow>>> outbox_after(std::int64_t sequence, int limit) override {
    Params args{arg(sequence), arg(limit)};
    auto r = co_await query_once(db_, sql::kOutboxAfter, std::move(args));
    if (!r) co_return r.error();
    std::vector<OutboxRow> out;
    for (int i = 0; i < r->rows(); ++i) {
      out.push_back({r->int64(i, 0), r->text(i, 1), r->text(i, 2), r->text(i, 3), r->text(i, 4), r->int64(i, 5)});
    }
    co_return out;
  }

  Task<Result<std::int64_t>> last_sequence() override {
    co_return first_number(co_await query_once(db_, sql::kLastSequence, {}));
  }

  Task<Result<std::int64_t>> consumer_offset(std::string consumer) override {
    Params args{std::move(consumer)};
    co_return first_number(co_await query_once(db_, sql::kConsumerOffset, std::move(args)));
  }

  Task<core::Status> commit_offset(std::string consumer, std::int64_t sequence, std::int64_t at_ms) override {
    return move_offset(sql::kCommitOffset, std::move(consumer), sequence, at_ms);
  }

  Task<core::Status> rewind_offset(std::string consumer, std::int64_t sequence, std::int64_t at_ms) override {
    return move_offset(sql::kRewindOffset, std::move(consumer), sequence, at_ms);
  }

 private:
  Task<core::Status> move_offset(const char* query, std::string consumer, std::int64_t sequence, std::int64_t at_ms) {
    Params args{std::move(consumer), arg(sequence), arg(at_ms)};
    auto n = co_await change_once(db_, query, std::move(args));
    if (!n) co_return n.error();
    co_return core::Ok{};
  }

  PgDatabase& db_;
};

}  // namespace

std::unique_ptr<OutboxStore> make_pg_outbox_store(PgDatabase& db) { return std::make_unique<PgOutboxStore>(db); }

}  // namespace tw::store::pg
