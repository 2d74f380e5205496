#include "services/sale_metrics.h"

#include <string>

#include "metrics/registry.h"

namespace tw::services::sale_metrics {
namespace {

constexpr const char* kHolds = "ticketwar_holds_total";
constexpr const char* kHoldsHelp = "Holds, by what happened to them: made, released by the fan, expired.";

metrics::Counter& holds(const char* outcome) {
  return metrics::registry().counter(kHolds, kHoldsHelp, {{"outcome", outcome}});
}

}  // namespace

void hold_made(std::size_t seats) {
  static auto& made = holds("made");
  static auto& held = metrics::registry().counter("ticketwar_seats_held_total", "Seats taken by the holds made.");
  made.add();
  held.add(seats);
}

void hold_released() {
  static auto& released = holds("released");
  released.add();
}

void holds_expired(int n) {
  static auto& expired = holds("expired");
  if (n > 0) expired.add(static_cast<std::uint64_t>(n));
}

// The outcomes are the error codes the API answers with: a bounded set, looked up per checkout.
void checkout_answered(std::string_view outcome) {
  metrics::registry()
      .counter("ticketwar_checkouts_total", "Checkouts answered, by outcome: paid, or the error code answered.",
               {{"outcome", std::string(outcome)}})
      .add();
}

void processor_answered(double seconds) {
  static auto& took = metrics::registry().histogram(
      "ticketwar_payment_seconds", "Time the card processor took to answer a charge, in seconds.");
  took.observe(seconds);
}

}  // namespace tw::services::sale_metrics
