#pragma once
// Result<T>: a value or an Error, in the spirit of std::expected (C++23), which g++ 12 only
// offers in C++23 mode. Accessing the wrong alternative is a programming error (asserts).
#include <cassert>
#include <utility>
#include <variant>

#include "core/error.h"

namespace tw::core {

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}       // NOLINT: implicit by design, like expected
  Result(Error error) : v_(std::move(error)) {}   // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { assert(!ok()); return std::get<1>(v_); }
  Error&& take_error() && { assert(!ok()); return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

// A Result without a value: success or an Error.
struct Ok {};
using Status = Result<Ok>;

}  // namespace tw::core
