#pragma once
// BoxOffice: tickets an organiser issues for blocked seats (core/seat_block.h) to a named person
// without a card: complimentary, or paid at a box office with the amount taken there recorded.
// The person is found by email, or an account is made for them (unverified, with no password
// they know) and a link to set one is mailed once the tickets are theirs (valid two weeks, not
// subject to the reset links' throttle), so they can sign in and see the tickets. The
// tickets are an order like any other (receipt, ticket images, check-in, cancellation with its
// "refund" recorded without the card processor), outside the per-person ticket limit (the
// organiser chose to give them).
//
// Steps, so that a seat is never both blocked and sold, nor sold twice: the seats leave their
// block first, then the order commits (hold, payment and tickets, guarded by the unique live
// ticket), then the inventory counts them as the person's. An order the database refuses puts
// the seats back in their block.
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/seat_selection.h"
#include "services/accounts.h"
#include "services/checkout.h"
#include "services/seat_keeper.h"
#include "store/booking_store.h"
#include "store/seat_block_store.h"

namespace tw::services {

enum class IssueKind { kComplimentary, kBoxOffice };
const char* issue_kind_name(IssueKind k);
std::optional<IssueKind> parse_issue_kind(std::string_view s);

struct IssueRequest {
  std::string email;
  std::string name;  // for a new account; empty: the address's local part
  core::SeatSelection seats;  // blocked seats of the show
  IssueKind kind = IssueKind::kComplimentary;
  core::Cents paid = 0;  // kBoxOffice: the whole amount taken, in the show's currency's minor unit
};

struct Issued {
  OrderView order;
  core::User holder;
  bool new_account = false;  // made now; a link to set its password was mailed
};

class BoxOffice {
 public:
  BoxOffice(store::BookingStore& booking, store::SeatBlockStore& blocks, SeatKeeper& seats, Catalog& catalog,
            Accounts& accounts, const core::Clock& clock);

  // kInvalid "invalid_seats" (a seat named is not blocked), "invalid_issue" (amounts), the
  // address's own errors; kNotFound "event_not_found"; kConflict "show_cancelled",
  // "account_disabled", or "not_blocked" when a release or another issue took a seat first.
  Task<core::Result<Issued>> issue(std::int64_t event_id, IssueRequest request, std::int64_t by_user);

 private:
  Task<core::Result<std::pair<core::User, bool>>> holder_for(const IssueRequest& request);

  store::BookingStore& booking_;
  store::SeatBlockStore& blocks_;
  SeatKeeper& seats_;
  Catalog& catalog_;
  Accounts& accounts_;
  const core::Clock& clock_;
};

}  // namespace tw::services
