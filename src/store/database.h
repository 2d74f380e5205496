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

// How a server process keeps seat state (inventory/inventory.h): in its own memory, which is
// only safe while it is the one process selling from this database, or in a service that every
// process shares (Redis).
enum class SeatKeeping { kInThisProcess, kShared };

// Why a claim was refused, in words for the operator who started the process.
inline core::Error seats_kept_elsewhere(SeatKeeping how) {
  return core::invalid("seats_kept_elsewhere",
                       how == SeatKeeping::kInThisProcess
                           ? "another TicketWar server is running on this database: servers sharing a database "
                             "must share their seat inventory (start each with --inventory redis://HOST:PORT)"
                           : "a TicketWar server keeping seats in its own memory (--inventory memory) is running "
                             "on this database: stop it first");
}

class Database {
 public:
  virtual ~Database() = default;
  // Applies every migration not yet applied, in version order, each in its own transaction.
  virtual Task<core::Status> migrate() = 0;
  // Succeeds when the database answers a trivial query.
  virtual Task<core::Status> ping() = 0;
  // Registers how this process keeps seat state, for as long as it runs: one kInThisProcess
  // process excludes every other server process on the database, kShared ones may be many.
  // The claim is held by the operating system or the database server, so a process that dies
  // gives it up at once. kInvalid "seats_kept_elsewhere" when a running process's claim clashes.
  virtual Task<core::Status> claim_seat_keeping(SeatKeeping how) = 0;
  // Closes connections; called once at shutdown after the last request.
  virtual void close() = 0;
};

}  // namespace tw::store
