// BookingStore on SQLite: holds, payments, orders with their tickets, refunds. Every state change
// is a conditional UPDATE on the state it moves from (see booking_store.h).
#include "core/access_code.h"
#include "store/sqlite/sqlite_database.h"
#include "store/sqlite/sqlite_ports.h"
#include "store/sqlite/sqlite_queries.h"
#include "store/sqlite/sqlite_rows.h"

namespace tw::store::sqlite {
using core::Result;
using core::Status;

namespace {

core::Error hold_not_active() { return core::conflict("hold_not_active", "The hold is no longer active"); }
core::Error payment_moved() { return core::conflict("payment_moved", "The payment is no longer in that state"); }

void insert_order(Connection& c, const OrderRecord& o) {
  c.prepare(sql::kInsertOrder)
      .bind(1, o.id).bind(2, o.user_id).bind(3, o.event_id).bind(4, o.hold_id).bind(5, o.idempotency_key)
      .bind(6, o.subtotal).bind(7, o.fee).bind(8, o.total).bind(9, o.payment_id).bind(10, state_name(o.status))
      .bind(11, o.created_at)
      .run();
}

// False when the ticket's seat is not a seat of the event's layout now (see kInsertTicket).
bool insert_ticket(Connection& c, const OrderRecord& o, const TicketRecord& t) {
  c.prepare(sql::kInsertTicket)
      .bind(1, t.id).bind(2, o.id).bind(3, t.user_id).bind(4, t.event_id).bind(5, t.seat_index)
      .bind(6, t.seat_id).bind(7, t.price).bind(8, t.fee).bind(9, t.total).bind(10, state_name(t.status))
      .bind(11, t.purchased_at)
      .run();
  return c.changes() == 1;
}

void insert_refund_row(Connection& c, const RefundRecord& r) {
  c.prepare(sql::kInsertRefund)
      .bind(1, r.id).bind(2, r.payment_id).bind(3, r.processor_id).bind(4, r.ticket_id).bind(5, r.amount)
      .bind(6, r.reason).bind(7, state_name(r.state)).bind(8, r.attempts).bind(9, r.last_error)
      .bind(10, r.created_at_ms).bind(11, r.updated_at_ms).bind(12, r.next_attempt_at_ms)
      .run();
}

// Runs `insert`, turning a uniqueness violation into kConflict `code`.
template <class F>
std::optional<core::Error> unique_or(F insert, const char* code, std::string message) {
  try {
    insert();
  } catch (const SqliteError& e) {
    if (e.is_unique_violation()) return core::conflict(code, std::move(message));
    throw;
  }
  return std::nullopt;
}

// Whether the hold may use its access code now (core::code_use_allowed), read inside the
// transaction that inserts it: SQLite runs one write transaction at a time, so the uses counted
// here are every use there is.
Status code_use_allowed(Connection& c, const HoldRecord& h) {
  auto code = c.prepare(sql::kCodeForHold);
  code.bind(1, h.code_id);
  if (!code.step()) return core::conflict("code_revoked", "This code no longer exists");
  core::CodeRules rules;
  rules.max_uses = static_cast<int>(code.int64(0));
  rules.valid_from_ms = code.int64(1);
  rules.valid_until_ms = code.int64(2);
  rules.allotment = static_cast<int>(code.int64(3));
  const core::AccessCode access{.id = h.code_id, .revoked_at_ms = code.int64(4)};
  auto usage = c.prepare(sql::kCodeUsage);
  usage.bind(1, h.code_id).bind(2, h.created_at_ms).bind(3, h.code_batch_id);
  usage.step();
  const core::CodeUsage used{static_cast<int>(usage.int64(0)), static_cast<int>(usage.int64(1))};
  return core::code_use_allowed(rules, access, used, static_cast<int>(h.seat_ids.size()), h.created_at_ms);
}

template <class T>
std::optional<T> find_one(Connection& c, const char* query, T (*read)(const Statement&), auto... keys) {
  auto st = c.prepare(query);
  int i = 1;
  (st.bind(i++, keys), ...);
  if (!st.step()) return std::nullopt;
  return read(st);
}

template <class T>
std::vector<T> find_all(Statement& st, T (*read)(const Statement&)) {
  std::vector<T> out;
  while (st.step()) out.push_back(read(st));
  return out;
}

class SqliteBookingStore final : public BookingStore {
 public:
  explicit SqliteBookingStore(SqliteDatabase& db) : db_(db) {}

