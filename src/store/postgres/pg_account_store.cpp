// AccountStore on PostgreSQL: users and sessions.
#include "core/mailbox.h"
#include "store/refusals.h"
#include "store/postgres/pg_ports.h"
#include "store/postgres/pg_queries.h"
#include "store/postgres/pg_rows.h"

namespace tw::store::pg {
using core::Result;
using core::Status;

namespace {

Params user_args(const NewUser& u, std::int64_t now) {
  return {u.email,  u.name,   u.password_hash, arg(role_name(u.role)), arg(now),
          arg(now), core::mailbox_of(u.email), flag(u.email_verified)};
}

Params session_args(const Session& s) {
  return {s.token_hash,         arg(s.user_id),    arg(s.created_at),
          arg(s.last_seen_at),  arg(s.expires_at), arg(s.absolute_expires_at),
          s.user_agent,         s.client_ip};
}

class PgAccountStore final : public AccountStore {
 public:
  explicit PgAccountStore(PgDatabase& db) : db_(db) {}

  Task<Result<User>> create_user(NewUser u) override {
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    if (auto st = co_await lease->begin(); !st) co_return st.error();
    auto made = co_await insert_person(*lease, u, db_.clock().now_seconds());
    co_return co_await lease->finish(std::move(made));
  }

  Task<Result<std::optional<User>>> find_user(std::int64_t id) override {
    co_return co_await find_one(sql::kFindUserById, std::to_string(id));
  }

  Task<Result<std::optional<User>>> find_user_by_email(std::string email) override {
    co_return co_await find_one(sql::kFindUserByEmail, std::move(email));
  }

  Task<Result<int>> count_admins() override {
    Params none;
    auto r = co_await query_once(db_, sql::kCountAdmins, std::move(none));
    if (!r) co_return r.error();
    co_return static_cast<int>(r->int64(0, 0));
  }

  Task<Result<UserPage>> list_users(UserQuery q) override {
    Params args{q.email_contains.empty() ? std::nullopt : arg(like_pattern(q.email_contains)), arg(q.after_id),
                arg(q.limit + 1)};
    auto r = co_await query_once(db_, sql::kListUsers, std::move(args));
    if (!r) co_return r.error();
    co_return reading<UserPage>([&] {
      UserPage page;
      for (int i = 0; i < r->rows(); ++i) page.users.push_back(read_user(*r, i));
      if (static_cast<int>(page.users.size()) > q.limit) {
        page.users.pop_back();
        page.next_after_id = page.users.back().id;
      }
      return page;
    });
  }

  Task<Result<std::optional<User>>> update_user(std::int64_t id, UserChange change,
                                                std::vector<OutboxMessage> messages) override {
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    if (auto st = co_await lease->begin(); !st) co_return st.error();
    auto changed = co_await change_user(*lease, id, change);
    if (changed && changed->has_value()) {
      if (auto failed = co_await write_outbox(*lease, messages, db_.clock().now_ms())) changed = translate(*failed);
    }
    co_return co_await lease->finish(std::move(changed));
  }

  Task<Status> create_session(Session s) override {
    auto args = session_args(s);
    auto n = co_await change_once(db_, sql::kInsertSession, std::move(args));
    if (!n) co_return n.error();
    co_return core::Ok{};
  }

  Task<Result<std::optional<SessionWithUser>>> find_session(std::string token_hash) override {
    Params args{std::move(token_hash)};
    auto r = co_await query_once(db_, sql::kFindSession, std::move(args));
    if (!r) co_return r.error();
    if (r->rows() == 0) co_return std::optional<SessionWithUser>();
    co_return reading<std::optional<SessionWithUser>>([&] {
      Session s{r->text(0, 0), r->int64(0, 1), r->int64(0, 2), r->int64(0, 3), r->int64(0, 4), r->int64(0, 5)};
      return std::optional<SessionWithUser>(SessionWithUser{std::move(s), read_user(*r, 0, 6)});
    });
  }

