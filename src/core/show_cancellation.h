#pragma once
// Cancelling a show: every ticket cancelled and refunded, every buyer and holder told once. The
// job (services::ShowCancellations) is resumable because its state is the tickets, refunds and
// notices themselves; this is how far it has come.
#include <cstdint>
#include <string>

#include "core/money.h"
#include "core/payment.h"
#include "core/ticket.h"

namespace tw::core {

inline constexpr const char* kShowCancelledRefund = "show_cancelled";  // the refunds' reason
inline constexpr int kMaxCancelReason = 500;

struct CancellationProgress {
  int tickets_left = 0;       // confirmed tickets not cancelled yet
  int tickets_cancelled = 0;  // cancelled with the show (each has its refund)
  int refunds_succeeded = 0;
  int refunds_pending = 0;  // recorded, tried again by the reconciler
  int refunds_failed = 0;   // given up on: an admin retries them under Refunds
  Cents refunded = 0;       // succeeded so far
  Cents to_refund = 0;      // every refund of the cancellation, whatever its state
  int people_told = 0;      // buyers and holders emailed
};

// One cancelled ticket of a person (its holder, or the buyer who paid for it), for their notice.
struct CancelledSeat {
  TicketRecord ticket;
  std::int64_t paid_by = 0;  // the order's buyer: the refund goes to their card
  Cents refund = 0;
  RefundState refund_state = RefundState::kPending;
};

}  // namespace tw::core
