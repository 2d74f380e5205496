// serve: the composition root of a running server. Picks the adapters the config names, builds
// the application, registers the routes and runs until stopped.
#include <algorithm>
#include <cstdio>
#include <thread>

#include "api/api_description.h"
#include "api/routes.h"
#include "app/app.h"
#include "app/application.h"
#include "app/run_task.h"
#include "app/startup.h"
#include "app/web_site.h"
#include "async/log.h"
#include "http/server.h"
#include "inventory/memory_inventory.h"
#include "inventory/redis_inventory.h"
#include "payments/simulated_gateway.h"
#include "redis/redis_address.h"

namespace tw::app {
namespace {

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

// Registers how this process keeps seats with the database, so that two servers keeping seats
// each in their own memory can never sell from one database; then seeds an empty database.
core::Status claim_and_seed(Base& base, const Config& config) {
  const auto keeping = config.uses_redis_inventory() ? store::SeatKeeping::kShared : store::SeatKeeping::kInThisProcess;
  if (auto st = run_task(base.stores.database->claim_seat_keeping(keeping)); !st) return st;
  auto events = run_task(base.stores.events->count_events());
  if (!events) return events.error();
  return seed_and_report(base, config, config.seed && *events == 0);
}

// Closes a log file when done, but never stdout.
struct LogFileCloser {
  void operator()(std::FILE* f) const {
    if (f != stdout) std::fclose(f);
  }
};
using LogFile = std::unique_ptr<std::FILE, LogFileCloser>;

core::Result<LogFile> open_access_log(const std::string& dest) {
  if (dest == "off") return LogFile(nullptr);
  if (dest == "stdout") return LogFile(stdout);
  LogFile file(std::fopen(dest.c_str(), "a"));
  if (!file) return core::invalid("bad_access_log", "cannot open access log '" + dest + "'");
  return file;
}

void add_routes(http::Router& router, Application& app, const Config& config, store::Database& database,
                inventory::Inventory& inventory) {
  api::add_health_routes(router, [&database, &inventory]() -> Task<core::Status> {
    if (auto st = co_await database.ping(); !st) co_return st;
    co_return co_await inventory.ping();
  });
  api::add_catalog_routes(router, app.catalog, app.booking, app.seat_keeper, app.waiting_room);
  api::add_auth_routes(router, app.accounts, config.secure_cookies);
  api::add_account_routes(router, app.accounts, app.personal_data, config.secure_cookies);
  api::add_admin_routes(router, {.accounts = app.accounts,
                                 .booking = app.booking,
                                 .catalog = app.catalog,
                                 .clock = app.clock,
                                 .demo_data = app.demo_data,
                                 .dev = config.dev,
                                 .payments = app.payments,
                                 .seats = app.seat_keeper,
                                 .tickets = app.ticket_desk,
                                 .waiting_room = app.waiting_room});
  api::add_refund_routes(router, app.accounts, app.payments);
  api::add_cancellation_routes(router, app.accounts, app.show_cancellations);
  api::add_price_routes(router, app.accounts, app.catalog);
  api::add_seat_block_routes(router, app.accounts, app.seat_blocks, app.box_office);
  api::add_access_code_routes(router, app.accounts, app.catalog, app.access_codes);
  api::add_queue_routes(router, {app.accounts, app.waiting_room});
  api::add_dead_letter_routes(router, app.stream.dispatcher, app.accounts);
  api::add_event_stream_routes(router, {.accounts = app.accounts,
                                        .audit = app.stream.audit,
                                        .catalog = app.catalog,
                                        .dispatcher = app.stream.dispatcher,
                                        .relay = app.stream.relay ? &app.stream.relay_dispatcher : nullptr,
                                        .sales = app.stream.sales});
  api::add_sales_routes(router, {app.accounts, app.ticket_desk, app.seat_keeper});
  api::add_metrics_routes(router, {.catalog = app.catalog,
                                   .seats = app.seat_keeper,
                                   .waiting_room = app.waiting_room,
                                   .dispatcher = app.stream.dispatcher,
                                   .relay = app.stream.relay ? &app.stream.relay_dispatcher : nullptr,
                                   .allowed = config.metrics_from,
                                   .token = config.metrics_token});
  api::add_webhook_routes(router, app.accounts, app.stream.webhooks);
  const auto checkout_handler = api::add_booking_routes(router, {.accounts = app.accounts,
                                                                 .booking = app.booking,
                                                                 .checkout = app.checkout,
                                                                 .seat_feed = app.seat_feed,
                                                                 .seats = app.seat_keeper,
                                                                 .waiting_room = app.waiting_room});
  api::add_seed_routes(router, {app.accounts, app.booking, app.catalog, app.seat_keeper}, checkout_handler);
  api::add_live_routes(router, app.seat_feed);
  const api::TicketServices ticket_services{app.accounts, app.ticket_desk, app.seat_keeper, app.wallet_passes,
                                            app.ticket_offers};
  api::add_ticket_routes(router, ticket_services);
  api::add_wallet_routes(router, ticket_services);
  api::add_checkin_routes(router, {.accounts = app.accounts,
                                   .catalog = app.catalog,
                                   .check_in = app.check_in,
                                   .clock = app.clock,
                                   .ticket_keys = app.ticket_keys,
                                   .tickets = app.ticket_desk});
  api::add_api_description_routes(router, api_description());
  router.set_fallback([site = web_site()](http::Request& r) -> Task<http::Response> { co_return site.serve(r); });
  // Every route described and every description routed: a difference is a bug, named at once.
  for (const auto& wrong : api::description_mismatches(router.routes(), api_description())) {
    log_line(LogLevel::kError, "API description out of step with the routes", {{"route", wrong}});
  }
}

http::ServerOptions server_options(const Config& config) {
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
  return options;
}

}  // namespace

int serve(const Config& config) {
  set_log_level(parse_log_level(config.log_level).value_or(LogLevel::kInfo));
  auto base = open_base(config);
  if (!base) return fail_to_start(base.error());
  auto inventory = open_inventory(config);
  if (!inventory) return fail_to_start(inventory.error());
  if (auto st = claim_and_seed(*base, config); !st) return fail_to_start(st.error());
  auto log_file = open_access_log(config.access_log);
  if (!log_file) return fail(log_file.error().message);
  http::AccessLog log(log_file->get());
  // The simulated card processor stands for a system elsewhere: its ledger writes run on a thread
  // of their own, never holding the database's workers while charges wait for each other.
  WorkerPool processor_pool(1, "tw-processor");
  auto gateway = payments::SimulatedGateway::open(config.payment_ledger_path(), processor_pool, *base->clock,
                                                  std::chrono::milliseconds(config.payment_latency_ms));
  if (!gateway) return fail(gateway.error().message);
  Application app(config, *base, **inventory, **gateway);
  if (auto st = app.prepare(); !st) return fail(st.error().message);
  http::Router router;
  add_routes(router, app, config, *base->stores.database, **inventory);
  http::Server server(server_options(config), [&router](http::Request& r) { return router.dispatch(r); }, log);
  if (auto st = server.listen(); !st) return fail(st.error().message);
  const std::string url = "http://" + config.host + ":" + std::to_string(server.port());
  log_milestone("listening", {{"url", url}, {"port", server.port()}});
  log_line(LogLevel::kDebug, "configuration",
           {{"database", config.database_label()}, {"inventory", config.uses_redis_inventory() ? "redis" : "memory"},
            {"threads", config.threads}, {"workers", config.workers}, {"consumers", config.consumers ? "on" : "off"}});
  app.start(server.context());
  server.run();
  // Every pool's work still queued runs now, while the loops it answers to exist (stopped).
  base->pool->join();
  app.join_pools();
  processor_pool.join();
  base->stores.database->close();
  log_milestone("stopped");
  return 0;
}

}  // namespace tw::app
