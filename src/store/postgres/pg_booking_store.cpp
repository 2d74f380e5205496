// BookingStore on PostgreSQL: holds, payments, orders with their tickets, refunds. Every state
// change is a conditional UPDATE on the state it moves from (see booking_store.h); the unique
// index on live tickets per seat is the final guard against selling a seat twice.
#include "core/access_code.h"
#include "store/postgres/pg_ports.h"
#include "store/postgres/pg_queries.h"
#include "store/postgres/pg_rows.h"

namespace tw::store::pg {
using core::Result;
using core::Status;

namespace {

core::Error hold_not_active() { return core::conflict("hold_not_active", "The hold is no longer active"); }
core::Error payment_moved() { return core::conflict("payment_moved", "The payment is no longer in that state"); }

// A uniqueness violation named by its constraint, as the port's contract words it.
core::Error refused(const PgFailure& f) {
  if (f.unique_violation()) {
    if (f.constraint == "tickets_one_live_per_seat") return core::conflict("seat_sold", "a seat was sold already");
    if (f.constraint == "orders_user_key") return core::conflict("duplicate_order", "this idempotency key was used already");
    if (f.constraint == "payments_user_key" || f.constraint == "payments_pkey") {
      return core::conflict("payment_exists", "this idempotency key was used already");
    }
    if (f.constraint == "payments_one_open_per_hold") {
      return core::conflict(std::string(core::codes::kPaymentInProgress), "another payment of this hold is open");
    }
    if (f.constraint == "refunds_pkey") return core::conflict("refund_exists", "this refund is recorded already");
  }
  return translate(f);
}

Params refund_args(const RefundRecord& r) {
  return {r.id,          r.payment_id,       r.processor_id,       r.ticket_id,        arg(r.amount),
          r.reason,      arg(state_name(r.state)), arg(r.attempts), r.last_error,      arg(r.created_at_ms),
          arg(r.updated_at_ms), arg(r.next_attempt_at_ms)};
}

class PgBookingStore final : public BookingStore {
 public:
  explicit PgBookingStore(PgDatabase& db) : db_(db) {}

  Task<Status> insert_hold(HoldRecord h, std::vector<OutboxMessage> messages) override {
    Params args{h.id,          arg(h.event_id), arg(h.user_id), seat_ids_to_json(h.seat_ids), arg(state_name(h.status)),
                arg(h.renewals), arg(h.created_at_ms), arg(h.expires_at_ms), held_prices_to_text(h.seat_prices)};
    if (h.code_id.empty()) co_return co_await write(sql::kInsertHold, std::move(args), std::move(messages), std::nullopt);
    args.insert(args.end(), {h.code_id, h.code_batch_id, arg(static_cast<std::int64_t>(h.seat_ids.size()))});
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    if (auto st = co_await lease->begin(); !st) co_return st.error();
    auto done = co_await code_use_allowed(*lease, h);
    if (done) done = co_await change(*lease, sql::kInsertCodedHold, std::move(args), messages, std::nullopt);
    co_return co_await lease->finish(std::move(done));
  }

  Task<Status> extend_hold(std::string hold_id, int renewals, std::int64_t expires_at_ms) override {
    Params args{std::move(hold_id), arg(renewals), arg(expires_at_ms)};
    auto n = co_await change_once(db_, sql::kExtendHold, std::move(args));
    if (!n) co_return n.error();
    if (*n == 0) co_return hold_not_active();
    co_return core::Ok{};
  }

  Task<Status> end_hold(std::string hold_id, HoldStatus to, std::vector<OutboxMessage> messages) override {
    Params args{std::move(hold_id), arg(state_name(to))};
    co_return co_await write(sql::kEndHold, std::move(args), std::move(messages), hold_not_active());
  }

