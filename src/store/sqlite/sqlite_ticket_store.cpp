// TicketStore on SQLite: tickets as holders and gates see them, signing keys, check-in, transfer.
#include "store/like_pattern.h"
#include "store/sqlite/sqlite_database.h"
#include "store/sqlite/sqlite_ports.h"
#include "store/sqlite/sqlite_queries.h"
#include "store/sqlite/sqlite_rows.h"

namespace tw::store::sqlite {
using core::Result;
using core::Status;

namespace {

class SqliteTicketStore final : public TicketStore {
 public:
  explicit SqliteTicketStore(SqliteDatabase& db) : db_(db) {}

  Task<Result<std::vector<TicketRecord>>> tickets_of(std::int64_t user_id) override {
    return db_.read([user_id](Connection& c) -> Result<std::vector<TicketRecord>> {
      return select_tickets(c, sql::kTicketsOfUser, user_id);
    });
  }

  Task<Result<std::vector<TicketRecord>>> tickets_of_event(std::int64_t event_id) override {
    return db_.read([event_id](Connection& c) -> Result<std::vector<TicketRecord>> {
      return select_tickets(c, sql::kTicketsOfEvent, event_id);
    });
  }

  Task<Result<std::optional<TicketRecord>>> find_ticket(std::string id) override {
    return db_.read([id = std::move(id)](Connection& c) -> Result<std::optional<TicketRecord>> {
      auto st = c.prepare(sql::kFindTicket);
      st.bind(1, id);
      if (!st.step()) return std::optional<TicketRecord>();
      return std::optional<TicketRecord>(read_ticket(st));
    });
  }

  Task<Result<std::vector<SoldTicket>>> find_sold_tickets(SoldTicketQuery q) override {
    return db_.read([q = std::move(q)](Connection& c) -> Result<std::vector<SoldTicket>> {
      auto st = c.prepare(q.event_id != 0 ? sql::kFindSoldTicketsOfEvent : sql::kFindSoldTickets);
      st.bind(1, q.event_id)
          .bind(2, q.text)
          .bind(3, like_pattern(q.text))
          .bind(4, static_cast<std::int64_t>(q.limit));
      std::vector<SoldTicket> out;
      while (st.step())
        out.push_back({read_ticket(st), st.text(kTicketColumns), st.text(kTicketColumns + 1)});
      return out;
    });
  }

  Task<Status> check_in(CheckInRecord scan, std::vector<OutboxMessage> messages) override {
    return change_with_outbox(
        [scan = std::move(scan)](Connection& c) {
          c.prepare(sql::kCheckIn)
              .bind(1, scan.ticket_id)
              .bind(2, scan.at_ms)
              .bind(3, scan.gate)
              .bind(4, scan.code_issued_ms)
              .run();
        },
        std::move(messages),
        core::conflict("not_checked_in", "The ticket is not a valid, unused ticket with this code"));
  }

  Task<Result<bool>> record_earlier_check_in(CheckInRecord scan) override {
    return db_.write([scan = std::move(scan)](Connection& c) -> Result<bool> {
      c.prepare(sql::kEarlierCheckIn).bind(1, scan.ticket_id).bind(2, scan.at_ms).bind(3, scan.gate).run();
      return c.changes() > 0;
    });
  }

  Task<Status> transfer_ticket(TransferRecord t, std::vector<OutboxMessage> messages) override {
    return change_with_outbox(
        [t = std::move(t)](Connection& c) {
          c.prepare(sql::kTransferTicket)
              .bind(1, t.ticket_id)
              .bind(2, t.from_user)
              .bind(3, t.to_user)
              .bind(4, t.at_ms)
              .run();
          if (c.changes() == 0) return;
          c.prepare(sql::kInsertTransfer)
              .bind(1, t.ticket_id)
              .bind(2, t.from_user)
              .bind(3, t.to_user)
              .bind(4, t.at_ms)
              .run();
        },
        std::move(messages),
        core::conflict("not_transferable", "Only your own confirmed, unused ticket can be transferred"));
  }

  Task<Result<std::vector<TicketKeyRecord>>> ticket_keys() override {
    return db_.read([](Connection& c) -> Result<std::vector<TicketKeyRecord>> {
      auto st = c.prepare(sql::kTicketKeys);
      std::vector<TicketKeyRecord> out;
      while (st.step()) out.push_back({st.int64(0), st.text(1), st.text(2), st.int64(3)});
      return out;
    });
  }

  Task<Status> add_ticket_key(TicketKeyRecord key) override {
    return db_.write([key = std::move(key)](Connection& c) -> Status {
      c.prepare(sql::kInsertTicketKey)
          .bind(1, key.id)
          .bind(2, key.public_key)
          .bind(3, key.secret_key)
          .bind(4, key.created_at_ms)
          .run();
      return core::Ok{};
    });
  }

 private:
  // Runs `change` in a write transaction with the outbox messages; `if_unchanged` when it
  // changed no row (nothing is written then).
  template <class F>
  Task<Status> change_with_outbox(F change, std::vector<OutboxMessage> messages, core::Error if_unchanged) {
    const auto now = db_.clock().now_ms();
    return db_.write([change = std::move(change), messages = std::move(messages),
                      if_unchanged = std::move(if_unchanged), now](Connection& c) -> Status {
      Transaction tx(c);
      change(c);
      if (c.changes() == 0) return if_unchanged;
      write_outbox(c, messages, now);
      tx.commit();
      return core::Ok{};
    });
  }

  SqliteDatabase& db_;
};

}  // namespace

std::unique_ptr<TicketStore> make_sqlite_ticket_store(SqliteDatabase& db) {
  return std::make_unique<SqliteTicketStore>(db);
}

}  // namespace tw::store::sqlite
