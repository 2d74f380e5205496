// AccessCodeStore on SQLite.
#include "store/access_code_store.h"
#include "store/seat_ids_json.h"
#include "store/sqlite/sqlite_database.h"
#include "store/sqlite/sqlite_ports.h"
#include "store/sqlite/sqlite_queries.h"
#include "store/sqlite/sqlite_rows.h"

namespace tw::store::sqlite {
using core::AccessCode;
using core::CodeBatch;
using core::Result;

namespace {

CodeBatch read_batch(const Statement& st) {
  CodeBatch b;
  b.id = st.text(0);
  b.event_id = st.int64(1);
  b.rules.label = st.text(2);
  b.rules.max_uses = static_cast<int>(st.int64(3));
  b.rules.valid_from_ms = st.int64(4);
  b.rules.valid_until_ms = st.int64(5);
  b.rules.tiers = seat_ids_from_json(st.text(6));  // any list of ids is kept the same way
  b.rules.sections = seat_ids_from_json(st.text(7));
  b.rules.allotment = static_cast<int>(st.int64(8));
  b.by_user_id = st.int64(9);
  b.created_at_ms = st.int64(10);
  return b;
}

AccessCode read_code(const Statement& st) {
  return AccessCode{st.text(0), st.text(1), st.int64(2), st.text(3), st.int64(4)};
}

template <class T>
std::optional<T> first(Statement& st, T (*read)(const Statement&)) {
  if (!st.step()) return std::nullopt;
  return read(st);
}

class SqliteAccessCodeStore final : public AccessCodeStore {
 public:
  explicit SqliteAccessCodeStore(SqliteDatabase& db) : db_(db) {}

  Task<core::Status> add_batch(CodeBatch b, std::vector<AccessCode> codes, std::vector<OutboxMessage> messages) override {
    const auto now_ms = db_.clock().now_ms();
    return db_.write([b = std::move(b), codes = std::move(codes), messages = std::move(messages),
                      now_ms](Connection& c) -> core::Status {
      Transaction tx(c);
      const auto& r = b.rules;
      c.prepare(sql::kInsertCodeBatch).bind(1, b.id).bind(2, b.event_id).bind(3, r.label).bind(4, r.max_uses)
          .bind(5, r.valid_from_ms).bind(6, r.valid_until_ms).bind(7, seat_ids_to_json(r.tiers))
          .bind(8, seat_ids_to_json(r.sections)).bind(9, r.allotment).bind(10, b.by_user_id).bind(11, b.created_at_ms)
          .run();
      for (const auto& code : codes) {
        try {
          c.prepare(sql::kInsertAccessCode).bind(1, code.id).bind(2, b.id).bind(3, b.event_id).bind(4, code.code).run();
        } catch (const SqliteError& e) {
          if (e.is_unique_violation()) return code_taken();  // rolled back by tx
          throw;
        }
      }
      write_outbox(c, messages, now_ms);
      tx.commit();
      return core::Ok{};
    });
  }

  Task<Result<std::vector<CodeBatch>>> batches_of(std::int64_t event_id) override {
    return db_.read([event_id](Connection& c) -> Result<std::vector<CodeBatch>> {
      auto st = c.prepare(sql::kBatchesOf);
      st.bind(1, event_id);
      std::vector<CodeBatch> out;
      while (st.step()) out.push_back(read_batch(st));
      return out;
    });
  }

  Task<Result<std::vector<CodeListing>>> codes_of(std::int64_t event_id, std::int64_t now_ms) override {
    return db_.read([event_id, now_ms](Connection& c) -> Result<std::vector<CodeListing>> {
      auto st = c.prepare(sql::kCodesOf);
      st.bind(1, event_id).bind(2, now_ms);
      std::vector<CodeListing> out;
      while (st.step()) {
        out.push_back({read_code(st), static_cast<int>(st.int64(5)), static_cast<int>(st.int64(6)),
                       static_cast<int>(st.int64(7)), static_cast<int>(st.int64(8))});
      }
      return out;
    });
  }

  Task<Result<std::optional<CodeBatch>>> find_batch(std::string id) override {
    return db_.read([id = std::move(id)](Connection& c) -> Result<std::optional<CodeBatch>> {
      auto st = c.prepare(sql::kFindBatch);
      st.bind(1, id);
      return first(st, &read_batch);
    });
  }

  Task<Result<std::optional<AccessCode>>> find_code(std::string id) override {
    return db_.read([id = std::move(id)](Connection& c) -> Result<std::optional<AccessCode>> {
      auto st = c.prepare(sql::kFindCode);
      st.bind(1, id);
      return first(st, &read_code);
    });
  }

  Task<Result<std::optional<AccessCode>>> find_by_text(std::int64_t event_id, std::string code) override {
    return db_.read([event_id, code = std::move(code)](Connection& c) -> Result<std::optional<AccessCode>> {
      auto st = c.prepare(sql::kFindCodeByText);
      st.bind(1, event_id).bind(2, code);
      return first(st, &read_code);
    });
  }

  Task<Result<int>> revoke(std::string id, bool whole_batch, std::int64_t now_ms,
                           std::vector<OutboxMessage> messages) override {
    return db_.write([id = std::move(id), whole_batch, now_ms, messages = std::move(messages)](Connection& c) -> Result<int> {
      Transaction tx(c);
      c.prepare(whole_batch ? sql::kRevokeBatch : sql::kRevokeCode).bind(1, id).bind(2, now_ms).run();
      const int revoked = c.changes();
      if (revoked > 0) write_outbox(c, messages, now_ms);
      tx.commit();
      return revoked;
    });
  }

  Task<Result<core::CodeUsage>> usage_of(std::string code_id, std::string batch_id, std::int64_t now_ms) override {
    return db_.read([code_id = std::move(code_id), batch_id = std::move(batch_id),
                     now_ms](Connection& c) -> Result<core::CodeUsage> {
      auto st = c.prepare(sql::kCodeUsage);
      st.bind(1, code_id).bind(2, now_ms).bind(3, batch_id);
      st.step();
      return core::CodeUsage{static_cast<int>(st.int64(0)), static_cast<int>(st.int64(1))};
    });
  }

  Task<core::Status> redeem(AccessCode code, std::int64_t user_id, std::int64_t now_ms) override {
    return db_.write([code = std::move(code), user_id, now_ms](Connection& c) -> core::Status {
      c.prepare(sql::kRedeemCode).bind(1, code.event_id).bind(2, user_id).bind(3, code.id).bind(4, now_ms).run();
      return core::Ok{};
    });
  }

  Task<Result<std::optional<AccessCode>>> redeemed(std::int64_t event_id, std::int64_t user_id) override {
    return db_.read([event_id, user_id](Connection& c) -> Result<std::optional<AccessCode>> {
      auto st = c.prepare(sql::kRedeemedCode);
      st.bind(1, event_id).bind(2, user_id);
      return first(st, &read_code);
    });
  }

 private:
  SqliteDatabase& db_;
};

}  // namespace

std::unique_ptr<AccessCodeStore> make_sqlite_access_code_store(SqliteDatabase& db) {
  return std::make_unique<SqliteAccessCodeStore>(db);
}

}  // namespace tw::store::sqlite