  Task<Result<std::optional<HoldRecord>>> find_hold(std::string id) override {
    Params args{std::move(id)};
    auto r = co_await query_once(db_, sql::kFindHold, std::move(args));
    if (!r) co_return r.error();
    if (r->rows() == 0) co_return std::optional<HoldRecord>();
    co_return reading<std::optional<HoldRecord>>([&] { return std::optional<HoldRecord>(read_hold(*r, 0)); });
  }

  Task<Result<std::vector<HoldRecord>>> active_holds() override {
    Params none;
    auto r = co_await query_once(db_, sql::kActiveHolds, std::move(none));
    if (!r) co_return r.error();
    co_return all_of(*r, &read_hold);
  }

  Task<Result<std::vector<HoldRecord>>> active_holds_of(std::int64_t event_id) override {
    Params args{arg(event_id)};
    auto r = co_await query_once(db_, sql::kActiveHoldsOfEvent, std::move(args));
    if (!r) co_return r.error();
    co_return all_of(*r, &read_hold);
  }

  Task<Result<std::vector<HoldRecord>>> active_holds_of_user(std::int64_t user_id, std::int64_t event_id) override {
    Params args{arg(user_id), arg(event_id)};
    auto r = co_await query_once(db_, sql::kActiveHoldsOfUser, std::move(args));
    if (!r) co_return r.error();
    co_return all_of(*r, &read_hold);
  }

  Task<Result<std::vector<SoldSeat>>> sold_seats(std::int64_t event_id) override {
    Params args{arg(event_id)};
    auto r = co_await query_once(db_, sql::kSoldSeats, std::move(args));
    if (!r) co_return r.error();
    std::vector<SoldSeat> out;
    out.reserve(static_cast<std::size_t>(r->rows()));
    for (int i = 0; i < r->rows(); ++i) out.push_back({static_cast<int>(r->int64(i, 0)), r->int64(i, 1)});
    co_return out;
  }

  Task<Result<std::vector<AccountPerson>>> people_of(std::vector<std::int64_t> user_ids) override {
    Params args{int_array(user_ids)};
    auto r = co_await query_once(db_, sql::kPeopleOf, std::move(args));
    if (!r) co_return r.error();
    std::vector<AccountPerson> out;
    for (int i = 0; i < r->rows(); ++i) out.push_back({r->int64(i, 0), r->int64(i, 1)});
    co_return out;
  }

  Task<Status> insert_payment(PaymentRecord p) override {
    Params args{p.id,          arg(p.user_id),    p.idempotency_key, p.hold_id,       arg(p.event_id), arg(p.amount),
                arg(state_name(p.state)), p.processor_id, p.decline_code, arg(p.created_at_ms), arg(p.updated_at_ms)};
    auto r = co_await lease_and_query(sql::kInsertPayment, std::move(args));
    if (r.ok()) co_return core::Ok{};
    auto why = refused(*r.failure);
    if (why.code != core::codes::kPaymentInProgress) co_return why;
    // A key used before is what counts when the hold clashes too (the same request again).
    auto twin = co_await find_payment_by_key(p.user_id, p.idempotency_key);
    if (!twin) co_return twin.error();
    if (twin->has_value()) co_return core::conflict(std::string(core::codes::kPaymentExists), "this idempotency key was used already");
    co_return why;
  }

  Task<Result<std::optional<PaymentRecord>>> find_payment(std::string id) override {
    Params args{std::move(id)};
    co_return co_await find_payment_by(sql::kFindPayment, std::move(args));
  }

  Task<Result<std::optional<PaymentRecord>>> find_payment_by_key(std::int64_t user_id, std::string key) override {
    Params args{arg(user_id), std::move(key)};
    co_return co_await find_payment_by(sql::kFindPaymentByKey, std::move(args));
  }

  Task<Status> move_payment(PaymentRecord p, PaymentState from, std::vector<OutboxMessage> messages) override {
    Params args{p.id,           arg(state_name(p.state)),  p.processor_id, p.decline_code, arg(db_.clock().now_ms()),
                arg(state_name(from))};
    co_return co_await write(sql::kMovePayment, std::move(args), std::move(messages), payment_moved());
  }

