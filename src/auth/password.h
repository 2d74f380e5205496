#pragma once
// Password hashing with argon2id (libsodium crypto_pwhash, "interactive" limits: ~64 MiB and a
// noticeable fraction of a second per hash). CPU- and memory-heavy: call from a worker pool,
// never from an I/O thread.
#include <optional>
#include <string>
#include <string_view>

namespace tw::auth {

// Must be called once before any other function here (initialises libsodium); thread-safe.
bool init_crypto();

// The encoded hash ("$argon2id$v=19$..."), or nullopt when memory could not be had.
std::optional<std::string> hash_password(std::string_view password);
bool verify_password(std::string_view encoded_hash, std::string_view password);

// A random password of `length` characters from an alphabet without look-alikes (0/O, 1/l).
std::string random_password(int length);

}  // namespace tw::auth
