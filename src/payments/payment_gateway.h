#pragma once
// PaymentGateway port: a card processor. It remembers every charge and refund it made (it is
// the processor's ledger, not ours), and both are idempotent by a key the caller chooses: the
// same key always yields the same charge and never charges or refunds twice, across retries,
// restarts and crashes on either side.
// Adapters: SimulatedGateway (test cards, a durable ledger of its own).
#include <cstdint>
#include <optional>
#include <string>

#include "async/task.h"
#include "core/money.h"
#include "core/result.h"

namespace tw::payments {

struct Card {
  std::string number;
  std::string expiry;  // MM/YY
  std::string cvc;
  std::string name;
};

struct ChargeRequest {
  std::string idempotency_key;
  core::Cents amount = 0;  // minor units of `currency`
  std::string currency;    // ISO 4217, the event's
  Card card;
  std::string description;
};

enum class ChargeStatus { kApproved, kDeclined, kInsufficientFunds, kProcessorError };

struct Charge {
  std::string processor_id;  // the processor's id for this charge
  ChargeStatus status = ChargeStatus::kDeclined;
  core::Cents amount = 0;
  std::string currency;
};

struct RefundRequest {
  std::string idempotency_key;  // one refund per key, whatever the retries
  std::string processor_id;     // the charge to refund
  core::Cents amount = 0;
};

class PaymentGateway {
 public:
  virtual ~PaymentGateway() = default;
  // kInvalid "invalid_card" / "card_expired" when the card cannot be charged at all (nothing is
  // recorded), "invalid_currency" for a code the processor does not take; kConflict
  // "idempotency_key_reused" for a known key with another amount or currency;
  // kUnavailable when the processor cannot be reached — the charge may or may not exist then,
  // and find_charge tells later.
  virtual Task<core::Result<Charge>> charge(ChargeRequest request) = 0;
  // Returns `amount` of an approved charge. Refunds of a charge add up and never exceed it.
  // kNotFound "payment_not_found"; kConflict "refund_exceeds_charge"; kUnavailable
  // "refund_failed" when the processor could not refund (retry with the same key).
  virtual Task<core::Status> refund(RefundRequest request) = 0;
  // The charge made with this idempotency key, if any: how a crash between charging and
  // recording the answer is settled.
  virtual Task<core::Result<std::optional<Charge>>> find_charge(std::string idempotency_key) = 0;
};

const char* charge_status_name(ChargeStatus s);

}  // namespace tw::payments
