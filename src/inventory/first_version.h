#pragma once
// The version an event's availability starts from when it is (re)built: the wall clock in
// thousandths of a millisecond, so a version a client got before a restart or a rebuild is
// never mistaken for a current one. It stays below 2^53, so JavaScript reads it exactly.
#include <chrono>
#include <cstdint>

namespace tw::inventory {

inline std::uint64_t first_version() {
  using namespace std::chrono;
  return static_cast<std::uint64_t>(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count()) * 1000;
}

}  // namespace tw::inventory
