#include "payments/simulated_gateway.h"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <algorithm>
#include <ctime>
#include <sodium.h>

namespace tw::payments {
namespace {

std::string digits_of(std::string_view s) {
  std::string d;
  for (char c : s) {
    if (c >= '0' && c <= '9') d += c;
    else if (c != ' ' && c != '-') return "";
  }
  return d;
}

ChargeStatus outcome_for(const std::string& number) {
  if (number == "4000000000000002") return ChargeStatus::kDeclined;
  if (number == "4000000000009995") return ChargeStatus::kInsufficientFunds;
  if (number == "4000000000000119") return ChargeStatus::kProcessorError;
  return ChargeStatus::kApproved;
}

std::string new_payment_id() {
  unsigned char raw[12];
  randombytes_buf(raw, sizeof raw);
  char hex[sizeof raw * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
  return std::string("pay_") + hex;
}

}  // namespace

bool luhn_valid(std::string_view d) {
  if (d.size() < 12 || d.size() > 19) return false;
  int sum = 0;
  bool dbl = false;
  for (auto it = d.rbegin(); it != d.rend(); ++it) {
    int v = *it - '0';
    if (dbl && (v *= 2) > 9) v -= 9;
    sum += v;
    dbl = !dbl;
  }
  return sum % 10 == 0;
}

core::Status validate_card(const Card& card, const core::Clock& clock) {
  const std::string number = digits_of(card.number);
  if (!luhn_valid(number)) return core::invalid("invalid_card", "That card number is not valid");
  const auto& e = card.expiry;
  if (e.size() != 5 || e[2] != '/' || !std::isdigit(e[0]) || !std::isdigit(e[1]) || !std::isdigit(e[3]) ||
      !std::isdigit(e[4])) {
    return core::invalid("invalid_card", "Expiry must look like MM/YY");
  }
  const int month = (e[0] - '0') * 10 + (e[1] - '0');
  const int year = 2000 + (e[3] - '0') * 10 + (e[4] - '0');
  if (month < 1 || month > 12) return core::invalid("invalid_card", "Expiry month must be 01-12");
  const std::time_t now = static_cast<std::time_t>(clock.now_seconds());
  std::tm tm{};
  gmtime_r(&now, &tm);
  if (year < tm.tm_year + 1900 || (year == tm.tm_year + 1900 && month < tm.tm_mon + 1)) {
    return core::invalid("card_expired", "That card has expired");
  }
  if (card.cvc.size() < 3 || card.cvc.size() > 4 || digits_of(card.cvc) != card.cvc) {
    return core::invalid("invalid_card", "The security code must be 3 or 4 digits");
  }
  return core::Ok{};
}

Task<core::Result<Charge>> SimulatedGateway::charge(ChargeRequest r) {
  if (auto st = validate_card(r.card, clock_); !st) co_return st.error();
  if (latency_.count() > 0) {
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, latency_);
    co_await timer.async_wait(boost::asio::use_awaitable);
  }
  std::lock_guard lock(mu_);
  if (auto it = by_key_.find(r.idempotency_key); it != by_key_.end()) {
    if (it->second.amount != r.amount) {
      co_return core::conflict("idempotency_key_reused", "This payment key was used for another amount");
    }
    co_return Charge{it->second.payment_id, it->second.status, it->second.amount};
  }
  LedgerEntry entry{new_payment_id(), r.idempotency_key, r.amount, outcome_for(digits_of(r.card.number)), false};
  key_of_[entry.payment_id] = r.idempotency_key;
  by_key_[r.idempotency_key] = entry;
  co_return Charge{entry.payment_id, entry.status, entry.amount};
}

Task<core::Status> SimulatedGateway::refund(std::string payment_id, core::Cents amount) {
  std::lock_guard lock(mu_);
  const auto k = key_of_.find(payment_id);
  if (k == key_of_.end()) co_return core::not_found("payment_not_found", "No such payment");
  auto& e = by_key_[k->second];
  e.refunded_cents = std::min(e.amount, e.refunded_cents + std::max<core::Cents>(0, amount));
  e.refunded = e.refunded_cents == e.amount;
  co_return core::Ok{};
}

std::vector<LedgerEntry> SimulatedGateway::ledger() const {
  std::lock_guard lock(mu_);
  std::vector<LedgerEntry> out;
  for (const auto& [k, e] : by_key_) out.push_back(e);
  return out;
}

}  // namespace tw::payments
