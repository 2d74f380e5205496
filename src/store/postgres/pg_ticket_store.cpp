// TicketStore on PostgreSQL: tickets as holders and gates see them, signing keys, check-in,
// transfer.
#include "store/like_pattern.h"
#include "store/refusals.h"
#include "store/postgres/pg_ports.h"
#include "store/postgres/pg_queries.h"
#include "store/postgres/pg_rows.h"

namespace tw::store::pg {
using core::Result;
using core::Status;

namespace {

class PgTicketStore final : public TicketStore {
 public:
  explicit PgTicketStore(PgDatabase& db) : db_(db) {}

  Task<Result<std::vector<TicketRecord>>> tickets_of(std::int64_t user_id) override {
    co_return co_await select(sql::kTicketsOfUser, user_id);
  }

  Task<Result<std::vector<TicketRecord>>> tickets_of_event(std::int64_t event_id) override {
    co_return co_await select(sql::kTicketsOfEvent, event_id);
  }

  Task<Result<std::optional<TicketRecord>>> find_ticket(std::string id) override {
    Params args{std::move(id)};
    auto r = co_await query_once(db_, sql::kFindTicket, std::move(args));
    if (!r) co_return r.error();
    if (r->rows() == 0) co_return std::optional<TicketRecord>();
    co_return reading<std::optional<TicketRecord>>(
        [&] { return std::optional<TicketRecord>(read_ticket(*r, 0)); });
  }

  Task<Result<std::vector<SoldTicket>>> find_sold_tickets(SoldTicketQuery q) override {
    Params args{arg(q.event_id), q.text, like_pattern(q.text), arg(static_cast<std::int64_t>(q.limit))};
    auto r = co_await query_once(db_, q.event_id != 0 ? sql::kFindSoldTicketsOfEvent : sql::kFindSoldTickets,
                                 std::move(args));
    if (!r) co_return r.error();
    co_return reading<std::vector<SoldTicket>>([&] {
      std::vector<SoldTicket> out;
      for (int i = 0; i < r->rows(); ++i) {
        out.push_back({read_ticket(*r, i), r->text(i, kTicketColumns), r->text(i, kTicketColumns + 1)});
      }
      return out;
    });
  }

  Task<Status> check_in(CheckInRecord scan, std::vector<OutboxMessage> messages) override {
    Params args{scan.ticket_id, arg(scan.at_ms), scan.gate, arg(scan.code_issued_ms)};
    co_return co_await change_with_outbox(
        sql::kCheckIn, std::move(args), std::move(messages),
        core::conflict("not_checked_in", "The ticket is not a valid, unused ticket with this code"));
  }

  Task<Result<bool>> record_earlier_check_in(CheckInRecord scan) override {
    Params args{scan.ticket_id, arg(scan.at_ms), scan.gate};
    auto n = co_await change_once(db_, sql::kEarlierCheckIn, std::move(args));
    if (!n) co_return n.error();
    co_return *n > 0;
  }

  Task<Status> transfer_ticket(TransferRecord t, std::vector<OutboxMessage> messages) override {
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    if (auto st = co_await lease->begin(); !st) co_return st.error();
    auto moved = co_await transfer(*lease, t, messages);
    co_return co_await lease->finish(std::move(moved));
  }

  Task<Status> create_ticket_offer(TicketOffer o) override {
    Params args{o.token_hash, o.ticket_id, arg(o.from_user), o.to_email, arg(o.created_at), arg(o.expires_at)};
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    auto r = co_await lease->query(sql::kInsertTicketOffer, std::move(args));
    if (!r.ok() && r.failure->unique_violation()) co_return transfer_pending();
    if (!r.ok()) co_return translate(*r.failure);
    co_return core::Ok{};
  }

  Task<Result<std::optional<TicketOffer>>> find_ticket_offer(std::string token_hash) override {
    co_return co_await offer(sql::kFindTicketOffer, std::move(token_hash));
  }

  Task<Result<std::optional<TicketOffer>>> open_ticket_offer(std::string ticket_id) override {
    co_return co_await offer(sql::kOpenTicketOffer, std::move(ticket_id));
  }

  Task<Result<bool>> move_ticket_offer(std::string token_hash, OfferState from, OfferState to, std::int64_t claimed_by,
                                       std::int64_t closed_at) override {
    Params args{std::move(token_hash), arg(state_name(from)), arg(state_name(to)), arg(claimed_by), arg(closed_at)};
    auto n = co_await change_once(db_, sql::kMoveTicketOffer, std::move(args));
    if (!n) co_return n.error();
    co_return *n > 0;
  }

