// WebhookStore on SQLite.
#include "store/sqlite/sqlite_database.h"
#include "store/sqlite/sqlite_ports.h"
#include "store/sqlite/sqlite_queries.h"
#include "store/sqlite/sqlite_rows.h"
#include "store/webhook_store.h"

namespace tw::store::sqlite {
using core::Result;

namespace {

WebhookRecord read_webhook(Statement& st) {
  return {st.text(0), st.text(1), st.text(2), split_types(st.text(3)), st.int64(4) != 0, st.int64(5), st.int64(6)};
}

DeliveryRecord read_delivery(Statement& st) {
  const auto state = parse_delivery_state(st.text(6));
  if (!state) unknown_state("webhook_deliveries", st.text(6));
  return {st.text(0),  st.text(1),          st.int64(2),
          st.text(3),  st.text(4),          st.text(5),
          *state,      static_cast<int>(st.int64(7)), st.int64(8),
          static_cast<int>(st.int64(9)), st.text(10), st.int64(11),
          st.int64(12)};
}

std::vector<DeliveryRecord> all_deliveries(Statement& st) {
  std::vector<DeliveryRecord> out;
  while (st.step()) out.push_back(read_delivery(st));
  return out;
}

class SqliteWebhookStore final : public WebhookStore {
 public:
  explicit SqliteWebhookStore(SqliteDatabase& db) : db_(db) {}

  Task<core::Status> create_webhook(WebhookRecord w) override {
    return db_.write([w = std::move(w)](Connection& c) -> core::Status {
      c.prepare(sql::kInsertWebhook)
          .bind(1, w.id)
          .bind(2, w.url)
          .bind(3, w.secret)
          .bind(4, join_types(w.types))
          .bind(5, w.active ? 1 : 0)
          .bind(6, w.created_at_ms)
          .bind(7, w.updated_at_ms)
          .run();
      return core::Ok{};
    });
  }

  Task<core::Status> update_webhook(WebhookRecord w) override {
    return db_.write([w = std::move(w)](Connection& c) -> core::Status {
      c.prepare(sql::kUpdateWebhook)
          .bind(1, w.id)
          .bind(2, w.url)
          .bind(3, w.secret)
          .bind(4, join_types(w.types))
          .bind(5, w.active ? 1 : 0)
          .bind(6, w.updated_at_ms)
          .run();
      if (c.changes() == 0) return core::not_found("webhook_not_found", "No webhook " + w.id);
      return core::Ok{};
    });
  }

  Task<core::Status> delete_webhook(std::string id) override {
    return db_.write([id = std::move(id)](Connection& c) -> core::Status {
      c.prepare(sql::kDeleteWebhook).bind(1, id).run();
      if (c.changes() == 0) return core::not_found("webhook_not_found", "No webhook " + id);
      return core::Ok{};
    });
  }

  Task<Result<std::vector<WebhookRecord>>> webhooks() override {
    return db_.read([](Connection& c) -> Result<std::vector<WebhookRecord>> {
      auto st = c.prepare(sql::kWebhooks);
      std::vector<WebhookRecord> out;
      while (st.step()) out.push_back(read_webhook(st));
      return out;
    });
  }

  Task<core::Status> queue_deliveries(std::vector<DeliveryRecord> deliveries) override {
    return db_.write([deliveries = std::move(deliveries)](Connection& c) -> core::Status {
      Transaction tx(c);
      for (const auto& d : deliveries) {
        c.prepare(sql::kQueueDelivery)
            .bind(1, d.id)
            .bind(2, d.webhook_id)
            .bind(3, d.sequence)
            .bind(4, d.event_id)
            .bind(5, d.type)
            .bind(6, d.body)
            .bind(7, state_name(d.state))
            .bind(8, d.attempts)
            .bind(9, d.next_attempt_ms)
            .bind(10, d.last_status)
            .bind(11, d.last_error)
            .bind(12, d.created_at_ms)
            .bind(13, d.updated_at_ms)
            .run();
      }
      tx.commit();
      return core::Ok{};
    });
  }

  Task<Result<std::vector<DeliveryRecord>>> due_deliveries(std::int64_t now_ms, int limit) override {
    return db_.read([now_ms, limit](Connection& c) -> Result<std::vector<DeliveryRecord>> {
      auto st = c.prepare(sql::kDueDeliveries);
      st.bind(1, now_ms).bind(2, limit);
      return all_deliveries(st);
    });
  }

  Task<Result<bool>> claim_delivery(std::string id, std::int64_t due_ms, std::int64_t until_ms) override {
    return db_.write([id = std::move(id), due_ms, until_ms](Connection& c) -> Result<bool> {
      c.prepare(sql::kClaimDelivery).bind(1, id).bind(2, due_ms).bind(3, until_ms).run();
      return c.changes() == 1;
    });
  }

  Task<core::Status> record_attempt(DeliveryRecord d, DeliveryAttempt a) override {
    return db_.write([d = std::move(d), a = std::move(a)](Connection& c) -> core::Status {
      Transaction tx(c);
      c.prepare(sql::kUpdateDelivery)
          .bind(1, d.id)
          .bind(2, state_name(d.state))
          .bind(3, d.attempts)
          .bind(4, d.next_attempt_ms)
          .bind(5, d.last_status)
          .bind(6, d.last_error)
          .bind(7, d.updated_at_ms)
          .run();
      c.prepare(sql::kInsertAttempt).bind(1, a.delivery_id).bind(2, a.attempt).bind(3, a.at_ms).bind(4, a.status)
          .bind(5, a.error).run();
      tx.commit();
      return core::Ok{};
    });
  }

  Task<Result<bool>> replay_delivery(std::string id, std::int64_t now_ms) override {
    return db_.write([id = std::move(id), now_ms](Connection& c) -> Result<bool> {
      c.prepare(sql::kReplayDelivery).bind(1, id).bind(2, now_ms).run();
      return c.changes() == 1;
    });
  }

  Task<Result<std::optional<DeliveryRecord>>> find_delivery(std::string id) override {
    return db_.read([id = std::move(id)](Connection& c) -> Result<std::optional<DeliveryRecord>> {
      auto st = c.prepare(sql::kFindDelivery);
      st.bind(1, id);
      if (!st.step()) return std::optional<DeliveryRecord>();
      return std::optional<DeliveryRecord>(read_delivery(st));
    });
  }

  Task<Result<std::vector<DeliveryRecord>>> deliveries_of(std::string webhook_id, int limit) override {
    return db_.read([webhook_id = std::move(webhook_id), limit](Connection& c) -> Result<std::vector<DeliveryRecord>> {
      auto st = c.prepare(sql::kDeliveriesOf);
      st.bind(1, webhook_id).bind(2, limit);
      return all_deliveries(st);
    });
  }

  Task<Result<std::vector<DeliveryAttempt>>> attempts_of(std::string delivery_id) override {
    return db_.read([delivery_id = std::move(delivery_id)](Connection& c) -> Result<std::vector<DeliveryAttempt>> {
      auto st = c.prepare(sql::kAttemptsOf);
      st.bind(1, delivery_id);
      std::vector<DeliveryAttempt> out;
      while (st.step()) {
        out.push_back({st.text(0), static_cast<int>(st.int64(1)), st.int64(2), static_cast<int>(st.int64(3)),
                       st.text(4)});
      }
      return out;
    });
  }

 private:
  SqliteDatabase& db_;
};

}  // namespace

std::unique_ptr<WebhookStore> make_sqlite_webhook_store(SqliteDatabase& db) {
  return std::make_unique<SqliteWebhookStore>(db);
}

}  // namespace tw::store::sqlite
