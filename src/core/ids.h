#pragma once
// Unguessable identifiers for holds, orders, tickets and outbox events (libsodium randomness).
#include <string>

namespace tw::core {

// A time-ordered (version 7) UUID in canonical text form: unguessable, and sorting by creation.
std::string new_uuid();

}  // namespace tw::core
