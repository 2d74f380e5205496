#pragma once
// PaymentGateway port: charges and refunds a card. Idempotent by key: the same key always
// yields the same outcome and never charges twice.
// Adapter: SimulatedGateway (test cards approve / decline / insufficient funds / error).
#include <cstdint>
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
  core::Cents amount = 0;
  Card card;
  std::string description;
};

enum class ChargeStatus { kApproved, kDeclined, kInsufficientFunds, kProcessorError };

struct Charge {
  std::string payment_id;
  ChargeStatus status = ChargeStatus::kDeclined;
  core::Cents amount = 0;
};

class PaymentGateway {
 public:
  virtual ~PaymentGateway() = default;
  virtual Task<core::Result<Charge>> charge(ChargeRequest request) = 0;
  // Returns `amount` of an approved charge (all of it when `amount` covers the charge); refunds
  // add up and never exceed the charge.
  virtual Task<core::Status> refund(std::string payment_id, core::Cents amount) = 0;
};

}  // namespace tw::payments
