// Accounts: forgotten passwords. A fan asks for a link by email; the link carries a random token
// (only its hash is stored) that works once, for reset_link_seconds, and sets a new password
// that ends every session of the account, on every server.
#include "async/log.h"
#include "auth/credentials.h"
#include "auth/password_hasher.h"
#include "auth/session_token.h"
#include "services/accounts.h"

namespace tw::services {
namespace {

using core::Result;

// Requests from one client address: 5 in 15 minutes, then refused (429). Links to one account:
// 3 an hour, then none (silently).
constexpr int kRequestsPerAddress = 5;
constexpr std::int64_t kAddressWindowMs = 15 * 60 * 1000;
constexpr int kLinksPerAccount = 3;
constexpr std::int64_t kAccountWindowMs = 60 * 60 * 1000;

}  // namespace

Task<core::Status> Accounts::request_password_reset(std::string email, std::string client_ip) {
  auto address = auth::normalize_email(email);
  if (!address) co_return address.error();
  if (!options_.mail) co_return core::unavailable("no_mail", "This site cannot send email, so it cannot reset passwords");
  const auto now_ms = clock_.now_ms();
  auto asked = co_await attempts_.add("reset-from:" + client_ip, now_ms, kAddressWindowMs, kAddressWindowMs);
  if (asked && asked->count > kRequestsPerAddress) {
    co_return core::rate_limited("too_many_requests",
                                 "Too many password reset requests from your address; try again later",
                                 asked->first_ms + kAddressWindowMs - now_ms);
  }
  auto user = co_await store_.find_user_by_email(*address);
  if (!user) co_return user.error();
  if (!user->has_value() || (*user)->disabled) co_return core::Ok{};
  auto sent = co_await attempts_.add("reset-to:" + std::to_string((*user)->id), now_ms, kAccountWindowMs,
                                     kAccountWindowMs);
  if (sent && sent->count > kLinksPerAccount) co_return core::Ok{};
  co_return co_await email_reset_link(**user);
}

Task<Result<std::string>> Accounts::new_password_link(const core::User& user, std::int64_t seconds) {
  const auto token = auth::new_session_token();
  const auto now = clock_.now_seconds();
  core::PasswordReset reset{auth::token_hash(token), user.id, now, now + seconds};
  if (auto st = co_await store_.create_password_reset(std::move(reset)); !st) co_return st.error();
  co_return options_.site_url + "/reset-password?token=" + token;
}

Task<core::Status> Accounts::email_reset_link(const core::User& user) {
  auto link = co_await new_password_link(user, options_.reset_link_seconds);
  if (!link) co_return link.error();
  const auto now = clock_.now_seconds();
  // The link's token is secret: the message id carries a hash of the link instead.
  const auto message_id = "password-reset-" + auth::token_hash(*link).substr(0, 16) + "@ticketwar";
  mail::MailMessage m{options_.mail_from, {user.name, user.email}, "Reset your TicketWar password", message_id, now};
  m.text = mail::hello(user.name) +
           "Someone (we hope you) asked to reset the password of your TicketWar account. To choose a "
           "new one, open this link within " +
           std::to_string(options_.reset_link_seconds / 60) + " minutes:\n\n" + *link +
           "\n\nIt works once. Setting a new password signs you out everywhere.\n\nIf you did not ask, ignore this "
           "email: your password stays as it is.\n";
  co_return co_await options_.mail->send(std::move(m));
}

Task<core::Status> Accounts::email_claim_link(const core::User& user, const std::string& what) {
  if (!options_.mail) co_return core::unavailable("no_mail", "This site cannot send email");
  auto link = co_await new_password_link(user, kClaimLinkSeconds);
  if (!link) co_return link.error();
  const auto now = clock_.now_seconds();
  const auto message_id = "tickets-for-you-" + auth::token_hash(*link).substr(0, 16) + "@ticketwar";
  mail::MailMessage m{options_.mail_from, {user.name, user.email}, "Tickets for you on TicketWar", message_id, now};
  m.text = mail::hello(user.name) + "You have been given " + what +
           ". They are in a TicketWar account made for this address. To see them (and show them at the "
           "gate), choose a password for it within " + std::to_string(kClaimLinkSeconds / 86400) + " days:\n\n" + *link +
           "\n\nThe link works once. Afterwards, sign in at " + options_.site_url +
           "/signin with this address; if the link has run out, ask for a new one at " + options_.site_url +
           "/forgot-password.\n";
  co_return co_await options_.mail->send(std::move(m));
}

Task<Result<core::User>> Accounts::reset_password(std::string token, std::string new_password) {
  if (!options_.mail) co_return core::unavailable("no_mail", "This site cannot send email, so it cannot reset passwords");
  if (!auth::looks_like_token(token)) {
    co_return core::not_found("reset_link_unknown", "This password reset link is not one we sent");
  }
  if (auto st = auth::check_password(new_password); !st) co_return st.error();
  auto hash = co_await hasher_.hash(std::move(new_password));
  if (!hash) co_return core::unavailable("busy", "The server is too busy to change passwords; try again");
  auto user = co_await store_.redeem_password_reset(auth::token_hash(token), std::move(*hash), clock_.now_seconds());
  if (!user) co_return user.error();
  // Every session of the account ended in the store; no server may go on trusting one it cached.
  co_await refresh_everywhere(user->id);
  co_await email_password_changed(*user, "with a reset link");
  co_return user;
}

Task<void> Accounts::email_password_changed(const core::User& user, const char* how) {
  if (!options_.mail) co_return;
  const auto now = clock_.now_seconds();
  mail::MailMessage m{options_.mail_from, {user.name, user.email}, "Your TicketWar password was changed",
                      "password-changed-" + std::to_string(user.id) + "-" + std::to_string(now) + "@ticketwar", now};
  m.text = mail::hello(user.name) + "The password of your TicketWar account was just changed " + how +
           ", and every other device signed in to it was signed out.\n\nIf this was not you, ask for a new reset link at " +
           options_.site_url + "/forgot-password straight away and tell us.\n";
  // The password is changed either way: a notice that cannot be sent is logged, not an error.
  if (auto st = co_await options_.mail->send(std::move(m)); !st) log_problem("password change notice not sent", st.error());
}

}  // namespace tw::services
