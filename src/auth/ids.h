#pragma once
// Unguessable identifiers for holds, orders, tickets and outbox events (libsodium randomness).
#include <string>

namespace tw::auth {

// A random (version 4) UUID in canonical text form.
std::string new_uuid();

}  // namespace tw::auth
