#pragma once
// AccountStore: users and their sign-in sessions (conventions in database.h).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "async/task.h"
#include "core/result.h"
#include "store/records.h"

namespace tw::store {

class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // kConflict "email_taken" when the email is registered.
  virtual Task<core::Result<User>> create_user(NewUser user) = 0;
  virtual Task<core::Result<std::optional<User>>> find_user(std::int64_t id) = 0;
  virtual Task<core::Result<std::optional<User>>> find_user_by_email(std::string email) = 0;
  virtual Task<core::Result<int>> count_admins() = 0;
  virtual Task<core::Result<UserPage>> list_users(UserQuery query) = 0;
  // Applies the change; disabling a user also revokes all their sessions, in one transaction.
  // With `messages` in the same transaction (an admin's change, for the audit trail).
  virtual Task<core::Result<std::optional<User>>> update_user(std::int64_t id, UserChange change,
                                                              std::vector<OutboxMessage> messages = {}) = 0;

  virtual Task<core::Status> create_session(Session session) = 0;
  // The live (not revoked) session with this hash and its user; expiry is the caller's to check.
  virtual Task<core::Result<std::optional<SessionWithUser>>> find_session(std::string token_hash) = 0;
  // find_session for several hashes, answered in the same order, in one trip where the adapter
  // can (a crowd's first requests arrive together). The default asks one at a time.
  virtual Task<core::Result<std::vector<std::optional<SessionWithUser>>>> find_sessions(
      std::vector<std::string> token_hashes) {
    std::vector<std::optional<SessionWithUser>> out;
    out.reserve(token_hashes.size());
    for (auto& h : token_hashes) {
      auto one = co_await find_session(std::move(h));
      if (!one) co_return one.error();
      out.push_back(std::move(one).value());
    }
    co_return out;
  }
  virtual Task<core::Status> touch_session(std::string token_hash, std::int64_t last_seen_at,
                                           std::int64_t expires_at) = 0;
  virtual Task<core::Status> revoke_session(std::string token_hash, std::int64_t at) = 0;

  virtual Task<core::Status> create_password_reset(PasswordReset reset) = 0;
  // In one transaction: spends the reset link with this hash, every other unspent link of its
  // account, sets the new password hash and revokes all the account's sessions. kNotFound
  // "reset_link_unknown"; kConflict "reset_link_used" or "reset_link_expired" (at `now`).
  virtual Task<core::Result<User>> redeem_password_reset(std::string token_hash, std::string password_hash,
                                                         std::int64_t now) = 0;

  // The account's sessions not revoked nor expired at `now`, most recently used first.
  virtual Task<core::Result<std::vector<Session>>> live_sessions(std::int64_t user_id, std::int64_t now) = 0;
  // Revokes every live session of the account but `keep_session` (a token hash; empty: all).
  virtual Task<core::Status> revoke_sessions(std::int64_t user_id, std::string keep_session, std::int64_t at) = 0;

  virtual Task<core::Status> create_email_verification(EmailVerification verification) = 0;
  // In one transaction: marks the link's address as the account's verified email (changing the
  // account's email when the link was for a new one) and spends the account's links for that
  // address. kNotFound "verify_link_unknown"; kConflict "verify_link_used", "verify_link_expired"
  // (at `now`) or "email_taken" (another account took the new address meanwhile).
  virtual Task<core::Result<VerifiedEmail>> redeem_email_verification(std::string token_hash, std::int64_t now) = 0;

  // What TicketWar keeps about the account, for its data export: {section, JSON array of its rows}
  // for sessions, holds, payments, orders, tickets, transfers, ticketsSentByEmail and queuePlaces.
  virtual Task<core::Result<std::vector<std::pair<std::string, std::string>>>> personal_data(std::int64_t user_id) = 0;
  // Deletes the account's personal data at `at`, in one transaction: a pseudonym replaces its name
  // and email, its password, sessions and links go, the addresses it sent tickets to are blanked
  // and its open ticket links cancelled. Orders, payments and tickets stay under its id.
  virtual Task<core::Status> forget_user(std::int64_t user_id, std::int64_t at) = 0;

  // Bulk forms for load-test fixtures (`ticketwar bench-users`): one transaction each.
  virtual Task<core::Result<std::vector<User>>> create_users(std::vector<NewUser> users) = 0;
  virtual Task<core::Status> create_sessions(std::vector<Session> sessions) = 0;
};

}  // namespace tw::store
