#include "services/receipts.h"

#include "core/iso_time.h"
#include "core/currency.h"
#include "core/show_cancellation.h"

namespace tw::services {
namespace {

// An amount of the show's currency, as people read it: "£89.00", "₩133,500".
std::string money(const EventWithMap& e, core::Cents c) {
  return core::money_text(c, core::currency_or_default(e.listing.event.currency));
}

std::string seat_line(const EventWithMap& e, const core::TicketRecord& t) {
  const auto& map = *e.seat_map;
  if (t.seat_index >= 0 && t.seat_index < map.seat_count()) return map.label(t.seat_index);
  return t.seat_id;
}

std::string event_lines(const EventWithMap& e) {
  const auto& ev = e.listing.event;
  return ev.name + "\n" + core::format_for_people(ev.starts_at) + " \u00b7 " + ev.venue + "\n";
}

}  // namespace

Receipts::Receipts(store::BookingStore& booking, store::AccountStore& accounts, Catalog& catalog,
                   TicketDesk& tickets, mail::MailTransport& transport, const core::Clock& clock,
                   ReceiptsOptions options)
    : booking_(booking),
      accounts_(accounts),
      catalog_(catalog),
      tickets_(tickets),
      transport_(transport),
      clock_(clock),
      options_(std::move(options)) {}

Task<core::Status> Receipts::handle(const std::vector<events::DecodedEvent>& batch) {
  for (const auto& e : batch) {
    if (sent_before(e.logged.sequence)) continue;
    if (auto st = co_await send_for(e); !st) co_return st;
    std::lock_guard lock(mu_);
    sent_before_failure_.insert(e.logged.sequence);
  }
  // What this batch covered is done; what a failed batch sent beyond it stays remembered, since
  // the dispatcher may offer those events again one at a time.
  std::lock_guard lock(mu_);
  std::erase_if(sent_before_failure_, [&](std::int64_t s) { return s <= batch.back().logged.sequence; });
  co_return core::Ok{};
}

bool Receipts::sent_before(std::int64_t sequence) {
  std::lock_guard lock(mu_);
  return sent_before_failure_.contains(sequence);
}

Task<core::Status> Receipts::send_for(const events::DecodedEvent& e) {
  const auto& event = e.event;
  if (const auto* paid = std::get_if<events::PaymentProcessed>(&event)) {
    if (paid->state != core::PaymentState::kApproved || paid->order_id.empty()) co_return core::Ok{};
    co_return co_await deliver(co_await confirmation(paid->order_id));
  }
  if (const auto* cancelled = std::get_if<events::TicketCancelled>(&event)) {
    // A ticket cancelled with its show is in the person's one notice of the show's cancellation.
    if (cancelled->reason == core::kShowCancelledRefund) co_return core::Ok{};
    co_return co_await deliver(co_await cancellation_notice(*cancelled));
  }
  if (const auto* notice = std::get_if<events::CancellationNotice>(&event)) {
    co_return co_await deliver(co_await show_cancelled_notice(*notice));
  }
  if (const auto* moved = std::get_if<events::ShowMoved>(&event)) {
    co_return co_await tell_holders(*moved, e.logged.sequence);
  }
  co_return core::Ok{};
}

Task<core::Status> Receipts::deliver(core::Result<mail::MailMessage> message) {
  if (!message) co_return message.error();
  co_return co_await transport_.send(std::move(message).value());
}

Task<core::Result<Receipts::Addressee>> Receipts::addressee(std::int64_t user_id, std::int64_t event_id,
                                                            std::string about) {
  auto who = co_await accounts_.find_user(user_id);
  if (!who) co_return who.error();
  if (!who->has_value()) co_return core::not_found("user_not_found", "No account for " + about);
  auto event = co_await catalog_.find_cached_by_id(event_id);
  if (!event) co_return event.error();
  co_return Addressee{std::move(**who), std::move(event).value()};
}

mail::MailMessage Receipts::message_to(const core::User& who, std::string subject, const std::string& about) const {
  return {options_.from, {who.name, who.email}, std::move(subject), about + "@ticketwar", clock_.now_ms() / 1000};
}

Task<core::Result<mail::MailMessage>> Receipts::confirmation(std::string order_id) {
  auto order = co_await booking_.find_order(order_id);
  if (!order) co_return order.error();
  if (!order->has_value()) co_return core::not_found("order_not_found", "No order " + order_id);
  const auto& o = **order;
  auto to = co_await addressee(o.user_id, o.event_id, "order " + o.id);
  if (!to) co_return to.error();
  const auto& [who, event] = *to;
  auto m = message_to(who, "Your tickets for " + event.listing.event.name, "receipt-" + o.id);
  std::string text = mail::hello(who.name) + "Thank you for your order. Your tickets are attached: " +
                     "show each one's QR code at the gate, on your phone or printed.\n\n" + event_lines(event) +
                     "\nOrder " + o.id + "\n\n";
  std::string calendar_ticket;  // a ticket the buyer still holds, for the calendar link
  for (const auto& t : o.tickets) {
    text += "  " + seat_line(event, t) + "   " + money(event, t.price) + " + " + money(event, t.fee) + " fee";
    if (t.user_id != o.user_id) {
      // Given away before this receipt was written: its code is the new holder's, not the buyer's.
      text += "   (transferred to another account)\n";
      continue;
    }
    text += "\n";
    if (calendar_ticket.empty()) calendar_ticket = t.id;
    auto png = co_await tickets_.holder_image_png(t, o.user_id, who.name);
    if (!png) co_return png.error();
    m.attachments.push_back({"ticket-" + t.seat_id + ".png", "image/png", **png});
  }
  text += "\nTickets  " + money(event, o.subtotal) + "\nFees     " + money(event, o.fee) + "\nTotal    " + money(event, o.total) +
          "\n\nYour tickets are also at " + options_.site_url + "/tickets\n";
  if (!calendar_ticket.empty()) {
    text += "Print them (PDF): " + options_.site_url + "/api/orders/" + o.id + "/tickets.pdf\n" +
            "Add the show to your calendar: " + options_.site_url + "/api/tickets/" + calendar_ticket + "/event.ics\n";
  }
  m.text = std::move(text);
  co_return m;
}

Task<core::Result<mail::MailMessage>> Receipts::cancellation_notice(const events::TicketCancelled& c) {
  auto to = co_await addressee(c.user_id, c.event_id, "ticket " + c.ticket_id);
  if (!to) co_return to.error();
  const auto& [who, event] = *to;
  auto ticket = co_await tickets_.ticket(c.ticket_id, Viewer{c.user_id, false});
  const auto seat = ticket ? seat_line(event, *ticket) : c.seat_id;
  auto m = message_to(who, "Ticket cancelled: " + event.listing.event.name, "cancelled-" + c.ticket_id);
  m.text = mail::hello(who.name) + "Your ticket for " + seat + " has been cancelled by the organiser.\n\n" +
           event_lines(event) + "\nA refund of " + money(event, c.refund_cents) +
           " goes back to the card you paid with; it can take a few days to show.\n\nOrder " + c.order_id + "\n";
  co_return m;
}

Task<core::Result<mail::MailMessage>> Receipts::show_cancelled_notice(const events::CancellationNotice& n) {
  const auto about = "show-cancelled-" + std::to_string(n.event_id) + "-" + std::to_string(n.user_id);
  auto to = co_await addressee(n.user_id, n.event_id, about);
  if (!to) co_return to.error();
  const auto& [who, event] = *to;
  auto seats = co_await tickets_.cancelled_for(n.event_id, n.user_id);
  if (!seats) co_return seats.error();
  const auto& show = event.listing.event;
  auto m = message_to(who, "Cancelled: " + show.name, about);
  std::string text = mail::hello(who.name) + "We are sorry: the organiser has cancelled this show.\n\n" +
                     event_lines(event);
  if (!show.cancel_reason.empty()) text += "\n" + show.cancel_reason + "\n";
  text += "\nYour tickets for it are cancelled:\n";
  core::Cents yours = 0;
  for (const auto& s : *seats) {
    text += "  " + seat_line(event, s.ticket) + "   ";
    if (s.paid_by == n.user_id) {
      text += money(event, s.refund) + " refunded";
      yours += s.refund;
    } else {
      text += "refunded to the person who bought it";
    }
    text += "\n";
  }
  if (yours > 0) {
    text += "\n" + money(event, yours) + " in all goes back to the card you paid with: it can take a few days to show.\n";
  }
  m.text = std::move(text) + "\nYou do not need to do anything.\n";
  co_return m;
}

Task<core::Status> Receipts::tell_holders(const events::ShowMoved& moved, std::int64_t sequence) {
  auto tickets = co_await tickets_.tickets_of_event(moved.event_id);
  if (!tickets) co_return tickets.error();
  std::set<std::int64_t> holders;
  for (const auto& t : *tickets) {
    if (t.status == core::TicketStatus::kConfirmed) holders.insert(t.user_id);
  }
  for (const auto user_id : holders) {
    const auto about = "show-moved-" + std::to_string(sequence) + "-" + std::to_string(user_id);
    auto to = co_await addressee(user_id, moved.event_id, about);
    if (!to && to.error().kind == core::ErrorKind::kNotFound) continue;  // the account is gone
    if (!to) co_return to.error();
    const auto& [who, event] = *to;
    auto m = message_to(who, "Changed: " + event.listing.event.name, about);
    // From the event, not the catalogue's copy of it (which may be a moment older than the change).
    std::string text = mail::hello(who.name) + "The organiser has moved " + event.listing.event.name +
                       ", which you have tickets for.\n\n";
    if (moved.starts_before != moved.starts_after) {
      const auto before = core::parse_iso8601(moved.starts_before);
      const auto after = core::parse_iso8601(moved.starts_after);
      text += "When: " + (after ? core::format_for_people(*after) : moved.starts_after) + " (was " +
              (before ? core::format_for_people(*before) : moved.starts_before) + ")\n";
    }
    if (moved.venue_before != moved.venue_after) {
      text += "Where: " + moved.venue_after + " (was " + moved.venue_before + ")\n";
    }
    m.text = std::move(text) + "\nYour tickets stay valid for the new date and place. See them at " + options_.site_url + "/tickets\n";
    if (auto st = co_await deliver(std::move(m)); !st) co_return st;
  }
  co_return core::Ok{};
}

}  // namespace tw::services