  Task<Status> touch_session(std::string token_hash, std::int64_t last_seen_at, std::int64_t expires_at) override {
    Params args{std::move(token_hash), arg(last_seen_at), arg(expires_at)};
    auto n = co_await change_once(db_, sql::kTouchSession, std::move(args));
    if (!n) co_return n.error();
    co_return core::Ok{};
  }

  Task<Status> revoke_session(std::string token_hash, std::int64_t at) override {
    Params args{std::move(token_hash), arg(at)};
    auto n = co_await change_once(db_, sql::kRevokeSession, std::move(args));
    if (!n) co_return n.error();
    co_return core::Ok{};
  }

  Task<Status> create_password_reset(PasswordReset r) override {
    Params args{r.token_hash, arg(r.user_id), arg(r.created_at), arg(r.expires_at)};
    auto n = co_await change_once(db_, sql::kInsertPasswordReset, std::move(args));
    if (!n) co_return n.error();
    co_return core::Ok{};
  }

  Task<Result<User>> redeem_password_reset(std::string token_hash, std::string password_hash,
                                           std::int64_t now) override {
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    if (auto st = co_await lease->begin(); !st) co_return st.error();
    auto redeemed = co_await redeem(*lease, std::move(token_hash), std::move(password_hash), now);
    co_return co_await lease->finish(std::move(redeemed));
  }

  Task<Result<std::vector<Session>>> live_sessions(std::int64_t user_id, std::int64_t now) override {
    Params args{arg(user_id), arg(now)};
    auto r = co_await query_once(db_, sql::kLiveSessionsOfUser, std::move(args));
    if (!r) co_return r.error();
    co_return reading<std::vector<Session>>([&] {
      std::vector<Session> out;
      for (int i = 0; i < r->rows(); ++i) {
        out.push_back(Session{r->text(i, 0), r->int64(i, 1), r->int64(i, 2), r->int64(i, 3), r->int64(i, 4),
                              r->int64(i, 5), r->text(i, 6), r->text(i, 7)});
      }
      return out;
    });
  }

  Task<Status> revoke_sessions(std::int64_t user_id, std::string keep_session, std::int64_t at) override {
    Params args{arg(user_id), arg(at), std::move(keep_session)};
    auto n = co_await change_once(db_, sql::kRevokeOtherSessions, std::move(args));
    if (!n) co_return n.error();
    co_return core::Ok{};
  }

  Task<Status> create_email_verification(EmailVerification v) override {
    Params args{v.token_hash, arg(v.user_id), v.email, arg(v.created_at), arg(v.expires_at)};
    auto n = co_await change_once(db_, sql::kInsertEmailVerification, std::move(args));
    if (!n) co_return n.error();
    co_return core::Ok{};
  }

  Task<Result<VerifiedEmail>> redeem_email_verification(std::string token_hash, std::int64_t now) override {
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    if (auto st = co_await lease->begin(); !st) co_return st.error();
    auto redeemed = co_await verify(*lease, std::move(token_hash), now);
    co_return co_await lease->finish(std::move(redeemed));
  }

  Task<Result<std::vector<std::pair<std::string, std::string>>>> personal_data(std::int64_t user_id) override {
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    // One snapshot for every section.
    if (auto st = co_await lease->begin(); !st) co_return st.error();
    auto read = co_await read_personal_data(*lease, user_id);
    co_return co_await lease->finish(std::move(read));
  }

  Task<Status> forget_user(std::int64_t user_id, std::int64_t at) override {
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    if (auto st = co_await lease->begin(); !st) co_return st.error();
    auto forgotten = co_await forget(*lease, user_id, at);
    co_return co_await lease->finish(std::move(forgotten));
  }

  Task<Result<std::vector<User>>> create_users(std::vector<NewUser> users) override {
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    if (auto st = co_await lease->begin(); !st) co_return st.error();
    auto made = co_await insert_users(*lease, users);
    co_return co_await lease->finish(std::move(made));
  }

