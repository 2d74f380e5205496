#include "services/booking.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/this_coro.hpp>

#include "async/one_shot.h"
#include "async/log.h"
#include "core/ids.h"
#include "core/error_codes.h"
#include "services/sale_messages.h"

namespace tw::services {
using core::Result;
using core::Status;
using core::HoldStatus;

namespace {

core::Error unprocessable(std::string code, std::string message) {
  return {core::ErrorKind::kUnprocessable, std::move(code), std::move(message)};
}

core::Error too_many_seats(int max) {
  return unprocessable("too_many_seats", "At most " + std::to_string(max) + " seats per hold");
}

core::Error over_ticket_limit(int limit, int user_seats) {
  return unprocessable("ticket_limit", "This event allows " + std::to_string(limit) +
                                           " seats per person (accounts of one mailbox count together); you have " +
                                           std::to_string(user_seats) + " held or bought");
}

std::vector<int> indexes_of(const core::SeatMap& map, const std::vector<std::string>& seat_ids) {
  std::vector<int> out;
  for (const auto& id : seat_ids) {
    if (auto i = map.index_of(id)) out.push_back(*i);
  }
  return out;
}

}  // namespace

core::OrderPrice price_seats(const core::SeatMap& map, const std::vector<std::string>& seat_ids) {
  std::vector<core::Cents> prices;
  for (const auto& id : seat_ids) {
    if (auto i = map.index_of(id)) prices.push_back(map.seat(*i).row->price);
  }
  return core::price_order(prices);
}

Booking::Booking(store::BookingStore& store, inventory::Inventory& inventory, Catalog& catalog,
                 const core::Clock& clock, BookingOptions options)
    : store_(store), inventory_(inventory), catalog_(catalog), clock_(clock), options_(options), people_(store) {}

int Booking::hold_seconds_for(const core::Event& e) const { return e.hold_seconds.value_or(options_.hold_seconds); }

// What the database knows of an event's seats, for the inventory to be built from. The layout is
// read afresh, not from the catalogue's copy: in a cluster this server's copy may predate an
// organiser's new layout by a moment, and a shared inventory built from it would keep the old
// seats for every server.
Task<Result<inventory::EventSnapshot>> Booking::snapshot_of(std::int64_t event_id) {
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
  // Latest expiry first: where two active holds share a seat (a crash came after a lapsed hold's
  // seats were taken again, before its expiry was recorded), the seats went to the later one.
  std::sort(out.holds.begin(), out.holds.end(),
            [](const auto& a, const auto& b) { return a.expires_at_ms > b.expires_at_ms; });
  co_return out;
}

// Loads an event into the inventory the first time this process uses it (the inventory skips
// the load when it has the event already).
Task<Status> Booking::ensure_open(std::int64_t event_id) {
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

// Runs an inventory call; when the inventory has lost the event (a shared inventory that
// restarted empty), opens it again from the database and runs the call once more.
template <class Call>
auto Booking::reopening(std::int64_t event_id, Call call) -> decltype(call()) {
  if (auto st = co_await ensure_open(event_id); !st) co_return st.error();
  auto first = co_await call();
  if (first || first.error().code != core::codes::kEventNotOpen) co_return first;
  {
    std::lock_guard lock(mu_);
    open_events_.erase(event_id);
  }
  if (auto st = co_await ensure_open(event_id); !st) co_return st.error();
  co_return co_await call();
}

Task<Result<inventory::Availability>> Booking::availability_of(std::int64_t event_id) {
  co_return co_await reopening(event_id, [&] { return inventory_.availability(event_id); });
}

Task<Result<SeatsView>> Booking::seats(std::string slug) {
  auto event = co_await catalog_.find_cached(std::move(slug));
  if (!event) co_return event.error();
  const auto id = event->listing.event.id;
  auto availability = co_await availability_of(id);
  if (!availability) co_return availability.error();
  co_return SeatsView{id, std::move(availability).value()};
}

Task<Result<inventory::SeatCounts>> Booking::counts(std::int64_t event_id) {
  co_return co_await reopening(event_id, [&] { return inventory_.counts(event_id); });
}

Task<Status> Booking::count_live(core::EventListing& listing) {
  auto c = co_await counts(listing.event.id);
  if (!c) co_return c.error();
  listing.sold_seats = c->sold;
  listing.held_seats = c->held;
  co_return core::Ok{};
}

Task<Result<EventWithMap>> Booking::current_event(std::int64_t event_id) {
  auto event = co_await catalog_.find_cached_by_id(event_id);
  if (!event) co_return event.error();
  if (auto st = co_await count_live(event->listing); !st) co_return st.error();
  co_return event;
}

Task<Result<HoldView>> Booking::hold(std::int64_t user_id, std::string slug, std::vector<std::string> seat_ids) {
  auto event = co_await catalog_.find_cached(std::move(slug));
  if (!event) co_return event.error();
  const auto& e = event->listing.event;
  const auto& map = *event->seat_map;
  std::sort(seat_ids.begin(), seat_ids.end());
  seat_ids.erase(std::unique(seat_ids.begin(), seat_ids.end()), seat_ids.end());
  if (seat_ids.empty()) co_return core::invalid("no_seats", "Choose at least one seat");
  if (static_cast<int>(seat_ids.size()) > options_.max_seats_per_hold) co_return too_many_seats(options_.max_seats_per_hold);
  if (e.on_sale_at && clock_.now_seconds() < e.on_sale_at->utc_seconds) {
    co_return unprocessable("not_on_sale_yet", "Tickets for this show go on sale " + core::format_for_people(*e.on_sale_at) +
                                                   " (venue time, " + core::format_iso8601(*e.on_sale_at) +
                                                   "); seats can be held from then");
  }
  for (const auto& id : seat_ids) {
    if (!map.index_of(id)) {
      co_return core::invalid("unknown_seat", "There is no seat '" + id.substr(0, 40) + "' at this event");
    }
  }
  // In seat order (section, row, number), as people read them: "9, 10, 11", not "10, 11, 9".
  std::sort(seat_ids.begin(), seat_ids.end(),
            [&](const std::string& a, const std::string& b) { return *map.index_of(a) < *map.index_of(b); });
  auto person = co_await people_.of(user_id);
  if (!person) co_return person.error();
  const auto now = clock_.now_ms();
  core::HoldRecord record{.id = core::new_uuid(),
                          .event_id = e.id,
                          .user_id = user_id,
                          .seat_ids = seat_ids,
                          .status = HoldStatus::kActive,
                          .renewals = 0,
                          .created_at_ms = now,
                          .expires_at_ms = now + hold_seconds_for(e) * 1000LL};
  inventory::HoldRequest request{e.id, record.id, *person, indexes_of(map, seat_ids), record.expires_at_ms,
                                 e.ticket_limit};
  auto outcome = co_await reopening(e.id, [&] { return inventory_.hold(request); });
  if (!outcome) co_return outcome.error();
  if (outcome->verdict == inventory::HoldVerdict::kOverLimit) {
    co_return over_ticket_limit(e.ticket_limit, outcome->user_seats);
  }
  if (!outcome->held()) {
    std::string taken;
    for (int i : outcome->unavailable) taken += (taken.empty() ? "" : ", ") + map.seat(i).id();
    core::Error err = core::conflict(std::string(core::codes::kSeatsUnavailable), "Someone else has these seats: " + taken);
    co_return err;
  }
  std::shared_ptr<OneShot> unrecorded;
  if (options_.answer_holds_before_commit) {
    std::lock_guard lock(mu_);
    if (unrecorded_.size() < options_.max_unrecorded_holds) {
      unrecorded = std::make_shared<OneShot>();
      unrecorded_.emplace(record.id, Unrecorded{record, unrecorded});
    }
  }
  if (unrecorded) {
    boost::asio::co_spawn(co_await boost::asio::this_coro::executor, record_hold_later(record, unrecorded),
                          boost::asio::detached);
  } else if (auto st = co_await record_hold(record); !st) {
    co_return st.error();
  }
  const auto price = price_seats(map, seat_ids);
  co_return HoldView{std::move(record), e.slug, price, options_.max_renewals};
}

Task<Status> Booking::record_hold(const core::HoldRecord& record) {
  auto st = co_await store_.insert_hold(record, seat_messages(HoldSeatsChange::kLocked, record));
  if (!st) {
    if (auto undone = co_await inventory_.release(record.event_id, record.id); !undone) {
      log_problem("hold undo failed", undone.error(), record.id);
    }
  }
  co_return st;
}

Task<void> Booking::record_hold_later(core::HoldRecord record, std::shared_ptr<OneShot> done) {
  // The buyer was told "held"; if the store refuses now, the seats go back on sale and the
  // buyer's checkout finds no hold (nothing is charged).
  if (auto st = co_await record_hold(record); !st) log_problem("answered hold not recorded", st.error(), record.id);
  {
    std::lock_guard lock(mu_);
    unrecorded_.erase(record.id);
  }
  done->set();
}

Task<void> Booking::holds_recorded() {
  std::vector<std::shared_ptr<OneShot>> pending;
  {
    std::lock_guard lock(mu_);
    pending.reserve(unrecorded_.size());
    for (const auto& [id, hold] : unrecorded_) pending.push_back(hold.recorded);
  }
  for (const auto& recorded : pending) co_await recorded->wait();
}

Task<Result<std::optional<core::HoldRecord>>> Booking::find_hold(const std::string& hold_id) {
  std::shared_ptr<OneShot> pending;
  {
    std::lock_guard lock(mu_);
    if (auto it = unrecorded_.find(hold_id); it != unrecorded_.end()) pending = it->second.recorded;
  }
  if (pending) co_await pending->wait();
  co_return co_await store_.find_hold(hold_id);
}

// best_seats reads the inventory's states in place: a byte a seat, zero when free.
static_assert(sizeof(inventory::SeatState) == 1 && static_cast<int>(inventory::SeatState::kAvailable) == 0);

Task<Result<HoldView>> Booking::hold_best(std::int64_t user_id, std::string slug, core::BestSeatsRequest request) {
  if (request.count < 1) co_return core::invalid("no_seats", "Ask for at least one seat");
  if (request.count > options_.max_seats_per_hold) co_return too_many_seats(options_.max_seats_per_hold);
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto event = co_await catalog_.find_cached(slug);
    if (!event) co_return event.error();
    auto availability = co_await availability_of(event->listing.event.id);
    if (!availability) co_return availability.error();
    const auto& states = *availability->seats;
    const auto best = core::best_seats(
        *event->seat_map, {reinterpret_cast<const std::uint8_t*>(states.data()), states.size()}, request);
    if (!best) {
      co_return core::conflict("no_seats_together",
                               "There are no " + std::to_string(request.count) + " seats together left there");
    }
    std::vector<std::string> ids;
    for (int i : *best) ids.push_back(event->seat_map->seat(i).id());
    auto held = co_await hold(user_id, slug, std::move(ids));
    // Someone took them between the snapshot and the hold: look again.
    if (!held && held.error().code == core::codes::kSeatsUnavailable) continue;
    co_return held;
  }
  co_return core::conflict(std::string(core::codes::kSeatsUnavailable), "Seats are selling fast; please try again");
}

Task<Result<HoldView>> Booking::view_of(core::HoldRecord h) {
  auto event = co_await catalog_.find_cached_by_id(h.event_id);
  if (!event) co_return event.error();
  if (h.status == HoldStatus::kActive && h.expires_at_ms <= clock_.now_ms()) h.status = HoldStatus::kExpired;
  const auto price = price_seats(*event->seat_map, h.seat_ids);
  const int renewals_left = std::max(0, options_.max_renewals - h.renewals);
  co_return HoldView{std::move(h), event->listing.event.slug, price, renewals_left};
}

Task<Result<HoldView>> Booking::caller_view(std::int64_t user_id, std::optional<core::HoldRecord> h) {
  if (!h || h->user_id != user_id) co_return core::not_found("hold_not_found", "No such hold");
  co_return co_await view_of(std::move(*h));
}

Task<Result<HoldView>> Booking::get_hold(std::int64_t user_id, std::string hold_id) {
  auto found = co_await find_hold(hold_id);
  if (!found) co_return found.error();
  co_return co_await caller_view(user_id, std::move(*found));
}

Task<Result<std::vector<HoldView>>> Booking::holds_of(std::int64_t user_id, std::string slug) {
  auto event = co_await catalog_.find_cached(std::move(slug));
  if (!event) co_return event.error();
  const auto event_id = event->listing.event.id;
  auto found = co_await store_.active_holds_of_user(user_id, event_id);
  if (!found) co_return found.error();
  {
    // Answered and not recorded yet (see the header comment): as they were answered.
    std::lock_guard lock(mu_);
    for (const auto& [id, u] : unrecorded_) {
      const auto& r = u.record;
      const bool listed = std::any_of(found->begin(), found->end(), [&](const auto& h) { return h.id == id; });
      if (r.user_id == user_id && r.event_id == event_id && !listed) found->push_back(r);
    }
  }
  std::sort(found->begin(), found->end(), [](const auto& a, const auto& b) { return a.created_at_ms > b.created_at_ms; });
  std::vector<HoldView> out;
  for (auto& h : *found) {
    if (h.expires_at_ms <= clock_.now_ms()) continue;
    auto view = co_await view_of(std::move(h));
    if (!view) co_return view.error();
    out.push_back(std::move(view).value());
  }
  co_return out;
}

Task<Result<HoldView>> Booking::hold_to_pay(std::int64_t user_id, std::string hold_id) {
  std::optional<core::HoldRecord> answered;
  {
    std::lock_guard lock(mu_);
    if (auto it = unrecorded_.find(hold_id); it != unrecorded_.end()) answered = it->second.record;
  }
  if (!answered) co_return co_await get_hold(user_id, std::move(hold_id));
  co_return co_await caller_view(user_id, std::move(answered));
}

namespace {
core::Error not_active(const core::HoldRecord& h) {
  return core::conflict(std::string(core::codes::kHoldNotActive), std::string("This hold is ") + core::state_name(h.status));
}
}  // namespace

Task<Result<HoldView>> Booking::renew(std::int64_t user_id, std::string hold_id) {
  auto view = co_await get_hold(user_id, std::move(hold_id));
  if (!view) co_return view;
  auto& h = view->hold;
  if (h.status != HoldStatus::kActive) co_return not_active(h);
  if (h.renewals >= options_.max_renewals) co_return unprocessable("renewal_limit", "This hold cannot be renewed again");
  auto event = co_await catalog_.find_cached_by_id(h.event_id);
  if (!event) co_return event.error();
  const auto now = clock_.now_ms();
  const auto cap = h.created_at_ms + options_.max_hold_total_seconds * 1000LL;
  const auto expires = std::min(now + hold_seconds_for(event->listing.event) * 1000LL, cap);
  if (expires <= h.expires_at_ms) co_return unprocessable("renewal_limit", "This hold is at its longest already");
  // The database first: if the hold was sold or released meanwhile, nothing changes anywhere.
  if (auto st = co_await store_.extend_hold(h.id, h.renewals + 1, expires); !st) co_return st.error();
  if (auto st = co_await reopening(h.event_id, [&] { return inventory_.extend(h.event_id, h.id, expires); }); !st) {
    co_return st.error();
  }
  h.expires_at_ms = expires;
  ++h.renewals;
  view->renewals_left = options_.max_renewals - h.renewals;
  co_return view;
}

Task<Status> Booking::release(std::int64_t user_id, std::string hold_id) {
  auto view = co_await get_hold(user_id, std::move(hold_id));
  if (!view) co_return view.error();
  auto& h = view->hold;
  if (h.status != HoldStatus::kActive) co_return not_active(h);
  h.status = HoldStatus::kReleased;
  // Recorded first, so a checkout that commits meanwhile wins and the seats stay sold.
  if (auto st = co_await store_.end_hold(h.id, HoldStatus::kReleased, seat_messages(HoldSeatsChange::kReleased, h)); !st) {
    co_return st;
  }
  if (auto st = co_await reopening(h.event_id, [&] { return inventory_.release(h.event_id, h.id); }); !st) {
    log_problem("inventory release failed", st.error(), h.id);
  }
  co_return core::Ok{};
}

Task<Result<int>> Booking::expire_due() {
  auto expired = co_await inventory_.take_expired(clock_.now_ms());
  if (!expired) co_return expired.error();
  // Every hold taken from the inventory is recorded, even when one of them fails: the first
  // failure is reported after the others were tried. Those recorded are confirmed; the others
  // come back from a later take_expired (the inventory keeps them aside meanwhile).
  std::optional<core::Error> failed;
  std::vector<inventory::ExpiredHold> recorded;
  for (auto& x : *expired) {
    auto st = co_await record_expiry(x.hold_id);
    if (st) {
      recorded.push_back(std::move(x));
    } else {
      failed = failed.value_or(st.error());
    }
  }
  const auto n = static_cast<int>(recorded.size());
  if (!recorded.empty()) {
    if (auto st = co_await inventory_.confirm_expired(std::move(recorded)); !st) failed = failed.value_or(st.error());
  }
  if (failed) co_return *failed;
  co_return n;
}

Task<Status> Booking::record_expiry(const std::string& hold_id) {
  auto found = co_await find_hold(hold_id);
  if (!found) co_return found.error();
  if (!found->has_value() || (*found)->status != HoldStatus::kActive) co_return core::Ok{};
  auto h = std::move(**found);
  auto st = co_await store_.end_hold(h.id, HoldStatus::kExpired, seat_messages(HoldSeatsChange::kExpired, h));
  // A conflict means a checkout or a release got there first: nothing to announce.
  if (!st && st.error().code != core::codes::kHoldNotActive) co_return st;
  co_return core::Ok{};
}

Task<Status> Booking::reset_sales() {
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

Task<Result<EventWithMap>> Booking::update_event(std::int64_t id, core::EventDraft draft,
                                                 std::optional<core::Layout> layout) {
  const bool new_layout = layout.has_value();
  if (new_layout) co_await holds_recorded();
  auto updated = co_await catalog_.update_event(id, std::move(draft), std::move(layout));
  if (!updated || !new_layout) co_return updated;
  {
    std::lock_guard lock(mu_);
    open_events_.erase(id);
  }
  if (auto st = co_await inventory_.close_event(id); !st) co_return st.error();
  co_return updated;
}

Task<Status> Booking::restore() {
  auto holds = co_await store_.active_holds();
  if (!holds) co_return holds.error();
  std::set<std::int64_t> events;
  for (const auto& h : *holds) events.insert(h.event_id);
  // Opening an event installs its active holds (a shared inventory that has it keeps its own);
  // those whose time ran out meanwhile are then expired, announced once.
  for (auto id : events) {
    if (auto st = co_await ensure_open(id); !st) co_return st;
  }
  auto expired = co_await expire_due();
  if (!expired) co_return expired.error();
  // A hold the inventory left out (its seats were taken after it lapsed) is past its time, and
  // no sweep would ever end it: it ends here.
  const auto now = clock_.now_ms();
  for (const auto& h : *holds) {
    if (h.expires_at_ms > now) continue;
    if (auto st = co_await record_expiry(h.id); !st) co_return st;
  }
  co_return core::Ok{};
}

Task<Status> Booking::keep_for_payment(const core::HoldRecord& h, const EventWithMap& event) {
  const auto until = std::max(clock_.now_ms() + options_.checkout_grace_ms, h.expires_at_ms);
  if (h.status == HoldStatus::kActive || h.status == HoldStatus::kExpired) {
    auto st = co_await reopening(h.event_id, [&] { return inventory_.extend(h.event_id, h.id, until); });
    if (st || st.error().kind != core::ErrorKind::kNotFound) co_return st;
  }
  // Taken again as a new hold would be: the account's other holds and tickets count, in the same
  // atomic step, so lapsed holds paid one after another cannot add up past the event's limit.
  const int limit = event.listing.event.ticket_limit;
  auto person = co_await people_.of(h.user_id);
  if (!person) co_return person.error();
  inventory::HoldRequest request{h.event_id, h.id, *person, indexes_of(*event.seat_map, h.seat_ids), until, limit};
  auto again = co_await reopening(h.event_id, [&] { return inventory_.hold(request); });
  if (!again) co_return again.error();
  if (again->verdict == inventory::HoldVerdict::kOverLimit) co_return over_ticket_limit(limit, again->user_seats);
  if (!again->held()) {
    co_return core::conflict("hold_expired", "Your hold expired and someone else took the seats; nothing was charged");
  }
  co_return core::Ok{};
}

// After a committed change the seats must be counted by someone: when the person cannot be read
// (the database is down and the account not seen before), by the account itself.
Task<std::int64_t> Booking::person_or_self(std::int64_t user_id) {
  auto person = co_await people_.of(user_id);
  if (person) co_return *person;
  log_problem("person not read", person.error(), std::to_string(user_id));
  co_return user_id;
}

Task<void> Booking::sold(const core::OrderRecord& order) {
  std::vector<int> seats;
  for (const auto& t : order.tickets) seats.push_back(t.seat_index);
  const auto buyer = co_await person_or_self(order.user_id);
  auto st = co_await reopening(order.event_id,
                               [&] { return inventory_.sell(order.event_id, order.hold_id, buyer, seats); });
  // The sale is committed; the database's unique index keeps guarding the seats meanwhile.
  if (!st) log_problem("inventory sell failed", st.error(), order.id);
}

Task<void> Booking::payment_abandoned(std::int64_t event_id, const std::string& hold_id) {
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
  auto st = co_await reopening(event_id, [&] { return inventory_.release(event_id, hold_id); });
  if (!st && st.error().kind != core::ErrorKind::kNotFound) log_problem("inventory release failed", st.error(), hold_id);
}

Task<Status> Booking::give_seat(const core::TicketRecord& t, std::int64_t to) {
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
    co_return unprocessable("ticket_limit", "The receiver already has " + std::to_string(moved->user_seats) +
                                                " tickets or held seats for this show, which allows " +
                                                std::to_string(limit) + " per person; nothing was transferred");
  }
  co_return core::Ok{};
}

Task<void> Booking::undo_give_seat(const core::TicketRecord& t, std::int64_t to) {
  const auto from_person = co_await person_or_self(t.user_id);
  const auto to_person = co_await person_or_self(to);
  if (from_person == to_person) co_return;
  std::vector<int> seat{t.seat_index};
  auto back = co_await reopening(t.event_id,
                                 [&] { return inventory_.transfer(t.event_id, to_person, from_person, seat, 0); });
  if (!back) log_problem("inventory transfer not undone", back.error(), t.id);
}

Task<void> Booking::ticket_cancelled(const core::TicketRecord& t) {
  std::vector<int> seat{t.seat_index};
  const auto holder = co_await person_or_self(t.user_id);
  auto st = co_await reopening(t.event_id, [&] { return inventory_.unsell(t.event_id, holder, seat); });
  if (!st) log_problem("inventory unsell failed", st.error(), t.id);
}

}  // namespace tw::services
