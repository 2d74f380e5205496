// SalesStore on SQLite. The single writer makes marking the sequences applied and adding their
// changes one step no other writer can come between.
#include "store/sales_store.h"
#include "store/sqlite/sqlite_database.h"
#include "store/sqlite/sqlite_ports.h"
#include "store/sqlite/sqlite_queries.h"

namespace tw::store::sqlite {
using core::Result;

namespace {

std::int64_t applied_through(Connection& c) {
  auto st = c.prepare(sql::kSalesThrough);
  return st.step() ? st.int64(0) : 0;
}

class SqliteSalesStore final : public SalesStore {
 public:
  explicit SqliteSalesStore(SqliteDatabase& db) : db_(db) {}

  Task<core::Status> apply_sales(std::vector<SalesChange> changes, std::int64_t through) override {
    return db_.write([changes = std::move(changes), through](Connection& c) -> core::Status {
      Transaction tx(c);
      std::vector<SalesChange> fresh;
      for (const auto& change : changes) {
        if (c.prepare(sql::kMarkSalesApplied).bind(1, change.sequence).step()) fresh.push_back(change);
      }
      for (const auto& s : sum_sales_by_minute(fresh)) {
        c.prepare(sql::kAddSales)
            .bind(1, s.event_id)
            .bind(2, s.minute_ms)
            .bind(3, s.held)
            .bind(4, s.released)
            .bind(5, s.sold)
            .bind(6, s.cancelled)
            .bind(7, s.revenue_cents)
            .run();
      }
      c.prepare(sql::kSetSalesThrough).bind(1, through).run();
      tx.commit();
      return core::Ok{};
    });
  }

  Task<Result<std::vector<SalesMinute>>> sales_minutes(std::int64_t event_id) override {
    return db_.read([event_id](Connection& c) -> Result<std::vector<SalesMinute>> {
      auto st = c.prepare(sql::kSalesMinutes);
      st.bind(1, event_id);
      std::vector<SalesMinute> out;
      while (st.step()) out.push_back({st.int64(0), st.int64(1), st.int64(2), st.int64(3), st.int64(4), st.int64(5)});
      return out;
    });
  }

  Task<Result<std::int64_t>> sales_through() override {
    return db_.read([](Connection& c) -> Result<std::int64_t> { return applied_through(c); });
  }

 private:
  SqliteDatabase& db_;
};

}  // namespace

std::unique_ptr<SalesStore> make_sqlite_sales_store(SqliteDatabase& db) {
  return std::make_unique<SqliteSalesStore>(db);
}

}  // namespace tw::store::sqlite
