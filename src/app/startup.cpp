#include "app/startup.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "app/run_task.h"
#include "auth/password.h"
#include "auth/password_hasher.h"
#include "services/demo_data.h"
#include "store/postgres/pg_stores.h"
#include "store/sqlite/sqlite_stores.h"

namespace tw::app {
namespace {

core::Status prepare_data_dir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return core::invalid("bad_data_dir", "cannot create data dir '" + dir + "': " + ec.message());
  if (::access(dir.c_str(), W_OK) != 0) {
    return core::invalid("bad_data_dir", "data dir '" + dir + "' is not writable");
  }
  return core::Ok{};
}

// Picks the adapter the database URL names.
core::Result<store::Stores> open_stores(const Config& config, WorkerPool& pool, const core::Clock& clock) {
  if (config.uses_postgres()) return store::open_postgres(config.database, clock, config.database_connections);
  return store::open_sqlite(config.database_path(), pool, clock);
}

void print_admin_banner(const std::string& password, bool dev) {
  std::fprintf(stderr,
               "\n  Admin account created: %s\n  Password: %s\n  %s\n\n", services::kAdminEmail, password.c_str(),
               dev ? "(the documented development password: use --dev only on your own machine)"
                   : "Shown only this once: keep it somewhere safe.");
}

}  // namespace

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

int fail(const std::string& message) {
  std::fprintf(stderr, "ticketwar: %s\n", message.c_str());
  return 1;
}

int config_error(const std::string& message) {
  fail(message);
  return 2;
}

int fail_to_start(const core::Error& e) {
  fail(e.message);
  return e.kind == core::ErrorKind::kUnavailable || e.kind == core::ErrorKind::kInvalid ? 2 : 1;
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

}  // namespace tw::app