  Task<Status> create_sessions(std::vector<Session> sessions) override {
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    if (auto st = co_await lease->begin(); !st) co_return st.error();
    auto made = co_await insert_sessions(*lease, sessions);
    co_return co_await lease->finish(std::move(made));
  }

 private:
  Task<Result<std::optional<User>>> find_one(const char* query, std::string key) {
    Params args{std::move(key)};
    auto r = co_await query_once(db_, query, std::move(args));
    if (!r) co_return r.error();
    if (r->rows() == 0) co_return std::optional<User>();
    co_return reading<std::optional<User>>([&] { return std::optional<User>(read_user(*r, 0)); });
  }

  // One sign-up at a time per mailbox, so the first account of a mailbox is the person of all.
  // (Bulk creation, for load tests, does not lock: a million locks would not fit one transaction.)
  Task<Result<User>> insert_person(Lease& lease, const NewUser& u, std::int64_t now) {
    Params key{core::mailbox_of(u.email)};
    auto locked = co_await lease.query(sql::kLockMailbox, std::move(key));
    if (!locked.ok()) co_return translate(*locked.failure);
    co_return co_await insert_user(lease, u, now);
  }

  Task<Result<User>> insert_user(Lease& lease, const NewUser& u, std::int64_t now) {
    auto args = user_args(u, now);
    auto r = co_await lease.query(sql::kInsertUser, std::move(args));
    if (!r.ok() && r.failure->unique_violation()) co_return email_taken(u.email);
    if (!r.ok()) co_return translate(*r.failure);
    co_return User{r.result.int64(0, 0), u.email, u.name, u.password_hash, u.role, false, now, u.email_verified};
  }

  Task<Result<std::vector<User>>> insert_users(Lease& lease, const std::vector<NewUser>& users) {
    const auto now = db_.clock().now_seconds();
    std::vector<User> out;
    for (const auto& u : users) {
      auto user = co_await insert_user(lease, u, now);
      if (!user) co_return user.error();
      out.push_back(std::move(*user));
    }
    co_return out;
  }

  Task<Status> insert_sessions(Lease& lease, const std::vector<Session>& sessions) {
    for (const auto& s : sessions) {
      auto args = session_args(s);
      auto r = co_await lease.query(sql::kInsertSession, std::move(args));
      if (!r.ok()) co_return translate(*r.failure);
    }
    co_return core::Ok{};
  }

  Task<Result<User>> redeem(Lease& lease, std::string token_hash, std::string password_hash, std::int64_t now) {
    Params key{std::move(token_hash)};
    auto found = co_await lease.query(sql::kFindPasswordReset, std::move(key));
    if (!found.ok()) co_return translate(*found.failure);
    if (found.result.rows() == 0) {
      co_return core::not_found("reset_link_unknown", "This password reset link is not one we sent");
    }
    const auto user_id = found.result.int64(0, 0);
    if (found.result.int64(0, 2) != 0) {
      co_return core::conflict("reset_link_used", "This password reset link was already used; ask for a new one");
    }
    if (found.result.int64(0, 1) < now) {
      co_return core::conflict("reset_link_expired", "This password reset link has expired; ask for a new one");
    }
    Params spend{arg(user_id), arg(now)};
    auto spent = co_await lease.query(sql::kSpendPasswordResets, std::move(spend));
    if (!spent.ok()) co_return translate(*spent.failure);
    Params set{arg(user_id), std::move(password_hash), arg(now)};
    auto changed = co_await lease.query(sql::kSetPassword, std::move(set));
    if (!changed.ok()) co_return translate(*changed.failure);
    Params revoke{arg(user_id), arg(now)};
    auto revoked = co_await lease.query(sql::kRevokeUserSessions, std::move(revoke));
    if (!revoked.ok()) co_return translate(*revoked.failure);
    Params find{arg(user_id)};
    auto user = co_await lease.query(sql::kFindUserById, std::move(find));
    if (!user.ok()) co_return translate(*user.failure);
    co_return reading<User>([&] { return read_user(user.result, 0); });
  }

