// AccountStore on SQLite: users and sessions.
#include "core/mailbox.h"
#include "store/refusals.h"
#include "store/sqlite/sqlite_database.h"
#include "store/sqlite/sqlite_ports.h"
#include "store/sqlite/sqlite_queries.h"
#include "store/sqlite/sqlite_rows.h"

namespace tw::store::sqlite {
using core::Result;
using core::Status;

namespace {

User read_user(const Statement& st, int i = 0) {
  const auto role = st.text(i + 4);
  auto parsed = parse_role(role);
  if (!parsed) unknown_state("users", role);
  return User{st.int64(i),     st.text(i + 1), st.text(i + 2),          st.text(i + 3), *parsed,
              st.int64(i + 5) != 0, st.int64(i + 6), st.int64(i + 7) != 0};
}

std::optional<User> find_one(Connection& c, const char* query, auto key) {
  auto st = c.prepare(query);
  st.bind(1, key);
  if (!st.step()) return std::nullopt;
  return read_user(st);
}

// Inserts one user; kConflict "email_taken" when the email is registered.
Result<User> insert_user(Connection& c, const NewUser& u, std::int64_t now) {
  try {
    c.prepare(sql::kInsertUser)
        .bind(1, u.email).bind(2, u.name).bind(3, u.password_hash).bind(4, role_name(u.role))
        .bind(5, now).bind(6, now).bind(7, core::mailbox_of(u.email)).bind(8, u.email_verified ? 1 : 0)
        .run();
  } catch (const SqliteError& e) {
    if (e.is_unique_violation()) return email_taken(u.email);
    throw;
  }
  return User{c.last_insert_id(), u.email, u.name, u.password_hash, u.role, false, now, u.email_verified};
}

void insert_session(Connection& c, const Session& s) {
  c.prepare(sql::kInsertSession)
      .bind(1, s.token_hash).bind(2, s.user_id).bind(3, s.created_at).bind(4, s.last_seen_at)
      .bind(5, s.expires_at).bind(6, s.absolute_expires_at).bind(7, s.user_agent).bind(8, s.client_ip)
      .run();
}

std::optional<SessionWithUser> session_of(Connection& c, const std::string& token_hash) {
  auto st = c.prepare(sql::kFindSession);
  st.bind(1, token_hash);
  if (!st.step()) return std::nullopt;
  Session s{st.text(0), st.int64(1), st.int64(2), st.int64(3), st.int64(4), st.int64(5)};
  return SessionWithUser{std::move(s), read_user(st, 6)};
}

class SqliteAccountStore final : public AccountStore {
 public:
  explicit SqliteAccountStore(SqliteDatabase& db) : db_(db) {}

  Task<Result<User>> create_user(NewUser u) override {
    const auto now = db_.clock().now_seconds();
    return db_.write([u = std::move(u), now](Connection& c) { return insert_user(c, u, now); });
  }

  Task<Result<std::optional<User>>> find_user(std::int64_t id) override {
    return db_.read([id](Connection& c) -> Result<std::optional<User>> { return find_one(c, sql::kFindUserById, id); });
  }

  Task<Result<std::optional<User>>> find_user_by_email(std::string email) override {
    return db_.read([email = std::move(email)](Connection& c) -> Result<std::optional<User>> {
      return find_one(c, sql::kFindUserByEmail, std::string_view(email));
    });
  }

  Task<Result<int>> count_admins() override {
    return db_.read([](Connection& c) -> Result<int> {
      auto st = c.prepare(sql::kCountAdmins);
      st.step();
      return static_cast<int>(st.int64(0));
    });
  }

  Task<Result<UserPage>> list_users(UserQuery q) override {
    return db_.read([q = std::move(q)](Connection& c) -> Result<UserPage> {
      auto st = c.prepare(sql::kListUsers);
      st.bind(1, when(!q.email_contains.empty(), like_pattern(q.email_contains)))
          .bind(2, q.after_id)
          .bind(3, q.limit + 1);
      UserPage page;
      while (st.step()) page.users.push_back(read_user(st));
      if (static_cast<int>(page.users.size()) > q.limit) {
        page.users.pop_back();
        page.next_after_id = page.users.back().id;
      }
      return page;
    });
  }