  Task<Result<bool>> register_pass(PassRegistration r) override {
    Params key{r.device_id, r.pass_type, r.serial};
    auto found = co_await query_once(db_, sql::kFindPassRegistration, std::move(key));
    if (!found) co_return found.error();
    Params args{r.device_id, r.pass_type, r.serial, r.push_token, arg(r.created_at)};
    auto n = co_await change_once(db_, sql::kRegisterPass, std::move(args));
    if (!n) co_return n.error();
    co_return found->rows() == 0;
  }

  Task<Result<bool>> unregister_pass(std::string device_id, std::string pass_type, std::string serial) override {
    Params args{std::move(device_id), std::move(pass_type), std::move(serial)};
    auto n = co_await change_once(db_, sql::kUnregisterPass, std::move(args));
    if (!n) co_return n.error();
    co_return *n > 0;
  }

  Task<Result<std::vector<std::string>>> registered_serials(std::string device_id, std::string pass_type) override {
    Params args{std::move(device_id), std::move(pass_type)};
    auto r = co_await query_once(db_, sql::kRegisteredSerials, std::move(args));
    if (!r) co_return r.error();
    std::vector<std::string> out;
    for (int i = 0; i < r->rows(); ++i) out.push_back(r->text(i, 0));
    co_return out;
  }

  Task<Result<std::vector<TicketRecord>>> tickets_to_cancel(std::int64_t event_id, int limit) override {
    Params args{arg(event_id), arg(limit)};
    auto r = co_await query_once(db_, sql::kTicketsToCancel, std::move(args));
    if (!r) co_return r.error();
    co_return reading<std::vector<TicketRecord>>([&] {
      std::vector<TicketRecord> out;
      for (int i = 0; i < r->rows(); ++i) out.push_back(read_ticket(*r, i));
      return out;
    });
  }

  Task<Result<CancellationProgress>> cancellation_progress(std::int64_t event_id) override {
    Params args{arg(event_id)};
    auto r = co_await query_once(db_, sql::kCancellationProgress, std::move(args));
    if (!r) co_return r.error();
    auto n = [&](int c) { return static_cast<int>(r->int64(0, c)); };
    co_return CancellationProgress{n(0), n(1), n(2), n(3), n(4), r->int64(0, 5), r->int64(0, 6), n(7)};
  }

  Task<Result<std::vector<std::int64_t>>> people_to_tell(std::int64_t event_id, int limit) override {
    Params args{arg(event_id), arg(limit)};
    auto r = co_await query_once(db_, sql::kPeopleToTell, std::move(args));
    if (!r) co_return r.error();
    std::vector<std::int64_t> out;
    for (int i = 0; i < r->rows(); ++i) out.push_back(r->int64(i, 0));
    co_return out;
  }

  Task<Result<bool>> record_cancellation_notice(std::int64_t event_id, std::int64_t user_id,
                                                std::vector<OutboxMessage> messages) override {
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    if (auto st = co_await lease->begin(); !st) co_return st.error();
    auto recorded = co_await record_notice(*lease, event_id, user_id, messages);
    co_return co_await lease->finish(std::move(recorded));
  }

  Task<Result<std::vector<CancelledSeat>>> cancelled_tickets_for(std::int64_t event_id, std::int64_t user_id) override {
    Params args{arg(event_id), arg(user_id)};
    auto r = co_await query_once(db_, sql::kCancelledTicketsFor, std::move(args));
    if (!r) co_return r.error();
    std::vector<CancelledSeat> out;
    for (int i = 0; i < r->rows(); ++i) {
      const auto state = core::parse_refund_state(r->text(i, kTicketColumns + 2));
      if (!state) co_return unknown_state("refunds", r->text(i, kTicketColumns + 2));
      auto ticket = reading<TicketRecord>([&] { return read_ticket(*r, i); });
      if (!ticket) co_return ticket.error();
      out.push_back({std::move(*ticket), r->int64(i, kTicketColumns), r->int64(i, kTicketColumns + 1), *state});
    }
    co_return out;
  }

