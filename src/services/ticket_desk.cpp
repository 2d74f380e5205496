#include "services/ticket_desk.h"

#include <algorithm>
#include <ctime>

#include "core/iso_time.h"
#include "core/currency.h"
#include "events/event_codec.h"
#include "tickets/qr_code.h"
#include "tickets/calendar_entry.h"
#include "tickets/ticket_image.h"
#include "tickets/ticket_pdf.h"

namespace tw::services {

using core::Result;

namespace {

// A ticket that cannot be used any more carries a word instead of its QR code.
std::string stamp_for(core::TicketStatus status) {
  if (status == core::TicketStatus::kCancelled) return "CANCELLED";
  if (status == core::TicketStatus::kUsed) return "USED";
  return {};
}

// The ticket as drawn. Only the holder's copy carries the code; anyone else's (an admin
// looking) is stamped as not valid.
tickets::TicketArt art_for(const core::TicketRecord& t, const EventWithMap& e, const std::string& holder,
                           std::string code, bool holder_copy) {
  const auto& ev = e.listing.event;
  tickets::TicketArt a{ev.name,
                       ev.artist,
                       ev.venue,
                       core::format_for_people(ev.starts_at),
                       t.seat_id,
                       "",
                       "",
                       "",
                       core::money_text(t.total, core::currency_or_default(ev.currency)),
                       holder,
                       t.id,
                       std::move(code),
                       ev.color.empty() ? "#4F46E5" : ev.color,
                       stamp_for(t.status)};
  if (t.seat_index >= 0 && t.seat_index < e.seat_map->seat_count()) {
    const auto seat = e.seat_map->seat(t.seat_index);
    a.section = seat.section->spec.name;
    a.row = seat.row->label;
    a.seat = std::to_string(seat.number);
    a.tier = core::tier_display_name(seat.section->spec.tier);
  }
  if (!holder_copy && a.stamp.empty()) a.stamp = "NOT VALID";
  return a;
}

// Not a coroutine: the lambda is built here, outside any co_await expression (g++ 12 mis-copies
// lambda temporaries with captures inside one).
Task<Result<std::string>> render_on(WorkerPool& pool, tickets::TicketArt art) {
  return pool.run([art = std::move(art)] { return tickets::render_ticket_png(art); });
}

Task<Result<std::string>> print_on(WorkerPool& pool, std::vector<tickets::TicketArt> pages, std::string title) {
  return pool.run([pages = std::move(pages), title = std::move(title)] {
    return tickets::render_tickets_pdf(pages, title);
  });
}

// "Section 101, row C, seat 7 (Standard)", from the drawing's words.
std::string seat_words(const tickets::TicketArt& a) {
  if (a.row.empty()) return a.section;
  return "Section " + a.section + ", row " + a.row + ", seat " + a.seat + " (" + a.tier + ")";
}

}  // namespace

TicketDesk::TicketDesk(store::TicketStore& tickets, store::AccountStore& accounts, Catalog& catalog,
                       SeatKeeper& seats, TicketKeys& keys, WorkerPool& pool, const core::Clock& clock,
                       std::size_t image_cache_bytes, std::string site_url)
    : store_(tickets),
      accounts_(accounts),
      catalog_(catalog),
      seats_(seats),
      keys_(keys),
      pool_(pool),
      clock_(clock),
      image_cache_bytes_(image_cache_bytes),
      site_url_(std::move(site_url)) {}

Task<Result<std::vector<core::TicketRecord>>> TicketDesk::tickets_of(std::int64_t user_id) {
  co_return co_await store_.tickets_of(user_id);
}

Task<Result<std::vector<core::SoldTicket>>> TicketDesk::find_sold(core::SoldTicketQuery query) {
  co_return co_await store_.find_sold_tickets(std::move(query));
}

Task<Result<std::vector<core::TicketRecord>>> TicketDesk::tickets_of_event(std::int64_t event_id) {
  co_return co_await store_.tickets_of_event(event_id);
}

Task<Result<std::vector<core::CancelledSeat>>> TicketDesk::cancelled_for(std::int64_t event_id, std::int64_t user_id) {
  co_return co_await store_.cancelled_tickets_for(event_id, user_id);
}

Task<Result<core::TicketRecord>> TicketDesk::ticket(std::string id, Viewer viewer) {
  auto found = co_await store_.find_ticket(std::move(id));
  if (!found) co_return found.error();
  if (!found->has_value() || (!viewer.admin && (*found)->user_id != viewer.user_id)) {
    co_return core::not_found("ticket_not_found", "No such ticket");
  }
  co_return std::move(**found);
}

std::string TicketDesk::code_for(const core::TicketRecord& t) const {
  if (t.status != core::TicketStatus::kConfirmed) return {};
  auto code = keys_.code_for(t);
  return code ? *code : std::string();
}

namespace {

// A drawing's cache key: the ticket as drawn (its state and code) and whose copy it is.
std::string image_key(const core::TicketRecord& t, bool holder_copy) {
  return t.id + "|" + core::state_name(t.status) + "|" + std::to_string(t.code_issued_ms) +
         (holder_copy ? "|holder" : "|copy");
}

}  // namespace

Task<Result<std::shared_ptr<const std::string>>> TicketDesk::image_png(std::string id, Viewer viewer) {
  auto t = co_await ticket(std::move(id), viewer);
  if (!t) co_return t.error();
  // Someone else's ticket (an admin looking) is drawn without its code, stamped as a copy.
  const bool holder_copy = t->user_id == viewer.user_id;
  const auto key = image_key(*t, holder_copy);
  if (auto kept = kept_image(key)) co_return kept;
  auto name = co_await holder_name(t->user_id);
  if (!name) co_return name.error();
  co_return co_await draw(key, *t, *name, holder_copy);
}

Task<Result<std::string>> TicketDesk::holder_name(std::int64_t user_id) {
  auto holder = co_await accounts_.find_user(user_id);
  if (!holder) co_return holder.error();
  // A named local, not a temporary, across the co_await: built with GCC 12 a conditional's
  // temporary here was freed wrongly (AddressSanitizer: bad-free).
  std::string name = holder->has_value() ? (*holder)->name : std::string();
  co_return name;
}

Task<Result<std::string>> TicketDesk::pdf(std::string id, Viewer viewer) {
  auto t = co_await ticket(std::move(id), viewer);
  if (!t) co_return t.error();
  std::vector<core::TicketRecord> one{std::move(t).value()};
  co_return co_await print(std::move(one), viewer.user_id);
}

Task<Result<std::string>> TicketDesk::order_pdf(std::string order_id, std::int64_t user_id) {
  auto held = co_await store_.tickets_of(user_id);
  if (!held) co_return held.error();
  std::vector<core::TicketRecord> pages;
  for (auto& t : *held) {
    if (t.order_id == order_id && t.user_id == user_id && t.status != core::TicketStatus::kTransferred) {
      pages.push_back(std::move(t));
    }
  }
  if (pages.empty()) co_return core::not_found("order_not_found", "You hold no tickets from order " + order_id);
  std::sort(pages.begin(), pages.end(), [](const auto& a, const auto& b) { return a.seat_index < b.seat_index; });
  co_return co_await print(std::move(pages), user_id);
}

Task<Result<std::string>> TicketDesk::print(std::vector<core::TicketRecord> tickets, std::int64_t viewer_id) {
  std::vector<tickets::TicketArt> pages;
  std::string title;
  for (const auto& t : tickets) {
    auto event = co_await catalog_.find_cached_by_id(t.event_id);
    if (!event) co_return event.error();
    auto name = co_await holder_name(t.user_id);
    if (!name) co_return name.error();
    const bool holder_copy = t.user_id == viewer_id;
    pages.push_back(art_for(t, *event, *name, holder_copy ? code_for(t) : std::string(), holder_copy));
    title = "Tickets: " + event->listing.event.name;
  }
  co_return co_await print_on(pool_, std::move(pages), std::move(title));
}

Task<Result<TicketFacts>> TicketDesk::holder_facts(std::string id, std::int64_t user_id) {
  auto t = co_await ticket(std::move(id), Viewer{user_id, false});
  if (!t) co_return t.error();
  co_return co_await facts_of_ticket(std::move(t).value());
}

Task<Result<TicketFacts>> TicketDesk::facts_of(std::string id) {
  auto t = co_await store_.find_ticket(std::move(id));
  if (!t) co_return t.error();
  if (!t->has_value()) co_return core::not_found("ticket_not_found", "No such ticket");
  co_return co_await facts_of_ticket(std::move(**t));
}

Task<Result<TicketFacts>> TicketDesk::facts_of_ticket(core::TicketRecord t) {
  auto event = co_await catalog_.find_cached_by_id(t.event_id);
  if (!event) co_return event.error();
  auto name = co_await holder_name(t.user_id);
  if (!name) co_return name.error();
  auto art = art_for(t, *event, *name, code_for(t), true);
  co_return TicketFacts{std::move(t), std::move(event).value(), std::move(art)};
}

Task<Result<std::string>> TicketDesk::calendar(std::string id, Viewer viewer) {
  auto t = co_await ticket(std::move(id), viewer);
  if (!t) co_return t.error();
  auto event = co_await catalog_.find_cached_by_id(t->event_id);
  if (!event) co_return event.error();
  const auto& ev = event->listing.event;
  const auto art = art_for(*t, *event, "", "", true);
  tickets::CalendarEntry entry{
      .uid = "ticket-" + t->id + "@ticketwar",
      .summary = ev.artist.empty() || ev.name.find(ev.artist) != std::string::npos ? ev.name
                                                                                   : ev.artist + ": " + ev.name,
      .location = ev.venue,
      .description = seat_words(art) + ".\nTicket " + t->id + ", order " + t->order_id + ".",
      .url = site_url_.empty() ? std::string() : site_url_ + "/tickets/" + t->id,
      .starts_at = ev.starts_at,
      .stamp_utc_seconds = clock_.now_ms() / 1000,
      .modified_utc_seconds = ev.updated_at,
      .cancelled = t->status == core::TicketStatus::kCancelled};
  if (!entry.url.empty()) entry.description += "\nYour ticket: " + entry.url;
  co_return tickets::to_icalendar(entry);
}

Task<Result<std::shared_ptr<const std::string>>> TicketDesk::holder_image_png(core::TicketRecord t,
                                                                             std::int64_t holder_id,
                                                                             std::string holder_name) {
  // Given away meanwhile: its code is someone else's now (as image_png answers a non-holder).
  if (t.user_id != holder_id) co_return core::not_found("ticket_not_found", "No such ticket");
  const auto key = image_key(t, true);
  if (auto kept = kept_image(key)) co_return kept;
  co_return co_await draw(key, t, holder_name, true);
}

std::shared_ptr<const std::string> TicketDesk::kept_image(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = images_.find(key);
  return it == images_.end() ? nullptr : it->second;
}

Task<Result<std::shared_ptr<const std::string>>> TicketDesk::draw(std::string key, const core::TicketRecord& t,
                                                                 const std::string& holder, bool holder_copy) {
  auto event = co_await catalog_.find_cached_by_id(t.event_id);
  if (!event) co_return event.error();
  auto art = art_for(t, *event, holder, holder_copy ? code_for(t) : std::string(), holder_copy);
  auto png = co_await render_on(pool_, std::move(art));
  if (!png) co_return png.error();
  auto shared = std::make_shared<const std::string>(std::move(png).value());
  std::lock_guard lock(mu_);
  if (shared->size() > image_cache_bytes_) co_return shared;
  if (image_bytes_ + shared->size() > image_cache_bytes_) {  // start over: the newest are the likeliest wanted
    images_.clear();
    image_bytes_ = 0;
  }
  if (auto [it, added] = images_.try_emplace(key, shared); added) image_bytes_ += shared->size();
  co_return shared;
}

std::size_t TicketDesk::cached_image_bytes() {
  std::lock_guard lock(mu_);
  return image_bytes_;
}

Task<Result<std::string>> TicketDesk::qr_svg(std::string id, std::int64_t user_id) {
  auto t = co_await ticket(std::move(id), Viewer{user_id, false});
  if (!t) co_return t.error();
  const auto code = code_for(*t);
  if (code.empty()) {
    co_return core::conflict(
        "ticket_not_valid", std::string("A ") + core::state_name(t->status) + " ticket has no code to scan");
  }
  co_return tickets::qr_svg(code);  // a few hundred modules: cheaper than a hop to the pool
}

Task<Result<core::TicketRecord>> TicketDesk::give(std::string id, std::int64_t from_user, std::int64_t receiver) {
  auto t = co_await ticket(std::move(id), Viewer{from_user, false});
  if (!t) co_return t.error();
  if (receiver == from_user) co_return core::invalid("transfer_to_self", "This ticket is already yours");
  if (t->status != core::TicketStatus::kConfirmed) {
    co_return core::conflict("not_transferable", "Only your own confirmed, unused ticket can be transferred");
  }
  // The receiver's ticket limit is checked, and the seat counted as theirs, in the inventory's
  // atomic step, so a gift racing their own holds cannot take them past it together.
  if (auto st = co_await seats_.give_seat(*t, receiver); !st) co_return st.error();
  const auto now = clock_.now_ms();
  std::vector<core::OutboxMessage> messages{events::to_outbox_message(
      events::TicketTransferred{t->id, t->event_id, t->seat_id, from_user, receiver, now})};
  core::TransferRecord change{t->id, from_user, receiver, now};
  if (auto st = co_await store_.transfer_ticket(std::move(change), std::move(messages)); !st) {
    co_await seats_.undo_give_seat(*t, receiver);
    co_return st.error();
  }
  t->user_id = receiver;
  t->code_issued_ms = now;
  co_return std::move(t).value();
}

}  // namespace tw::services
