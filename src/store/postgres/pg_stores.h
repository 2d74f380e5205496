#pragma once
// The scale-out adapter: every store port on one PostgreSQL database (see pg_database.h).
#include <string>

#include "core/clock.h"
#include "store/stores.h"

namespace tw::store {

// Connects to `url` (libpq form; not yet migrated) with a pool of `pool_size` connections.
// `clock` dates the rows and must outlive the stores. kUnavailable, with libpq's reason, when
// the database cannot be reached.
core::Result<Stores> open_postgres(const std::string& url, const core::Clock& clock, int pool_size);

}  // namespace tw::store