  Task<Result<std::vector<TicketKeyRecord>>> ticket_keys() override {
    Params none;
    auto r = co_await query_once(db_, sql::kTicketKeys, std::move(none));
    if (!r) co_return r.error();
    std::vector<TicketKeyRecord> out;
    for (int i = 0; i < r->rows(); ++i)
      out.push_back({r->int64(i, 0), r->text(i, 1), r->text(i, 2), r->int64(i, 3)});
    co_return out;
  }

  Task<Status> add_ticket_key(TicketKeyRecord key) override {
    Params args{arg(key.id), key.public_key, key.secret_key, arg(key.created_at_ms)};
    auto n = co_await change_once(db_, sql::kInsertTicketKey, std::move(args));
    if (!n) co_return n.error();
    co_return core::Ok{};
  }

 private:
  Task<Result<std::optional<TicketOffer>>> offer(const char* query, std::string key) {
    Params args{std::move(key)};
    auto r = co_await query_once(db_, query, std::move(args));
    if (!r) co_return r.error();
    if (r->rows() == 0) co_return std::optional<TicketOffer>();
    co_return reading<std::optional<TicketOffer>>([&] { return std::optional<TicketOffer>(read_ticket_offer(*r, 0)); });
  }

  Task<Result<std::vector<TicketRecord>>> select(const char* query, std::int64_t key) {
    Params args{arg(key)};
    auto r = co_await query_once(db_, query, std::move(args));
    if (!r) co_return r.error();
    co_return reading<std::vector<TicketRecord>>([&] {
      std::vector<TicketRecord> out;
      for (int i = 0; i < r->rows(); ++i) out.push_back(read_ticket(*r, i));
      return out;
    });
  }

  // One conditional change and its outbox messages, in one transaction; `if_unchanged` when the
  // change touched no row (nothing is written then).
  Task<Status> change_with_outbox(const char* query, Params args, std::vector<OutboxMessage> messages,
                                  core::Error if_unchanged) {
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    if (auto st = co_await lease->begin(); !st) co_return st.error();
    auto changed = co_await change(*lease, query, std::move(args), messages, std::move(if_unchanged));
    co_return co_await lease->finish(std::move(changed));
  }

  Task<Status> change(Lease& lease, const char* query, Params args,
                      const std::vector<OutboxMessage>& messages, core::Error if_unchanged) {
    auto r = co_await lease.query(query, std::move(args));
    if (!r.ok()) co_return translate(*r.failure);
    if (r.result.changed() == 0) co_return if_unchanged;
    if (auto failed = co_await write_outbox(lease, messages, db_.clock().now_ms()))
      co_return translate(*failed);
    co_return core::Ok{};
  }

  Task<Result<bool>> record_notice(Lease& lease, std::int64_t event_id, std::int64_t user_id,
                                  const std::vector<OutboxMessage>& messages) {
    const auto now = db_.clock().now_ms();
    Params args{arg(event_id), arg(user_id), arg(now / 1000)};
    auto r = co_await lease.query(sql::kRecordCancellationNotice, std::move(args));
    if (!r.ok()) co_return translate(*r.failure);
    if (r.result.changed() == 0) co_return false;
    if (auto failed = co_await write_outbox(lease, messages, now)) co_return translate(*failed);
    co_return true;
  }

  Task<Status> transfer(Lease& lease, const TransferRecord& t, const std::vector<OutboxMessage>& messages) {
    Params args{t.ticket_id, arg(t.from_user), arg(t.to_user), arg(t.at_ms)};
    auto r = co_await lease.query(sql::kTransferTicket, std::move(args));
    if (!r.ok()) co_return translate(*r.failure);
    if (r.result.changed() == 0) {
      co_return core::conflict("not_transferable",
                               "Only your own confirmed, unused ticket can be transferred");
    }
    Params record{t.ticket_id, arg(t.from_user), arg(t.to_user), arg(t.at_ms)};
    auto recorded = co_await lease.query(sql::kInsertTransfer, std::move(record));
    if (!recorded.ok()) co_return translate(*recorded.failure);
    if (auto failed = co_await write_outbox(lease, messages, db_.clock().now_ms()))
      co_return translate(*failed);
    co_return core::Ok{};
  }

  PgDatabase& db_;
};

}  // namespace

std::unique_ptr<TicketStore> make_pg_ticket_store(PgDatabase& db) {
  return std::make_unique<PgTicketStore>(db);
}

}  // namespace tw::store::pg