  Task<Status> insert_hold(HoldRecord h, std::vector<OutboxMessage> messages) override {
    const auto now = db_.clock().now_ms();
    return db_.write([h = std::move(h), messages = std::move(messages), now](Connection& c) -> Status {
      Transaction tx(c);
      const bool coded = !h.code_id.empty();
      if (coded) {
        if (auto allowed = code_use_allowed(c, h); !allowed) return allowed;
      }
      auto insert = c.prepare(coded ? sql::kInsertCodedHold : sql::kInsertHold);
      insert.bind(1, h.id).bind(2, h.event_id).bind(3, h.user_id).bind(4, seat_ids_to_json(h.seat_ids))
          .bind(5, state_name(h.status)).bind(6, h.renewals).bind(7, h.created_at_ms).bind(8, h.expires_at_ms)
          .bind(9, held_prices_to_text(h.seat_prices));
      if (coded) insert.bind(10, h.code_id).bind(11, h.code_batch_id).bind(12, static_cast<int>(h.seat_ids.size()));
      insert.run();
      write_outbox(c, messages, now);
      tx.commit();
      return core::Ok{};
    });
  }

  Task<Status> extend_hold(std::string hold_id, int renewals, std::int64_t expires_at_ms) override {
    return db_.write([id = std::move(hold_id), renewals, expires_at_ms](Connection& c) -> Status {
      c.prepare(sql::kExtendHold).bind(1, id).bind(2, renewals).bind(3, expires_at_ms).run();
      if (c.changes() == 0) return hold_not_active();
      return core::Ok{};
    });
  }

  Task<Status> end_hold(std::string hold_id, HoldStatus to, std::vector<OutboxMessage> messages) override {
    const auto now = db_.clock().now_ms();
    return db_.write([id = std::move(hold_id), to, messages = std::move(messages), now](Connection& c) -> Status {
      Transaction tx(c);
      c.prepare(sql::kEndHold).bind(1, id).bind(2, state_name(to)).run();
      if (c.changes() == 0) return hold_not_active();
      write_outbox(c, messages, now);
      tx.commit();
      return core::Ok{};
    });
  }

  Task<Result<std::optional<HoldRecord>>> find_hold(std::string id) override {
    return db_.read([id = std::move(id)](Connection& c) -> Result<std::optional<HoldRecord>> {
      return find_one(c, sql::kFindHold, &read_hold, std::string_view(id));
    });
  }

  Task<Result<std::vector<HoldRecord>>> active_holds() override {
    return db_.read([](Connection& c) -> Result<std::vector<HoldRecord>> {
      auto st = c.prepare(sql::kActiveHolds);
      return find_all(st, &read_hold);
    });
  }

  Task<Result<std::vector<HoldRecord>>> active_holds_of(std::int64_t event_id) override {
    return db_.read([event_id](Connection& c) -> Result<std::vector<HoldRecord>> {
      auto st = c.prepare(sql::kActiveHoldsOfEvent);
      st.bind(1, event_id);
      return find_all(st, &read_hold);
    });
  }

  Task<Result<std::vector<HoldRecord>>> active_holds_of_user(std::int64_t user_id, std::int64_t event_id) override {
    return db_.read([user_id, event_id](Connection& c) -> Result<std::vector<HoldRecord>> {
      auto st = c.prepare(sql::kActiveHoldsOfUser);
      st.bind(1, user_id).bind(2, event_id);
      return find_all(st, &read_hold);
    });
  }

  Task<Result<std::vector<SoldSeat>>> sold_seats(std::int64_t event_id) override {
    return db_.read([event_id](Connection& c) -> Result<std::vector<SoldSeat>> {
      auto st = c.prepare(sql::kSoldSeats);
      st.bind(1, event_id);
      std::vector<SoldSeat> out;
      while (st.step()) out.push_back({static_cast<int>(st.int64(0)), st.int64(1)});
      return out;
    });
  }

  Task<Result<std::vector<AccountPerson>>> people_of(std::vector<std::int64_t> user_ids) override {
    std::string ids = "[";
    for (const auto id : user_ids) {
      if (ids.size() > 1) ids += ',';
      ids += std::to_string(id);  // appended apart: `literal + string&&` makes GCC 12 warn in Release
    }
    ids += "]";
    return db_.read([ids = std::move(ids)](Connection& c) -> Result<std::vector<AccountPerson>> {
      auto st = c.prepare(sql::kPeopleOf);
      st.bind(1, ids);
      std::vector<AccountPerson> out;
      while (st.step()) out.push_back({st.int64(0), st.int64(1)});
      return out;
    });
  }

