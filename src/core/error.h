#pragma once
// Errors that cross module boundaries are values. `Error::kind` says how a caller should react
// (and how the API maps it to an HTTP status); `code` is a stable machine-readable string that
// reaches clients; `message` is for people.
#include <cstdint>
#include <string>

namespace tw::core {

enum class ErrorKind {
  kInvalid,        // the caller's input is malformed or out of range
  kNotFound,       // the thing named does not exist (or is not visible to the caller)
  kConflict,       // the request is valid but clashes with current state (seat taken, slug in use)
  kUnprocessable,  // well-formed but breaks a business rule (limits)
  kUnauthorized,   // no valid identity
  kForbidden,      // identity known, not allowed
  kRateLimited,    // too many attempts
  kPaymentFailed,  // the card was declined
  kUnavailable,    // a dependency is down or overloaded; retrying later may work
  kInternal,       // a bug or an unexpected failure
};

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string code;
  std::string message;
  int retry_after_seconds = 0;  // with kRateLimited / kUnavailable: when to try again
};

inline Error invalid(std::string code, std::string message) {
  return {ErrorKind::kInvalid, std::move(code), std::move(message)};
}
inline Error not_found(std::string code, std::string message) {
  return {ErrorKind::kNotFound, std::move(code), std::move(message)};
}
inline Error conflict(std::string code, std::string message) {
  return {ErrorKind::kConflict, std::move(code), std::move(message)};
}
inline Error forbidden(std::string code, std::string message) {
  return {ErrorKind::kForbidden, std::move(code), std::move(message)};
}
inline Error unavailable(std::string code, std::string message) {
  return {ErrorKind::kUnavailable, std::move(code), std::move(message)};
}
// kRateLimited, saying to try again in `wait_ms` (rounded up to whole seconds).
inline Error rate_limited(std::string code, std::string message, std::int64_t wait_ms) {
  Error e{ErrorKind::kRateLimited, std::move(code), std::move(message)};
  e.retry_after_seconds = static_cast<int>((wait_ms + 999) / 1000);
  return e;
}
inline Error internal(std::string message) { return {ErrorKind::kInternal, "internal", std::move(message)}; }

}  // namespace tw::core
