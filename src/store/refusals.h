#pragma once
// The answers every adapter of the account and ticket stores gives for the same refusals, worded
// once.
#include <cstdint>
#include <string>

#include "core/error.h"
#include "core/error_codes.h"
#include "core/result.h"

namespace tw::store {

inline core::Error email_taken(const std::string& email) {
  return core::conflict("email_taken", email + " is already registered");
}

inline core::Error verify_link_unknown() {
  return core::not_found("verify_link_unknown", "This email confirmation link is not one we sent");
}

// Whether a found confirmation link may still be followed at `now`.
inline core::Status verify_link_spent(bool used, std::int64_t expires_at, std::int64_t now) {
  if (used) return core::conflict("verify_link_used", "This email confirmation link was already used");
  if (expires_at < now) {
    return core::conflict("verify_link_expired",
                          "This email confirmation link has expired; ask for a new one on your account page");
  }
  return core::Ok{};
}

inline core::Error transfer_pending() {
  return core::conflict("transfer_pending",
                        "This ticket is already on its way to someone; cancel that transfer first");
}

inline core::Error currency_locked() {
  return core::conflict("currency_locked", "The currency cannot change once seats are held or sold");
}

inline core::Error prices_changed_meanwhile() {
  return core::conflict(std::string(core::codes::kPricesChangedMeanwhile),
                        "Another change to this show's prices came first; look at the prices again and retry");
}

}  // namespace tw::store