  Task<Status> insert_payment(PaymentRecord p) override {
    return db_.write([p = std::move(p)](Connection& c) -> Status {
      try {
        c.prepare(sql::kInsertPayment)
            .bind(1, p.id).bind(2, p.user_id).bind(3, p.idempotency_key).bind(4, p.hold_id).bind(5, p.event_id)
            .bind(6, p.amount).bind(7, state_name(p.state)).bind(8, p.processor_id).bind(9, p.decline_code)
            .bind(10, p.created_at_ms).bind(11, p.updated_at_ms)
            .run();
      } catch (const SqliteError& e) {
        if (!e.is_unique_violation()) throw;
        // SQLite names the clashing index by its columns. A key used before is what counts when
        // the hold clashes too (the same request again), as the port says.
        if (std::string_view(e.what()).find("payments.hold_id") != std::string_view::npos &&
            !find_one(c, sql::kFindPaymentByKey, &read_payment, p.user_id, std::string_view(p.idempotency_key))) {
          return core::conflict(std::string(core::codes::kPaymentInProgress), "another payment of this hold is open");
        }
        return core::conflict(std::string(core::codes::kPaymentExists), "this idempotency key was used already");
      }
      return core::Ok{};
    });
  }

  Task<Result<std::optional<PaymentRecord>>> find_payment(std::string id) override {
    return db_.read([id = std::move(id)](Connection& c) -> Result<std::optional<PaymentRecord>> {
      return find_one(c, sql::kFindPayment, &read_payment, std::string_view(id));
    });
  }

  Task<Result<std::optional<PaymentRecord>>> find_payment_by_key(std::int64_t user_id, std::string key) override {
    return db_.read([user_id, key = std::move(key)](Connection& c) -> Result<std::optional<PaymentRecord>> {
      return find_one(c, sql::kFindPaymentByKey, &read_payment, user_id, std::string_view(key));
    });
  }

  Task<Status> move_payment(PaymentRecord p, PaymentState from, std::vector<OutboxMessage> messages) override {
    const auto now = db_.clock().now_ms();
    return db_.write([p = std::move(p), from, messages = std::move(messages), now](Connection& c) -> Status {
      Transaction tx(c);
      c.prepare(sql::kMovePayment)
          .bind(1, p.id).bind(2, state_name(p.state)).bind(3, p.processor_id).bind(4, p.decline_code).bind(5, now)
          .bind(6, state_name(from))
          .run();
      if (c.changes() == 0) return payment_moved();
      write_outbox(c, messages, now);
      tx.commit();
      return core::Ok{};
    });
  }

  Task<Result<std::vector<PaymentRecord>>> unsettled_payments(std::int64_t before_ms, int limit) override {
    return db_.read([before_ms, limit](Connection& c) -> Result<std::vector<PaymentRecord>> {
      auto st = c.prepare(sql::kUnsettledPayments);
      st.bind(1, before_ms).bind(2, limit);
      return find_all(st, &read_payment);
    });
  }

  Task<Status> commit_order(OrderRecord o, std::string processor_id, std::vector<OutboxMessage> messages) override {
    const auto now = db_.clock().now_ms();
    return db_.write([o = std::move(o), processor_id = std::move(processor_id), messages = std::move(messages),
                      now](Connection& c) -> Status {
      Transaction tx(c);
      if (auto clash = unique_or([&] { insert_order(c, o); }, "duplicate_order", "this idempotency key was used already")) {
        return *clash;
      }
      for (const auto& t : o.tickets) {
        bool placed = false;
        if (auto clash = unique_or([&] { placed = insert_ticket(c, o, t); }, "seat_sold",
                                   "seat " + t.seat_id + " was sold already")) {
          return *clash;
        }
        if (!placed) return layout_changed();
      }
      c.prepare(sql::kMarkHoldSold).bind(1, o.hold_id).run();
      if (c.changes() == 0) return hold_not_active();
      c.prepare(sql::kApprovePaymentForOrder).bind(1, o.payment_id).bind(2, processor_id).bind(3, o.id).bind(4, now).run();
      if (c.changes() == 0) return payment_moved();
      write_outbox(c, messages, now);
      tx.commit();
      return core::Ok{};
    });
  }

