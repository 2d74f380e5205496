#include "services/seat_keeper.h"

#include <algorithm>

#include "async/log.h"
#include "core/error_codes.h"
#include "services/sale_messages.h"

namespace tw::services {
using core::HoldStatus;
using core::Result;
using core::Status;

core::Error over_ticket_limit(int limit, int user_seats) {
  return {core::ErrorKind::kUnprocessable, "ticket_limit",
          "This event allows " + std::to_string(limit) +
              " seats per person (accounts of one mailbox count together); you have " + std::to_string(user_seats) +
              " held or bought"};
}

SeatKeeper::SeatKeeper(store::BookingStore& store, inventory::Inventory& inventory, Catalog& catalog,
                       const core::Clock& clock, SeatKeeperOptions options)
    : store_(store),
      inventory_(inventory),
      catalog_(catalog),
      clock_(clock),
      options_(options),
      people_(store),
      answered_(options.max_answered_holds) {}

// What the database knows of an event's seats, for the inventory to be built from. The layout is
// read afresh, not from the catalogue's copy: in a cluster this server's copy may predate an
// organiser's new layout by a moment, and a shared inventory built from it would keep the old
// seats for every server.
Task<Result<inventory::EventSnapshot>> SeatKeeper::snapshot_of(std::int64_t event_id) {
  auto event = co_await catalog_.find_by_id(event_id);
  if (!event) co_return event.error();
  const auto& map = *event->seat_map;
  auto sold = co_await store_.sold_seats(event_id);
  if (!sold) co_return sold.error();
  auto holds = co_await store_.active_holds_of(event_id);
  if (!holds) co_return holds.error();
  // The inventory counts seats per person (services/people.h), not per account.
  std::vector<std::int64_t> accounts;
  accounts.reserve(sold->size() + holds->size());
  for (const auto& s : *sold) accounts.push_back(s.user_id);
  for (const auto& h : *holds) accounts.push_back(h.user_id);
  auto people = co_await people_.of(std::move(accounts));
  if (!people) co_return people.error();
  auto person = people->begin();
  inventory::EventSnapshot out{map.seat_count(), {}, {}};
  out.sold.reserve(sold->size());
  for (const auto& s : *sold) out.sold.push_back({s.seat_index, *person++});
  for (auto& h : *holds) out.holds.push_back({h.id, *person++, indexes_of(map, h.seat_ids), h.expires_at_ms});
  if (options_.blocks) {
    auto blocks = co_await options_.blocks->blocks_of(event_id);
    if (!blocks) co_return blocks.error();
    for (const auto& b : *blocks) out.sold.push_back({b.seat_index, core::kBlockedSeatOwner});
  }
  // Latest expiry first: where two active holds share a seat (a crash came after a lapsed hold's
  // seats were taken again, before its expiry was recorded), the seats went to the later one.
  std::sort(out.holds.begin(), out.holds.end(),
            [](const auto& a, const auto& b) { return a.expires_at_ms > b.expires_at_ms; });
  co_return out;
}

// Loads an event into the inventory the first time this process uses it (the inventory skips
// the load when it has the event already).
Task<Status> SeatKeeper::open(std::int64_t event_id) {
  {
    std::lock_guard lock(mu_);
    if (open_events_.count(event_id)) co_return core::Ok{};
  }
  auto load = [this, event_id] { return snapshot_of(event_id); };
  if (auto st = co_await inventory_.open_event(event_id, load); !st) co_return st;
  std::lock_guard lock(mu_);
  open_events_.insert(event_id);
  co_return core::Ok{};
}

void SeatKeeper::forget(std::int64_t event_id) {
  std::lock_guard lock(mu_);
  open_events_.erase(event_id);
}

// Runs an inventory call; when the inventory has lost the event (a shared inventory that
// restarted empty), opens it again from the database and runs the call once more.
template <class Call>
auto SeatKeeper::reopening(std::int64_t event_id, Call call) -> decltype(call()) {
  if (auto st = co_await open(event_id); !st) co_return st.error();
  auto first = co_await call();
  if (first || first.error().code != core::codes::kEventNotOpen) co_return first;
  forget(event_id);
  if (auto st = co_await open(event_id); !st) co_return st.error();
  co_return co_await call();
}

Task<Result<inventory::Availability>> SeatKeeper::availability(std::int64_t event_id) {
  co_return co_await reopening(event_id, [&] { return inventory_.availability(event_id); });
}

Task<Result<SeatsView>> SeatKeeper::seats(std::string slug) {
  auto event = co_await catalog_.find_cached(std::move(slug));
  if (!event) co_return event.error();
  const auto id = event->listing.event.id;
  auto seats = co_await availability(id);
  if (!seats) co_return seats.error();
  co_return SeatsView{id, std::move(seats).value()};
}

Task<Result<inventory::SeatCounts>> SeatKeeper::counts(std::int64_t event_id) {
  co_return co_await reopening(event_id, [&] { return inventory_.counts(event_id); });
}

Task<Status> SeatKeeper::count_live(core::EventListing& listing) {
  auto c = co_await counts(listing.event.id);
  if (!c) co_return c.error();
  listing.sold_seats = c->sold;
  listing.held_seats = c->held;
  co_return core::Ok{};
}

Task<Result<EventWithMap>> SeatKeeper::current_event(std::int64_t event_id) {
  auto event = co_await catalog_.find_cached_by_id(event_id);
  if (!event) co_return event.error();
  if (auto st = co_await count_live(event->listing); !st) co_return st.error();
  co_return event;
}

Task<Result<EventWithMap>> SeatKeeper::update_event(std::int64_t id, core::EventDraft draft, std::int64_t by_user,
                                                    std::optional<core::Layout> layout) {
  const bool new_layout = layout.has_value();
  if (new_layout) co_await answered_.wait_all();
  auto updated = co_await catalog_.update_event(id, std::move(draft), std::move(layout), by_user);
  if (!updated || !new_layout) co_return updated;
  forget(id);
  if (auto st = co_await inventory_.close_event(id); !st) co_return st.error();
  co_return updated;
}

Task<Status> SeatKeeper::reset_sales() {
  if (auto st = co_await store_.reset_tickets(); !st) co_return st;
  std::set<std::int64_t> open;
  {
    std::lock_guard lock(mu_);
    open.swap(open_events_);
  }
  for (auto id : open) {
    if (auto st = co_await inventory_.close_event(id); !st) co_return st;
  }
  co_return core::Ok{};
}

Task<Result<inventory::HoldOutcome>> SeatKeeper::hold(const inventory::HoldRequest& request) {
  co_return co_await reopening(request.event_id, [&] { return inventory_.hold(request); });
}

Task<Status> SeatKeeper::extend(std::int64_t event_id, const std::string& hold_id, std::int64_t until_ms) {
  co_return co_await reopening(event_id, [&] { return inventory_.extend(event_id, hold_id, until_ms); });
}

Task<Status> SeatKeeper::release(std::int64_t event_id, const std::string& hold_id) {
  co_return co_await reopening(event_id, [&] { return inventory_.release(event_id, hold_id); });
}

Task<Result<std::int64_t>> SeatKeeper::person_of(std::int64_t user_id) { co_return co_await people_.of(user_id); }

Task<Result<std::vector<inventory::ExpiredHold>>> SeatKeeper::take_expired(std::int64_t now_ms) {
  co_return co_await inventory_.take_expired(now_ms);
}

Task<Status> SeatKeeper::confirm_expired(std::vector<inventory::ExpiredHold> recorded) {
  co_return co_await inventory_.confirm_expired(std::move(recorded));
}

Task<Result<std::optional<core::HoldRecord>>> SeatKeeper::find_hold(const std::string& hold_id) {
  co_await answered_.wait(hold_id);
  co_return co_await store_.find_hold(hold_id);
}

Task<Status> SeatKeeper::record_expiry(const std::string& hold_id) {
  auto found = co_await find_hold(hold_id);
  if (!found) co_return found.error();
  if (!found->has_value() || (*found)->status != HoldStatus::kActive) co_return core::Ok{};
  auto h = std::move(**found);
  auto st = co_await store_.end_hold(h.id, HoldStatus::kExpired, seat_messages(HoldSeatsChange::kExpired, h));
  // A conflict means a checkout or a release got there first: nothing to announce.
  if (!st && st.error().code != core::codes::kHoldNotActive) co_return st;
  co_return core::Ok{};
}

Task<Result<core::HoldRecord>> SeatKeeper::hold_to_pay(std::int64_t user_id, const std::string& hold_id) {
  auto h = answered_.find(hold_id);
  if (!h) {
    auto found = co_await find_hold(hold_id);
    if (!found) co_return found.error();
    h = std::move(*found);
  }
  if (!h || h->user_id != user_id) co_return core::not_found("hold_not_found", "No such hold");
  co_return std::move(*h);
}

Task<Status> SeatKeeper::keep_for_payment(const core::HoldRecord& h, const EventWithMap& event) {
  const auto until = std::max(clock_.now_ms() + options_.checkout_grace_ms, h.expires_at_ms);
  if (h.status == HoldStatus::kActive || h.status == HoldStatus::kExpired) {
    auto st = co_await extend(h.event_id, h.id, until);
    if (st || st.error().kind != core::ErrorKind::kNotFound) co_return st;
  }
  // Taken again as a new hold would be: the account's other holds and tickets count, in the same
  // atomic step, so lapsed holds paid one after another cannot add up past the event's limit.
  const int limit = event.listing.event.ticket_limit;
  auto person = co_await people_.of(h.user_id);
  if (!person) co_return person.error();
  inventory::HoldRequest request{h.event_id, h.id, *person, indexes_of(*event.seat_map, h.seat_ids), until, limit};
  auto again = co_await hold(request);
  if (!again) co_return again.error();
  if (again->verdict == inventory::HoldVerdict::kOverLimit) co_return over_ticket_limit(limit, again->user_seats);
  if (!again->held()) {
    co_return core::conflict("hold_expired", "Your hold expired and someone else took the seats; nothing was charged");
  }
  co_return core::Ok{};
}

// After a committed change the seats must be counted by someone: when the person cannot be read
// (the database is down and the account not seen before), by the account itself.
Task<std::int64_t> SeatKeeper::person_or_self(std::int64_t user_id) {
  auto person = co_await people_.of(user_id);
  if (person) co_return *person;
  log_problem("person not read", person.error(), std::to_string(user_id));
  co_return user_id;
}

Task<void> SeatKeeper::sold(const core::OrderRecord& order) {
  std::vector<int> seats;
  for (const auto& t : order.tickets) seats.push_back(t.seat_index);
  const auto buyer = co_await person_or_self(order.user_id);
  auto st = co_await reopening(order.event_id,
                               [&] { return inventory_.sell(order.event_id, order.hold_id, buyer, seats); });
  // The sale is committed; the database's unique index keeps guarding the seats meanwhile.
  if (!st) log_problem("inventory sell failed", st.error(), order.id);
}

Task<void> SeatKeeper::payment_abandoned(std::int64_t event_id, const std::string& hold_id) {
  auto current = co_await find_hold(hold_id);
  if (!current) {
    log_problem("abandoned hold not read", current.error(), hold_id);
    co_return;
  }
  if (current->has_value() && (*current)->status == HoldStatus::kActive) {
    if ((*current)->expires_at_ms > clock_.now_ms()) co_return;
    if (auto st = co_await record_expiry(hold_id); !st) {
      log_problem("abandoned hold not expired", st.error(), hold_id);
      co_return;
    }
  }
  auto st = co_await release(event_id, hold_id);
  if (!st && st.error().kind != core::ErrorKind::kNotFound) log_problem("inventory release failed", st.error(), hold_id);
}

Task<Status> SeatKeeper::give_seat(const core::TicketRecord& t, std::int64_t to) {
  auto event = co_await catalog_.find_cached_by_id(t.event_id);
  if (!event) co_return event.error();
  const int limit = event->listing.event.ticket_limit;
  std::vector<std::int64_t> accounts{t.user_id, to};
  auto people = co_await people_.of(std::move(accounts));
  if (!people) co_return people.error();
  const auto from_person = (*people)[0];
  const auto to_person = (*people)[1];
  if (from_person == to_person) co_return core::Ok{};  // between one person's accounts: nothing to count
  std::vector<int> seat{t.seat_index};
  auto moved = co_await reopening(t.event_id,
                                  [&] { return inventory_.transfer(t.event_id, from_person, to_person, seat, limit); });
  if (!moved) co_return moved.error();
  if (moved->verdict == inventory::HoldVerdict::kOverLimit) {
    co_return core::Error{core::ErrorKind::kUnprocessable, "ticket_limit",
                          "The receiver already has " + std::to_string(moved->user_seats) +
                              " tickets or held seats for this show, which allows " + std::to_string(limit) +
                              " per person; nothing was transferred"};
  }
  co_return core::Ok{};
}

Task<void> SeatKeeper::undo_give_seat(const core::TicketRecord& t, std::int64_t to) {
  const auto from_person = co_await person_or_self(t.user_id);
  const auto to_person = co_await person_or_self(to);
  if (from_person == to_person) co_return;
  std::vector<int> seat{t.seat_index};
  auto back = co_await reopening(t.event_id,
                                 [&] { return inventory_.transfer(t.event_id, to_person, from_person, seat, 0); });
  if (!back) log_problem("inventory transfer not undone", back.error(), t.id);
}

Task<void> SeatKeeper::ticket_cancelled(const core::TicketRecord& t) {
  std::vector<int> seat{t.seat_index};
  const auto holder = co_await person_or_self(t.user_id);
  auto st = co_await reopening(t.event_id, [&] { return inventory_.unsell(t.event_id, holder, seat); });
  if (!st) log_problem("inventory unsell failed", st.error(), t.id);
}

Task<Result<inventory::HoldOutcome>> SeatKeeper::take_for_block(std::int64_t event_id, const std::string& hold_id,
                                                                std::vector<int> seats) {
  inventory::HoldRequest request{event_id, hold_id, core::kBlockedSeatOwner, std::move(seats),
                                 clock_.now_ms() + kBlockHoldMs};
  co_return co_await reopening(event_id, [&] { return inventory_.hold(request); });
}

Task<Status> SeatKeeper::block_recorded(std::int64_t event_id, const std::string& hold_id, std::vector<int> seats) {
  co_return co_await reopening(event_id, [&] {
    return inventory_.sell(event_id, hold_id, core::kBlockedSeatOwner, seats);
  });
}

Task<Status> SeatKeeper::block_abandoned(std::int64_t event_id, const std::string& hold_id) {
  co_return co_await release(event_id, hold_id);
}

Task<Status> SeatKeeper::unblocked(std::int64_t event_id, std::vector<int> seats) {
  co_return co_await reopening(event_id, [&] { return inventory_.unsell(event_id, core::kBlockedSeatOwner, seats); });
}

Task<Status> SeatKeeper::issued_from_block(std::int64_t event_id, std::int64_t person, std::vector<int> seats) {
  auto moved = co_await reopening(event_id, [&] {
    return inventory_.transfer(event_id, core::kBlockedSeatOwner, person, seats, 0);
  });
  if (!moved) co_return moved.error();
  co_return core::Ok{};
}

}  // namespace tw::services
