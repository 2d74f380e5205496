// TicketStore on SQLite: tickets as holders and gates see them, signing keys, check-in, transfer.
#include "store/like_pattern.h"
#include "store/refusals.h"
#include "store/sqlite/sqlite_database.h"
#include "store/sqlite/sqlite_ports.h"
#include "store/sqlite/sqlite_queries.h"
#include "store/sqlite/sqlite_rows.h"

namespace tw::store::sqlite {
using core::Result;
using core::Status;

namespace {

std::optional<TicketOffer> offer_of(Connection& c, const char* query, const std::string& key) {
  auto st = c.prepare(query);
  st.bind(1, key);
  if (!st.step()) return std::nullopt;
  const auto state = st.text(6);
  auto parsed = core::parse_offer_state(state);
  if (!parsed) unknown_state("ticket_offers", state);
  return TicketOffer{st.text(0), st.text(1), st.int64(2), st.text(3), st.int64(4),
                     st.int64(5), *parsed,   st.int64(7), st.int64(8)};
}

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

  Task<Status> create_ticket_offer(TicketOffer o) override {
    return db_.write([o = std::move(o)](Connection& c) -> Status {
      try {
        c.prepare(sql::kInsertTicketOffer).bind(1, o.token_hash).bind(2, o.ticket_id).bind(3, o.from_user)
            .bind(4, o.to_email).bind(5, o.created_at).bind(6, o.expires_at).run();
      } catch (const SqliteError& e) {
        if (e.is_unique_violation()) return transfer_pending();
        throw;
      }
      return core::Ok{};
    });
  }

  Task<Result<std::optional<TicketOffer>>> find_ticket_offer(std::string token_hash) override {
    return db_.read([h = std::move(token_hash)](Connection& c) -> Result<std::optional<TicketOffer>> {
      return offer_of(c, sql::kFindTicketOffer, h);
    });
  }

  Task<Result<std::optional<TicketOffer>>> open_ticket_offer(std::string ticket_id) override {
    return db_.read([id = std::move(ticket_id)](Connection& c) -> Result<std::optional<TicketOffer>> {
      return offer_of(c, sql::kOpenTicketOffer, id);
    });
  }

  Task<Result<bool>> move_ticket_offer(std::string token_hash, OfferState from, OfferState to, std::int64_t claimed_by,
                                       std::int64_t closed_at) override {
    return db_.write([h = std::move(token_hash), from, to, claimed_by, closed_at](Connection& c) -> Result<bool> {
      c.prepare(sql::kMoveTicketOffer).bind(1, h).bind(2, state_name(from)).bind(3, state_name(to))
          .bind(4, claimed_by).bind(5, closed_at).run();
      return c.changes() > 0;
    });
  }

  Task<Result<bool>> register_pass(PassRegistration r) override {
    return db_.write([r = std::move(r)](Connection& c) -> Result<bool> {
      auto found = c.prepare(sql::kFindPassRegistration);
      found.bind(1, r.device_id).bind(2, r.pass_type).bind(3, r.serial);
      const bool known = found.step();
      c.prepare(sql::kRegisterPass).bind(1, r.device_id).bind(2, r.pass_type).bind(3, r.serial)
          .bind(4, r.push_token).bind(5, r.created_at).run();
      return !known;
    });
  }

  Task<Result<bool>> unregister_pass(std::string device_id, std::string pass_type, std::string serial) override {
    return db_.write([d = std::move(device_id), t = std::move(pass_type), s = std::move(serial)](Connection& c)
                         -> Result<bool> {
      c.prepare(sql::kUnregisterPass).bind(1, d).bind(2, t).bind(3, s).run();
      return c.changes() > 0;
    });
  }

  Task<Result<std::vector<std::string>>> registered_serials(std::string device_id, std::string pass_type) override {
    return db_.read([d = std::move(device_id), t = std::move(pass_type)](Connection& c)
                        -> Result<std::vector<std::string>> {
      auto st = c.prepare(sql::kRegisteredSerials);
      st.bind(1, d).bind(2, t);
      std::vector<std::string> out;
      while (st.step()) out.push_back(st.text(0));
      return out;
    });
  }

  Task<Result<std::vector<TicketRecord>>> tickets_to_cancel(std::int64_t event_id, int limit) override {
    return db_.read([event_id, limit](Connection& c) -> Result<std::vector<TicketRecord>> {
      auto st = c.prepare(sql::kTicketsToCancel);
      st.bind(1, event_id).bind(2, limit);
      std::vector<TicketRecord> out;
      while (st.step()) out.push_back(read_ticket(st));
      return out;
    });
  }

  Task<Result<CancellationProgress>> cancellation_progress(std::int64_t event_id) override {
    return db_.read([event_id](Connection& c) -> Result<CancellationProgress> {
      auto st = c.prepare(sql::kCancellationProgress);
      st.bind(1, event_id).step();
      auto n = [&](int i) { return static_cast<int>(st.int64(i)); };
      return CancellationProgress{n(0), n(1), n(2), n(3), n(4), st.int64(5), st.int64(6), n(7)};
    });
  }

  Task<Result<std::vector<std::int64_t>>> people_to_tell(std::int64_t event_id, int limit) override {
    return db_.read([event_id, limit](Connection& c) -> Result<std::vector<std::int64_t>> {
      auto st = c.prepare(sql::kPeopleToTell);
      st.bind(1, event_id).bind(2, limit);
      std::vector<std::int64_t> out;
      while (st.step()) out.push_back(st.int64(0));
      return out;
    });
  }

  Task<Result<bool>> record_cancellation_notice(std::int64_t event_id, std::int64_t user_id,
                                                std::vector<OutboxMessage> messages) override {
    const auto now = db_.clock().now_ms();
    return db_.write([event_id, user_id, messages = std::move(messages), now](Connection& c) -> Result<bool> {
      Transaction tx(c);
      c.prepare(sql::kRecordCancellationNotice).bind(1, event_id).bind(2, user_id).bind(3, now / 1000).run();
      if (c.changes() == 0) return false;
      write_outbox(c, messages, now);
      tx.commit();
      return true;
    });
  }

  Task<Result<std::vector<CancelledSeat>>> cancelled_tickets_for(std::int64_t event_id, std::int64_t user_id) override {
    return db_.read([event_id, user_id](Connection& c) -> Result<std::vector<CancelledSeat>> {
      auto st = c.prepare(sql::kCancelledTicketsFor);
      st.bind(1, event_id).bind(2, user_id);
      std::vector<CancelledSeat> out;
      while (st.step()) {
        const auto state = st.text(kTicketColumns + 2);
        const auto parsed = core::parse_refund_state(state);
        if (!parsed) unknown_state("refunds", state);
        out.push_back({read_ticket(st), st.int64(kTicketColumns), st.int64(kTicketColumns + 1), *parsed});
      }
      return out;
    });
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
