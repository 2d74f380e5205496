#pragma once
// In-memory fakes of every store port, for unit tests of the services: one shared state behind
// a mutex, with the ports' contracts kept (compare-and-set state changes, one payment per key,
// one live ticket per seat, outbox rows written with their change). Seats of an event come from
// its layout as the adapters store them. Thread-safe.
#include <map>
#include <memory>
#include <mutex>

#include "core/clock.h"
#include "store/stores.h"

namespace tw::testing {

struct MemoryState;

// Every port over one shared state; `clock` dates rows and must outlive them.
store::Stores memory_stores(const core::Clock& clock);
// The same state seen by several Stores (two instances of a service over one database).
store::Stores memory_stores(const core::Clock& clock, std::shared_ptr<MemoryState> state);
std::shared_ptr<MemoryState> new_memory_state();

}  // namespace tw::testing
