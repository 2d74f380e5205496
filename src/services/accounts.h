#pragma once
// Accounts: sign-up, sign-in, sign-out and "who is calling". Identity always comes from a
// session token, never from a request payload.
//
// Sessions slide (each use extends them by `idle_seconds`, written at most every
// `touch_every_seconds` and never waited for) up to an absolute cap. Verified
// sessions are cached for `cache_ms` so the hot path does not query the database per request.
// A sign-out, a disabled account or a changed role takes effect at once on this instance, and on
// the others of a cluster through SessionRevocations: each is published before the change is
// answered, and a server uses its cache only after catching up with the revocations published
// so far (SessionRevocations::caught_up); a server that cannot hear revocations (its
// subscription is down) verifies every request against the store until it can again. Staff
// and admin routes verify against the store every time (`fresh`): rights are never taken from a
// cache. Thread-safe.
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "auth/memory_attempt_records.h"
#include "auth/session_revocations.h"
#include "auth/sign_in_guard.h"
#include "core/clock.h"
#include "mail/mail_transport.h"
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
  core::Role role = core::Role::kUser;
  std::string token_hash;
  std::string csrf_token;
  std::int64_t expires_at = 0;
};

struct SignedIn {
  core::User user;
  std::string token;  // give to the client once; only its hash is stored
  std::string csrf_token;
  std::int64_t expires_at = 0;
  // This browser's device token (auth/sign_in_guard.h), trusted by the account from now on: the
  // one it presented, or a new one. Kept by the client (a long-lived cookie).
  std::string device_token;
};

struct AccountsOptions {
  std::int64_t idle_seconds = 14 * 24 * 3600;
  std::int64_t absolute_seconds = 30 * 24 * 3600;
  // How long a verified session is trusted before it is read again. Sign-outs, disabled accounts
  // and changed roles do not wait for it (they clear the cache, here and through revocations);
  // it bounds what a change made outside the servers (a command on the database) takes to show.
  // A crowd polling its waiting room every 2 s reads one session in 15 polls at 30 s (one in
  // 2.5 at 5 s, which made session reads a fifth of the server's work: BENCHMARKS.md, queue).
  std::int64_t cache_ms = 30'000;
  std::int64_t touch_every_seconds = 300;  // how stale last_seen may get before a write
  // Where sign-in attempts are counted: shared by a cluster's instances (Redis), or this
  // instance's memory when null.
  auth::AttemptRecords* sign_in_attempts = nullptr;
  // How servers of a cluster tell each other of revoked sessions; null for one server alone.
  auth::SessionRevocations* revocations = nullptr;
  // Password reset links and notices leave here; null: no password resets (kUnavailable).
  mail::MailTransport* mail = nullptr;
  mail::Mailbox mail_from{"TicketWar", "tickets@ticketwar.local"};
  std::string site_url = "http://127.0.0.1:8080";  // the reset link's page is under it
  std::int64_t reset_link_seconds = 30 * 60;
};

class Accounts {
 public:
  Accounts(store::AccountStore& store, auth::PasswordHasher& hasher, const core::Clock& clock, AccountsOptions options = {},
           auth::SignInPolicy sign_in_policy = {});
  ~Accounts();
  Accounts(const Accounts&) = delete;
  Accounts& operator=(const Accounts&) = delete;

