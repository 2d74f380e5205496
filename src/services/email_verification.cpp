// Accounts: confirmed addresses. A new account is emailed a link proving the address is the
// fan's; until it is followed the fan may browse and hold but (unless the site allows it) not
// buy. A change of address is the same link sent to the new address: the account moves only
// when it is followed, and the old address is then told.
#include "async/log.h"
#include "auth/credentials.h"
#include "auth/password_hasher.h"
#include "auth/session_token.h"
#include "services/accounts.h"
#include "store/refusals.h"

namespace tw::services {
namespace {

using core::Result;

// Links asked for by one account: 5 an hour, then refused (429).
constexpr int kLinksPerHour = 5;
constexpr std::int64_t kLinkWindowMs = 60 * 60 * 1000;

core::Error no_mail() {
  return core::unavailable("no_mail", "This site cannot send email, so it cannot confirm addresses");
}

}  // namespace

core::Status Accounts::may_buy(const Principal& p) const {
  if (!options_.verified_email_to_buy || p.email_verified) return core::Ok{};
  return core::forbidden("email_not_verified",
                         "Confirm your email address before buying: open the link we emailed to " + p.email +
                             ". You can have a new one sent from your account page.");
}

Task<core::Status> Accounts::email_verify_link(const core::User& user, const std::string& email) {
  if (!options_.mail) co_return no_mail();
  const auto now_ms = clock_.now_ms();
  auto asked = co_await attempts_.add("verify-to:" + std::to_string(user.id), now_ms, kLinkWindowMs, kLinkWindowMs);
  if (asked && asked->count > kLinksPerHour) {
    co_return core::rate_limited("too_many_requests",
                                 "We have sent several links in the last hour; use the newest one or try again later",
                                 asked->first_ms + kLinkWindowMs - now_ms);
  }
  const auto token = auth::new_session_token();
  const auto now = now_ms / 1000;
  core::EmailVerification link{auth::token_hash(token), user.id, email, now, now + options_.verify_link_seconds};
  const auto message_id = "verify-" + link.token_hash.substr(0, 16) + "@ticketwar";
  if (auto st = co_await store_.create_email_verification(std::move(link)); !st) co_return st;
  const bool moving = email != user.email;
  mail::MailMessage m{options_.mail_from, {user.name, email},
                      moving ? "Confirm your new TicketWar email address" : "Confirm your TicketWar email address",
                      message_id, now};
  m.text = mail::hello(user.name) +
           (moving ? "You asked to use this address for your TicketWar account instead of " + user.email +
                         ". It takes effect when you open this link"
                   : "Welcome to TicketWar. To confirm this address is yours, and to be able to buy tickets, "
                     "open this link") +
           " within " + std::to_string(options_.verify_link_seconds / 3600) + " hours:\n\n" + options_.site_url +
           "/verify-email?token=" + token + "\n\nIf you did not ask for this, ignore this email.\n";
  co_return co_await options_.mail->send(std::move(m));
}

Task<core::Status> Accounts::resend_verification(const Principal& p) {
  if (p.email_verified) co_return core::conflict("email_already_verified", "Your email address is already confirmed");
  auto user = co_await account(p);
  if (!user) co_return user.error();
  co_return co_await email_verify_link(*user, user->email);
}

Task<Result<core::VerifiedEmail>> Accounts::verify_email(std::string token) {
  if (!auth::looks_like_token(token)) co_return store::verify_link_unknown();
  auto verified = co_await store_.redeem_email_verification(auth::token_hash(token), clock_.now_seconds());
  if (!verified) co_return verified.error();
  // Sessions cached with the old address or "unverified" are stale on every server.
  co_await refresh_everywhere(verified->user.id);
  if (verified->previous_email != verified->user.email) {
    co_await email_address_changed(verified->user, verified->previous_email);
  }
  co_return verified;
}

Task<core::Status> Accounts::change_email(const Principal& p, std::string new_email, std::string password,
                                          std::string client_ip) {
  auto address = auth::normalize_email(new_email);
  if (!address) co_return address.error();
  if (*address == p.email) co_return core::invalid("same_email", "That is already your email address");
  if (!options_.mail) co_return no_mail();
  auto user = co_await check_password(p, std::move(password), std::move(client_ip));
  if (!user) co_return user.error();
  auto taken = co_await store_.find_user_by_email(*address);
  if (!taken) co_return taken.error();
  if (taken->has_value()) co_return core::conflict("email_taken", *address + " is already registered");
  co_return co_await email_verify_link(*user, *address);
}

Task<void> Accounts::email_address_changed(const core::User& user, const std::string& old_email) {
  const auto now = clock_.now_seconds();
  mail::MailMessage m{options_.mail_from, {user.name, old_email}, "Your TicketWar email address was changed",
                      "email-changed-" + std::to_string(user.id) + "-" + std::to_string(now) + "@ticketwar", now};
  m.text = mail::hello(user.name) + "Your TicketWar account now uses " + user.email + " instead of this address. " +
           "Your tickets and orders moved with it.\n\nIf this was not you, reply to this email straight away.\n";
  // The address is changed either way: a notice that cannot be sent is logged, not an error.
  if (auto st = co_await options_.mail->send(std::move(m)); !st) log_problem("address change notice not sent", st.error());
}

}  // namespace tw::services
