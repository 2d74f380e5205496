#include "http/client_limits.h"

#include <algorithm>
#include <functional>

#include "http/header_text.h"

namespace tw::http {

namespace {
bool trusted_peer(std::string_view address, const std::vector<AddressRange>& trusted) {
  return std::any_of(trusted.begin(), trusted.end(), [&](const AddressRange& r) { return r.contains(address); });
}
}  // namespace

std::string client_address(const std::string& peer, std::string_view forwarded_for,
                           const std::vector<AddressRange>& trusted) {
  if (!trusted_peer(peer, trusted)) return peer;
  std::string hop = peer;
  while (!forwarded_for.empty()) {
    const auto comma = forwarded_for.rfind(',');
    const auto entry =
        trim_whitespace(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    forwarded_for = comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    if (!parse_ip(entry)) return hop;
    hop = std::string(entry);
    if (!trusted_peer(hop, trusted)) return hop;
  }
  return hop;
}

bool ConnectionsPerAddress::try_add(const std::string& address) {
  std::lock_guard lock(mu_);
  auto& n = open_[address];
  if (limit_ > 0 && n >= limit_) return false;
  ++n;
  return true;
}

void ConnectionsPerAddress::remove(const std::string& address) {
  std::lock_guard lock(mu_);
  if (auto it = open_.find(address); it != open_.end() && --it->second <= 0) open_.erase(it);
}

}  // namespace tw::http
