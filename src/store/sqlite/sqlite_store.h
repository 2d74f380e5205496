#pragma once
// SqliteStore: the embedded Store adapter. One database file in WAL mode; blocking SQLite calls
// run on a WorkerPool, each worker borrowing one of a fixed set of connections, so many readers
// proceed beside one writer. Writes go through one writer connection, one at a time.
#include <functional>
#include <memory>
#include <string>

#include "store/store.h"

namespace tw {
class WorkerPool;
}

namespace tw::store {
namespace sqlite {
class Connection;
}

class SqliteStore final : public Store {
 public:
  // Opens or creates `path`; `pool` runs the blocking calls and must outlive the store.
  // Fails with kUnavailable when the file cannot be opened.
  static core::Result<std::unique_ptr<SqliteStore>> open(const std::string& path, WorkerPool& pool);
  ~SqliteStore() override;

  Task<core::Status> migrate() override;
  Task<core::Status> ping() override;
  Task<core::Result<EventPage>> list_events(EventQuery query) override;
  Task<core::Result<std::optional<EventListing>>> find_event(std::string slug) override;
  Task<core::Result<std::optional<core::Layout>>> find_layout(std::int64_t layout_id) override;
  Task<core::Result<core::Event>> create_event(core::EventDraft draft, core::Layout layout) override;
  Task<core::Result<int>> count_events() override;
  Task<core::Result<User>> create_user(NewUser user) override;
  Task<core::Result<std::optional<User>>> find_user_by_email(std::string email) override;
  Task<core::Result<int>> count_admins() override;
  Task<core::Result<std::optional<EventListing>>> find_event_by_id(std::int64_t id) override;
  Task<core::Result<std::optional<core::Event>>> update_event(std::int64_t id, core::EventDraft draft,
                                                              std::optional<core::Layout> layout) override;
  Task<core::Result<bool>> deactivate_event(std::int64_t id) override;
  Task<core::Result<std::vector<EventStats>>> event_stats() override;
  Task<core::Status> reset_tickets() override;
  Task<core::Result<std::optional<User>>> find_user(std::int64_t id) override;
  Task<core::Result<UserPage>> list_users(UserQuery query) override;
  Task<core::Result<std::optional<User>>> update_user(std::int64_t id, UserChange change) override;
  Task<core::Status> save_hold(HoldRecord hold, std::vector<OutboxMessage> messages) override;
  Task<core::Result<std::optional<HoldRecord>>> find_hold(std::string id) override;
  Task<core::Result<std::vector<HoldRecord>>> active_holds() override;
  Task<core::Result<std::vector<int>>> sold_seats(std::int64_t event_id) override;
  Task<core::Result<int>> live_tickets_of(std::int64_t event_id, std::int64_t user_id) override;
  Task<core::Status> commit_order(OrderRecord order, std::vector<OutboxMessage> messages) override;
  Task<core::Result<std::optional<OrderRecord>>> find_order(std::string id) override;
  Task<core::Result<std::optional<OrderRecord>>> find_order_by_key(std::int64_t user_id, std::string key) override;
  Task<core::Result<std::vector<TicketRecord>>> tickets_of(std::int64_t user_id) override;
  Task<core::Result<std::vector<TicketRecord>>> tickets_of_event(std::int64_t event_id) override;
  Task<core::Result<std::optional<TicketRecord>>> find_ticket(std::string id) override;
  Task<core::Status> cancel_ticket(std::string ticket_id, std::vector<OutboxMessage> messages) override;
  Task<core::Status> check_in(CheckInRecord scan, std::vector<OutboxMessage> messages) override;
  Task<core::Result<bool>> record_earlier_check_in(CheckInRecord scan) override;
  Task<core::Status> transfer_ticket(TransferRecord transfer, std::vector<OutboxMessage> messages) override;
  Task<core::Result<std::vector<TicketKeyRecord>>> ticket_keys() override;
  Task<core::Status> add_ticket_key(TicketKeyRecord key) override;
  Task<core::Status> append_outbox(std::vector<OutboxMessage> messages) override;
  Task<core::Result<std::vector<OutboxRow>>> outbox_after(std::int64_t sequence, int limit) override;
  Task<core::Status> create_session(Session session) override;
  Task<core::Result<std::vector<User>>> create_users(std::vector<NewUser> users) override;
  Task<core::Status> create_sessions(std::vector<Session> sessions) override;
  Task<core::Result<std::optional<SessionWithUser>>> find_session(std::string token_hash) override;
  Task<core::Status> touch_session(std::string token_hash, std::int64_t last_seen_at,
                                   std::int64_t expires_at) override;
  Task<core::Status> revoke_session(std::string token_hash, std::int64_t at) override;
  void close() override;

  struct Impl;

 private:
  SqliteStore(std::unique_ptr<Impl> impl, WorkerPool& pool);
  template <class F>
  auto with_connection(F f);
  template <class F>
  auto with_writer(F f);
  // Runs `update` in a write transaction with the outbox messages; `if_unchanged` when it
  // changed no row (nothing is written then).
  Task<core::Status> update_with_outbox(std::function<void(sqlite::Connection&)> update,
                                        std::vector<OutboxMessage> messages, core::Error if_unchanged);

  std::unique_ptr<Impl> impl_;
  WorkerPool& pool_;
};

}  // namespace tw::store
