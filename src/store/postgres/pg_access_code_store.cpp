// AccessCodeStore on PostgreSQL.
#include "store/access_code_store.h"
#include "store/postgres/pg_ports.h"
#include "store/postgres/pg_queries.h"
#include "store/postgres/pg_rows.h"
#include "store/seat_ids_json.h"

namespace tw::store::pg {
using core::AccessCode;
using core::CodeBatch;
using core::Result;

namespace {

CodeBatch read_batch(const PgResult& r, int i) {
  CodeBatch b;
  b.id = r.text(i, 0);
  b.event_id = r.int64(i, 1);
  b.rules.label = r.text(i, 2);
  b.rules.max_uses = static_cast<int>(r.int64(i, 3));
  b.rules.valid_from_ms = r.int64(i, 4);
  b.rules.valid_until_ms = r.int64(i, 5);
  b.rules.tiers = seat_ids_from_json(r.text(i, 6));  // any list of ids is kept the same way
  b.rules.sections = seat_ids_from_json(r.text(i, 7));
  b.rules.allotment = static_cast<int>(r.int64(i, 8));
  b.by_user_id = r.int64(i, 9);
  b.created_at_ms = r.int64(i, 10);
  return b;
}

AccessCode read_code(const PgResult& r, int i) {
  return AccessCode{r.text(i, 0), r.text(i, 1), r.int64(i, 2), r.text(i, 3), r.int64(i, 4)};
}

template <class T>
std::optional<T> first(const PgResult& r, T (*read)(const PgResult&, int)) {
  if (r.rows() == 0) return std::nullopt;
  return read(r, 0);
}

class PgAccessCodeStore final : public AccessCodeStore {
 public:
  explicit PgAccessCodeStore(PgDatabase& db) : db_(db) {}

  Task<core::Status> add_batch(CodeBatch b, std::vector<AccessCode> codes, std::vector<OutboxMessage> messages) override {
    const auto& r = b.rules;
    Params batch{b.id,           arg(b.event_id),         r.label,          arg(r.max_uses),
                 arg(r.valid_from_ms), arg(r.valid_until_ms), seat_ids_to_json(r.tiers), seat_ids_to_json(r.sections),
                 arg(r.allotment), arg(b.by_user_id),     arg(b.created_at_ms)};
    std::vector<std::string> ids, texts;
    for (const auto& c : codes) ids.push_back(c.id), texts.push_back(c.code);
    Params rows{text_array(ids), b.id, arg(b.event_id), text_array(texts)};
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    if (auto st = co_await lease->begin(); !st) co_return st;
    core::Result<bool> done = true;
    if (auto added = co_await lease->query(sql::kInsertCodeBatch, std::move(batch)); !added.ok()) {
      done = translate(*added.failure);
    } else if (auto coded = co_await lease->query(sql::kInsertAccessCodes, std::move(rows)); !coded.ok()) {
      done = coded.failure->unique_violation() ? code_taken() : translate(*coded.failure);
    } else if (auto failed = co_await write_outbox(*lease, messages, db_.clock().now_ms())) {
      done = translate(*failed);
    }
    auto finished = co_await lease->finish(std::move(done));
    if (!finished) co_return finished.error();
    co_return core::Ok{};
  }

  Task<Result<std::vector<CodeBatch>>> batches_of(std::int64_t event_id) override {
    Params args{arg(event_id)};
    auto r = co_await query_once(db_, sql::kBatchesOf, std::move(args));
    if (!r) co_return r.error();
    std::vector<CodeBatch> out;
    for (int i = 0; i < r->rows(); ++i) out.push_back(read_batch(*r, i));
    co_return out;
  }

  Task<Result<std::vector<CodeListing>>> codes_of(std::int64_t event_id, std::int64_t now_ms) override {
    Params args{arg(event_id), arg(now_ms)};
    auto r = co_await query_once(db_, sql::kCodesOf, std::move(args));
    if (!r) co_return r.error();
    std::vector<CodeListing> out;
    for (int i = 0; i < r->rows(); ++i) {
      out.push_back({read_code(*r, i), static_cast<int>(r->int64(i, 5)), static_cast<int>(r->int64(i, 6)),
                     static_cast<int>(r->int64(i, 7)), static_cast<int>(r->int64(i, 8))});
    }
    co_return out;
  }

  Task<Result<std::optional<CodeBatch>>> find_batch(std::string id) override {
    Params args{std::move(id)};
    auto r = co_await query_once(db_, sql::kFindBatch, std::move(args));
    if (!r) co_return r.error();
    co_return first(*r, &read_batch);
  }

  Task<Result<std::optional<AccessCode>>> find_code(std::string id) override {
    Params args{std::move(id)};
    auto r = co_await query_once(db_, sql::kFindCode, std::move(args));
    if (!r) co_return r.error();
    co_return first(*r, &read_code);
  }

  Task<Result<std::optional<AccessCode>>> find_by_text(std::int64_t event_id, std::string code) override {
    Params args{arg(event_id), std::move(code)};
    auto r = co_await query_once(db_, sql::kFindCodeByText, std::move(args));
    if (!r) co_return r.error();
    co_return first(*r, &read_code);
  }

  Task<Result<int>> revoke(std::string id, bool whole_batch, std::int64_t now_ms,
                           std::vector<OutboxMessage> messages) override {
    Params args{std::move(id), arg(now_ms)};
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    if (auto st = co_await lease->begin(); !st) co_return st.error();
    core::Result<int> done = 0;
    auto r = co_await lease->query(whole_batch ? sql::kRevokeBatch : sql::kRevokeCode, std::move(args));
    if (!r.ok()) {
      done = translate(*r.failure);
    } else {
      done = static_cast<int>(r.result.changed());
      if (*done > 0) {
        if (auto failed = co_await write_outbox(*lease, messages, now_ms)) done = translate(*failed);
      }
    }
    co_return co_await lease->finish(std::move(done));
  }

  Task<Result<core::CodeUsage>> usage_of(std::string code_id, std::string batch_id, std::int64_t now_ms) override {
    Params args{std::move(code_id), arg(now_ms), std::move(batch_id)};
    auto r = co_await query_once(db_, sql::kCodeUsage, std::move(args));
    if (!r) co_return r.error();
    co_return core::CodeUsage{static_cast<int>(r->int64(0, 0)), static_cast<int>(r->int64(0, 1))};
  }

  Task<core::Status> redeem(AccessCode code, std::int64_t user_id, std::int64_t now_ms) override {
    Params args{arg(code.event_id), arg(user_id), code.id, arg(now_ms)};
    auto r = co_await query_once(db_, sql::kRedeemCode, std::move(args));
    if (!r) co_return r.error();
    co_return core::Ok{};
  }

  Task<Result<std::optional<AccessCode>>> redeemed(std::int64_t event_id, std::int64_t user_id) override {
    Params args{arg(event_id), arg(user_id)};
    auto r = co_await query_once(db_, sql::kRedeemedCode, std::move(args));
    if (!r) co_return r.error();
    co_return first(*r, &read_code);
  }

 private:
  PgDatabase& db_;
};

}  // namespace

std::unique_ptr<AccessCodeStore> make_pg_access_code_store(PgDatabase& db) {
  return std::make_unique<PgAccessCodeStore>(db);
}

}  // namespace tw::store::pg