  Task<Result<std::vector<PaymentRecord>>> unsettled_payments(std::int64_t before_ms, int limit) override {
    Params args{arg(before_ms), arg(limit)};
    auto r = co_await query_once(db_, sql::kUnsettledPayments, std::move(args));
    if (!r) co_return r.error();
    co_return all_of(*r, &read_payment);
  }

  Task<Status> commit_order(OrderRecord o, std::string processor_id, std::vector<OutboxMessage> messages) override {
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    if (auto st = co_await lease->begin(); !st) co_return st.error();
    auto done = co_await write_order(*lease, o, processor_id, messages);
    co_return co_await lease->finish(std::move(done));
  }

  Task<Result<std::optional<OrderRecord>>> find_order(std::string id) override {
    Params args{std::move(id)};
    co_return co_await find_order_by(sql::kFindOrder, std::move(args));
  }

  Task<Result<std::optional<OrderRecord>>> find_order_by_key(std::int64_t user_id, std::string key) override {
    Params args{arg(user_id), std::move(key)};
    co_return co_await find_order_by(sql::kFindOrderByKey, std::move(args));
  }

  Task<Status> insert_refund(RefundRecord r) override {
    auto args = refund_args(r);
    auto reply = co_await lease_and_query(sql::kInsertRefund, std::move(args));
    if (!reply.ok()) co_return refused(*reply.failure);
    co_return core::Ok{};
  }

  Task<Status> cancel_ticket(std::string ticket_id, RefundRecord refund, std::vector<OutboxMessage> messages) override {
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    if (auto st = co_await lease->begin(); !st) co_return st.error();
    auto done = co_await cancel(*lease, ticket_id, refund, messages);
    co_return co_await lease->finish(std::move(done));
  }

  Task<Status> update_refund(RefundRecord r, std::vector<OutboxMessage> messages) override {
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    if (auto st = co_await lease->begin(); !st) co_return st.error();
    auto done = co_await record_refund(*lease, r, messages);
    co_return co_await lease->finish(std::move(done));
  }

  Task<Result<std::optional<RefundRecord>>> find_refund(std::string id) override {
    Params args{std::move(id)};
    auto r = co_await query_once(db_, sql::kFindRefund, std::move(args));
    if (!r) co_return r.error();
    if (r->rows() == 0) co_return std::optional<RefundRecord>();
    co_return reading<std::optional<RefundRecord>>([&] { return std::optional<RefundRecord>(read_refund(*r, 0)); });
  }

  Task<Result<std::vector<RefundRecord>>> refunds_due(std::int64_t now_ms, int limit) override {
    Params args{arg(now_ms), arg(limit)};
    auto r = co_await query_once(db_, sql::kRefundsDue, std::move(args));
    if (!r) co_return r.error();
    co_return all_of(*r, &read_refund);
  }

  Task<Result<std::vector<RefundRecord>>> list_refunds(RefundQuery q) override {
    Params args{q.state ? arg(state_name(*q.state)) : std::nullopt, arg(q.limit)};
    auto r = co_await query_once(db_, sql::kListRefunds, std::move(args));
    if (!r) co_return r.error();
    co_return all_of(*r, &read_refund);
  }

  Task<Status> append_outbox(std::vector<OutboxMessage> messages) override {
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    if (auto failed = co_await write_outbox(*lease, messages, db_.clock().now_ms())) co_return translate(*failed);
    co_return core::Ok{};
  }

  Task<Status> reset_tickets() override {
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    if (auto st = co_await lease->begin(); !st) co_return st.error();
    auto r = co_await lease->exec(sql::kResetTickets);
    Status done = r.ok() ? Status(core::Ok{}) : Status(translate(*r.failure));
    co_return co_await lease->finish(std::move(done));
  }

