// Accounts: what a fan changes on their account page (name, password) and the devices signed in
// to it, each of which they can sign out.
#include "async/log.h"
#include "auth/credentials.h"
#include "auth/device_name.h"
#include "auth/password.h"
#include "auth/password_hasher.h"
#include "services/accounts.h"

namespace tw::services {
namespace {

using core::Result;

// How much of a session's token hash names it on the account page: enough to tell an account's
// sessions apart, nothing an attacker could use (the hash of a random token).
constexpr std::size_t kDeviceIdLength = 16;

core::Error device_unknown() {
  return core::not_found("device_unknown", "That device is not signed in to your account (any more)");
}

}  // namespace

Task<Result<core::User>> Accounts::account(const Principal& p) {
  auto user = co_await store_.find_user(p.user_id);
  if (!user) co_return user.error();
  if (!user->has_value()) co_return not_signed_in();
  co_return std::move(**user);
}

Task<Result<core::User>> Accounts::rename(const Principal& p, std::string name) {
  auto n = auth::normalize_name(name);
  if (!n) co_return n.error();
  core::UserChange change;
  change.name = std::move(*n);
  auto updated = co_await store_.update_user(p.user_id, std::move(change));
  if (!updated) co_return updated.error();
  if (!updated->has_value()) co_return not_signed_in();
  co_await refresh_everywhere(p.user_id);
  co_return std::move(**updated);
}

Task<Result<core::User>> Accounts::check_password(const Principal& p, std::string password, std::string client_ip) {
  if (const auto wait = co_await guard_.wait_ms(p.email, client_ip); wait > 0) {
    co_return core::rate_limited("too_many_attempts", "Too many wrong passwords; wait a little and try again", wait);
  }
  auto user = co_await account(p);
  if (!user) co_return user.error();
  const bool right = co_await hasher_.verify(user->password_hash, std::move(password));
  if (!right) {
    co_await guard_.failed(p.email, client_ip);
    co_return core::forbidden("wrong_password", "Your current password is not right");
  }
  co_return user;
}

Task<core::Status> Accounts::change_password(const Principal& p, std::string current, std::string new_password,
                                             std::string client_ip) {
  if (auto st = auth::check_password(new_password); !st) co_return st.error();
  if (auto user = co_await check_password(p, std::move(current), std::move(client_ip)); !user) co_return user.error();
  auto hash = co_await hasher_.hash(std::move(new_password));
  if (!hash) co_return core::unavailable("busy", "The server is too busy to change passwords; try again");
  core::UserChange change;
  change.password_hash = std::move(*hash);
  change.keep_session = p.token_hash;
  auto updated = co_await store_.update_user(p.user_id, std::move(change));
  if (!updated) co_return updated.error();
  if (!updated->has_value()) co_return not_signed_in();
  // The other sessions ended in the store; no server may go on trusting one it cached.
  co_await refresh_everywhere(p.user_id);
  co_await email_password_changed(**updated, "from your account page");
  co_return core::Ok{};
}

Task<Result<std::vector<Device>>> Accounts::devices(const Principal& p) {
  auto sessions = co_await store_.live_sessions(p.user_id, clock_.now_seconds());
  if (!sessions) co_return sessions.error();
  std::vector<Device> out;
  out.reserve(sessions->size());
  for (const auto& s : *sessions) {
    out.push_back(Device{s.token_hash.substr(0, kDeviceIdLength), auth::device_name(s.user_agent), s.client_ip,
                         s.created_at, s.last_seen_at, s.token_hash == p.token_hash});
  }
  co_return out;
}

Task<core::Status> Accounts::sign_out_device(const Principal& p, std::string device_id) {
  if (device_id.size() != kDeviceIdLength) co_return device_unknown();
  auto sessions = co_await store_.live_sessions(p.user_id, clock_.now_seconds());
  if (!sessions) co_return sessions.error();
  for (auto& s : *sessions) {
    if (s.token_hash.compare(0, kDeviceIdLength, device_id) == 0) co_return co_await sign_out(std::move(s.token_hash));
  }
  co_return device_unknown();
}

Task<core::Status> Accounts::sign_out_everywhere(const Principal& p) {
  if (auto st = co_await store_.revoke_sessions(p.user_id, "", clock_.now_seconds()); !st) co_return st;
  co_await refresh_everywhere(p.user_id);
  co_return core::Ok{};
}

}  // namespace tw::services
