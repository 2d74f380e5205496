#pragma once
// What one client may take from the server: open connections per address (requests per second
// per address are core::TokenBuckets). Plain data structures, thread-safe, memory bounded
// whatever the number of distinct addresses; the server applies them (see server.h).
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/address_range.h"

namespace tw::http {

// The address a request comes from: the socket's peer, or — when the peer is a trusted proxy —
// the nearest address in X-Forwarded-For that is not itself a trusted proxy (read from the
// right, as each proxy appends the address it saw). A malformed entry stops the walk, and the
// last trusted hop is the answer then: a client cannot make itself look like another by
// sending the header itself.
std::string client_address(const std::string& peer, std::string_view forwarded_for,
                           const std::vector<AddressRange>& trusted);

class ConnectionsPerAddress {
 public:
  explicit ConnectionsPerAddress(int limit) : limit_(limit) {}
  // False when the address is at its limit (nothing is counted then).
  bool try_add(const std::string& address);
  void remove(const std::string& address);

 private:
  int limit_;
  std::mutex mu_;
  std::unordered_map<std::string, int> open_;  // guarded by mu_; only addresses with connections
};


}  // namespace tw::http