  // kInvalid for bad email/password/name; kConflict "email_taken"; kRateLimited
  // "too_many_sign_ups" when the client address has used its allowance (auth/sign_in_guard.h).
  Task<core::Result<SignedIn>> sign_up(std::string email, std::string password, std::string name,
                                       std::string client_ip, std::string device_token = "");
  // kUnauthorized "invalid_credentials" for any wrong email/password pair or disabled account
  // (never saying which); kRateLimited "too_many_attempts" with retry_after_seconds (the policy
  // is auth/sign_in_guard.h). `device_token`: the browser's, if it has one; an attempt from a
  // device the account trusts is judged by that device's failures alone.
  Task<core::Result<SignedIn>> sign_in(std::string email, std::string password, std::string client_ip,
                                       std::string device_token = "");
  // Revokes the session with this token hash (Principal::token_hash).
  Task<core::Status> sign_out(std::string token_hash);
  // kUnauthorized "not_signed_in" for a missing, unknown, expired or revoked token. `fresh`:
  // verified against the store now, not taken from the cache (for rights beyond a fan's).
  Task<core::Result<Principal>> authenticate(std::string token, bool fresh = false);
  // An admin's change of another account (`by` is the admin; 0 for the command line): a disabled
  // user's sessions end and a role change applies, here and on every server, before this
  // returns. kConflict "cannot_change_self" when an admin changes their own role or disabled
  // state: another admin must.
  Task<core::Result<std::optional<core::User>>> update_user(std::int64_t by, std::int64_t id,
                                                             core::UserChange change);
  // Emails a single-use link to set a new password (valid reset_link_seconds) when an enabled
  // account uses `email`; answers the same whether or not one does, so addresses cannot be
  // probed. kInvalid for a malformed address; kRateLimited "too_many_requests" when the client
  // address asked too often. An account asked for too often gets no more links for a while,
  // silently (saying so would tell that it exists). (services/password_reset.cpp)
  Task<core::Status> request_password_reset(std::string email, std::string client_ip);
  // Sets the password of the link's account (the sign-up rules apply), spends the link and every
  // other link of the account, ends all its sessions here and on every server, and emails a
  // notice. kNotFound "reset_link_unknown", kConflict "reset_link_used" / "reset_link_expired".
  Task<core::Result<core::User>> reset_password(std::string token, std::string new_password);
  // Admin: accounts by email, paginated.
  Task<core::Result<core::UserPage>> list_users(core::UserQuery query);
  // Admin CLI: the account with this email, if any.
  Task<core::Result<std::optional<core::User>>> find_by_email(std::string email);
  // For the admin CLI: creates an account with the given role (password rules apply).
  Task<core::Result<core::User>> create_user(std::string email, std::string password, std::string name,
                                              core::Role role);

  std::int64_t absolute_seconds() const { return options_.absolute_seconds; }

 private:
  struct Cached {
    Principal principal;
    std::int64_t cached_at_ms;
  };
  // Verified sessions kept at most (about 400 bytes each): a stadium's crowd of fans polling
  // their place in a waiting room, with room to spare.
  static constexpr std::size_t kCacheBound = 250'000;
  void make_room_locked(std::int64_t now_ms);  // guarded by mu_
  Task<core::Result<SignedIn>> start_session(core::User user);
  // Trusts this browser for the account from now on: its token, or a new one when it has none.
  Task<std::string> trust_device(const std::string& account, std::string device_token);
  void forget_user(std::int64_t user_id);
  void forget_all();
  void apply(const auth::Revocation& r);
  // Tells the other servers; a failure is logged (they cannot hear it either, so they do not
  // trust their caches meanwhile).
  Task<void> publish(auth::Revocation r);
  Task<bool> cache_is_current();
  Task<bool> verify_or_burn_time(const std::optional<core::User>& user, std::string password);
  Task<core::Status> email_reset_link(const core::User& user);
  Task<void> email_password_changed(const core::User& user);

  store::AccountStore& store_;
  SessionBatch sessions_;  // cache misses, gathered into rounds
  auth::PasswordHasher& hasher_;
  const core::Clock& clock_;
  AccountsOptions options_;
  auth::MemoryAttemptRecords own_attempts_;  // used when options_.sign_in_attempts is null
  auth::SignInGuard guard_;
  auth::AttemptRecords& attempts_;  // the guard's records; password reset requests are counted there too
  std::mutex mu_;
  std::unordered_map<std::string, Cached> cache_;  // by token hash; guarded by mu_
  std::string dummy_hash_;                         // guarded by mu_; see verify_or_burn_time
  // Whether revocations from other servers can be heard: while not, the cache is not trusted.
  std::atomic<bool> hearing_{true};
  // What the revocations' listener calls through; disconnected by the destructor.
  struct Ears {
    explicit Ears(Accounts* o) : owner(o) {}
    std::mutex mu;
    Accounts* owner;  // guarded by mu
  };
  std::shared_ptr<Ears> ears_ = std::make_shared<Ears>(this);
};

core::Error not_signed_in();

}  // namespace tw::services
