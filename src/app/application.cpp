#include "app/application.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <chrono>
#include <thread>

#include "app/run_task.h"
#include "async/log.h"
#include "queue/memory_queue_line.h"
#include "queue/redis_queue_line.h"
#include "redis/redis_address.h"

namespace tw::app {
namespace {

// In a cluster, sign-in attempts are counted in the inventory's Redis, so every instance sees
// every failure (auth/sign_in_guard.h); one server counts them in its own memory (null here).
std::unique_ptr<auth::RedisAttemptRecords> open_sign_in_attempts(const Config& config) {
  if (!config.uses_redis_inventory()) return nullptr;
  auto address = redis::parse_redis_url(config.inventory);  // already checked by open_inventory
  return address ? std::make_unique<auth::RedisAttemptRecords>(*address) : nullptr;
}

// In a cluster, revoked sessions are announced to every instance through the inventory's Redis
// (auth/session_revocations.h); one server alone needs no announcements (null here).
std::unique_ptr<auth::RedisSessionRevocations> open_revocations(const Config& config) {
  if (!config.uses_redis_inventory()) return nullptr;
  auto address = redis::parse_redis_url(config.inventory);  // already checked by open_inventory
  return address ? std::make_unique<auth::RedisSessionRevocations>(*address) : nullptr;
}

// The waiting rooms' lines: in Redis when servers share the sale, so every server sees one order
// (queue/queue_line.h); else in this process and the database.
std::unique_ptr<queue::QueueLine> open_queue_line(const Config& config, store::QueueStore& store) {
  if (config.uses_redis_inventory()) {
    if (auto address = redis::parse_redis_url(config.inventory)) {  // already checked by open_inventory
      return std::make_unique<queue::RedisQueueLine>(*address, store, server_name());
    }
  }
  return std::make_unique<queue::MemoryQueueLine>(store);
}

services::BookingOptions booking_options(const Config& config, services::AccessCodes& codes) {
  services::BookingOptions options;
  options.codes = &codes;
  options.hold_seconds = config.hold_seconds;
  // One process with SQLite (writes applied in order) and its seats in memory: a hold is answered
  // before its record commits (services/booking.h; docs/architecture.md, "What is durable").
  options.answer_holds_before_commit = !config.uses_postgres() && !config.uses_redis_inventory();
  return options;
}

// Runs `task` every `period` until the event loop stops; a failure is one problem line (what
// failed, named by `what`) and the next round comes as usual.
template <class Task>
boost::asio::awaitable<void> every(std::chrono::milliseconds period, const char* what, Task task) {
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
  for (;;) {
    timer.expires_after(period);
    co_await timer.async_wait(boost::asio::use_awaitable);
    if (auto done = co_await task(); !done) log_problem(what, done.error());
  }
}

}  // namespace

Application::Application(const Config& config, Base& base, inventory::Inventory& inventory,
                         payments::PaymentGateway& gateway)
    : config(config),
      clock(*base.clock),
      hasher(*base.pool),
      catalog(*base.stores.events, *base.clock),
      sign_in_attempts(open_sign_in_attempts(config)),
      revocations(open_revocations(config)),
      account_mail(open_mail(config, *base.pool)),
      accounts(*base.stores.accounts, hasher, *base.clock,
               {.sign_in_attempts = sign_in_attempts.get(),
                .revocations = revocations.get(),
                .mail = account_mail.get(),
                .mail_from = {"TicketWar", config.mail_from},
                .site_url = config.site_url(),
                .verified_email_to_buy = config.confirmed_email_to_buy}),
      seat_keeper(*base.stores.booking, inventory, catalog, *base.clock,
                  {.checkout_grace_ms = config.checkout_grace_ms, .blocks = base.stores.blocks.get()}),
      seat_blocks(*base.stores.blocks, seat_keeper, catalog, *base.clock),
      // Failed code redemptions are counted where sign-in attempts are (shared in a cluster).
      access_codes(*base.stores.codes, catalog, *base.clock, sign_in_attempts.get()),
      booking(*base.stores.booking, seat_keeper, catalog, *base.clock, booking_options(config, access_codes)),
      payments(*base.stores.booking, *base.stores.tickets, seat_keeper, gateway, *base.clock,
               {.settle_after_ms = config.payment_settle_ms}),
      show_cancellations(catalog, *base.stores.events, *base.stores.tickets, payments, *base.clock),
      checkout(*base.stores.booking, seat_keeper, catalog, gateway, payments, *base.clock),
      box_office(*base.stores.booking, *base.stores.blocks, seat_keeper, catalog, accounts, *base.clock),
      seat_feed(catalog, seat_keeper, *base.clock),
      ticket_keys(*base.stores.tickets, *base.clock),
      ticket_desk(*base.stores.tickets, *base.stores.accounts, catalog, seat_keeper, ticket_keys, render_pool, *base.clock,
                  services::TicketDesk::kImageCacheBytes, config.site_url()),
      ticket_offers(*base.stores.tickets, *base.stores.accounts, ticket_desk, account_mail.get(), *base.clock,
                    {.site_url = config.site_url(), .mail_from = {"TicketWar", config.mail_from}}),
      personal_data(*base.stores.accounts, accounts, ticket_desk, catalog, account_mail.get(), *base.clock),
      wallet_passes(ticket_desk, *base.stores.tickets, render_pool, *base.clock),
      check_in(*base.stores.tickets, *base.stores.accounts, ticket_keys, *base.clock),
      demo_data(*base.stores.events, *base.stores.accounts, hasher, config.dev),
      stream(config, base.stores, *base.clock, *base.pool, catalog, ticket_desk),
      queue_line(open_queue_line(config, *base.stores.queues)),
      waiting_room(*queue_line, catalog, seat_keeper, *base.clock) {}

namespace {

// The wallets' keys as configured; an error names what is wrong with them.
core::Result<services::WalletOptions> wallet_options(const Config& config) {
  services::WalletOptions options{.site_url = config.site_url()};
  if (config.wallet_cert.empty() != config.wallet_key.empty()) {
    return core::invalid("wallet_key", "--wallet-cert and --wallet-key go together");
  }
  if (!config.wallet_cert.empty()) {
    auto signer = tickets::PassSigner::load(config.wallet_cert, config.wallet_key);
    if (!signer) return signer.error();
    options.apple = std::move(signer).value();
  }
  if (config.google_wallet_key.empty() != config.google_wallet_issuer.empty()) {
    return core::invalid("google_wallet_key", "--google-wallet-key and --google-wallet-issuer go together");
  }
  if (!config.google_wallet_key.empty()) {
    auto google = tickets::GoogleWallet::load(config.google_wallet_key, config.google_wallet_issuer);
    if (!google) return google.error();
    options.google = std::move(google).value();
  }
  return options;
}

}  // namespace

core::Status Application::prepare() {
  auto wallets = wallet_options(config);
  if (!wallets) return wallets.error();
  wallet_passes.configure(std::move(wallets).value());
  if (auto st = run_task(booking.restore()); !st) return st;
  if (auto report = run_task(payments.reconcile()); !report) return report.error();
  if (auto st = run_task(ticket_keys.load()); !st) return st;
  // A shared line's Redis may still be connecting (its connection starts in the background, and
  // a busy machine slows it): an unavailable line is asked again for up to 15 s.
  auto loaded = run_task(waiting_room.load());
  for (int tries = 0; !loaded && loaded.error().kind == core::ErrorKind::kUnavailable && tries < 75; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    loaded = run_task(waiting_room.load());
  }
  if (auto st = std::move(loaded); !st) {
    auto e = st.error();
    e.message = "cannot read the waiting rooms: " + e.message;
    return e;
  }
  return core::Ok{};
}

void Application::start(boost::asio::io_context& loop) {
  using std::chrono::milliseconds;
  // Expiry sweeper: returns expired holds' seats to sale and records seat_released.
  boost::asio::co_spawn(loop, every(milliseconds(100), "hold expiry failed", [this] { return booking.expire_due(); }),
                        boost::asio::detached);
  // The waiting rooms' doorman: draws at the opening, lets fans in at each room's rate.
  boost::asio::co_spawn(loop,
                        every(milliseconds(250), "waiting room doorman failed",
                              [this]() -> Task<core::Status> {
                                co_await waiting_room.tick();
                                co_return core::Ok{};
                              }),
                        boost::asio::detached);
  // Payment reconciler: settles payments and refunds that a crash or a processor failure left open.
  const auto reconcile_period = milliseconds(std::min(5'000, config.payment_settle_ms / 2));
  boost::asio::co_spawn(loop, every(reconcile_period, "payment reconciliation failed", [this] { return payments.reconcile(); }),
                        boost::asio::detached);
  // Blocked seats whose release time came go back on sale.
  boost::asio::co_spawn(loop,
                        every(milliseconds(1'000), "releasing blocked seats failed",
                              [this]() -> Task<core::Status> {
                                auto released = co_await seat_blocks.release_due();
                                if (!released) co_return released.error();
                                co_return core::Ok{};
                              }),
                        boost::asio::detached);
  // Cancelled shows: their tickets cancelled and refunded, their buyers and holders told.
  boost::asio::co_spawn(loop,
                        every(milliseconds(1'000), "show cancellation failed",
                              [this] { return show_cancellations.work(); }),
                        boost::asio::detached);
  stream.start(loop, config.consumers);
}

void Application::join_pools() {
  render_pool.join();
  stream.webhook_pool.join();
}

}  // namespace tw::app
