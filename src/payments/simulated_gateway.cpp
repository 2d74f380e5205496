#include "payments/simulated_gateway.h"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <ctime>
#include <sodium.h>

#include "async/worker_pool.h"
#include "core/currency.h"
#include "core/encoding.h"
#include "payments/card.h"
#include "sqlite/sqlite_db.h"

namespace tw::payments {
using sqlite::Connection;
using sqlite::SqliteError;
using sqlite::Transaction;

namespace {

constexpr const char* kSchema =
    "CREATE TABLE IF NOT EXISTS charges ("
    " key TEXT PRIMARY KEY, id TEXT NOT NULL UNIQUE, amount_cents INTEGER NOT NULL, status TEXT NOT NULL,"
    " refundable INTEGER NOT NULL, refunded_cents INTEGER NOT NULL DEFAULT 0, created_at_ms INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS refunds ("
    " key TEXT PRIMARY KEY, charge_id TEXT NOT NULL, amount_cents INTEGER NOT NULL, created_at_ms INTEGER NOT NULL);";
// Ledgers written before charges had a currency charged USD.
constexpr const char* kHasCurrency = "SELECT COUNT(*) FROM pragma_table_info('charges') WHERE name = 'currency'";
constexpr const char* kAddCurrency = "ALTER TABLE charges ADD COLUMN currency TEXT NOT NULL DEFAULT 'USD'";
constexpr const char* kFindCharge =
    "SELECT id, status, amount_cents, refundable, refunded_cents, key, currency FROM charges WHERE key = ?1";
constexpr const char* kFindChargeById =
    "SELECT id, status, amount_cents, refundable, refunded_cents, key, currency FROM charges WHERE id = ?1";
constexpr const char* kAllCharges =
    "SELECT id, status, amount_cents, refundable, refunded_cents, key, currency FROM charges ORDER BY created_at_ms";
constexpr const char* kInsertCharge =
    "INSERT INTO charges (key, id, amount_cents, status, refundable, created_at_ms, currency)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr const char* kFindRefund = "SELECT charge_id, amount_cents FROM refunds WHERE key = ?1";
constexpr const char* kInsertRefund =
    "INSERT INTO refunds (key, charge_id, amount_cents, created_at_ms) VALUES (?1, ?2, ?3, ?4)";
constexpr const char* kAddRefunded = "UPDATE charges SET refunded_cents = refunded_cents + ?2 WHERE id = ?1";

constexpr const char* kRefundsFailCard = "4000000000005126";

ChargeStatus outcome_for(const std::string& number) {
  if (number == "4000000000000002") return ChargeStatus::kDeclined;
  if (number == "4000000000009995") return ChargeStatus::kInsufficientFunds;
  if (number == "4000000000000119") return ChargeStatus::kProcessorError;
  return ChargeStatus::kApproved;
}

std::optional<ChargeStatus> parse_status(std::string_view s) {
  for (auto c : {ChargeStatus::kApproved, ChargeStatus::kDeclined, ChargeStatus::kInsufficientFunds,
                 ChargeStatus::kProcessorError}) {
    if (s == charge_status_name(c)) return c;
  }
  return std::nullopt;
}

std::string new_processor_id() {
  unsigned char raw[12];
  randombytes_buf(raw, sizeof raw);
  return "ch_" + core::hex(raw);
}

struct ChargeRow {
  Charge charge;
  bool refundable = true;
  core::Cents refunded = 0;
  std::string key;
};

std::optional<ChargeRow> find_row(Connection& c, const char* query, const std::string& key) {
  auto st = c.prepare(query);
  st.bind(1, key);
  if (!st.step()) return std::nullopt;
  const auto status = parse_status(st.text(1));
  if (!status) throw SqliteError(-1, "ledger holds an unknown charge status");
  return ChargeRow{{st.text(0), *status, st.int64(2), st.text(6)}, st.int64(3) != 0, st.int64(4), st.text(5)};
}

void add_currency_column(Connection& c) {
  auto has = c.prepare(kHasCurrency);
  has.step();
  if (has.int64(0) > 0) return;
  try {
    c.exec(kAddCurrency);
  } catch (const SqliteError&) {
    // Another process sharing the ledger added it first.
    auto again = c.prepare(kHasCurrency);
    again.step();
    if (again.int64(0) == 0) throw;
  }
}

core::Error processor_unavailable(const SqliteError& e) {
  return core::unavailable("processor_unavailable", std::string("The payment processor did not answer: ") + e.what());
}

}  // namespace

const char* charge_status_name(ChargeStatus s) {
  switch (s) {
    case ChargeStatus::kApproved: return "approved";
    case ChargeStatus::kDeclined: return "declined";
    case ChargeStatus::kInsufficientFunds: return "insufficient_funds";
    case ChargeStatus::kProcessorError: return "processor_error";
  }
  return "declined";
}

core::Result<std::unique_ptr<SimulatedGateway>> SimulatedGateway::open(const std::string& ledger_path,
                                                                        WorkerPool& pool, const core::Clock& clock,
                                                                        std::chrono::milliseconds latency) {
  try {
    auto db = std::make_unique<Connection>(ledger_path);
    db->exec(kSchema);
    add_currency_column(*db);
    return std::unique_ptr<SimulatedGateway>(new SimulatedGateway(std::move(db), pool, clock, latency));
  } catch (const SqliteError& e) {
    return core::unavailable("processor_unavailable", "cannot open the payment ledger: " + std::string(e.what()));
  }
}

SimulatedGateway::SimulatedGateway(std::unique_ptr<Connection> db, WorkerPool& pool, const core::Clock& clock,
                                   std::chrono::milliseconds latency)
    : db_(std::move(db)), pool_(pool), clock_(clock), latency_(latency) {}

SimulatedGateway::~SimulatedGateway() = default;

// Runs `f(Connection&)` on the pool with the ledger to itself; SQLite failures mean the
// processor did not answer.
template <class F>
auto SimulatedGateway::locked(F f) {
  return pool_.run([this, f = std::move(f)]() mutable -> decltype(f(std::declval<Connection&>())) {
    std::lock_guard lock(mu_);
    try {
      return f(*db_);
    } catch (const SqliteError& e) {
      return processor_unavailable(e);
    }
  });
}

Task<core::Result<Charge>> SimulatedGateway::charge(ChargeRequest r) {
  if (auto st = validate_card(r.card, clock_); !st) co_return st.error();
  if (!core::find_currency(r.currency)) {
    co_return core::invalid("invalid_currency", "The processor does not charge in '" + r.currency + "'");
  }
  if (latency_.count() > 0) {
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, latency_);
    co_await timer.async_wait(boost::asio::use_awaitable);
  }
  const auto number = card_digits(r.card.number);
  const auto now = clock_.now_ms();
  // Named before awaiting: g++ 12 mis-copies lambda temporaries inside a co_await expression.
  auto work = [r = std::move(r), number, now](Connection& c) -> core::Result<Charge> {
    Transaction tx(c);
    if (auto known = find_row(c, kFindCharge, r.idempotency_key)) {
      if (known->charge.amount != r.amount || known->charge.currency != r.currency) {
        return core::conflict("idempotency_key_reused", "This payment key was used for another amount");
      }
      return known->charge;
    }
    Charge made{new_processor_id(), outcome_for(number), r.amount, r.currency};
    c.prepare(kInsertCharge)
        .bind(1, r.idempotency_key).bind(2, made.processor_id).bind(3, made.amount)
        .bind(4, charge_status_name(made.status)).bind(5, number == kRefundsFailCard ? 0 : 1).bind(6, now)
        .bind(7, made.currency).run();
    tx.commit();
    return made;
  };
  co_return co_await locked(std::move(work));
}

