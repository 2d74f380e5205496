// WebhookStore on PostgreSQL.
#include "store/postgres/pg_ports.h"
#include "store/postgres/pg_queries.h"
#include "store/postgres/pg_rows.h"
#include "store/webhook_store.h"

namespace tw::store::pg {
using core::Result;

namespace {

WebhookRecord read_webhook(const PgResult& r, int i) {
  return {r.text(i, 0), r.text(i, 1),       r.text(i, 2), split_types(r.text(i, 3)), r.int64(i, 4) != 0,
          r.int64(i, 5), r.int64(i, 6)};
}

DeliveryRecord read_delivery(const PgResult& r, int i) {
  const auto state = parse_delivery_state(r.text(i, 6));
  if (!state) throw UnknownState{unknown_state("webhook_deliveries", r.text(i, 6))};
  return {r.text(i, 0), r.text(i, 1), r.int64(i, 2), r.text(i, 3), r.text(i, 4), r.text(i, 5), *state,
          static_cast<int>(r.int64(i, 7)), r.int64(i, 8), static_cast<int>(r.int64(i, 9)), r.text(i, 10),
          r.int64(i, 11), r.int64(i, 12)};
}

Result<std::vector<DeliveryRecord>> all_deliveries(const Result<PgResult>& r) {
  if (!r) return r.error();
  return reading<std::vector<DeliveryRecord>>([&] {
    std::vector<DeliveryRecord> out;
    for (int i = 0; i < r->rows(); ++i) out.push_back(read_delivery(*r, i));
    return out;
  });
}

core::Status changed_one(const Result<std::int64_t>& n, const std::string& id) {
  if (!n) return n.error();
  if (*n == 0) return core::not_found("webhook_not_found", "No webhook " + id);
  return core::Ok{};
}

class PgWebhookStore final : public WebhookStore {
 public:
  explicit PgWebhookStore(PgDatabase& db) : db_(db) {}

  Task<core::Status> create_webhook(WebhookRecord w) override {
    Params args{w.id, w.url, w.secret, join_types(w.types), arg(w.active ? 1 : 0), arg(w.created_at_ms),
                arg(w.updated_at_ms)};
    auto n = co_await change_once(db_, sql::kInsertWebhook, std::move(args));
    if (!n) co_return n.error();
    co_return core::Ok{};
  }

  Task<core::Status> update_webhook(WebhookRecord w) override {
    Params args{w.id, w.url, w.secret, join_types(w.types), arg(w.active ? 1 : 0), arg(w.updated_at_ms)};
    co_return changed_one(co_await change_once(db_, sql::kUpdateWebhook, std::move(args)), w.id);
  }

  Task<core::Status> delete_webhook(std::string id) override {
    Params args{id};
    co_return changed_one(co_await change_once(db_, sql::kDeleteWebhook, std::move(args)), id);
  }

  Task<Result<std::vector<WebhookRecord>>> webhooks() override {
    auto r = co_await query_once(db_, sql::kWebhooks, Params{});
    if (!r) co_return r.error();
    std::vector<WebhookRecord> out;
    for (int i = 0; i < r->rows(); ++i) out.push_back(read_webhook(*r, i));
    co_return out;
  }

  Task<core::Status> queue_deliveries(std::vector<DeliveryRecord> deliveries) override {
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    if (auto st = co_await lease->begin(); !st) co_return st.error();
    core::Status done = core::Ok{};
    for (const auto& d : deliveries) {
      Params args{d.id,           d.webhook_id,         arg(d.sequence),      d.event_id,
                  d.type,         d.body,               arg(state_name(d.state)), arg(d.attempts),
                  arg(d.next_attempt_ms), arg(d.last_status), d.last_error,   arg(d.created_at_ms),
                  arg(d.updated_at_ms)};
      auto r = co_await lease->query(sql::kQueueDelivery, std::move(args));
      if (!r.ok()) {
        done = translate(*r.failure);
        break;
      }
    }
    co_return co_await lease->finish(std::move(done));
  }

  Task<Result<std::vector<DeliveryRecord>>> due_deliveries(std::int64_t now_ms, int limit) override {
    Params args{arg(now_ms), arg(limit)};
    co_return all_deliveries(co_await query_once(db_, sql::kDueDeliveries, std::move(args)));
  }

  Task<Result<bool>> claim_delivery(std::string id, std::int64_t due_ms, std::int64_t until_ms) override {
    Params args{std::move(id), arg(due_ms), arg(until_ms)};
    auto n = co_await change_once(db_, sql::kClaimDelivery, std::move(args));
    if (!n) co_return n.error();
    co_return *n == 1;
  }

  Task<core::Status> record_attempt(DeliveryRecord d, DeliveryAttempt a) override {
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    if (auto st = co_await lease->begin(); !st) co_return st.error();
    Params update{d.id, arg(state_name(d.state)), arg(d.attempts), arg(d.next_attempt_ms), arg(d.last_status),
                  d.last_error, arg(d.updated_at_ms)};
    auto r = co_await lease->query(sql::kUpdateDelivery, std::move(update));
    core::Status done = core::Ok{};
    if (!r.ok()) done = translate(*r.failure);
    if (done) {
      Params attempt{a.delivery_id, arg(a.attempt), arg(a.at_ms), arg(a.status), a.error};
      auto inserted = co_await lease->query(sql::kInsertAttempt, std::move(attempt));
      if (!inserted.ok()) done = translate(*inserted.failure);
    }
    co_return co_await lease->finish(std::move(done));
  }

  Task<Result<bool>> replay_delivery(std::string id, std::int64_t now_ms) override {
    Params args{std::move(id), arg(now_ms)};
    auto n = co_await change_once(db_, sql::kReplayDelivery, std::move(args));
    if (!n) co_return n.error();
    co_return *n == 1;
  }

  Task<Result<std::optional<DeliveryRecord>>> find_delivery(std::string id) override {
    Params args{std::move(id)};
    auto found = all_deliveries(co_await query_once(db_, sql::kFindDelivery, std::move(args)));
    if (!found) co_return found.error();
    if (found->empty()) co_return std::optional<DeliveryRecord>();
    co_return std::optional<DeliveryRecord>(std::move(found->front()));
  }

  Task<Result<std::vector<DeliveryRecord>>> deliveries_of(std::string webhook_id, int limit) override {
    Params args{std::move(webhook_id), arg(limit)};
    co_return all_deliveries(co_await query_once(db_, sql::kDeliveriesOf, std::move(args)));
  }

  Task<Result<std::vector<DeliveryAttempt>>> attempts_of(std::string delivery_id) override {
    Params args{std::move(delivery_id)};
    auto r = co_await query_once(db_, sql::kAttemptsOf, std::move(args));
    if (!r) co_return r.error();
    std::vector<DeliveryAttempt> out;
    for (int i = 0; i < r->rows(); ++i) {
      out.push_back({r->text(i, 0), static_cast<int>(r->int64(i, 1)), r->int64(i, 2), static_cast<int>(r->int64(i, 3)),
                     r->text(i, 4)});
    }
    co_return out;
  }

 private:
  PgDatabase& db_;
};

}  // namespace

std::unique_ptr<WebhookStore> make_pg_webhook_store(PgDatabase& db) { return std::make_unique<PgWebhookStore>(db); }

}  // namespace tw::store::pg
