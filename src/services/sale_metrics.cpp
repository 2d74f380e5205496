#include "services/sale_metrics.h"

#include <string>

#include "metrics/registry.h"

namespace tw::services::sale_metrics {
namespace {

metrics::Counter& holds(const char* outcome) {
  return metrics::registry().counter(
      "ticketwar_holds_total", "Holds, by what happened to them: made, released by the fan, expired.",
      {{"outcome", outcome}});
}

metrics::Counter& checkouts(std::string_view outcome) {
  return metrics::registry().counter("ticketwar_checkouts_total",
                                     "Checkouts answered, by outcome: paid, or the error code answered.",
                                     {{"outcome", std::string(outcome)}});
}

metrics::Counter& refunds(const char* outcome) {
  return metrics::registry().counter("ticketwar_refunds_total",
                                     "Refunds tried with the card processor, by outcome.", {{"outcome", outcome}});
}

// Registered when the process starts, so every series is there (at 0) from the first scrape and
// rate() over it works from the start.
metrics::Counter& made = holds("made");
metrics::Counter& released = holds("released");
metrics::Counter& expired = holds("expired");
metrics::Counter& seats_held = metrics::registry().counter("ticketwar_seats_held_total", "Seats taken by the holds made.");
metrics::Counter& paid = checkouts("paid");
metrics::Counter& refunded = refunds("succeeded");
metrics::Counter& refund_failed = refunds("failed");
metrics::Histogram& payment_time = metrics::registry().histogram(
    "ticketwar_payment_seconds", "Time the card processor took to answer a charge, in seconds.");

}  // namespace

void hold_made(std::size_t seats) {
  made.add();
  seats_held.add(seats);
}

void hold_released() { released.add(); }

void holds_expired(int n) {
  if (n > 0) expired.add(static_cast<std::uint64_t>(n));
}

// The other outcomes are the error codes the API answers with: a bounded set, looked up when met.
void checkout_answered(std::string_view outcome) {
  if (outcome == "paid") {
    paid.add();
  } else {
    checkouts(outcome).add();
  }
}

void processor_answered(double seconds) { payment_time.observe(seconds); }

void refund_tried(bool succeeded) { (succeeded ? refunded : refund_failed).add(); }

}  // namespace tw::services::sale_metrics
