#include "app/app.h"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <filesystem>
#include <iostream>
#include <thread>

#include "api/context.h"
#include "api/routes.h"
#include "app/run_task.h"
#include "app/web_site.h"
#include "async/worker_pool.h"
#include "auth/password.h"
#include "auth/password_hasher.h"
#include "auth/redis_attempt_records.h"
#include "auth/redis_session_revocations.h"
#include "auth/session_token.h"
#include "core/clock.h"
#include "events/audit_trail.h"
#include "events/dispatcher.h"
#include "events/event_codec.h"
#include "events/outbox_event_log.h"
#include "events/sales_figures.h"
#include "events/stream_event_log.h"
#include "events/stream_relay.h"
#include "http/server.h"
#include "inventory/memory_inventory.h"
#include "inventory/redis_inventory.h"
#include "redis/redis_address.h"
#include "mail/mail_directory.h"
#include "webhooks/curl_webhook_client.h"
#include "webhooks/webhook_sender.h"
#include "webhooks/webhooks.h"
#include "mail/smtp_transport.h"
#include "payments/simulated_gateway.h"
#include "async/problem_log.h"
#include "services/accounts.h"
#include "services/booking.h"
#include "services/catalog.h"
#include "services/check_in.h"
#include "services/checkout.h"
#include "services/demo_data.h"
#include "services/payments.h"
#include "services/receipts.h"
#include "services/seat_feed.h"
#include "services/ticket_desk.h"
#include "services/ticket_keys.h"
#include "services/waiting_room.h"
#include "store/postgres/pg_stores.h"
#include "store/sqlite/sqlite_stores.h"

