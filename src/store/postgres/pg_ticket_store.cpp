// TicketStore on PostgreSQL: tickets as holders and gates see them, signing keys, check-in,
// transfer.
#include "store/like_pattern.h"
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