 private:
  template <class T>
  static Result<std::vector<T>> all_of(const PgResult& r, T (*read)(const PgResult&, int)) {
    return reading<std::vector<T>>([&] {
      std::vector<T> out;
      for (int i = 0; i < r.rows(); ++i) out.push_back(read(r, i));
      return out;
    });
  }

  Task<PgReply> lease_and_query(const char* query, Params args) {
    auto lease = co_await db_.lease();
    if (!lease) co_return PgReply{{}, PgFailure{"", "", lease.error().message, true}};
    co_return co_await lease->query(query, std::move(args));
  }

  // One change and its outbox messages in one transaction. `if_unchanged`: the refusal when the
  // change touched no row (nothing is written then); none when that cannot happen.
  // Whether the hold may use its access code now (core::code_use_allowed). kCodeForHold locks
  // the code's batch until the transaction ends, so two holds of one batch are judged one after
  // the other, the second counting the first's use.
  Task<Status> code_use_allowed(Lease& lease, const HoldRecord& h) {
    Params key{h.code_id};
    auto code = co_await lease.query(sql::kCodeForHold, std::move(key));
    if (!code.ok()) co_return translate(*code.failure);
    if (code.result.rows() == 0) co_return core::conflict("code_revoked", "This code no longer exists");
    core::CodeRules rules;
    rules.max_uses = static_cast<int>(code.result.int64(0, 0));
    rules.valid_from_ms = code.result.int64(0, 1);
    rules.valid_until_ms = code.result.int64(0, 2);
    rules.allotment = static_cast<int>(code.result.int64(0, 3));
    const core::AccessCode access{.id = h.code_id, .revoked_at_ms = code.result.int64(0, 4)};
    Params of{h.code_id, arg(h.created_at_ms), h.code_batch_id};
    auto usage = co_await lease.query(sql::kCodeUsage, std::move(of));
    if (!usage.ok()) co_return translate(*usage.failure);
    const core::CodeUsage used{static_cast<int>(usage.result.int64(0, 0)), static_cast<int>(usage.result.int64(0, 1))};
    co_return core::code_use_allowed(rules, access, used, static_cast<int>(h.seat_ids.size()), h.created_at_ms);
  }

  Task<Status> write(const char* query, Params args, std::vector<OutboxMessage> messages,
                     std::optional<core::Error> if_unchanged) {
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    if (auto st = co_await lease->begin(); !st) co_return st.error();
    auto done = co_await change(*lease, query, std::move(args), messages, std::move(if_unchanged));
    co_return co_await lease->finish(std::move(done));
  }

  Task<Status> change(Lease& lease, const char* query, Params args, const std::vector<OutboxMessage>& messages,
                      std::optional<core::Error> if_unchanged) {
    auto r = co_await lease.query(query, std::move(args));
    if (!r.ok()) co_return refused(*r.failure);
    if (if_unchanged && r.result.changed() == 0) co_return *if_unchanged;
    if (auto failed = co_await write_outbox(lease, messages, db_.clock().now_ms())) co_return translate(*failed);
    co_return core::Ok{};
  }

  Task<Result<std::optional<PaymentRecord>>> find_payment_by(const char* query, Params args) {
    auto r = co_await query_once(db_, query, std::move(args));
    if (!r) co_return r.error();
    if (r->rows() == 0) co_return std::optional<PaymentRecord>();
    co_return reading<std::optional<PaymentRecord>>([&] { return std::optional<PaymentRecord>(read_payment(*r, 0)); });
  }

  Task<Result<std::optional<OrderRecord>>> find_order_by(const char* query, Params args) {
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    auto r = co_await lease->query(query, std::move(args));
    if (!r.ok()) co_return translate(*r.failure);
    co_return co_await read_order_with_tickets(*lease, std::move(r.result));
  }