namespace tw::app {
namespace {

int fail(const std::string& message) {
  std::fprintf(stderr, "ticketwar: %s\n", message.c_str());
  return 1;
}

// A command's missing or bad arguments: a configuration error, status 2 like a bad flag.
int config_error(const std::string& message) {
  fail(message);
  return 2;
}

core::Status prepare_data_dir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return core::invalid("bad_data_dir", "cannot create data dir '" + dir + "': " + ec.message());
  if (::access(dir.c_str(), W_OK) != 0) {
    return core::invalid("bad_data_dir", "data dir '" + dir + "' is not writable");
  }
  return core::Ok{};
}

// What every command needs: the data dir, the clock, the worker pool and migrated stores.
struct Base {
  std::unique_ptr<core::SystemClock> clock;
  std::unique_ptr<WorkerPool> pool;
  store::Stores stores;
};

// Picks the adapter the database URL names.
core::Result<store::Stores> open_stores(const Config& config, WorkerPool& pool, const core::Clock& clock) {
  if (config.uses_postgres()) return store::open_postgres(config.database, clock, config.database_connections);
  return store::open_sqlite(config.database_path(), pool, clock);
}

core::Result<Base> open_base(const Config& config) {
  if (!auth::init_crypto()) return core::internal("libsodium failed to initialise");
  if (auto st = prepare_data_dir(config.data_dir); !st) return st.error();
  Base b;
  b.clock = std::make_unique<core::SystemClock>();
  b.pool = std::make_unique<WorkerPool>(static_cast<std::size_t>(config.workers), "tw-db");
  auto opened = open_stores(config, *b.pool, *b.clock);
  if (!opened) {
    auto e = opened.error();
    e.message = "cannot open the database " + config.database_label() + ": " + e.message;
    return e;
  }
  b.stores = std::move(opened).value();
  if (auto st = run_task(b.stores.database->migrate()); !st) return st.error();
  return b;
}

// Picks the seat inventory the config names. Redis must answer within a few seconds: a cluster
// started against the wrong address should say so at once, not on the first sale.
core::Result<std::unique_ptr<inventory::Inventory>> open_inventory(const Config& config) {
  if (!config.uses_redis_inventory()) return std::unique_ptr<inventory::Inventory>(new inventory::MemoryInventory);
  auto address = redis::parse_redis_url(config.inventory);
  if (!address) return address.error();
  auto redis = std::make_unique<inventory::RedisInventory>(*address);
  if (!redis->wait_connected(3'000)) {
    return core::unavailable("inventory_unavailable", "cannot reach the seat inventory at " + address->url());
  }
  return std::unique_ptr<inventory::Inventory>(std::move(redis));
}

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

// Registers how this process keeps seats with the database, so that two servers keeping seats
// each in their own memory can never sell from one database.
core::Status claim_seat_keeping(store::Database& database, const Config& config) {
  return run_task(database.claim_seat_keeping(config.uses_redis_inventory() ? store::SeatKeeping::kShared
                                                                            : store::SeatKeeping::kInThisProcess));
}

// Start-up failures: a database that cannot be reached or used is a configuration problem
// (exit 2, one line); anything else exits 1.
int fail_to_start(const core::Error& e) {
  std::fprintf(stderr, "ticketwar: %s\n", e.message.c_str());
  return e.kind == core::ErrorKind::kUnavailable || e.kind == core::ErrorKind::kInvalid ? 2 : 1;
}

void print_admin_banner(const std::string& password, bool dev) {
  std::fprintf(stderr,
               "\n  Admin account created: %s\n  Password: %s\n  %s\n\n", services::kAdminEmail, password.c_str(),
               dev ? "(the documented development password: use --dev only on your own machine)"
                   : "Shown only this once: keep it somewhere safe.");
}

core::Status seed_and_report(Base& b, const Config& config, bool with_events) {
  auth::PasswordHasher hasher(*b.pool);
  auto report = run_task(services::seed_demo(*b.stores.events, *b.stores.accounts, hasher, with_events, config.dev));
  if (!report) return report.error();
  if (report->events_created > 0) {
    std::fprintf(stderr, "ticketwar: seeded %d demo events\n", report->events_created);
  }
  if (report->admin_password) print_admin_banner(*report->admin_password, config.dev);
  return core::Ok{};
}

// Closes a log file when done, but never stdout.
struct LogFileCloser {
  void operator()(std::FILE* f) const {
    if (f != stdout) std::fclose(f);
  }
};
using LogFile = std::unique_ptr<std::FILE, LogFileCloser>;

LogFile open_access_log(const std::string& dest) {
  if (dest == "off") return nullptr;
  if (dest == "stdout") return LogFile(stdout);
  return LogFile(std::fopen(dest.c_str(), "a"));
}

}  // namespace

int migrate(const Config& config) {
  auto base = open_base(config);
  if (!base) return fail_to_start(base.error());
  std::fprintf(stderr, "ticketwar: database %s is up to date\n", config.database_label().c_str());
  return 0;
}

int seed(const Config& config) {
  auto base = open_base(config);
  if (!base) return fail(base.error().message);
  if (auto st = seed_and_report(*base, config, true); !st) return fail(st.error().message);
  return 0;
}

namespace {

std::string read_password_from_stdin() {
  if (::isatty(STDIN_FILENO)) return "";
  std::string line;
  std::getline(std::cin, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

int admin_create(Base& b, const Config& config) {
  auto role = store::parse_role(config.role);
  if (!role) return fail("--role must be user, staff or admin");
  std::string password = read_password_from_stdin();
  const bool generated = password.empty();
  if (generated) password = auth::random_password(20);
  auth::PasswordHasher hasher(*b.pool);
  services::Accounts accounts(*b.stores.accounts, hasher, *b.clock);
  auto user = run_task(accounts.create_user(config.email, password, config.name, *role));
  if (!user) return fail(user.error().message);
  std::printf("created %s %s (id %lld)\n", store::role_name(user->role), user->email.c_str(),
              static_cast<long long>(user->id));
  if (generated) std::printf("password: %s\n", password.c_str());
  return 0;
}

int admin_set_role(Base& b, const std::string& email, const std::string& role_text) {
  auto role = store::parse_role(role_text);
  if (!role) return fail("role must be user, staff or admin");
  auth::PasswordHasher hasher(*b.pool);
  services::Accounts accounts(*b.stores.accounts, hasher, *b.clock);
  auto user = run_task(accounts.find_by_email(email));
  if (!user) return fail(user.error().message);
  if (!user->has_value()) return fail("no account with email " + email);
  store::UserChange change;
  change.role = *role;
  auto updated = run_task(accounts.update_user(0, (*user)->id, change));
  if (!updated) return fail(updated.error().message);
  std::printf("%s is now %s\n", email.c_str(), store::role_name(*role));
  return 0;
}

int admin_rotate_ticket_key(Base& b) {
  services::TicketKeys keys(*b.stores.tickets, *b.clock);
  if (auto st = run_task(keys.rotate()); !st) return fail(st.error().message);
  std::printf("ticket codes are now signed with key %u; codes signed earlier stay valid\n", keys.signing_key_id());
  return 0;
}

}  // namespace

int admin(const Config& config) {
  const auto& w = config.admin_words;
  const bool create = w.size() == 1 && w[0] == "create";
  const bool set_role = w.size() == 3 && w[0] == "set-role";
  const bool rotate = w.size() == 1 && w[0] == "rotate-ticket-key";
  if (!create && !set_role && !rotate) {
    return config_error("usage: ticketwar admin create --email E --name N [--role R] | admin set-role EMAIL ROLE"
                " | admin rotate-ticket-key");
  }
  auto base = open_base(config);
  if (!base) return fail(base.error().message);
  if (rotate) return admin_rotate_ticket_key(*base);
  return create ? admin_create(*base, config) : admin_set_role(*base, w[1], w[2]);
}

namespace {

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

// Where receipts go: the SMTP server named, else .eml files in the data directory.
std::unique_ptr<mail::MailTransport> open_mail(const Config& config, WorkerPool& pool) {
  if (!config.smtp.empty()) return std::make_unique<mail::SmtpTransport>(config.smtp, pool);
  return std::make_unique<mail::MailDirectory>(config.mail_dir(), pool);
}

std::string public_url(const Config& config) {
  return config.public_url.empty() ? "http://" + config.host + ":" + std::to_string(config.port) : config.public_url;
}

// This server's name among a cluster's: on the relay's lease and in the streams' consumer groups.
std::string server_name() {
  std::array<char, 256> host{};
  if (::gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  return std::string(host.data()) + "-" + std::to_string(::getpid());
}

// The Redis the event streams live in: the inventory's (only asked for in cluster mode).
std::unique_ptr<redis::RedisConnection> open_stream_redis(const Config& config, redis::RedisAddress& address) {
  if (!config.uses_event_streams()) return nullptr;
  address = *redis::parse_redis_url(config.inventory);  // checked when the config was parsed
  return std::make_unique<redis::RedisConnection>(address.host, address.port, address.db);
}

// The event stream's consumers (docs/events.md) and what they need: the log and its
// dispatcher, the receipts' mail transport, the webhooks' client, admin side and sender; in
// cluster mode also the relay that copies the outbox into Redis streams, which the consumers
// then read. Members are built in order; start() sets them going on the server's loop.
struct EventStream {
  // Every consumer a server runs, by name (events replay checks against these).
  static constexpr std::array<std::string_view, 4> kConsumerNames{"audit", "sales", "webhooks", "receipts"};
  static std::vector<std::string> consumer_names() { return {kConsumerNames.begin(), kConsumerNames.end()}; }

  EventStream(const Config& config, store::Stores& stores, const core::Clock& clock, WorkerPool& pool,
              services::Catalog& catalog, services::TicketDesk& tickets)
      : redis(open_stream_redis(config, redis_address)),
        outbox_log(*stores.outbox, clock),
        stream_log(redis ? std::make_unique<events::StreamEventLog>(
                               *redis, outbox_log,
                               events::StreamEventLogOptions{redis_address.prefix, server_name(),
                                                                     std::chrono::milliseconds(config.stream_claim_ms)})
                         : nullptr),
        dispatcher(stream_log ? static_cast<events::EventLog&>(*stream_log) : outbox_log, clock, {},
                   stores.dead_letters.get()),
        relay(redis ? std::make_unique<events::StreamRelay>(
                          *redis, outbox_log,
                          events::StreamRelayOptions{redis_address.prefix, server_name(), std::chrono::milliseconds(5'000),
                                                     consumer_names()})
                    : nullptr),
        relay_dispatcher(outbox_log, clock),
        audit(*stores.audit),
        sales(*stores.sales),
        fanout(*stores.webhooks, clock),
        mail(open_mail(config, pool)),
        receipts(*stores.booking, *stores.accounts, catalog, tickets, *mail, clock,
                 {{"TicketWar", config.mail_from}, public_url(config)}),
        webhook_client(webhook_pool, {config.allow_private_webhooks}),
        webhooks(*stores.webhooks, clock, config.allow_private_webhooks),
        sender(*stores.webhooks, webhook_client, clock,
               {.first_retry = std::chrono::milliseconds(config.webhook_first_retry_ms)}) {
    for (events::Consumer* c : std::initializer_list<events::Consumer*>{&audit, &sales, &fanout, &receipts}) {
      dispatcher.add(*c);
    }
    if (relay) relay_dispatcher.add(*relay);
  }

  // Servers started with --consumers false leave the log to the others (the API still reads
  // what the consumers keep). In cluster mode every server that runs consumers also offers to
  // relay; the lease lets one do it.
  void start(boost::asio::io_context& loop, bool consumers) {
    if (!consumers) return;
    for (auto* c : dispatcher.consumers()) boost::asio::co_spawn(loop, dispatcher.run(*c), boost::asio::detached);
    boost::asio::co_spawn(loop, sender.run(), boost::asio::detached);
    if (relay) boost::asio::co_spawn(loop, relay->run(relay_dispatcher), boost::asio::detached);
  }

  redis::RedisAddress redis_address;
  std::unique_ptr<redis::RedisConnection> redis;  // cluster mode only, as the two below
  events::OutboxEventLog outbox_log;
  std::unique_ptr<events::StreamEventLog> stream_log;
  events::Dispatcher dispatcher;
  std::unique_ptr<events::StreamRelay> relay;
  events::Dispatcher relay_dispatcher;  // feeds the relay the outbox
  events::AuditTrail audit;
  events::SalesFigures sales;
  webhooks::WebhookFanout fanout;
  std::unique_ptr<mail::MailTransport> mail;
  services::Receipts receipts;
  // Webhook POSTs wait on receivers: a pool of their own, so they never hold the database's.
  WorkerPool webhook_pool{4, "tw-webhooks"};
  webhooks::CurlWebhookClient webhook_client;
  webhooks::Webhooks webhooks;
  webhooks::WebhookSender sender;
};

// events tail: the last events of the log, then each new one as it is written, one JSON line
// each, until interrupted (docs/events.md). Reads the outbox directly and keeps no offset: it
// only watches.
int events_tail(Base& base, const std::string& only) {
  auto& outbox = *base.stores.outbox;
  auto last = run_task(outbox.last_sequence());
  if (!last) return fail(last.error().message);
  constexpr int kBatch = 500;
  std::int64_t after = std::max<std::int64_t>(0, *last - 10);
  for (;;) {
    auto rows = run_task(outbox.outbox_after(after, kBatch));
    if (!rows) return fail(rows.error().message);
    for (const auto& r : *rows) {
      after = r.sequence;
      if (!only.empty() && r.type != only) continue;
      std::printf("{\"sequence\":%lld,\"type\":%s,\"key\":%s,\"id\":%s,\"createdAtMs\":%lld,\"payload\":%s}\n",
                  static_cast<long long>(r.sequence), http::json_quote(r.type).c_str(), http::json_quote(r.key).c_str(),
                  http::json_quote(r.id).c_str(), static_cast<long long>(r.created_at_ms), r.payload.c_str());
    }
    std::fflush(stdout);
    if (static_cast<int>(rows->size()) < kBatch) std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
}

// events replay: moves a consumer's offset back so every server running it feeds it the log
// again from that sequence. Consumers act on each event once, so this repeats deliveries (a
// webhook receiver gets them again) without counting anything twice. In cluster mode the
// consumer's group is moved back on every Redis stream as well.
int events_replay(const Config& config, Base& base, const std::string& name, std::int64_t from) {
  std::string names;
  bool known = false;
  for (auto consumer : EventStream::kConsumerNames) {
    known = known || consumer == name;
    names += (names.empty() ? "" : ", ") + std::string(consumer);
  }
  if (!known) return fail("no consumer is called '" + name + "' (the consumers are " + names + ")");
  events::OutboxEventLog log(*base.stores.outbox, *base.clock);
  if (auto st = run_task(log.rewind(name, from - 1)); !st) return fail(st.error().message);
  redis::RedisAddress address;
  if (auto connection = open_stream_redis(config, address)) {
    if (!connection->wait_connected(3'000)) return fail("Redis at " + address.url() + " does not answer");
    events::StreamEventLog streams(*connection, log, {address.prefix, server_name(), std::chrono::milliseconds(0)});
    if (auto st = run_task(streams.rewind(name, from - 1)); !st) return fail(st.error().message);
  }
  std::printf("%s will be fed the log again from sequence %lld by the servers that run it\n", name.c_str(),
              static_cast<long long>(from));
  return 0;
}

}  // namespace

int events(const Config& config) {
  const auto& w = config.admin_words;
  const bool tail = w.size() == 1 && w[0] == "tail";
  const bool replay = w.size() == 1 && w[0] == "replay" && !config.event_consumer.empty() && config.replay_from > 0;
  if (!tail && !replay) {
    return config_error("usage: ticketwar events tail [--type TYPE] | events replay --consumer NAME --from SEQUENCE");
  }
  if (tail && !config.event_type.empty() && !events::known_event_type(config.event_type)) {
    return fail("no event type is called '" + config.event_type + "' (the types are in docs/events.md)");
  }
  auto base = open_base(config);
  if (!base) return fail_to_start(base.error());
  return tail ? events_tail(*base, config.event_type)
              : events_replay(config, *base, config.event_consumer, config.replay_from);
}

// Load-test buyers, written straight to the store: signing 100,000 buyers in through argon2id
// would take hours and measure the wrong thing. They share one hash of a random password nobody
// knows, so they can only be used through the tokens printed here.
int bench_users(const Config& config) {
  const auto& w = config.admin_words;
  long long count = 0;
  if (w.size() != 1 || (count = std::atoll(w[0].c_str())) < 1 || count > 1'000'000) {
    return config_error("usage: ticketwar bench-users N (1-1000000)");
  }
  auto base = open_base(config);
  if (!base) return fail(base.error().message);
  auto hash = auth::hash_password(auth::random_password(32));
  if (!hash) return fail("could not hash");
  const std::string run = auth::random_password(6);
  std::vector<store::NewUser> users;
  for (long long i = 0; i < count; ++i) {
    users.push_back({"bench-" + run + "-" + std::to_string(i) + "@bench.invalid", "Buyer " + std::to_string(i), *hash,
                     store::Role::kUser});
  }
  auto created = run_task(base->stores.accounts->create_users(std::move(users)));
  if (!created) return fail(created.error().message);
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  std::vector<store::Session> sessions;
  std::string tokens;
  for (const auto& u : *created) {
    const auto token = auth::new_session_token();
    sessions.push_back({auth::token_hash(token), u.id, now, now, now + 86400, now + 86400});
    tokens += token + "\n";
  }
  if (auto st = run_task(base->stores.accounts->create_sessions(std::move(sessions))); !st) {
    return fail(st.error().message);
  }
  std::fwrite(tokens.data(), 1, tokens.size(), stdout);
  return 0;
}

int serve(const Config& config) {
  auto base = open_base(config);
  if (!base) return fail_to_start(base.error());
  auto& stores = base->stores;
  auto& clock = *base->clock;
  auto opened_inventory = open_inventory(config);
  if (!opened_inventory) return fail_to_start(opened_inventory.error());
  inventory::Inventory& inventory = **opened_inventory;
  if (auto st = claim_seat_keeping(*stores.database, config); !st) return fail_to_start(st.error());
  auto events = run_task(stores.events->count_events());
  if (!events) return fail(events.error().message);
  if (auto st = seed_and_report(*base, config, config.seed && *events == 0); !st) return fail(st.error().message);

  LogFile log_file = open_access_log(config.access_log);
  if (!log_file && config.access_log != "off") return fail("cannot open access log '" + config.access_log + "'");
  http::AccessLog log(log_file.get());

  auth::PasswordHasher hasher(*base->pool);
  services::Catalog catalog(*stores.events, clock);
  const auto sign_in_attempts = open_sign_in_attempts(config);
  const auto revocations = open_revocations(config);
  services::AccountsOptions accounts_options;
  accounts_options.sign_in_attempts = sign_in_attempts.get();
  accounts_options.revocations = revocations.get();
  services::Accounts accounts(*stores.accounts, hasher, clock, accounts_options);
  // The simulated card processor stands for a system elsewhere: its ledger writes run on a thread
  // of their own, never holding the database's workers while charges wait for each other.
  WorkerPool processor_pool(1, "tw-processor");
  auto gateway = payments::SimulatedGateway::open(config.payment_ledger_path(), processor_pool, clock,
                                                  std::chrono::milliseconds(config.payment_latency_ms));
  if (!gateway) return fail(gateway.error().message);
  services::BookingOptions booking_options;
  booking_options.hold_seconds = config.hold_seconds;
  booking_options.checkout_grace_ms = config.checkout_grace_ms;
  // One process with SQLite (writes applied in order) and its seats in memory: a hold is answered
  // before its record commits (services/booking.h; docs/architecture.md, "What is durable").
  booking_options.answer_holds_before_commit = !config.uses_postgres() && !config.uses_redis_inventory();
  services::Booking booking(*stores.booking, inventory, catalog, clock, booking_options);
  if (auto st = run_task(booking.restore()); !st) return fail(st.error().message);
  services::PaymentsOptions payments_options;
  payments_options.settle_after_ms = config.payment_settle_ms;
  services::Payments payments(*stores.booking, *stores.tickets, booking, **gateway, clock, payments_options);
  if (auto report = run_task(payments.reconcile()); !report) return fail(report.error().message);
  services::Checkout checkout(*stores.booking, booking, catalog, **gateway, payments, clock);
  services::SeatFeed seat_feed(catalog, booking, clock);
  services::TicketKeys ticket_keys(*stores.tickets, clock);
  if (auto st = run_task(ticket_keys.load()); !st) return fail(st.error().message);
  // Ticket images (receipts draw one per ticket sold) on a thread of their own: during a sale they
  // take at most one core and never hold the database's workers, whose reads the sale waits on.
  // At the lowest priority: receipts can wait a few seconds, fans' requests should not. In the
  // arena sale the receipts' images took a core; at nice 19 they give it up whenever a thread
  // answering fans can run (the sale's time did not measurably change: they mostly use the time
  // the cores would be idle).
  WorkerPool render_pool(1, "tw-images", WorkerPool::Priority::kBackground);
  services::TicketDesk ticket_desk(*stores.tickets, *stores.accounts, catalog, booking, ticket_keys, render_pool, clock);
  services::CheckIn check_in(*stores.tickets, *stores.accounts, ticket_keys, clock);
  services::DemoData demo_data(*stores.events, *stores.accounts, hasher, config.dev);
  EventStream stream(config, stores, clock, *base->pool, catalog, ticket_desk);
  services::WaitingRoom waiting_room(*stores.queues, catalog, booking, clock, config.uses_redis_inventory());
  if (auto st = run_task(waiting_room.load()); !st) return fail("cannot read the waiting rooms: " + st.error().message);
  api::ApiContext ctx{catalog,     accounts,    booking,   checkout,          payments,     seat_feed,
                      ticket_desk, ticket_keys, check_in,  demo_data,         stream.dispatcher, stream.audit,
                      stream.sales, stream.webhooks, waiting_room, clock, config.dev, config.secure_cookies};
  if (stream.relay) ctx.relay = &stream.relay_dispatcher;
  http::Router router;
  store::Database& database = *stores.database;
  api::add_health_routes(router, [&database, &inventory]() -> Task<core::Status> {
    if (auto st = co_await database.ping(); !st) co_return st;
    co_return co_await inventory.ping();
  });
  api::add_catalog_routes(router, catalog, booking, waiting_room);
  api::add_auth_routes(router, ctx);
  api::add_admin_routes(router, ctx);
  api::add_refund_routes(router, ctx);
  api::add_queue_routes(router, ctx);
  api::add_dead_letter_routes(router, stream.dispatcher, accounts);
  api::add_event_stream_routes(router, ctx);
  api::add_sales_routes(router, ctx);
  api::add_webhook_routes(router, ctx);
  const auto checkout_handler = api::add_booking_routes(router, ctx);
  api::add_seed_routes(router, ctx, checkout_handler);
  api::add_live_routes(router, ctx);
  api::add_ticket_routes(router, ctx);
  api::add_checkin_routes(router, ctx);
  const http::StaticSite site = web_site();
  router.set_fallback([&site](http::Request& r) -> Task<http::Response> { co_return site.serve(r); });

  http::ServerOptions options;
  options.host = config.host;
  options.port = config.port;
  options.threads = config.threads > 0 ? config.threads : std::max(1u, std::thread::hardware_concurrency());
  options.max_body_bytes = config.max_body_bytes;
  options.request_timeout = std::chrono::milliseconds(config.request_timeout_ms);
  options.write_timeout = std::chrono::milliseconds(config.write_timeout_ms);
  options.max_connections = config.max_connections;
  options.max_connections_per_address = config.max_connections_per_address;
  options.max_streams = config.max_streams;
  options.max_streams_per_address = config.max_streams_per_address;
  options.requests_per_second = config.client_rate;
  options.request_burst = 10.0 * config.client_rate;
  options.trusted_proxies = config.trusted_proxies;
  http::Server server(options, [&router](http::Request& r) { return router.dispatch(r); }, log);
  if (auto st = server.listen(); !st) return fail(st.error().message);

  std::printf("{\"level\":\"info\",\"msg\":\"listening\",\"url\":\"http://%s:%u\",\"port\":%u}\n",
              config.host.c_str(), server.port(), server.port());
  std::fflush(stdout);
  // Expiry sweeper: returns expired holds' seats to sale and records seat_released.
  boost::asio::co_spawn(server.context(),
                        every(std::chrono::milliseconds(100), "hold expiry failed", [&booking] { return booking.expire_due(); }),
                        boost::asio::detached);
  // The waiting rooms' doorman: draws at the opening, lets fans in at each room's rate.
  boost::asio::co_spawn(server.context(),
                        every(std::chrono::milliseconds(250), "waiting room doorman failed",
                              [&waiting_room]() -> Task<core::Status> {
                                co_await waiting_room.tick();
                                co_return core::Ok{};
                              }),
                        boost::asio::detached);
  const auto reconcile_period = std::chrono::milliseconds(std::min(5'000, config.payment_settle_ms / 2));
  // Payment reconciler: settles payments and refunds that a crash or a processor failure left open.
  boost::asio::co_spawn(server.context(),
                        every(reconcile_period, "payment reconciliation failed", [&payments] { return payments.reconcile(); }),
                        boost::asio::detached);
  stream.start(server.context(), config.consumers);
  server.run();

  // Every pool's work still queued runs now, while the loops it answers to exist (stopped).
  base->pool->join();
  render_pool.join();
  processor_pool.join();
  stream.webhook_pool.join();
  stores.database->close();
  std::printf("{\"level\":\"info\",\"msg\":\"stopped\"}\n");
  std::fflush(stdout);
  return 0;
}

}  // namespace tw::app