  Task<Result<std::optional<User>>> update_user(std::int64_t id, UserChange change,
                                                std::vector<OutboxMessage> messages) override {
    const auto now = db_.clock().now_seconds();
    const auto now_ms = db_.clock().now_ms();
    return db_.write([id, change, messages = std::move(messages), now, now_ms](Connection& c) -> Result<std::optional<User>> {
      Transaction tx(c);
      c.prepare(sql::kUpdateUser)
          .bind(1, id)
          .bind(2, when(change.role.has_value(), std::string(role_name(change.role.value_or(Role::kUser)))))
          .bind(3, when(change.disabled.has_value(), change.disabled.value_or(false) ? 1 : 0))
          .bind(4, now)
          .bind(5, change.name)
          .bind(6, change.password_hash)
          .run();
      if (c.changes() == 0) return std::optional<User>();
      if (change.disabled.value_or(false)) c.prepare(sql::kRevokeUserSessions).bind(1, id).bind(2, now).run();
      if (change.password_hash) {
        c.prepare(sql::kRevokeOtherSessions).bind(1, id).bind(2, now).bind(3, change.keep_session).run();
      }
      auto user = find_one(c, sql::kFindUserById, id);
      write_outbox(c, messages, now_ms);
      tx.commit();
      return user;
    });
  }

  Task<Status> create_session(Session s) override {
    return db_.write([s = std::move(s)](Connection& c) -> Status {
      insert_session(c, s);
      return core::Ok{};
    });
  }

  Task<Result<std::optional<SessionWithUser>>> find_session(std::string token_hash) override {
    return db_.read([h = std::move(token_hash)](Connection& c) -> Result<std::optional<SessionWithUser>> {
      return session_of(c, h);
    });
  }

  // One worker hand-off for the whole list.
  Task<Result<std::vector<std::optional<SessionWithUser>>>> find_sessions(std::vector<std::string> hashes) override {
    return db_.read([hashes = std::move(hashes)](Connection& c) -> Result<std::vector<std::optional<SessionWithUser>>> {
      std::vector<std::optional<SessionWithUser>> out;
      out.reserve(hashes.size());
      ReadSnapshot snapshot(c);
      for (const auto& h : hashes) out.push_back(session_of(c, h));
      return out;
    });
  }

  Task<Status> touch_session(std::string token_hash, std::int64_t last_seen_at, std::int64_t expires_at) override {
    return db_.write([h = std::move(token_hash), last_seen_at, expires_at](Connection& c) -> Status {
      c.prepare(sql::kTouchSession).bind(1, h).bind(2, last_seen_at).bind(3, expires_at).run();
      return core::Ok{};
    });
  }

  Task<Status> revoke_session(std::string token_hash, std::int64_t at) override {
    return db_.write([h = std::move(token_hash), at](Connection& c) -> Status {
      c.prepare(sql::kRevokeSession).bind(1, h).bind(2, at).run();
      return core::Ok{};
    });
  }

  Task<Status> create_password_reset(PasswordReset r) override {
    return db_.write([r = std::move(r)](Connection& c) -> Status {
      c.prepare(sql::kInsertPasswordReset).bind(1, r.token_hash).bind(2, r.user_id).bind(3, r.created_at)
          .bind(4, r.expires_at).run();
      return core::Ok{};
    });
  }

  Task<Result<User>> redeem_password_reset(std::string token_hash, std::string password_hash,
                                           std::int64_t now) override {
    return db_.write([h = std::move(token_hash), p = std::move(password_hash), now](Connection& c) -> Result<User> {
      Transaction tx(c);
      auto st = c.prepare(sql::kFindPasswordReset);
      st.bind(1, h);
      if (!st.step()) return core::not_found("reset_link_unknown", "This password reset link is not one we sent");
      const auto user_id = st.int64(0);
      if (st.int64(2) != 0) {
        return core::conflict("reset_link_used", "This password reset link was already used; ask for a new one");
      }
      if (st.int64(1) < now) {
        return core::conflict("reset_link_expired", "This password reset link has expired; ask for a new one");
      }
      c.prepare(sql::kSpendPasswordResets).bind(1, user_id).bind(2, now).run();
      c.prepare(sql::kSetPassword).bind(1, user_id).bind(2, p).bind(3, now).run();
      c.prepare(sql::kRevokeUserSessions).bind(1, user_id).bind(2, now).run();
      auto user = find_one(c, sql::kFindUserById, user_id);
      if (!user) return core::not_found("reset_link_unknown", "This password reset link is not one we sent");
      tx.commit();
      return std::move(*user);
    });
  }