  Task<Result<std::optional<OrderRecord>>> find_order(std::string id) override {
    return db_.read([id = std::move(id)](Connection& c) -> Result<std::optional<OrderRecord>> {
      auto st = c.prepare(sql::kFindOrder);
      st.bind(1, id);
      return read_order_with_tickets(c, st);
    });
  }

  Task<Result<std::optional<OrderRecord>>> find_order_by_key(std::int64_t user_id, std::string key) override {
    return db_.read([user_id, key = std::move(key)](Connection& c) -> Result<std::optional<OrderRecord>> {
      auto st = c.prepare(sql::kFindOrderByKey);
      st.bind(1, user_id).bind(2, key);
      return read_order_with_tickets(c, st);
    });
  }

  Task<Status> insert_refund(RefundRecord r) override {
    return db_.write([r = std::move(r)](Connection& c) -> Status {
      if (auto clash = unique_or([&] { insert_refund_row(c, r); }, "refund_exists", "this refund is recorded already")) {
        return *clash;
      }
      return core::Ok{};
    });
  }

  Task<Status> cancel_ticket(std::string ticket_id, RefundRecord refund, std::vector<OutboxMessage> messages) override {
    const auto now = db_.clock().now_ms();
    return db_.write([id = std::move(ticket_id), refund = std::move(refund), messages = std::move(messages),
                      now](Connection& c) -> Status {
      Transaction tx(c);
      c.prepare(sql::kCancelTicket).bind(1, id).run();
      if (c.changes() == 0) {
        return core::conflict("not_cancellable", "Only a confirmed, unused ticket can be cancelled");
      }
      insert_refund_row(c, refund);
      write_outbox(c, messages, now);
      tx.commit();
      return core::Ok{};
    });
  }

  Task<Status> update_refund(RefundRecord r, std::vector<OutboxMessage> messages) override {
    const auto now = db_.clock().now_ms();
    return db_.write([r = std::move(r), messages = std::move(messages), now](Connection& c) -> Status {
      Transaction tx(c);
      c.prepare(sql::kUpdateRefund)
          .bind(1, r.id).bind(2, state_name(r.state)).bind(3, r.attempts).bind(4, r.last_error).bind(5, now)
          .bind(6, r.next_attempt_at_ms)
          .run();
      if (c.changes() == 0) return core::not_found("refund_not_found", "No such refund");
      if (r.state == RefundState::kSucceeded && r.ticket_id.empty()) {
        c.prepare(sql::kRefundPayment).bind(1, r.payment_id).bind(2, now).run();
      }
      write_outbox(c, messages, now);
      tx.commit();
      return core::Ok{};
    });
  }

  Task<Result<std::optional<RefundRecord>>> find_refund(std::string id) override {
    return db_.read([id = std::move(id)](Connection& c) -> Result<std::optional<RefundRecord>> {
      return find_one(c, sql::kFindRefund, &read_refund, std::string_view(id));
    });
  }

  Task<Result<std::vector<RefundRecord>>> refunds_due(std::int64_t now_ms, int limit) override {
    return db_.read([now_ms, limit](Connection& c) -> Result<std::vector<RefundRecord>> {
      auto st = c.prepare(sql::kRefundsDue);
      st.bind(1, now_ms).bind(2, limit);
      return find_all(st, &read_refund);
    });
  }

  Task<Result<std::vector<RefundRecord>>> list_refunds(RefundQuery q) override {
    return db_.read([q](Connection& c) -> Result<std::vector<RefundRecord>> {
      auto st = c.prepare(sql::kListRefunds);
      st.bind(1, when(q.state.has_value(), std::string(state_name(q.state.value_or(RefundState::kPending)))))
          .bind(2, q.limit);
      return find_all(st, &read_refund);
    });
  }

  Task<Status> append_outbox(std::vector<OutboxMessage> messages) override {
    const auto now = db_.clock().now_ms();
    return db_.write([messages = std::move(messages), now](Connection& c) -> Status {
      Transaction tx(c);
      write_outbox(c, messages, now);
      tx.commit();
      return core::Ok{};
    });
  }

  Task<Status> reset_tickets() override {
    return db_.write([](Connection& c) -> Status {
      Transaction tx(c);
      c.exec(sql::kResetTickets);
      tx.commit();
      return core::Ok{};
    });
  }

 private:
  SqliteDatabase& db_;
};

}  // namespace

std::unique_ptr<BookingStore> make_sqlite_booking_store(SqliteDatabase& db) {
  return std::make_unique<SqliteBookingStore>(db);
}

}  // namespace tw::store::sqlite
