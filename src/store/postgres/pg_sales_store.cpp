// SalesStore on PostgreSQL. Each sequence is marked applied in the same transaction as its
// change (kMarkSalesApplied), so servers applying the same events each add only what no other
// one did.
#include <array>
#include <set>

#include "store/postgres/pg_ports.h"
#include "store/postgres/pg_queries.h"
#include "store/postgres/pg_rows.h"

namespace tw::store::pg {
using core::Result;

namespace {

// The sums as kAddSales's unnest() columns.
Params sales_columns(const std::vector<SalesChange>& sums) {
  std::array<std::vector<std::int64_t>, 7> columns;
  for (const auto& s : sums) {
    const std::array<std::int64_t, 7> values{s.event_id, s.minute_ms, s.held,         s.released,
                                             s.sold,     s.cancelled, s.revenue_cents};
    for (std::size_t c = 0; c < values.size(); ++c) columns[c].push_back(values[c]);
  }
  Params args;
  for (const auto& column : columns) args.push_back(int_array(column));
  return args;
}

class PgSalesStore final : public SalesStore {
 public:
  explicit PgSalesStore(PgDatabase& db) : db_(db) {}

  Task<core::Status> apply_sales(std::vector<SalesChange> changes, std::int64_t through) override {
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    if (auto st = co_await lease->begin(); !st) co_return st.error();
    auto done = co_await add(*lease, changes, through);
    co_return co_await lease->finish(std::move(done));
  }

  Task<Result<std::vector<SalesMinute>>> sales_minutes(std::int64_t event_id) override {
    Params args{arg(event_id)};
    auto r = co_await query_once(db_, sql::kSalesMinutes, std::move(args));
    if (!r) co_return r.error();
    std::vector<SalesMinute> out;
    for (int i = 0; i < r->rows(); ++i) {
      out.push_back({r->int64(i, 0), r->int64(i, 1), r->int64(i, 2), r->int64(i, 3), r->int64(i, 4), r->int64(i, 5)});
    }
    co_return out;
  }

  Task<Result<std::int64_t>> sales_through() override {
    auto r = co_await query_once(db_, sql::kSalesThrough, Params{});
    if (!r) co_return r.error();
    co_return r->rows() > 0 ? r->int64(0, 0) : 0;
  }

 private:
  Task<core::Status> add(Lease& lease, const std::vector<SalesChange>& changes, std::int64_t through) {
    std::vector<std::int64_t> sequences;
    for (const auto& c : changes) sequences.push_back(c.sequence);
    Params marks{int_array(sequences)};
    auto marked = co_await lease.query(sql::kMarkSalesApplied, std::move(marks));
    if (!marked.ok()) co_return translate(*marked.failure);
    std::set<std::int64_t> fresh;
    for (int i = 0; i < marked.result.rows(); ++i) fresh.insert(marked.result.int64(i, 0));
    std::vector<SalesChange> kept;
    for (const auto& c : changes) {
      if (fresh.contains(c.sequence)) kept.push_back(c);
    }
    const auto sums = sum_sales_by_minute(kept);
    if (!sums.empty()) {
      auto added = co_await lease.query(sql::kAddSales, sales_columns(sums));
      if (!added.ok()) co_return translate(*added.failure);
    }
    Params args{arg(through)};
    auto moved = co_await lease.query(sql::kSetSalesThrough, std::move(args));
    if (!moved.ok()) co_return translate(*moved.failure);
    co_return core::Ok{};
  }

  PgDatabase& db_;
};

}  // namespace

std::unique_ptr<SalesStore> make_pg_sales_store(PgDatabase& db) { return std::make_unique<PgSalesStore>(db); }

}  // namespace tw::store::pg
