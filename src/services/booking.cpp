#include "services/booking.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/this_coro.hpp>

#include "async/log.h"
#include "core/error_codes.h"
#include "core/ids.h"
#include "services/sale_messages.h"
#include "services/sale_metrics.h"

namespace tw::services {
using core::HoldStatus;
using core::Result;
using core::Status;

namespace {

core::Error unprocessable(std::string code, std::string message) {
  return {core::ErrorKind::kUnprocessable, std::move(code), std::move(message)};
}

core::Error too_many_seats(int max) {
  return unprocessable("too_many_seats", "At most " + std::to_string(max) + " seats per hold");
}

core::Error not_on_sale_yet(const core::Event& e) {
  std::string message = "Tickets for this show go on sale " + core::format_for_people(*e.on_sale_at) + " (venue time, " +
                        core::format_iso8601(*e.on_sale_at) + "); seats can be held from then";
  if (e.presale_at) {
    message += ". Fans with a presale code can buy from " + core::format_for_people(*e.presale_at) + " (venue time)";
  }
  return unprocessable("not_on_sale_yet", std::move(message));
}

core::Error not_active(const core::HoldRecord& h) {
  return core::conflict(std::string(core::codes::kHoldNotActive), std::string("This hold is ") + core::state_name(h.status));
}

}  // namespace

Booking::Booking(store::BookingStore& store, SeatKeeper& seats, Catalog& catalog, const core::Clock& clock,
                 BookingOptions options)
    : store_(store), seats_(seats), catalog_(catalog), clock_(clock), options_(options) {}

int Booking::hold_seconds_for(const core::Event& e) const { return e.hold_seconds.value_or(options_.hold_seconds); }

HoldRules Booking::rules_for(const core::Event& e) const { return {hold_seconds_for(e), options_.max_seats_per_hold}; }

Task<Result<HoldView>> Booking::hold(std::int64_t user_id, std::string slug, std::vector<std::string> seat_ids) {
  auto event = co_await catalog_.find_cached(std::move(slug));
  if (!event) co_return event.error();
  const auto& e = event->listing.event;
  const auto& map = *event->seat_map;
  std::sort(seat_ids.begin(), seat_ids.end());
  seat_ids.erase(std::unique(seat_ids.begin(), seat_ids.end()), seat_ids.end());
  if (seat_ids.empty()) co_return core::invalid("no_seats", "Choose at least one seat");
  if (static_cast<int>(seat_ids.size()) > options_.max_seats_per_hold) co_return too_many_seats(options_.max_seats_per_hold);
  const auto phase = core::sale_phase(e, clock_.now_seconds());
  if (phase == core::SalePhase::kNotYet) co_return not_on_sale_yet(e);
  for (const auto& id : seat_ids) {
    if (!map.index_of(id)) {
      co_return core::invalid("unknown_seat", "There is no seat '" + id.substr(0, 40) + "' at this event");
    }
  }
  // In seat order (section, row, number), as people read them: "9, 10, 11", not "10, 11, 9".
  std::sort(seat_ids.begin(), seat_ids.end(),
            [&](const std::string& a, const std::string& b) { return *map.index_of(a) < *map.index_of(b); });
  const auto seats = indexes_of(map, seat_ids);
  std::optional<RedeemedCode> code;
  if (phase == core::SalePhase::kPresale) {
    if (!options_.codes) co_return core::forbidden("presale_code_required", "This show is in its presale");
    auto mine = co_await options_.codes->for_presale_hold(user_id, *event, seats);
    if (!mine) co_return mine.error();
    code = std::move(mine).value();
  }
  auto person = co_await seats_.person_of(user_id);
  if (!person) co_return person.error();
  const auto now = clock_.now_ms();
  core::HoldRecord record{.id = core::new_uuid(),
                          .event_id = e.id,
                          .user_id = user_id,
                          .seat_ids = seat_ids,
                          .status = HoldStatus::kActive,
                          .renewals = 0,
                          .created_at_ms = now,
                          .expires_at_ms = now + hold_seconds_for(e) * 1000LL,
                          .seat_prices = seat_prices(map, seat_ids)};
  if (code) record.code_id = code->code.id, record.code_batch_id = code->code.batch_id;
  inventory::HoldRequest request{e.id, record.id, *person, seats, record.expires_at_ms, e.ticket_limit};
  auto outcome = co_await seats_.hold(request);
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
  // Answered before its record commits (see the header comment), unless too many wait already or
  // its code's uses are counted as it is recorded.
  if (options_.answer_holds_before_commit && !code && seats_.answered().add(record)) {
    boost::asio::co_spawn(co_await boost::asio::this_coro::executor, record_hold_later(record), boost::asio::detached);
  } else if (auto st = co_await record_hold(record); !st) {
    co_return st.error();
  }
  const auto price = price_hold(map, record);
  sale_metrics::hold_made(seat_ids.size());
  co_return HoldView{std::move(record), e.slug, e.currency, price, options_.max_renewals};
}

Task<Status> Booking::record_hold(const core::HoldRecord& record) {
  auto st = co_await store_.insert_hold(record, seat_messages(HoldSeatsChange::kLocked, record));
  if (!st) {
    if (auto undone = co_await seats_.release(record.event_id, record.id); !undone) {
      log_problem("hold undo failed", undone.error(), record.id);
    }
  }
  co_return st;
}

Task<void> Booking::record_hold_later(core::HoldRecord record) {
  // The buyer was told "held"; if the store refuses now, the seats go back on sale and the
  // buyer's checkout finds no hold (nothing is charged).
  if (auto st = co_await record_hold(record); !st) log_problem("answered hold not recorded", st.error(), record.id);
  seats_.answered().recorded(record.id);
}

Task<void> Booking::holds_recorded() { co_await seats_.answered().wait_all(); }

// best_seats reads the inventory's states in place: a byte a seat, zero when free.
static_assert(sizeof(inventory::SeatState) == 1 && static_cast<int>(inventory::SeatState::kAvailable) == 0);

Task<Result<HoldView>> Booking::hold_best(std::int64_t user_id, std::string slug, core::BestSeatsRequest request) {
  if (request.count < 1) co_return core::invalid("no_seats", "Ask for at least one seat");
  if (request.count > options_.max_seats_per_hold) co_return too_many_seats(options_.max_seats_per_hold);
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto event = co_await catalog_.find_cached(slug);
    if (!event) co_return event.error();
    auto availability = co_await seats_.availability(event->listing.event.id);
    if (!availability) co_return availability.error();
    const auto& states = *availability->seats;
    std::span<const std::uint8_t> free{reinterpret_cast<const std::uint8_t*>(states.data()), states.size()};
    auto unlocked = co_await presale_seats(user_id, *event, free);
    if (!unlocked) co_return unlocked.error();
    if (!unlocked->empty()) free = *unlocked;
    const auto best = core::best_seats(*event->seat_map, free, request);
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

Task<Result<std::vector<std::uint8_t>>> Booking::presale_seats(std::int64_t user_id, const EventWithMap& event,
                                                             std::span<const std::uint8_t> states) {
  std::vector<std::uint8_t> out;
  const auto& e = event.listing.event;
  if (!options_.codes || core::sale_phase(e, clock_.now_seconds()) != core::SalePhase::kPresale) co_return out;
  auto mine = co_await options_.codes->redeemed(user_id, e.id);
  if (!mine) co_return mine.error();
  if (!*mine) co_return out;  // the hold says why not
  out.assign(states.begin(), states.end());
  for (const auto& section : event.seat_map->sections()) {
    if (core::unlocks((*mine)->batch.rules, section.spec)) continue;
    std::fill_n(out.begin() + section.first_index, section.seat_count, std::uint8_t{1});
  }
  co_return out;
}

Task<Result<HoldView>> Booking::view_of(core::HoldRecord h) {
  auto event = co_await catalog_.find_cached_by_id(h.event_id);
  if (!event) co_return event.error();
  if (h.status == HoldStatus::kActive && h.expires_at_ms <= clock_.now_ms()) h.status = HoldStatus::kExpired;
  const auto price = price_hold(*event->seat_map, h);
  const int renewals_left = std::max(0, options_.max_renewals - h.renewals);
  co_return HoldView{std::move(h), event->listing.event.slug, event->listing.event.currency, price, renewals_left};
}

Task<Result<HoldView>> Booking::caller_view(std::int64_t user_id, std::optional<core::HoldRecord> h) {
  if (!h || h->user_id != user_id) co_return core::not_found("hold_not_found", "No such hold");
  co_return co_await view_of(std::move(*h));
}

Task<Result<HoldView>> Booking::get_hold(std::int64_t user_id, std::string hold_id) {
  auto found = co_await seats_.find_hold(hold_id);
  if (!found) co_return found.error();
  co_return co_await caller_view(user_id, std::move(*found));
}

Task<Result<std::vector<HoldView>>> Booking::holds_of(std::int64_t user_id, std::string slug) {
  auto event = co_await catalog_.find_cached(std::move(slug));
  if (!event) co_return event.error();
  const auto event_id = event->listing.event.id;
  auto found = co_await store_.active_holds_of_user(user_id, event_id);
  if (!found) co_return found.error();
  // Answered and not recorded yet (see the header comment): as they were answered.
  for (auto& r : seats_.answered().of(user_id, event_id)) {
    const bool listed = std::any_of(found->begin(), found->end(), [&](const auto& h) { return h.id == r.id; });
    if (!listed) found->push_back(std::move(r));
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
  if (auto st = co_await seats_.extend(h.event_id, h.id, expires); !st) co_return st.error();
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
  if (auto st = co_await seats_.release(h.event_id, h.id); !st) {
    log_problem("inventory release failed", st.error(), h.id);
  }
  sale_metrics::hold_released();
  co_return core::Ok{};
}

Task<Result<int>> Booking::expire_due() {
  auto expired = co_await seats_.take_expired(clock_.now_ms());
  if (!expired) co_return expired.error();
  // Every hold taken from the inventory is recorded, even when one of them fails: the first
  // failure is reported after the others were tried. Those recorded are confirmed; the others
  // come back from a later take_expired (the inventory keeps them aside meanwhile).
  std::optional<core::Error> failed;
  std::vector<inventory::ExpiredHold> recorded;
  for (auto& x : *expired) {
    auto st = co_await seats_.record_expiry(x.hold_id);
    if (st) {
      recorded.push_back(std::move(x));
    } else {
      failed = failed.value_or(st.error());
    }
  }
  const auto n = static_cast<int>(recorded.size());
  sale_metrics::holds_expired(n);
  if (!recorded.empty()) {
    if (auto st = co_await seats_.confirm_expired(std::move(recorded)); !st) failed = failed.value_or(st.error());
  }
  if (failed) co_return *failed;
  co_return n;
}

Task<Status> Booking::restore() {
  auto holds = co_await store_.active_holds();
  if (!holds) co_return holds.error();
  std::set<std::int64_t> events;
  for (const auto& h : *holds) events.insert(h.event_id);
  // Opening an event installs its active holds (a shared inventory that has it keeps its own);
  // those whose time ran out meanwhile are then expired, announced once.
  for (auto id : events) {
    if (auto st = co_await seats_.open(id); !st) co_return st;
  }
  auto expired = co_await expire_due();
  if (!expired) co_return expired.error();
  // A hold the inventory left out (its seats were taken after it lapsed) is past its time, and
  // no sweep would ever end it: it ends here.
  const auto now = clock_.now_ms();
  for (const auto& h : *holds) {
    if (h.expires_at_ms > now) continue;
    if (auto st = co_await seats_.record_expiry(h.id); !st) co_return st;
  }
  co_return core::Ok{};
}

}  // namespace tw::services
