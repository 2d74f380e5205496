#pragma once
// What the sale counts for operators (metrics/registry.h, scraped at /metrics): holds made,
// released and expired, the seats they took, checkouts by outcome, and how long the payment
// processor took to answer. One relaxed atomic add each.
#include <cstddef>
#include <string_view>

namespace tw::services::sale_metrics {

void hold_made(std::size_t seats);
void hold_released();
void holds_expired(int holds);
// "paid", or the error code the buyer was answered with ("card_declined", "seats_sold", …).
void checkout_answered(std::string_view outcome);
void processor_answered(double seconds);
// A refund tried with the processor: it went through or failed (to be retried, or hopeless).
void refund_tried(bool succeeded);

}  // namespace tw::services::sale_metrics
