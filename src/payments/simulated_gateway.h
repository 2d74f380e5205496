#pragma once
// SimulatedGateway: a payment processor for development and tests, with Stripe-style test
// cards. Cards are checked (Luhn, expiry) before anything is charged:
//   4242 4242 4242 4242  approved          4000 0000 0000 0002  declined
//   4000 0000 0000 9995  insufficient funds 4000 0000 0000 0119  processor error
// Any other valid card number is approved. Idempotent by key: the same key returns the first
// outcome and never charges twice. Keeps a ledger so tests can prove every charge has its
// tickets or its refund. Thread-safe.
#include <chrono>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "payments/payment_gateway.h"

namespace tw::payments {

struct LedgerEntry {
  std::string payment_id;
  std::string idempotency_key;
  core::Cents amount = 0;
  ChargeStatus status = ChargeStatus::kDeclined;
  core::Cents refunded_cents = 0;
  bool refunded = false;  // fully refunded
};

// kInvalid "invalid_card" / "card_expired" for a card that cannot be charged at all.
core::Status validate_card(const Card& card, const core::Clock& clock);
bool luhn_valid(std::string_view digits);

class SimulatedGateway final : public PaymentGateway {
 public:
  SimulatedGateway(const core::Clock& clock, std::chrono::milliseconds latency = {}) : clock_(clock), latency_(latency) {}
  Task<core::Result<Charge>> charge(ChargeRequest request) override;
  Task<core::Status> refund(std::string payment_id, core::Cents amount) override;
  std::vector<LedgerEntry> ledger() const;

 private:
  const core::Clock& clock_;
  std::chrono::milliseconds latency_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, LedgerEntry> by_key_;  // guarded by mu_
  std::unordered_map<std::string, std::string> key_of_;  // payment id -> key; guarded by mu_
};

}  // namespace tw::payments
