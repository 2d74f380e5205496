#include "services/ticket_offers.h"

#include "async/log.h"
#include "auth/credentials.h"
#include "auth/session_token.h"

namespace tw::services {
namespace {

using core::OfferState;
using core::Result;

core::Error claim_link_unknown() {
  return core::not_found("claim_link_unknown", "This ticket link is not one we sent");
}

core::Error no_pending_transfer() {
  return core::not_found("no_pending_transfer", "This ticket is not waiting to be claimed");
}

// Why a link that was sent can no longer be claimed.
core::Status still_open(const core::TicketOffer& o, std::int64_t now) {
  if (o.state == OfferState::kClaimed) return core::conflict("claim_link_used", "This ticket was already claimed");
  if (o.state == OfferState::kCancelled) {
    return core::conflict("claim_link_cancelled", "The sender took this ticket back before it was claimed");
  }
  if (o.expires_at <= now) {
    return core::conflict("claim_link_expired", "This ticket link has expired; ask the sender to send it again");
  }
  return core::Ok{};
}

std::string seat_words(const tickets::TicketArt& a) {
  return "Section " + a.section + ", Row " + a.row + ", Seat " + a.seat;
}

}  // namespace

TicketOffers::TicketOffers(store::TicketStore& tickets, store::AccountStore& accounts, TicketDesk& desk,
                           mail::MailTransport* mail, const core::Clock& clock, TicketOffersOptions options)
    : tickets_(tickets), accounts_(accounts), desk_(desk), mail_(mail), clock_(clock), options_(std::move(options)) {}

Task<Result<Sent>> TicketOffers::send(std::string ticket_id, std::int64_t from_user, std::string to_email) {
  // Ownership first: another's ticket is "not found" whatever the address.
  auto t = co_await desk_.ticket(std::move(ticket_id), Viewer{from_user, false});
  if (!t) co_return t.error();
  auto email = auth::normalize_email(to_email);
  if (!email) co_return email.error();
  auto to = co_await accounts_.find_user_by_email(*email);
  if (!to) co_return to.error();
  if (to->has_value() && !(*to)->disabled) {
    auto moved = co_await desk_.give(t->id, from_user, (*to)->id);
    if (!moved) co_return moved.error();
    co_await close_stale(moved->id, moved->user_id);  // a link the sender sent before is void now
    co_return Sent{std::move(moved).value(), std::nullopt};
  }
  if (to->has_value()) co_return core::not_found("recipient_not_found", "No TicketWar account uses " + *email);
  co_return co_await offer(std::move(t).value(), std::move(*email));
}

Task<Result<Sent>> TicketOffers::offer(core::TicketRecord ticket, std::string to_email) {
  if (!mail_) co_return core::unavailable("no_mail", "This site cannot send email, so tickets go to accounts only");
  if (ticket.status != core::TicketStatus::kConfirmed) {
    co_return core::conflict("not_transferable", "Only your own confirmed, unused ticket can be transferred");
  }
  auto facts = co_await desk_.facts_of(ticket.id);
  if (!facts) co_return facts.error();
  auto sender = co_await accounts_.find_user(ticket.user_id);
  if (!sender) co_return sender.error();
  const auto from_name = sender->has_value() ? (*sender)->name : std::string("A TicketWar fan");
  co_await close_stale(ticket.id, ticket.user_id);
  const auto token = auth::new_session_token();
  const auto now = clock_.now_seconds();
  core::TicketOffer o{auth::token_hash(token), ticket.id, ticket.user_id, to_email, now,
                      now + options_.link_seconds};
  if (auto st = co_await tickets_.create_ticket_offer(o); !st) co_return st.error();
  const auto& art = facts->art;
  mail::MailMessage m{options_.mail_from, {"", to_email}, from_name + " sent you a ticket for " + art.event_name,
                      "ticket-offer-" + o.token_hash.substr(0, 16) + "@ticketwar", now};
  m.text = "Hello,\n\n" + from_name + " sent you a ticket on TicketWar:\n\n" + art.event_name + "\n" + art.when +
           " \u00b7 " + art.venue + "\n" + seat_words(art) + "\n\nTo claim it, open this link within " +
           std::to_string(options_.link_seconds / 86400) + " days and sign in, or create an account (free):\n\n" +
           options_.site_url + "/claim?token=" + token +
           "\n\nOnce you claim it the ticket is yours, with a new code, and the sender's copy stops working.\n";
  if (auto st = co_await mail_->send(std::move(m)); !st) {
    // Without the email nobody can claim it: take the offer back and say so.
    co_await tickets_.move_ticket_offer(o.token_hash, OfferState::kOpen, OfferState::kCancelled, 0, now);
    co_return st.error();
  }
  co_return Sent{std::move(ticket), std::move(o)};
}

Task<void> TicketOffers::close_stale(const std::string& ticket_id, std::int64_t holder) {
  auto o = co_await tickets_.open_ticket_offer(ticket_id);
  if (!o || !o->has_value() || (*o)->from_user == holder) co_return;
  auto closed = co_await tickets_.move_ticket_offer((*o)->token_hash, OfferState::kOpen, OfferState::kCancelled, 0,
                                                    clock_.now_seconds());
  if (!closed) log_problem("stale ticket offer not closed", closed.error());
}

Task<Result<std::optional<core::TicketOffer>>> TicketOffers::pending(std::string ticket_id, std::int64_t from_user) {
  auto o = co_await tickets_.open_ticket_offer(std::move(ticket_id));
  if (!o) co_return o.error();
  if (!o->has_value() || (*o)->from_user != from_user) co_return std::optional<core::TicketOffer>();
  co_return o;
}

Task<core::Status> TicketOffers::cancel(std::string ticket_id, std::int64_t from_user) {
  auto o = co_await pending(std::move(ticket_id), from_user);
  if (!o) co_return o.error();
  if (!o->has_value()) co_return no_pending_transfer();
  auto moved = co_await tickets_.move_ticket_offer((*o)->token_hash, OfferState::kOpen, OfferState::kCancelled, 0,
                                                   clock_.now_seconds());
  if (!moved) co_return moved.error();
  if (!*moved) co_return no_pending_transfer();  // claimed a moment ago
  co_return core::Ok{};
}

Task<Result<core::TicketOffer>> TicketOffers::find_offer(const std::string& token) {
  if (!auth::looks_like_token(token)) co_return claim_link_unknown();
  auto o = co_await tickets_.find_ticket_offer(auth::token_hash(token));
  if (!o) co_return o.error();
  if (!o->has_value()) co_return claim_link_unknown();
  co_return std::move(**o);
}

Task<Result<OfferView>> TicketOffers::view(std::string token) {
  auto o = co_await find_offer(token);
  if (!o) co_return o.error();
  auto facts = co_await desk_.facts_of(o->ticket_id);
  if (!facts) co_return facts.error();
  auto sender = co_await accounts_.find_user(o->from_user);
  if (!sender) co_return sender.error();
  auto from = sender->has_value() ? mail::first_name((*sender)->name) : std::string();
  const bool expired = o->expires_at <= clock_.now_seconds();
  co_return OfferView{std::move(o).value(), expired, std::move(facts).value(), std::move(from)};
}

Task<Result<core::TicketOffer>> TicketOffers::open_offer(const std::string& token) {
  auto o = co_await find_offer(token);
  if (!o) co_return o.error();
  if (auto st = still_open(*o, clock_.now_seconds()); !st) co_return st.error();
  co_return o;
}

Task<Result<core::TicketRecord>> TicketOffers::claim(std::string token, std::int64_t user) {
  auto o = co_await open_offer(token);
  if (!o) co_return o.error();
  if (o->from_user == user) co_return core::invalid("transfer_to_self", "This ticket is already yours");
  const auto now = clock_.now_seconds();
  // Claimed first, so a cancellation or a second claim racing this one finds it gone; put back
  // if the move fails for a reason that may pass (a limit, a busy database).
  auto taken = co_await tickets_.move_ticket_offer(o->token_hash, OfferState::kOpen, OfferState::kClaimed, user, now);
  if (!taken) co_return taken.error();
  if (!*taken) {
    auto again = co_await open_offer(token);
    co_return again ? core::conflict("claim_link_used", "This ticket was already claimed") : again.error();
  }
  auto moved = co_await desk_.give(o->ticket_id, o->from_user, user);
  if (!moved) {
    const bool gone = moved.error().code == "not_transferable" || moved.error().code == "ticket_not_found";
    const auto back = gone ? OfferState::kCancelled : OfferState::kOpen;
    if (auto undo = co_await tickets_.move_ticket_offer(o->token_hash, OfferState::kClaimed, back, 0, gone ? now : 0);
        !undo) {
      log_problem("ticket offer not put back", undo.error());
    }
    co_return moved.error();
  }
  co_return moved;
}

}  // namespace tw::services
