#pragma once
// The version an event's availability starts from when it is (re)built: the wall clock in
// thousandths of a millisecond, so a version a client got before a restart or a rebuild is
// never mistaken for a current one. It stays below 2^53, so JavaScript reads it exactly. Within
// one process it only grows: an event rebuilt in the millisecond it was built (an organiser's
// new layout) starts a thousand past, not at the version its old seats had.
#include <atomic>
#include <chrono>
#include <cstdint>

namespace tw::inventory {

inline std::uint64_t first_version() {
  using namespace std::chrono;
  static std::atomic<std::uint64_t> last{0};
  auto version =
      static_cast<std::uint64_t>(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count()) * 1000;
  auto before = last.load();
  do {
    if (version <= before) version = before + 1000;
  } while (!last.compare_exchange_weak(before, version));
  return version;
}

}  // namespace tw::inventory
