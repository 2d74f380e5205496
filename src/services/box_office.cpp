#include "services/box_office.h"

#include "async/log.h"
#include "auth/credentials.h"
#include "auth/password.h"
#include "core/error_codes.h"
#include "core/ids.h"
#include "events/event_codec.h"
#include "services/sale_messages.h"
#include "services/seat_blocks.h"

namespace tw::services {
using core::Result;

const char* issue_kind_name(IssueKind k) { return k == IssueKind::kBoxOffice ? "box_office" : "complimentary"; }

std::optional<IssueKind> parse_issue_kind(std::string_view s) {
  if (s == "complimentary") return IssueKind::kComplimentary;
  if (s == "box_office") return IssueKind::kBoxOffice;
  return std::nullopt;
}

BoxOffice::BoxOffice(store::BookingStore& booking, store::SeatBlockStore& blocks, SeatKeeper& seats, Catalog& catalog,
                     Accounts& accounts, const core::Clock& clock)
    : booking_(booking), blocks_(blocks), seats_(seats), catalog_(catalog), accounts_(accounts), clock_(clock) {}

namespace {

constexpr int kMaxSeatsPerIssue = 100;
constexpr std::int64_t kIssueHoldMs = 10 * 60'000;

core::Error bad_issue(std::string message) { return core::invalid("invalid_issue", std::move(message)); }

core::Status check_amount(const IssueRequest& r, std::size_t seats) {
  if (r.kind == IssueKind::kComplimentary && r.paid != 0) {
    return bad_issue("Complimentary tickets cost nothing: give paidCents only with \"kind\":\"box_office\"");
  }
  if (r.paid < 0 || r.paid > core::kMaxBasePrice * static_cast<core::Cents>(seats)) {
    return bad_issue("paidCents is the whole amount taken at the box office, from 0 to " +
                     std::to_string(core::kMaxBasePrice) + " per seat");
  }
  return core::Ok{};
}

// The amount split over the tickets, the first ones taking the remainder.
std::vector<core::Cents> split(core::Cents total, std::size_t n) {
  std::vector<core::Cents> out(n, total / static_cast<core::Cents>(n));
  for (std::size_t i = 0; i < static_cast<std::size_t>(total % static_cast<core::Cents>(n)); ++i) ++out[i];
  return out;
}

}  // namespace

Task<Result<std::pair<core::User, bool>>> BoxOffice::holder_for(const IssueRequest& r) {
  auto email = auth::normalize_email(r.email);
  if (!email) co_return email.error();
  auto found = co_await accounts_.find_by_email(*email);
  if (!found) co_return found.error();
  if (found->has_value()) co_return std::pair{std::move(**found), false};
  const auto name = r.name.empty() ? email->substr(0, email->find('@')) : r.name;
  auto made = co_await accounts_.create_user(*email, auth::random_password(24), name, core::Role::kUser, false);
  if (!made) {
    // Made a moment ago by someone else (the person signing up, or another issue): theirs.
    if (made.error().kind != core::ErrorKind::kConflict) co_return made.error();
    auto again = co_await accounts_.find_by_email(*email);
    if (!again) co_return again.error();
    if (!again->has_value()) co_return made.error();
    co_return std::pair{std::move(**again), false};
  }
  co_return std::pair{std::move(made).value(), true};
}

Task<Result<Issued>> BoxOffice::issue(std::int64_t event_id, IssueRequest r, std::int64_t by_user) {
  auto event = co_await catalog_.find_by_id(event_id);
  if (!event) co_return event.error();
  const auto& show = event->listing.event;
  if (show.cancelled_at != 0) co_return core::conflict("show_cancelled", "This show is cancelled");
  const auto& map = *event->seat_map;
  auto seats = core::select_seats(map, r.seats, kMaxSeatsPerIssue);
  if (!seats) co_return seats.error();
  if (auto st = check_amount(r, seats->size()); !st) co_return st.error();
  auto blocked = co_await blocks_.blocks_of(event_id);
  if (!blocked) co_return blocked.error();
  // The blocks the seats leave (put back if the order fails).
  auto taken = blocks_of_seats(*blocked, *seats, map);
  if (!taken) {
    auto why = taken.error();
    why.message += ": block seats first, then issue them";
    co_return why;
  }
  auto holder = co_await holder_for(r);
  if (!holder) co_return holder.error();
  auto& [user, new_account] = *holder;
  if (user.disabled) co_return core::conflict("account_disabled", "That account is disabled");
  auto person = co_await seats_.person_of(user.id);
  if (!person) co_return person.error();

  const auto now_ms = clock_.now_ms();
  const auto prices = split(r.paid, seats->size());
  core::HoldRecord hold{.id = core::new_uuid(), .event_id = event_id, .user_id = user.id, .seat_ids = {},
                        .status = core::HoldStatus::kActive, .renewals = 0, .created_at_ms = now_ms,
                        .expires_at_ms = now_ms + kIssueHoldMs, .seat_prices = prices};
  for (int i : *seats) hold.seat_ids.push_back(map.seat(i).id());
  core::PaymentRecord payment{.id = core::new_uuid(), .user_id = user.id, .idempotency_key = "issued-" + hold.id,
                              .hold_id = hold.id, .event_id = event_id, .amount = r.paid,
                              .state = core::PaymentState::kPending, .created_at_ms = now_ms,
                              .updated_at_ms = now_ms, .currency = show.currency};
  core::OrderRecord order{.id = core::new_uuid(), .user_id = user.id, .event_id = event_id, .hold_id = hold.id,
                          .idempotency_key = payment.idempotency_key, .subtotal = r.paid, .fee = 0, .total = r.paid,
                          .payment_id = payment.id, .status = core::OrderStatus::kConfirmed,
                          .created_at = now_ms / 1000};
  for (std::size_t k = 0; k < seats->size(); ++k) {
    order.tickets.push_back({core::new_uuid(), order.id, user.id, event_id, (*seats)[k], hold.seat_ids[k], prices[k], 0,
                             prices[k], core::TicketStatus::kConfirmed, order.created_at, order.created_at * 1000});
  }
  payment.order_id = order.id;
  auto messages = order_messages(order, payment);
  messages.push_back(events::to_outbox_message(events::TicketsIssued{
      event_id, order.id, user.id, hold.seat_ids, issue_kind_name(r.kind), r.paid, by_user, show.currency}));

  if (auto st = co_await blocks_.end_blocks(event_id, *seats, {}); !st) co_return st.error();
  auto recorded = co_await booking_.insert_hold(hold, {});
  if (recorded) recorded = co_await booking_.insert_payment(payment);
  if (recorded) {
    const std::string processor_id = std::string(core::kPaidOutsideProcessor) + issue_kind_name(r.kind);
    recorded = co_await booking_.commit_order(order, processor_id, std::move(messages));
  }
  if (!recorded) {
    // Nothing sold: the seats go back to their blocks, the hold ends (a payment left pending
    // is settled by the reconciler as never charged).
    if (auto st = co_await booking_.end_hold(hold.id, core::HoldStatus::kReleased, {});
        !st && st.error().code != core::codes::kHoldNotActive) {
      log_problem("issued hold not ended", st.error(), hold.id);
    }
    if (auto st = co_await blocks_.add_blocks(*taken, {}); !st) log_problem("seats not blocked again", st.error(), hold.id);
    co_return recorded.error();
  }
  if (auto st = co_await seats_.issued_from_block(event_id, *person, *seats); !st) {
    log_problem("issued seats not counted as their holder's", st.error(), order.id);
  }
  if (new_account) {
    // Their way in: a link to set a password (the receipt lists the tickets themselves).
    const auto n = order.tickets.size();
    const auto what = std::to_string(n) + (n == 1 ? " ticket" : " tickets") + " for " + show.name;
    if (auto st = co_await accounts_.email_claim_link(user, what); !st) {
      log_problem("no link to set a password for a new ticket holder", st.error(), user.email);
    }
  }
  co_return Issued{OrderView{std::move(order), show.slug, show.currency, false}, std::move(user), new_account};
}

}  // namespace tw::services
