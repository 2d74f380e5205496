// AuditStore on SQLite.
#include "store/audit_store.h"
#include "store/sqlite/sqlite_database.h"
#include "store/sqlite/sqlite_ports.h"
#include "store/sqlite/sqlite_queries.h"

namespace tw::store::sqlite {
using core::Result;

namespace {

class SqliteAuditStore final : public AuditStore {
 public:
  explicit SqliteAuditStore(SqliteDatabase& db) : db_(db) {}

  Task<core::Status> append_audit(std::vector<AuditEntry> entries) override {
    return db_.write([entries = std::move(entries)](Connection& c) -> core::Status {
      Transaction tx(c);
      for (const auto& e : entries) {
        c.prepare(sql::kAppendAudit)
            .bind(1, e.sequence)
            .bind(2, e.id)
            .bind(3, e.type)
            .bind(4, e.event_id)
            .bind(5, e.user_id)
            .bind(6, e.actor)
            .bind(7, e.at_ms)
            .bind(8, e.payload)
            .run();
      }
      tx.commit();
      return core::Ok{};
    });
  }

  Task<Result<std::vector<AuditEntry>>> audit_entries(AuditQuery q) override {
    return db_.read([q = std::move(q)](Connection& c) -> Result<std::vector<AuditEntry>> {
      auto st = c.prepare(q.user_id != 0    ? sql::kAuditEntriesOfUser
                          : q.event_id != 0 ? sql::kAuditEntriesOfEvent
                                            : sql::kAuditEntries);
      st.bind(1, q.event_id).bind(2, q.type).bind(3, q.user_id).bind(4, q.from_ms).bind(5, q.to_ms);
      st.bind(6, q.before_sequence).bind(7, q.limit);
      std::vector<AuditEntry> out;
      while (st.step()) {
        out.push_back({st.int64(0), st.text(1), st.text(2), st.int64(3), st.int64(4), st.text(5), st.int64(6),
                       st.text(7)});
      }
      return out;
    });
  }

 private:
  SqliteDatabase& db_;
};

}  // namespace

std::unique_ptr<AuditStore> make_sqlite_audit_store(SqliteDatabase& db) {
  return std::make_unique<SqliteAuditStore>(db);
}

}  // namespace tw::store::sqlite
