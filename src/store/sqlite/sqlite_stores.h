#pragma once
// The embedded adapter: every store port on one SQLite file (see sqlite_database.h).
#include <string>

#include "core/clock.h"
#include "store/stores.h"

namespace tw {
class WorkerPool;
}

namespace tw::store {

// Opens or creates the database file at `path` (not yet migrated). `pool` runs the blocking
// calls and `clock` dates the rows; both must outlive the stores. kUnavailable when the file
// cannot be opened.
core::Result<Stores> open_sqlite(const std::string& path, WorkerPool& pool, const core::Clock& clock);

}  // namespace tw::store
