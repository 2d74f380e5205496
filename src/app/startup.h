#pragma once
// What every command starts from: a writable data directory, the clock, the database's worker
// pool and migrated stores; and how a command reports failure (the README's exit codes).
#include <memory>
#include <string>

#include "app/config.h"
#include "async/worker_pool.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/stores.h"

namespace tw::app {

struct Base {
  std::unique_ptr<core::SystemClock> clock;
  std::unique_ptr<WorkerPool> pool;
  store::Stores stores;
};

core::Result<Base> open_base(const Config& config);

// Exit codes: 1 for a failure, one line on stderr.
int fail(const std::string& message);
// 2 for a command's missing or bad arguments, like a bad flag.
int config_error(const std::string& message);
// Start-up: a database that cannot be reached or used is a configuration problem (2); anything
// else is 1.
int fail_to_start(const core::Error& e);

// Seeds the demo events (when asked) and the first admin account, and says what it made.
core::Status seed_and_report(Base& b, const Config& config, bool with_events);

}  // namespace tw::app
