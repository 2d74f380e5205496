#include "services/accounts.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/this_coro.hpp>

#include "auth/credentials.h"
#include "auth/password.h"
#include "auth/password_hasher.h"
#include "auth/session_token.h"
#include "async/log.h"
#include "events/event_codec.h"

namespace tw::services {
using core::Result;

core::Error not_signed_in() { return {core::ErrorKind::kUnauthorized, "not_signed_in", "Sign in to continue"}; }

namespace {
core::Error invalid_credentials() {
  return {core::ErrorKind::kUnauthorized, "invalid_credentials", "That email and password do not match an account"};
}
}  // namespace

Accounts::Accounts(store::AccountStore& store, auth::PasswordHasher& hasher, const core::Clock& clock,
                   AccountsOptions options, auth::SignInPolicy sign_in_policy)
    : store_(store),
      sessions_(store),
      hasher_(hasher),
      clock_(clock),
      options_(options),
      guard_(options.sign_in_attempts ? *options.sign_in_attempts : own_attempts_, clock, sign_in_policy),
      attempts_(options.sign_in_attempts ? *options.sign_in_attempts : own_attempts_) {
  if (options_.revocations) {
    hearing_ = false;
    // The adapter's thread may call while this object is being destroyed: it calls through `ears_`,
    // which the destructor disconnects.
    options_.revocations->listen(
        [ears = ears_](const auth::Revocation& r) {
          std::lock_guard lock(ears->mu);
          if (ears->owner) ears->owner->apply(r);
        },
        [ears = ears_](bool hearing) {
          std::lock_guard lock(ears->mu);
          if (!ears->owner) return;
          // Whatever was revoked while deaf is unknown: the cache starts over.
          if (hearing) ears->owner->forget_all();
          ears->owner->hearing_ = hearing;
        });
  }
}

Accounts::~Accounts() {
  std::lock_guard lock(ears_->mu);
  ears_->owner = nullptr;
}

void Accounts::apply(const auth::Revocation& r) {
  if (r.user_id != 0) forget_user(r.user_id);
  if (r.token_hash.empty()) return;
  std::lock_guard lock(mu_);
  cache_.erase(r.token_hash);
}

void Accounts::forget_all() {
  std::lock_guard lock(mu_);
  cache_.clear();
}

// Whether the cache has every revocation any server answered before now: always on one server
// alone; in a cluster once this server caught up with the revocations published so far.
Task<bool> Accounts::cache_is_current() {
  if (!options_.revocations) co_return true;
  if (!hearing_) co_return false;
  auto st = co_await options_.revocations->caught_up();
  co_return st.ok();
}

Task<void> Accounts::publish(auth::Revocation r) {
  if (!options_.revocations) co_return;
  if (auto st = co_await options_.revocations->publish(std::move(r)); !st) log_problem("revocation not published", st.error());
}

Task<Result<SignedIn>> Accounts::sign_up(std::string email, std::string password, std::string name,
                                         std::string client_ip, std::string device_token, std::string user_agent) {
  if (const auto wait = co_await guard_.sign_up_wait_ms(client_ip); wait > 0) {
    co_return core::rate_limited("too_many_sign_ups", "Too many new accounts from your address; try again later", wait);
  }
  auto created =
      co_await create_user(std::move(email), std::move(password), std::move(name), core::Role::kUser, false);
  if (!created) co_return created.error();
  const auto account = created->email;
  if (options_.mail) {
    // The account exists either way: a link that cannot be sent now can be asked for again.
    if (auto st = co_await email_verify_link(*created, account); !st) log_problem("verification link not sent", st.error());
  }
  auto session = co_await start_session(std::move(created).value(), std::move(client_ip), std::move(user_agent));
  if (session) session->device_token = co_await trust_device(account, std::move(device_token));
  co_return session;
}

Task<std::string> Accounts::trust_device(const std::string& account, std::string device_token) {
  if (!auth::looks_like_token(device_token)) device_token = auth::new_session_token();
  co_await guard_.remember_device(account, auth::token_hash(device_token));
  co_return device_token;
}

// Verifies against a real hash even for unknown emails, so response time does not tell
// whether an account exists.
Task<bool> Accounts::verify_or_burn_time(const std::optional<core::User>& user, std::string password) {
  if (user) co_return co_await hasher_.verify(user->password_hash, std::move(password));
  std::string dummy;
  {
    std::lock_guard lock(mu_);
    dummy = dummy_hash_;
  }
  if (dummy.empty()) {
    auto made = co_await hasher_.hash(auth::random_password(16));
    dummy = made.value_or("");
    std::lock_guard lock(mu_);
    dummy_hash_ = dummy;
  }
  co_await hasher_.verify(std::move(dummy), std::move(password));
  co_return false;
}

Task<Result<SignedIn>> Accounts::sign_in(std::string email, std::string password, std::string client_ip,
                                         std::string device_token, std::string user_agent) {
  auto e = auth::normalize_email(email);
  const std::string account = e ? *e : email;
  const std::string device = auth::looks_like_token(device_token) ? auth::token_hash(device_token) : "";
  // A browser the account trusts is judged by its own failures only (auth/sign_in_guard.h).
  const bool trusted = co_await guard_.trusts(account, device);
  std::int64_t wait = 0;
  if (trusted) {
    wait = co_await guard_.device_wait_ms(device);
  } else {
    wait = co_await guard_.wait_ms(account, client_ip);
  }
  if (wait > 0) {
    co_return core::rate_limited("too_many_attempts", "Too many failed sign-ins; wait a little and try again", wait);
  }
  if (!e) co_return invalid_credentials();
  auto found = co_await store_.find_user_by_email(*e);
  if (!found) co_return found.error();
  const bool ok = co_await verify_or_burn_time(*found, std::move(password));
  if (!ok || (*found)->disabled) {
    if (trusted) {
      co_await guard_.device_failed(device);
    } else {
      co_await guard_.failed(account, client_ip);
    }
    co_return invalid_credentials();
  }
  co_await guard_.succeeded(account, client_ip);
  auto session = co_await start_session(std::move(**found), std::move(client_ip), std::move(user_agent));
  if (session) session->device_token = co_await trust_device(account, std::move(device_token));
  co_return session;
}

Task<Result<SignedIn>> Accounts::start_session(core::User user, std::string client_ip, std::string user_agent) {
  const auto now = clock_.now_seconds();
  const std::string token = auth::new_session_token();
  // Enough of a User-Agent to name the browser; the rest is a client's to make up.
  if (user_agent.size() > 256) user_agent.resize(256);
  core::Session s{auth::token_hash(token), user.id, now, now, now + options_.idle_seconds,
                  now + options_.absolute_seconds, std::move(user_agent), std::move(client_ip)};
  const auto expires = s.expires_at;
  if (auto st = co_await store_.create_session(std::move(s)); !st) co_return st.error();
  co_return SignedIn{std::move(user), token, auth::csrf_token_for(token), expires};
}

Task<core::Status> Accounts::sign_out(std::string hash) {
  {
    std::lock_guard lock(mu_);
    cache_.erase(hash);
  }
  auto st = co_await store_.revoke_session(hash, clock_.now_seconds());
  if (st) {
    auth::Revocation ended{hash, 0};  // a named local: g++ 12 mis-copies braced temporaries in co_await
    co_await publish(std::move(ended));
  }
  co_return st;
}

namespace {

Task<void> touch_later(store::AccountStore& store, std::string hash, std::int64_t now, std::int64_t expires) {
  if (auto st = co_await store.touch_session(std::move(hash), now, expires); !st) {
    log_problem("session touch failed", st.error());
  }
}

}  // namespace

// At the bound, entries past their time go first; only when most are still fresh is the whole
// cache dropped (entries reload on demand). Clearing at once, as before, made a sale with more
// fans than the bound reload every session on every cycle of their polls: each clear emptied it
// for the next 100,000 requests.
void Accounts::make_room_locked(std::int64_t now_ms) {
  std::erase_if(cache_, [&](const auto& entry) { return now_ms - entry.second.cached_at_ms >= options_.cache_ms; });
  if (cache_.size() >= kCacheBound * 9 / 10) cache_.clear();
}

Task<Result<Principal>> Accounts::authenticate(std::string token, bool fresh) {
  if (!auth::looks_like_token(token)) co_return not_signed_in();
  const std::string hash = auth::token_hash(token);
  const auto now_ms = clock_.now_ms();
  const auto now = now_ms / 1000;
  if (!fresh && co_await cache_is_current()) {
    std::lock_guard lock(mu_);
    if (auto it = cache_.find(hash); it != cache_.end()) {
      if (now_ms - it->second.cached_at_ms < options_.cache_ms && now < it->second.principal.expires_at) {
        co_return it->second.principal;
      }
      cache_.erase(it);
    }
  }
  auto found = co_await sessions_.find(hash);
  if (!found) co_return found.error();
  if (!found->has_value()) co_return not_signed_in();
  const auto& [session, user] = **found;
  if (user.disabled || now >= session.expires_at || now >= session.absolute_expires_at) co_return not_signed_in();
  auto expires = session.expires_at;
  if (now - session.last_seen_at >= options_.touch_every_seconds) {
    expires = std::min(now + options_.idle_seconds, session.absolute_expires_at);
    // The sliding expiry is bookkeeping: the request does not wait for its write (in a sale, every
    // fan who signed in before it opened is due one, queued behind the holds and checkouts at the
    // database's one writer). A touch that fails leaves the stored expiry as it was, still ahead.
    boost::asio::co_spawn(co_await boost::asio::this_coro::executor, touch_later(store_, hash, now, expires),
                          boost::asio::detached);
  }
  Principal p{user.id, user.email, user.name, user.role, hash, auth::csrf_token_for(token), expires, user.email_verified};
  std::lock_guard lock(mu_);
  if (cache_.size() >= kCacheBound) make_room_locked(now_ms);
  cache_.insert_or_assign(hash, Cached{p, now_ms});
  co_return p;
}

void Accounts::forget_user(std::int64_t user_id) {
  std::lock_guard lock(mu_);
  std::erase_if(cache_, [&](const auto& kv) { return kv.second.principal.user_id == user_id; });
}

Task<Result<std::optional<core::User>>> Accounts::update_user(std::int64_t by, std::int64_t id,
                                                              core::UserChange change) {
  if (by == id && (change.role || change.disabled)) {
    co_return core::conflict("cannot_change_self",
                             "You cannot change your own role or disable or enable your own account; ask another admin");
  }
  std::vector<core::OutboxMessage> messages;
  if (change.role || change.disabled) {
    const std::string role = change.role ? core::role_name(*change.role) : "";
    messages.push_back(events::to_outbox_message(events::UserChanged{id, role, change.disabled, by}));
  }
  auto updated = co_await store_.update_user(id, change, std::move(messages));
  if (updated && updated->has_value()) co_await refresh_everywhere(id);
  co_return updated;
}

Task<void> Accounts::refresh_everywhere(std::int64_t user_id) {
  forget_user(user_id);
  auth::Revocation changed{"", user_id};  // a named local: g++ 12 mis-copies braced temporaries in co_await
  co_await publish(std::move(changed));
}

Task<Result<core::User>> Accounts::create_user(std::string email, std::string password, std::string name,
                                                core::Role role, bool verified) {
  auto e = auth::normalize_email(email);
  if (!e) co_return e.error();
  auto n = auth::normalize_name(name);
  if (!n) co_return n.error();
  if (auto st = auth::check_password(password); !st) co_return st.error();
  auto hash = co_await hasher_.hash(std::move(password));
  if (!hash) co_return core::unavailable("busy", "The server is too busy to create accounts; try again");
  core::NewUser user{std::move(*e), std::move(*n), std::move(*hash), role, verified};
  co_return co_await store_.create_user(std::move(user));
}

}  // namespace tw::services

namespace tw::services {

Task<Result<core::UserPage>> Accounts::list_users(core::UserQuery query) {
  co_return co_await store_.list_users(std::move(query));
}

Task<Result<std::optional<core::User>>> Accounts::find_by_email(std::string email) {
  co_return co_await store_.find_user_by_email(std::move(email));
}

Task<Result<std::map<std::int64_t, std::string>>> Accounts::emails_of(std::set<std::int64_t> ids) {
  std::map<std::int64_t, std::string> out;
  for (const auto id : ids) {
    auto user = co_await store_.find_user(id);
    if (!user) co_return user.error();
    if (user->has_value()) out.emplace(id, (*user)->email);
  }
  co_return out;
}

}  // namespace tw::services