Task<core::Status> SimulatedGateway::refund(RefundRequest r) {
  const auto now = clock_.now_ms();
  return locked([r = std::move(r), now](Connection& c) -> core::Status {
    Transaction tx(c);
    {
      auto done = c.prepare(kFindRefund);
      done.bind(1, r.idempotency_key);
      if (done.step()) {
        if (done.text(0) != r.processor_id || done.int64(1) != r.amount) {
          return core::conflict("idempotency_key_reused", "This refund key was used for another refund");
        }
        return core::Ok{};  // the same refund, asked again
      }
    }
    auto charge = find_row(c, kFindChargeById, r.processor_id);
    if (!charge) return core::not_found("payment_not_found", "The processor has no such charge");
    if (charge->charge.status != ChargeStatus::kApproved) {
      return core::conflict("not_refundable", "Only an approved charge can be refunded");
    }
    if (!charge->refundable) return core::unavailable("refund_failed", "The processor could not refund this card");
    if (r.amount <= 0 || charge->refunded + r.amount > charge->charge.amount) {
      return core::conflict("refund_exceeds_charge", "Refunds would exceed the charge");
    }
    c.prepare(kInsertRefund).bind(1, r.idempotency_key).bind(2, r.processor_id).bind(3, r.amount).bind(4, now).run();
    c.prepare(kAddRefunded).bind(1, r.processor_id).bind(2, r.amount).run();
    tx.commit();
    return core::Ok{};
  });
}

Task<core::Result<std::optional<Charge>>> SimulatedGateway::find_charge(std::string key) {
  return locked([key = std::move(key)](Connection& c) -> core::Result<std::optional<Charge>> {
    auto row = find_row(c, kFindCharge, key);
    if (!row) return std::optional<Charge>();
    return std::optional<Charge>(row->charge);
  });
}

Task<core::Result<std::vector<LedgerEntry>>> SimulatedGateway::ledger() {
  return locked([](Connection& c) -> core::Result<std::vector<LedgerEntry>> {
    auto st = c.prepare(kAllCharges);
    std::vector<LedgerEntry> out;
    while (st.step()) {
      const auto status = parse_status(st.text(1));
      if (!status) throw SqliteError(-1, "ledger holds an unknown charge status");
      out.push_back({st.text(0), st.text(5), st.int64(2), *status, st.int64(4), st.text(6)});
    }
    return out;
  });
}

}  // namespace tw::payments
