#pragma once
// TicketOffers: sending a ticket to anyone by email. To an address with an account the ticket
// moves at once (TicketDesk::give); to one without, the address gets a claim link and the ticket
// stays the sender's (its code still works) until someone signed in follows the link, under
// whatever account they have or make. Until then the sender may cancel. Claiming is a transfer:
// the old code dies at that moment and the receiver's per-person ticket limit applies.
#include <optional>
#include <string>

#include "core/clock.h"
#include "mail/mail_transport.h"
#include "services/ticket_desk.h"
#include "store/account_store.h"
#include "store/ticket_store.h"

namespace tw::services {

// What POST /api/tickets/{id}/transfer did.
struct Sent {
  core::TicketRecord ticket;
  std::optional<core::TicketOffer> offer;  // set when it waits to be claimed; else it moved
};

// What a claim link shows before it is claimed.
struct OfferView {
  core::TicketOffer offer;
  bool expired = false;
  TicketFacts facts;       // the ticket as its sender holds it (no code)
  std::string from_name;   // the sender's first name
};

struct TicketOffersOptions {
  std::string site_url = "http://127.0.0.1:8080";  // the claim page is under it
  std::int64_t link_seconds = 14 * 24 * 3600;
  mail::Mailbox mail_from{"TicketWar", "tickets@ticketwar.local"};
};

class TicketOffers {
 public:
  // `mail` null: offers cannot be sent (only accounts can receive tickets).
  TicketOffers(store::TicketStore& tickets, store::AccountStore& accounts, TicketDesk& desk,
               mail::MailTransport* mail, const core::Clock& clock, TicketOffersOptions options = {});

  // Sends the sender's confirmed ticket to `to_email`: moved now when an enabled account uses
  // it, else offered by a claim link. kNotFound "ticket_not_found"; kInvalid "transfer_to_self";
  // kConflict "not_transferable" or "transfer_pending"; as TicketDesk::give for the move.
  Task<core::Result<Sent>> send(std::string ticket_id, std::int64_t from_user, std::string to_email);
  // The sender's open offer of this ticket, if any (the ticket page shows it).
  Task<core::Result<std::optional<core::TicketOffer>>> pending(std::string ticket_id, std::int64_t from_user);
  // Takes the offer back. kNotFound "no_pending_transfer".
  Task<core::Status> cancel(std::string ticket_id, std::int64_t from_user);
  // kNotFound "claim_link_unknown".
  Task<core::Result<OfferView>> view(std::string token);
  // Moves the ticket to `user`. kNotFound "claim_link_unknown"; kConflict "claim_link_used",
  // "claim_link_cancelled", "claim_link_expired", "not_transferable" (the sender no longer holds
  // it as a valid ticket); kInvalid "transfer_to_self"; kUnprocessable "ticket_limit".
  Task<core::Result<core::TicketRecord>> claim(std::string token, std::int64_t user);

 private:
  Task<core::Result<Sent>> offer(core::TicketRecord ticket, std::string to_email);
  // kNotFound "claim_link_unknown" for a token that names no offer.
  Task<core::Result<core::TicketOffer>> find_offer(const std::string& token);
  // find_offer, and kConflict when the offer can no longer be claimed.
  Task<core::Result<core::TicketOffer>> open_offer(const std::string& token);
  // Cancels the ticket's open offer when it was made by someone who no longer holds it.
  Task<void> close_stale(const std::string& ticket_id, std::int64_t holder);

  store::TicketStore& tickets_;
  store::AccountStore& accounts_;
  TicketDesk& desk_;
  mail::MailTransport* mail_;
  const core::Clock& clock_;
  TicketOffersOptions options_;
};

}  // namespace tw::services
