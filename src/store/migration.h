#pragma once
// Versioned schema migrations, compiled into the binary from src/store/migrations/<dialect>/
// NNN_name.sql (see cmake/embed_migrations.cmake). Tests load the same list.
#include <span>

namespace tw::store {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

// In ascending version order; the two dialects have the same versions.
std::span<const Migration> sqlite_migrations();
std::span<const Migration> postgres_migrations();

}  // namespace tw::store