  Task<Result<std::vector<Session>>> live_sessions(std::int64_t user_id, std::int64_t now) override {
    return db_.read([user_id, now](Connection& c) -> Result<std::vector<Session>> {
      auto st = c.prepare(sql::kLiveSessionsOfUser);
      st.bind(1, user_id).bind(2, now);
      std::vector<Session> out;
      while (st.step()) {
        out.push_back(Session{st.text(0), st.int64(1), st.int64(2), st.int64(3), st.int64(4), st.int64(5), st.text(6),
                              st.text(7)});
      }
      return out;
    });
  }

  Task<Status> revoke_sessions(std::int64_t user_id, std::string keep_session, std::int64_t at) override {
    return db_.write([user_id, keep = std::move(keep_session), at](Connection& c) -> Status {
      c.prepare(sql::kRevokeOtherSessions).bind(1, user_id).bind(2, at).bind(3, keep).run();
      return core::Ok{};
    });
  }

  Task<Status> create_email_verification(EmailVerification v) override {
    return db_.write([v = std::move(v)](Connection& c) -> Status {
      c.prepare(sql::kInsertEmailVerification).bind(1, v.token_hash).bind(2, v.user_id).bind(3, v.email)
          .bind(4, v.created_at).bind(5, v.expires_at).run();
      return core::Ok{};
    });
  }

  Task<Result<VerifiedEmail>> redeem_email_verification(std::string token_hash, std::int64_t now) override {
    return db_.write([h = std::move(token_hash), now](Connection& c) -> Result<VerifiedEmail> {
      Transaction tx(c);
      auto st = c.prepare(sql::kFindEmailVerification);
      st.bind(1, h);
      if (!st.step()) return verify_link_unknown();
      const auto user_id = st.int64(0);
      const auto email = st.text(1);
      if (auto spent = verify_link_spent(st.int64(3) != 0, st.int64(2), now); !spent) return spent.error();
      auto before = find_one(c, sql::kFindUserById, user_id);
      if (!before) return verify_link_unknown();
      try {
        c.prepare(sql::kSetVerifiedEmail).bind(1, user_id).bind(2, email).bind(3, core::mailbox_of(email))
            .bind(4, now).run();
      } catch (const SqliteError& e) {
        if (e.is_unique_violation()) return email_taken(email);
        throw;
      }
      c.prepare(sql::kSpendEmailVerifications).bind(1, user_id).bind(2, email).bind(3, now).run();
      auto user = find_one(c, sql::kFindUserById, user_id);
      tx.commit();
      return VerifiedEmail{std::move(*user), before->email};
    });
  }

  Task<Result<std::vector<std::pair<std::string, std::string>>>> personal_data(std::int64_t user_id) override {
    return db_.read([user_id](Connection& c) -> Result<std::vector<std::pair<std::string, std::string>>> {
      std::vector<std::pair<std::string, std::string>> out;
      ReadSnapshot snapshot(c);
      for (const auto& [section, query] : sql::kPersonalData) {
        auto st = c.prepare(query);
        st.bind(1, user_id);
        st.step();
        out.emplace_back(section, st.text(0));
      }
      return out;
    });
  }

  Task<Status> forget_user(std::int64_t user_id, std::int64_t at) override {
    return db_.write([user_id, at](Connection& c) -> Status {
      Transaction tx(c);
      for (const char* statement : sql::kForgetUser) c.prepare(statement).bind(1, user_id).bind(2, at).run();
      tx.commit();
      return core::Ok{};
    });
  }

  Task<Result<std::vector<User>>> create_users(std::vector<NewUser> users) override {
    const auto now = db_.clock().now_seconds();
    return db_.write([users = std::move(users), now](Connection& c) -> Result<std::vector<User>> {
      std::vector<User> out;
      Transaction tx(c);
      for (const auto& u : users) {
        auto user = insert_user(c, u, now);
        if (!user) return user.error();
        out.push_back(std::move(*user));
      }
      tx.commit();
      return out;
    });
  }

  Task<Status> create_sessions(std::vector<Session> sessions) override {
    return db_.write([sessions = std::move(sessions)](Connection& c) -> Status {
      Transaction tx(c);
      for (const auto& s : sessions) insert_session(c, s);
      tx.commit();
      return core::Ok{};
    });
  }

 private:
  SqliteDatabase& db_;
};

}  // namespace

std::unique_ptr<AccountStore> make_sqlite_account_store(SqliteDatabase& db) {
  return std::make_unique<SqliteAccountStore>(db);
}

}  // namespace tw::store::sqlite
