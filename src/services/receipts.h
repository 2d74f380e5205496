#pragma once
// Receipts: the consumer of the event log that emails buyers. An approved payment's order gets
// one confirmation (event, date, venue, each seat as people read it, totals, and every ticket's
// PNG with its QR code attached); a cancelled ticket gets a notice with its refund; a cancelled
// show one notice per person, listing their tickets and refunds; a moved show one notice per
// ticket holder, with what changed. Messages leave through the MailTransport port: .eml files in
// var/mail by default, SMTP with --smtp.
//
// Each message's id is made from what it is about ("receipt-<order>", "cancelled-<ticket>",
// "show-cancelled-<event>-<user>", "show-moved-<log sequence>-<user>"),
// so a repeat is recognisable: the directory keeps one file, mail clients show one message. A
// batch retried in this process skips what it already sent; after a crash the last messages
// may be sent again (at least once).
//
// It lives in services rather than events because it needs the ticket desk (codes, images) and
// the catalogue, which the events layer sits under.
#include <mutex>
#include <set>
#include <string>

#include "events/consumer.h"
#include "mail/mail_transport.h"
#include "services/catalog.h"
#include "services/ticket_desk.h"
#include "store/account_store.h"
#include "store/booking_store.h"

namespace tw::services {

struct ReceiptsOptions {
  mail::Mailbox from{"TicketWar", "tickets@ticketwar.local"};
  std::string site_url = "http://127.0.0.1:8080";  // for links in the messages
};

class Receipts final : public events::Consumer {
 public:
  Receipts(store::BookingStore& booking, store::AccountStore& accounts, Catalog& catalog, TicketDesk& tickets,
           mail::MailTransport& transport, const core::Clock& clock, ReceiptsOptions options = {});

  std::string_view name() const override { return "receipts"; }
  Task<core::Status> handle(const std::vector<events::DecodedEvent>& batch) override;

  // The confirmation of an order, as it will be sent.
  Task<core::Result<mail::MailMessage>> confirmation(std::string order_id);

 private:
  // Who a message goes to and the show it is about; kNotFound when the account is gone.
  struct Addressee {
    core::User who;
    EventWithMap event;
  };
  Task<core::Result<Addressee>> addressee(std::int64_t user_id, std::int64_t event_id, std::string about);
  // A message to `who`, its id made from `about` ("receipt-<order>", "cancelled-<ticket>").
  mail::MailMessage message_to(const core::User& who, std::string subject, const std::string& about) const;
  Task<core::Status> send_for(const events::DecodedEvent& e);
  bool sent_before(std::int64_t sequence);
  Task<core::Status> deliver(core::Result<mail::MailMessage> message);
  Task<core::Result<mail::MailMessage>> cancellation_notice(const events::TicketCancelled& c);
  Task<core::Result<mail::MailMessage>> show_cancelled_notice(const events::CancellationNotice& n);
  Task<core::Status> tell_holders(const events::ShowMoved& moved, std::int64_t sequence);

  store::BookingStore& booking_;
  store::AccountStore& accounts_;
  Catalog& catalog_;
  TicketDesk& tickets_;
  mail::MailTransport& transport_;
  const core::Clock& clock_;
  ReceiptsOptions options_;
  // Events of a batch that failed part-way which were sent already: the batch comes again (in any
  // order, with the Redis streams; or one event at a time) and they are not sent twice. Forgotten
  // once a batch reaching past them completes. Guarded by mu_: the consumer's loop and an admin's
  // retry of a dead letter (one event the loop has passed) may handle events at once.
  std::mutex mu_;
  std::set<std::int64_t> sent_before_failure_;
};

}  // namespace tw::services
