#pragma once
// The composition root: builds every component from the Config and wires ports to adapters.
// Embedded default: SQLite store, in-process inventory and event log. This is the one place
// that knows which adapter backs which port.
#include <memory>

#include "app/config.h"

namespace tw::app {

// Each returns the process exit code; errors are reported on stderr in one line.
int serve(const Config& config);
int migrate(const Config& config);
int seed(const Config& config);
int admin(const Config& config);
int bench_users(const Config& config);
int events(const Config& config);
int backup(const Config& config);
int restore(const Config& config);

}  // namespace tw::app
