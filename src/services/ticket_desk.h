#pragma once
// TicketDesk: what a ticket holder does with a ticket after buying it: see it with its signed
// code, download it as an image, give it to someone else. Another user's ticket is reported as
// not found, so ticket ids cannot be probed.
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "async/worker_pool.h"
#include "core/clock.h"
#include "services/seat_keeper.h"
#include "services/catalog.h"
#include "services/ticket_keys.h"
#include "store/account_store.h"
#include "store/ticket_store.h"
#include "tickets/ticket_image.h"

namespace tw::services {

struct Viewer {
  std::int64_t user_id = 0;
  bool admin = false;  // admins may see any ticket, but never its live code
};

// A ticket with its show and the words drawn on it (the seat as people read it, the holder).
struct TicketFacts {
  core::TicketRecord ticket;
  EventWithMap event;
  tickets::TicketArt art;  // the holder's copy: its code while the ticket can be used
};

class TicketDesk {
 public:
  // Drawn tickets are kept up to `image_cache_bytes` (a receipt draws each ticket it sends, ~55 KB
  // a ticket; kept by count, 1,024 of them had been some 56 MB of the server's memory).
  static constexpr std::size_t kImageCacheBytes = 8 << 20;
  TicketDesk(store::TicketStore& tickets, store::AccountStore& accounts, Catalog& catalog, SeatKeeper& seats,
             TicketKeys& keys, WorkerPool& pool, const core::Clock& clock,
             std::size_t image_cache_bytes = kImageCacheBytes, std::string site_url = {});

  // The user's tickets, and those they gave away (kTransferred), newest first.
  Task<core::Result<std::vector<core::TicketRecord>>> tickets_of(std::int64_t user_id);
  // Every ticket of an event, in seat order (admins and gate staff).
  Task<core::Result<std::vector<core::TicketRecord>>> tickets_of_event(std::int64_t event_id);
  // The tickets of a cancelled show that the user held or paid for, with their refunds.
  Task<core::Result<std::vector<core::CancelledSeat>>> cancelled_for(std::int64_t event_id, std::int64_t user_id);
  // Admins: tickets with their holders, found by buyer, order or ticket (core::SoldTicketQuery).
  Task<core::Result<std::vector<core::SoldTicket>>> find_sold(core::SoldTicketQuery query);

  // kNotFound "ticket_not_found" unless the viewer owns the ticket or is an admin.
  Task<core::Result<core::TicketRecord>> ticket(std::string id, Viewer viewer);
  // The signed code of a ticket that can still be used (confirmed), else empty.
  std::string code_for(const core::TicketRecord& t) const;
  // The ticket as a PNG (tickets::render_ticket_png), cached until the ticket changes. Only its
  // holder's copy carries the scannable code; an admin viewing someone else's ticket gets a
  // copy stamped as such, with no code on it.
  Task<core::Result<std::shared_ptr<const std::string>>> image_png(std::string id, Viewer viewer);
  // The holder's copy of a ticket already read, for the holder with this id and name (receipts:
  // an order's tickets, to its buyer), without reading the ticket and the holder again.
  // kNotFound "ticket_not_found" when the ticket is no longer theirs.
  Task<core::Result<std::shared_ptr<const std::string>>> holder_image_png(core::TicketRecord t,
                                                                          std::int64_t holder_id,
                                                                          std::string holder_name);
  // The ticket to print: a PDF page (tickets::render_tickets_pdf), the holder's with its code,
  // anyone else's (an admin) stamped as a copy.
  Task<core::Result<std::string>> pdf(std::string id, Viewer viewer);
  // Every ticket of an order that the user holds now (the buyer's, or one given to them), one
  // page each. kNotFound "order_not_found" when they hold none of it.
  Task<core::Result<std::string>> order_pdf(std::string order_id, std::int64_t user_id);
  // The ticket's show as an iCalendar file (tickets::to_icalendar); a cancelled ticket's entry
  // says the show is cancelled for them.
  Task<core::Result<std::string>> calendar(std::string id, Viewer viewer);
  // The user's own ticket with its facts (wallet passes). kNotFound "ticket_not_found" for
  // another's.
  Task<core::Result<TicketFacts>> holder_facts(std::string id, std::int64_t user_id);
  // A ticket's facts whoever holds it now (a wallet pass asking for its latest version).
  // kNotFound "ticket_not_found".
  Task<core::Result<TicketFacts>> facts_of(std::string id);
  // The bytes of the drawn tickets kept now (tests, tuning).
  std::size_t cached_image_bytes();
  // The QR code of the viewer's own ticket as an SVG, for the ticket page to show large. kNotFound
  // "ticket_not_found" for another's ticket (an admin included: the code is the holder's alone),
  // kConflict "ticket_not_valid" for one that can no longer be used.
  Task<core::Result<std::string>> qr_svg(std::string id, std::int64_t user_id);
  // Gives the viewer's confirmed ticket to the account `to_user` (TicketOffers::send finds it by
  // email, or sends a claim link): the ticket gets a new code and the old one stops working.
  // kInvalid "transfer_to_self", kConflict "not_transferable", kUnprocessable "ticket_limit"
  // when the receiver would hold more of the show's tickets than it allows one person.
  Task<core::Result<core::TicketRecord>> give(std::string id, std::int64_t from_user, std::int64_t to_user);

 private:
  // The tickets as PDF pages, each the holder's copy when `viewer_id` holds it.
  Task<core::Result<std::string>> print(std::vector<core::TicketRecord> tickets, std::int64_t viewer_id);
  Task<core::Result<TicketFacts>> facts_of_ticket(core::TicketRecord t);
  // The name of the ticket's holder, as drawn on it.
  Task<core::Result<std::string>> holder_name(std::int64_t user_id);
  // The drawing kept under `key`, or null.
  std::shared_ptr<const std::string> kept_image(const std::string& key);
  // Draws the ticket on the pool and keeps the drawing under `key`.
  Task<core::Result<std::shared_ptr<const std::string>>> draw(std::string key, const core::TicketRecord& t,
                                                              const std::string& holder, bool holder_copy);

  store::TicketStore& store_;
  store::AccountStore& accounts_;
  Catalog& catalog_;
  SeatKeeper& seats_;
  TicketKeys& keys_;
  WorkerPool& pool_;
  const core::Clock& clock_;
  const std::size_t image_cache_bytes_;
  const std::string site_url_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<const std::string>> images_;  // by id|status|code; guarded by mu_
  std::size_t image_bytes_ = 0;                                       // their sizes' sum; guarded by mu_
};

}  // namespace tw::services
