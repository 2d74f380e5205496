#include "support/fake_gateway.h"

#include "payments/card.h"

namespace tw::testing {

Task<core::Result<payments::Charge>> FakeGateway::charge(payments::ChargeRequest r) {
  std::lock_guard lock(mu_);
  if (unreachable_once) {
    unreachable_once = false;
    co_return core::unavailable("processor_unavailable", "no answer");
  }
  if (auto it = by_key_.find(r.idempotency_key); it != by_key_.end()) co_return it->second;
  const auto number = payments::card_digits(r.card.number);
  auto status = payments::ChargeStatus::kApproved;
  if (number == "4000000000000002") status = payments::ChargeStatus::kDeclined;
  if (number == "4000000000009995") status = payments::ChargeStatus::kInsufficientFunds;
  if (number == "4000000000000119") status = payments::ChargeStatus::kProcessorError;
  payments::Charge c{"ch_" + std::to_string(by_key_.size() + 1), status, r.amount, r.currency};
  by_key_[r.idempotency_key] = c;
  if (lose_next_answer) {
    lose_next_answer = false;
    co_return core::unavailable("processor_unavailable", "the answer was lost");
  }
  co_return c;
}

Task<core::Status> FakeGateway::refund(payments::RefundRequest r) {
  std::lock_guard lock(mu_);
  ++refund_calls_;
  if (refunds_fail) co_return core::unavailable("refund_failed", "the processor could not refund");
  if (refund_keys_.count(r.idempotency_key)) co_return core::Ok{};
  bool known = false;
  core::Cents charged = 0;
  for (const auto& [key, c] : by_key_) {
    if (c.processor_id == r.processor_id) known = true, charged = c.amount;
  }
  if (!known) co_return core::not_found("payment_not_found", "no such charge");
  if (refunded_[r.processor_id] + r.amount > charged) co_return core::conflict("refund_exceeds_charge", "too much");
  refunded_[r.processor_id] += r.amount;
  refund_keys_[r.idempotency_key] = r.amount;
  co_return core::Ok{};
}

Task<core::Result<std::optional<payments::Charge>>> FakeGateway::find_charge(std::string key) {
  std::lock_guard lock(mu_);
  const auto it = by_key_.find(key);
  co_return it == by_key_.end() ? std::optional<payments::Charge>() : std::optional<payments::Charge>(it->second);
}

int FakeGateway::charges() const {
  std::lock_guard lock(mu_);
  return static_cast<int>(by_key_.size());
}

core::Cents FakeGateway::refunded(const std::string& processor_id) const {
  std::lock_guard lock(mu_);
  const auto it = refunded_.find(processor_id);
  return it == refunded_.end() ? 0 : it->second;
}

int FakeGateway::refund_calls() const {
  std::lock_guard lock(mu_);
  return refund_calls_;
}

}  // namespace tw::testing
