#pragma once
// Accounts: sign-up, sign-in, sign-out and "who is calling". Identity always comes from a
// session token, never from a request payload.
//
// Sessions slide (each use extends them by `idle_seconds`, written at most every
// `touch_every_seconds` and never waited for) up to an absolute cap. Verified
// sessions are cached for `cache_ms` so the hot path does not query the database per request;
// a sign-out or a disabled account takes effect at once on this instance and within `cache_ms`
// on others. Thread-safe.
#include <mutex>
#include <string>
#include <unordered_map>

#include "auth/memory_attempt_records.h"
#include "auth/sign_in_guard.h"
#include "core/clock.h"
#include "services/session_batch.h"
#include "store/account_store.h"

namespace tw::auth {
class PasswordHasher;
}

namespace tw::services {

struct Principal {
  std::int64_t user_id = 0;
  std::string email;
  std::string name;
  store::Role role = store::Role::kUser;
  std::string token_hash;
  std::string csrf_token;
  std::int64_t expires_at = 0;
};

struct SignedIn {
  store::User user;
  std::string token;  // give to the client once; only its hash is stored
  std::string csrf_token;
  std::int64_t expires_at = 0;
};

struct AccountsOptions {
  std::int64_t idle_seconds = 14 * 24 * 3600;
  std::int64_t absolute_seconds = 30 * 24 * 3600;
  std::int64_t cache_ms = 5000;
  std::int64_t touch_every_seconds = 300;  // how stale last_seen may get before a write
  // Where sign-in attempts are counted: shared by a cluster's instances (Redis), or this
  // instance's memory when null.
  auth::AttemptRecords* sign_in_attempts = nullptr;
};

class Accounts {
 public:
  Accounts(store::AccountStore& store, auth::PasswordHasher& hasher, const core::Clock& clock, AccountsOptions options = {},
           auth::SignInPolicy sign_in_policy = {});

  // kInvalid for bad email/password/name; kConflict "email_taken"; kRateLimited
  // "too_many_sign_ups" when the client address has used its allowance (auth/sign_in_guard.h).
  Task<core::Result<SignedIn>> sign_up(std::string email, std::string password, std::string name,
                                       std::string client_ip);
  // kUnauthorized "invalid_credentials" for any wrong email/password pair or disabled account
  // (never saying which); kRateLimited "too_many_attempts" with retry_after_seconds (the policy
  // is auth/sign_in_guard.h).
  Task<core::Result<SignedIn>> sign_in(std::string email, std::string password, std::string client_ip);
  // Revokes the session with this token hash (Principal::token_hash).
  Task<core::Status> sign_out(std::string token_hash);
  // kUnauthorized "not_signed_in" for a missing, unknown, expired or revoked token.
  Task<core::Result<Principal>> authenticate(std::string token);
  // Admin changes; a disabled user's sessions end, a role change applies at once here.
  Task<core::Result<std::optional<store::User>>> update_user(std::int64_t id, store::UserChange change);
  // Admin: accounts by email, paginated.
  Task<core::Result<store::UserPage>> list_users(store::UserQuery query);
  // Admin CLI: the account with this email, if any.
  Task<core::Result<std::optional<store::User>>> find_by_email(std::string email);
  // For the admin CLI: creates an account with the given role (password rules apply).
  Task<core::Result<store::User>> create_user(std::string email, std::string password, std::string name,
                                              store::Role role);

  std::int64_t absolute_seconds() const { return options_.absolute_seconds; }

 private:
  struct Cached {
    Principal principal;
    std::int64_t cached_at_ms;
  };
  Task<core::Result<SignedIn>> start_session(store::User user);
  void forget_user(std::int64_t user_id);
  Task<bool> verify_or_burn_time(const std::optional<store::User>& user, std::string password);

  store::AccountStore& store_;
  SessionBatch sessions_;  // cache misses, gathered into rounds
  auth::PasswordHasher& hasher_;
  const core::Clock& clock_;
  AccountsOptions options_;
  auth::MemoryAttemptRecords own_attempts_;  // used when options_.sign_in_attempts is null
  auth::SignInGuard guard_;
  std::mutex mu_;
  std::unordered_map<std::string, Cached> cache_;  // by token hash; guarded by mu_
  std::string dummy_hash_;                         // guarded by mu_; see verify_or_burn_time
};

core::Error not_signed_in();

}  // namespace tw::services
