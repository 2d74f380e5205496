#pragma once
// SimulatedGateway: a card processor for development and tests, with Stripe-style test cards.
// Cards are checked (Luhn, expiry, CVC) before anything is charged:
//   4242 4242 4242 4242  approved             4000 0000 0000 0002  declined
//   4000 0000 0000 9995  insufficient funds   4000 0000 0000 0119  processor error
//   4000 0000 0000 5126  approved, but every refund of it fails
// Any other valid card number is approved.
//
// Like a real processor it keeps its own ledger, durably, in its own SQLite file (never
// TicketWar's database): restarts, retried keys and refunds behave as they would against a real
// one. Several TicketWar processes may share one ledger file. Blocking work runs on `pool`.
// Thread-safe.
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "payments/payment_gateway.h"

namespace tw {
class WorkerPool;
}
namespace tw::sqlite {
class Connection;
}

namespace tw::payments {

struct LedgerEntry {
  std::string processor_id;
  std::string idempotency_key;
  core::Cents amount = 0;
  ChargeStatus status = ChargeStatus::kDeclined;
  core::Cents refunded_cents = 0;
  std::string currency;  // ISO 4217; amounts are its minor units
};

class SimulatedGateway final : public PaymentGateway {
 public:
  // Opens or creates the ledger at `ledger_path` (":memory:" for a private, forgotten one).
  static core::Result<std::unique_ptr<SimulatedGateway>> open(const std::string& ledger_path, WorkerPool& pool,
                                                              const core::Clock& clock,
                                                              std::chrono::milliseconds latency = {});
  ~SimulatedGateway() override;

  Task<core::Result<Charge>> charge(ChargeRequest request) override;
  Task<core::Status> refund(RefundRequest request) override;
  Task<core::Result<std::optional<Charge>>> find_charge(std::string idempotency_key) override;
  // Every charge, for tests and reconciliation reports.
  Task<core::Result<std::vector<LedgerEntry>>> ledger();

 private:
  SimulatedGateway(std::unique_ptr<sqlite::Connection> db, WorkerPool& pool, const core::Clock& clock,
                   std::chrono::milliseconds latency);
  template <class F>
  auto locked(F f);

  std::mutex mu_;  // one connection, one caller at a time
  std::unique_ptr<sqlite::Connection> db_;  // guarded by mu_
  WorkerPool& pool_;
  const core::Clock& clock_;
  std::chrono::milliseconds latency_;
};

}  // namespace tw::payments
