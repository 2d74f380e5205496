#pragma once
// Database: the lifecycle of the durable store as a whole (schema, health, shutdown). The data
// itself is reached through one port per aggregate (event_store.h, account_store.h,
// booking_store.h, ticket_store.h, outbox_store.h); an adapter (SQLite, PostgreSQL) implements
// all of them over one connection set, and a service receives only the ports it uses.
//
// Conventions shared by every store port: methods are Tasks so an adapter can await its
// database without blocking the I/O thread that called; methods are thread-safe; failures come
// back as Error values, never exceptions: kConflict for uniqueness clashes and refused state
// changes, kUnavailable when the database cannot be reached or is busy, kInternal otherwise.
// "Not found" is an empty optional, not an error.
#include "async/task.h"
#include "core/result.h"

namespace tw::store {

class Database {
 public:
  virtual ~Database() = default;
  // Applies every migration not yet applied, in version order, each in its own transaction.
  virtual Task<core::Status> migrate() = 0;
  // Succeeds when the database answers a trivial query.
  virtual Task<core::Status> ping() = 0;
  // Closes connections; called once at shutdown after the last request.
  virtual void close() = 0;
};

}  // namespace tw::store
