#pragma once
// A card processor for unit tests: in memory, no threads, with switches for the failures a real
// one has. Cards as SimulatedGateway reads them (4000 0000 0000 0002 declines, …).
#include <map>
#include <mutex>
#include <string>

#include "payments/payment_gateway.h"

namespace tw::testing {

class FakeGateway final : public payments::PaymentGateway {
 public:
  // The next charge is made but its answer is lost (the caller hears kUnavailable).
  bool lose_next_answer = false;
  // The next charge is not made; the caller hears kUnavailable.
  bool unreachable_once = false;
  // Refunds fail with kUnavailable while set.
  bool refunds_fail = false;

  Task<core::Result<payments::Charge>> charge(payments::ChargeRequest request) override;
  Task<core::Status> refund(payments::RefundRequest request) override;
  Task<core::Result<std::optional<payments::Charge>>> find_charge(std::string idempotency_key) override;

  int charges() const;
  core::Cents refunded(const std::string& processor_id) const;
  int refund_calls() const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, payments::Charge> by_key_;        // guarded by mu_
  std::map<std::string, core::Cents> refunded_;            // by processor id; guarded by mu_
  std::map<std::string, core::Cents> refund_keys_;         // guarded by mu_
  int refund_calls_ = 0;                                   // guarded by mu_
};

}  // namespace tw::testing
