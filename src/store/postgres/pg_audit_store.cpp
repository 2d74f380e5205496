// AuditStore on PostgreSQL: a batch of entries is one statement.
#include "store/postgres/pg_ports.h"
#include "store/postgres/pg_queries.h"
#include "store/postgres/pg_rows.h"

namespace tw::store::pg {
using core::Result;

namespace {

class PgAuditStore final : public AuditStore {
 public:
  explicit PgAuditStore(PgDatabase& db) : db_(db) {}

  Task<core::Status> append_audit(std::vector<AuditEntry> entries) override {
    if (entries.empty()) co_return core::Ok{};
    std::vector<std::int64_t> sequences, event_ids, user_ids, times;
    std::vector<std::string> ids, types, actors, payloads;
    for (auto& e : entries) {
      sequences.push_back(e.sequence), event_ids.push_back(e.event_id), user_ids.push_back(e.user_id);
      times.push_back(e.at_ms), ids.push_back(std::move(e.id)), types.push_back(std::move(e.type));
      actors.push_back(std::move(e.actor)), payloads.push_back(std::move(e.payload));
    }
    Params args{int_array(sequences), text_array(ids),    text_array(types), int_array(event_ids),
                int_array(user_ids),  text_array(actors), int_array(times),  text_array(payloads)};
    auto n = co_await change_once(db_, sql::kAppendAudit, std::move(args));
    if (!n) co_return n.error();
    co_return core::Ok{};
  }

  Task<Result<std::vector<AuditEntry>>> audit_entries(AuditQuery q) override {
    Params args{arg(q.event_id), q.type,  arg(q.user_id), arg(q.from_ms), arg(q.to_ms), arg(q.before_sequence),
                arg(q.limit)};
    const char* query = q.user_id != 0    ? sql::kAuditEntriesOfUser
                        : q.event_id != 0 ? sql::kAuditEntriesOfEvent
                                          : sql::kAuditEntries;
    auto r = co_await query_once(db_, query, std::move(args));
    if (!r) co_return r.error();
    std::vector<AuditEntry> out;
    for (int i = 0; i < r->rows(); ++i) {
      out.push_back({r->int64(i, 0), r->text(i, 1), r->text(i, 2), r->int64(i, 3), r->int64(i, 4), r->text(i, 5),
                     r->int64(i, 6), r->text(i, 7)});
    }
    co_return out;
  }

 private:
  PgDatabase& db_;
};

}  // namespace

std::unique_ptr<AuditStore> make_pg_audit_store(PgDatabase& db) { return std::make_unique<PgAuditStore>(db); }

}  // namespace tw::store::pg