  Task<Status> write_order(Lease& lease, const OrderRecord& o, const std::string& processor_id,
                           const std::vector<OutboxMessage>& messages) {
    const auto now = db_.clock().now_ms();
    Params order{o.id,         arg(o.user_id), arg(o.event_id), o.hold_id, o.idempotency_key, arg(o.subtotal),
                 arg(o.fee),   arg(o.total),   o.payment_id,    arg(state_name(o.status)), arg(o.created_at)};
    auto inserted = co_await lease.query(sql::kInsertOrder, std::move(order));
    if (!inserted.ok()) co_return refused(*inserted.failure);
    std::vector<std::string> ids, seat_ids;
    std::vector<std::int64_t> seats, prices, fees, totals;
    for (const auto& t : o.tickets) {
      ids.push_back(t.id), seat_ids.push_back(t.seat_id), seats.push_back(t.seat_index);
      prices.push_back(t.price), fees.push_back(t.fee), totals.push_back(t.total);
    }
    Params tickets{o.id,           arg(o.user_id),     arg(o.event_id),  arg(o.created_at), text_array(ids),
                   int_array(seats), text_array(seat_ids), int_array(prices), int_array(fees),  int_array(totals)};
    auto sold = co_await lease.query(sql::kInsertTickets, std::move(tickets));
    if (!sold.ok()) co_return refused(*sold.failure);
    if (sold.result.changed() != static_cast<std::int64_t>(o.tickets.size())) {
      co_return layout_changed();
    }
    Params hold{o.hold_id};
    auto held = co_await lease.query(sql::kMarkHoldSold, std::move(hold));
    if (!held.ok()) co_return translate(*held.failure);
    if (held.result.changed() == 0) co_return hold_not_active();
    Params paid{o.payment_id, processor_id, o.id, arg(now)};
    auto approved = co_await lease.query(sql::kApprovePaymentForOrder, std::move(paid));
    if (!approved.ok()) co_return translate(*approved.failure);
    if (approved.result.changed() == 0) co_return payment_moved();
    if (auto failed = co_await write_outbox(lease, messages, now)) co_return translate(*failed);
    co_return core::Ok{};
  }

  Task<Status> cancel(Lease& lease, const std::string& ticket_id, const RefundRecord& refund,
                      const std::vector<OutboxMessage>& messages) {
    Params ticket{ticket_id};
    auto r = co_await lease.query(sql::kCancelTicket, std::move(ticket));
    if (!r.ok()) co_return translate(*r.failure);
    if (r.result.changed() == 0) {
      co_return core::conflict("not_cancellable", "Only a confirmed, unused ticket can be cancelled");
    }
    auto args = refund_args(refund);
    auto recorded = co_await lease.query(sql::kInsertRefund, std::move(args));
    if (!recorded.ok()) co_return refused(*recorded.failure);
    if (auto failed = co_await write_outbox(lease, messages, db_.clock().now_ms())) co_return translate(*failed);
    co_return core::Ok{};
  }

  Task<Status> record_refund(Lease& lease, const RefundRecord& r, const std::vector<OutboxMessage>& messages) {
    const auto now = db_.clock().now_ms();
    Params args{r.id, arg(state_name(r.state)), arg(r.attempts), r.last_error, arg(now), arg(r.next_attempt_at_ms)};
    auto updated = co_await lease.query(sql::kUpdateRefund, std::move(args));
    if (!updated.ok()) co_return translate(*updated.failure);
    if (updated.result.changed() == 0) co_return core::not_found("refund_not_found", "No such refund");
    if (r.state == RefundState::kSucceeded && r.ticket_id.empty()) {
      Params payment{r.payment_id, arg(now)};
      auto refunded = co_await lease.query(sql::kRefundPayment, std::move(payment));
      if (!refunded.ok()) co_return translate(*refunded.failure);
    }
    if (auto failed = co_await write_outbox(lease, messages, now)) co_return translate(*failed);
    co_return core::Ok{};
  }

  PgDatabase& db_;
};

}  // namespace

std::unique_ptr<BookingStore> make_pg_booking_store(PgDatabase& db) { return std::make_unique<PgBookingStore>(db); }

}  // namespace tw::store::pg