  Task<Result<std::vector<std::pair<std::string, std::string>>>> read_personal_data(Lease& lease,
                                                                                 std::int64_t user_id) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [section, query] : sql::kPersonalData) {
      Params args{arg(user_id)};
      auto r = co_await lease.query(query, std::move(args));
      if (!r.ok()) co_return translate(*r.failure);
      out.emplace_back(section, r.result.text(0, 0));
    }
    co_return out;
  }

  Task<Status> forget(Lease& lease, std::int64_t user_id, std::int64_t at) {
    for (const char* statement : sql::kForgetUser) {
      Params args{arg(user_id), arg(at)};
      auto r = co_await lease.query(statement, std::move(args));
      if (!r.ok()) co_return translate(*r.failure);
    }
    co_return core::Ok{};
  }

  Task<Result<VerifiedEmail>> verify(Lease& lease, std::string token_hash, std::int64_t now) {
    Params key{std::move(token_hash)};
    auto found = co_await lease.query(sql::kFindEmailVerification, std::move(key));
    if (!found.ok()) co_return translate(*found.failure);
    if (found.result.rows() == 0) co_return verify_link_unknown();
    const auto user_id = found.result.int64(0, 0);
    const auto email = found.result.text(0, 1);
    if (auto spent = verify_link_spent(found.result.int64(0, 3) != 0, found.result.int64(0, 2), now); !spent) {
      co_return spent.error();
    }
    Params find{arg(user_id)};
    auto before = co_await lease.query(sql::kFindUserById, std::move(find));
    if (!before.ok()) co_return translate(*before.failure);
    if (before.result.rows() == 0) co_return verify_link_unknown();
    const auto previous = before.result.text(0, 1);
    Params set{arg(user_id), email, core::mailbox_of(email), arg(now)};
    auto changed = co_await lease.query(sql::kSetVerifiedEmail, std::move(set));
    if (!changed.ok() && changed.failure->unique_violation()) co_return email_taken(email);
    if (!changed.ok()) co_return translate(*changed.failure);
    Params spend{arg(user_id), email, arg(now)};
    auto spent = co_await lease.query(sql::kSpendEmailVerifications, std::move(spend));
    if (!spent.ok()) co_return translate(*spent.failure);
    Params again{arg(user_id)};
    auto after = co_await lease.query(sql::kFindUserById, std::move(again));
    if (!after.ok()) co_return translate(*after.failure);
    co_return reading<VerifiedEmail>([&] { return VerifiedEmail{read_user(after.result, 0), previous}; });
  }

  Task<Result<std::optional<User>>> change_user(Lease& lease, std::int64_t id, UserChange change) {
    const auto now = db_.clock().now_seconds();
    Params args{arg(id), change.role ? arg(role_name(*change.role)) : std::nullopt,
                change.disabled ? flag(*change.disabled) : std::nullopt, arg(now), change.name, change.password_hash};
    auto r = co_await lease.query(sql::kUpdateUser, std::move(args));
    if (!r.ok()) co_return translate(*r.failure);
    if (r.result.changed() == 0) co_return std::optional<User>();
    if (change.disabled.value_or(false)) {
      Params revoke{arg(id), arg(now)};
      auto revoked = co_await lease.query(sql::kRevokeUserSessions, std::move(revoke));
      if (!revoked.ok()) co_return translate(*revoked.failure);
    }
    if (change.password_hash) {
      Params others{arg(id), arg(now), change.keep_session};
      auto revoked = co_await lease.query(sql::kRevokeOtherSessions, std::move(others));
      if (!revoked.ok()) co_return translate(*revoked.failure);
    }
    Params find{arg(id)};
    auto found = co_await lease.query(sql::kFindUserById, std::move(find));
    if (!found.ok()) co_return translate(*found.failure);
    co_return reading<std::optional<User>>([&] { return std::optional<User>(read_user(found.result, 0)); });
  }

  PgDatabase& db_;
};

}  // namespace

std::unique_ptr<AccountStore> make_pg_account_store(PgDatabase& db) { return std::make_unique<PgAccountStore>(db); }

}  // namespace tw::store::pg
