#pragma once
// ShowCancellations: an organiser cancels a show, and every ticket of it is cancelled and
// refunded and every buyer and holder told once. It is a job that resumes by itself: its state
// is the tickets, refunds and notices in the store, so after a crash (or on several servers at
// once) the next step simply continues where the store says it is. Nothing is refunded twice
// (each ticket's cancellation and its refund record are one conditional change); refunds that
// fail are retried by the payment reconciler; each person's notice is recorded with the outbox
// message that emails them, at most once per show.
//
// Steps, run every second by the app (work): cancel the show's confirmed tickets, a batch at a
// time; once none is left, record a notice for each person not told yet; once nobody is left
// either, and long enough after the cancellation that no checkout started before it can still
// sell a seat, the job is finished. A ticket sold in that window is cancelled and refunded too.
#include <string>

#include "core/clock.h"
#include "core/show_cancellation.h"
#include "services/catalog.h"
#include "services/payments.h"
#include "store/event_store.h"
#include "store/ticket_store.h"

namespace tw::services {

enum class CancellationState { kCancelling, kRefunding, kDone };  // see CancellationStatus::state
std::string_view state_name(CancellationState s);

struct CancellationStatus {
  std::int64_t event_id = 0;
  std::int64_t cancelled_at = 0;  // UTC seconds
  std::string reason;
  // kCancelling while tickets are left or people untold; kRefunding while refunds are pending or
  // failed (the reconciler retries them; a failed one waits for an admin under Refunds).
  CancellationState state = CancellationState::kCancelling;
  core::CancellationProgress progress;
  std::string currency;  // the show's, of the progress's amounts
};

struct ShowCancellationsOptions {
  int batch = 100;  // tickets cancelled (or people told) per step of one show
  // How long after the cancellation the job keeps looking for tickets sold meanwhile: longer than
  // a checkout that began just before it can take (payments settle after 2 minutes).
  std::int64_t sweep_seconds = 300;
};

class ShowCancellations {
 public:
  ShowCancellations(Catalog& catalog, store::EventStore& events, store::TicketStore& tickets, Payments& payments,
                    const core::Clock& clock, ShowCancellationsOptions options = {});

  // Admin `by_user`: takes the show off sale for good and starts cancelling its tickets.
  // Cancelling a cancelled show again answers its progress. kNotFound "event_not_found";
  // kInvalid "bad_reason" (blank, or more than core::kMaxCancelReason bytes).
  Task<core::Result<CancellationStatus>> cancel(std::int64_t event_id, std::string reason, std::int64_t by_user);
  // kNotFound "event_not_found"; kConflict "not_cancelled".
  Task<core::Result<CancellationStatus>> status(std::int64_t event_id);
  // One step of every cancellation in progress; how many tickets and notices it handled.
  Task<core::Result<int>> work();

 private:
  Task<core::Result<int>> work_on(std::int64_t event_id);
  Task<core::Result<int>> cancel_tickets(std::int64_t event_id);
  Task<core::Result<int>> tell_people(std::int64_t event_id);

  Catalog& catalog_;
  store::EventStore& events_;
  store::TicketStore& tickets_;
  Payments& payments_;
  const core::Clock& clock_;
  ShowCancellationsOptions options_;
};

}  // namespace tw::services
