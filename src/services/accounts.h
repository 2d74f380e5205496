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
#include <map>
#include <memory>
#include <mutex>
#include <set>
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
  bool email_verified = false;
};

// A signed-in browser or app, as the account page lists it.
struct Device {
  std::string id;  // names the session without revealing its token (a prefix of its hash)
  std::string browser;  // "Firefox on Windows", from the User-Agent
  std::string address;  // where it signed in from
  std::int64_t signed_in_at = 0;
  std::int64_t last_seen_at = 0;
  bool current = false;  // the one asking
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
  std::int64_t verify_link_seconds = 3 * 24 * 3600;
  // Whether an account must confirm its address before it buys (holding is always allowed).
  bool verified_email_to_buy = true;
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
  // The new account is sent a link to confirm its address (services/email_verification.cpp).
  Task<core::Result<SignedIn>> sign_up(std::string email, std::string password, std::string name,
                                       std::string client_ip, std::string device_token = "",
                                       std::string user_agent = "");
  // kUnauthorized "invalid_credentials" for any wrong email/password pair or disabled account
  // (never saying which); kRateLimited "too_many_attempts" with retry_after_seconds (the policy
  // is auth/sign_in_guard.h). `device_token`: the browser's, if it has one; an attempt from a
  // device the account trusts is judged by that device's failures alone.
  Task<core::Result<SignedIn>> sign_in(std::string email, std::string password, std::string client_ip,
                                       std::string device_token = "", std::string user_agent = "");
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
  // For an account an organiser made for someone given tickets (BoxOffice): emails a link to set
  // its password, valid kClaimLinkSeconds, saying what they were given (`what`: "2 tickets for
  // …"). Not throttled: only admins cause it.
  static constexpr std::int64_t kClaimLinkSeconds = 14 * 24 * 3600;
  Task<core::Status> email_claim_link(const core::User& user, const std::string& what);
  // Sets the password of the link's account (the sign-up rules apply), spends the link and every
  // other link of the account, ends all its sessions here and on every server, and emails a
  // notice. kNotFound "reset_link_unknown", kConflict "reset_link_used" / "reset_link_expired".
  Task<core::Result<core::User>> reset_password(std::string token, std::string new_password);
  // Email verification (services/email_verification.cpp).
  // kForbidden "email_not_verified" when the site asks buyers to confirm their address first and
  // this one has not.
  core::Status may_buy(const Principal& p) const;
  // Emails a new link to confirm the account's address. kConflict "email_already_verified";
  // kRateLimited "too_many_requests" past 5 an hour.
  Task<core::Status> resend_verification(const Principal& p);
  // Follows a link: the address is confirmed (and becomes the account's, for a change of address,
  // whose old address is told). kNotFound "verify_link_unknown"; kConflict "verify_link_used",
  // "verify_link_expired" or "email_taken".
  Task<core::Result<core::VerifiedEmail>> verify_email(std::string token);
  // Asks to move the account to `new_email` (the current password proves it is the fan): the new
  // address gets a link and the change takes effect when it is followed. kInvalid "same_email";
  // kConflict "email_taken"; kForbidden "wrong_password"; kRateLimited as a sign-in.
  Task<core::Status> change_email(const Principal& p, std::string new_email, std::string password,
                                  std::string client_ip);

  // The account page (services/account_settings.cpp).
  Task<core::Result<core::User>> account(const Principal& p);
  Task<core::Result<core::User>> rename(const Principal& p, std::string name);
  // Sets a new password (the sign-up rules apply) when `current` is right, ends every other
  // session of the account and emails a notice. kForbidden "wrong_password"; kRateLimited as a
  // sign-in (wrong passwords count as failed sign-ins).
  Task<core::Status> change_password(const Principal& p, std::string current, std::string new_password,
                                     std::string client_ip);
  Task<core::Result<std::vector<Device>>> devices(const Principal& p);
  // Signs out one device of the account. kNotFound "device_unknown".
  Task<core::Status> sign_out_device(const Principal& p, std::string device_id);
  // Ends every session of the account, the caller's too.
  Task<core::Status> sign_out_everywhere(const Principal& p);

  // The account, when `password` is its own (else kForbidden "wrong_password"); wrong ones count
  // as failed sign-ins (kRateLimited "too_many_attempts").
  Task<core::Result<core::User>> check_password(const Principal& p, std::string password, std::string client_ip);
  // Tells every server that this account's cached sessions are stale (after a change in the store).
  Task<void> refresh_everywhere(std::int64_t user_id);

  // Admin: accounts by email, paginated.
  Task<core::Result<core::UserPage>> list_users(core::UserQuery query);
  // Admin CLI: the account with this email, if any.
  Task<core::Result<std::optional<core::User>>> find_by_email(std::string email);
  // Admin: the email of each account of `ids` that exists (the activity log names people).
  Task<core::Result<std::map<std::int64_t, std::string>>> emails_of(std::set<std::int64_t> ids);
  // For the admin CLI: creates an account with the given role (password rules apply), its
  // address taken as verified unless `verified` is false.
  Task<core::Result<core::User>> create_user(std::string email, std::string password, std::string name,
                                              core::Role role, bool verified = true);

  std::int64_t absolute_seconds() const { return options_.absolute_seconds; }
  bool buyers_verify_email() const { return options_.verified_email_to_buy; }

 private:
  struct Cached {
    Principal principal;
    std::int64_t cached_at_ms;
  };
  // Verified sessions kept at most (about 400 bytes each): a stadium's crowd of fans polling
  // their place in a waiting room, with room to spare.
  static constexpr std::size_t kCacheBound = 250'000;
  void make_room_locked(std::int64_t now_ms);  // guarded by mu_
  Task<core::Result<SignedIn>> start_session(core::User user, std::string client_ip, std::string user_agent);
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
  // A new single-use link to set the account's password, valid `seconds`: its URL.
  Task<core::Result<std::string>> new_password_link(const core::User& user, std::int64_t seconds);
  // `how`: "with a reset link" or "from your account page".
  Task<void> email_password_changed(const core::User& user, const char* how);
  // Sends a link proving `email` is the account's (its own, or the new one it is moving to).
  Task<core::Status> email_verify_link(const core::User& user, const std::string& email);
  Task<void> email_address_changed(const core::User& user, const std::string& old_email);


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
